"""A static site of the whole atlas: plain files a newsroom can put on any static host or CDN.

OUT/index.html (the overview), OUT/proposal-<id>.html per proposal, OUT/compare-<a>--<b>.html for
every proposal against the status quo and against its camp's previous proposal, interactive
maps in OUT/maps/, images in OUT/img/, the data behind each page in OUT/data/<id>.zip and
OUT/data/compare-<a>--<b>.zip (geo/exports/data_zip.py), Leaflet copied once into OUT/assets/. No server, and no
request leaves the site's folder. HTML comes from autoescaping Jinja templates, so text from
proposal files is escaped wherever it lands.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from geo.engine.compare import Comparison, compare_results
from geo.engine.evaluate import Result, evaluate
from geo.engine.overview import CAMP_COLORS, COLUMNS, camp_label, overview_row, predecessor
from geo.engine.stats import transitions
from geo.exports.data_zip import comparison_zip, proposal_zip
from geo.images import figure
from geo.images.timeline import timeline_figure
from geo.inputs.boundaries import OFFICIAL_UKRAINE_KM2
from geo.maps import basemap, display, legend, mapview, palette, render
from geo.maps.elements import Verbatim
from geo.maps.vendor import leaflet_dir
from proposals.catalog import Catalog
from proposals.model import CONTROL_AFTER, CONTROL_LABELS, STATUS_LABELS, STATUSES, common_frontline
from proposals.paths import UI_JS

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATUS_QUO = "status-quo"
INTRO = ("Peace Plan Atlas maps what each published Russia–Ukraine peace proposal would mean on the ground — "
         "which land changes hands, how many km² and how many people — from sourced rules on an approximate, "
         "dated front line.")
NUMERIC = {"withdraws_km2", "russia_withdraws_km2", "returned_km2", "demilitarized_km2", "undecided_km2", "people",
           "ukraine_pct", "russia_pct"}
ASSETS = "assets/leaflet"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(km2=legend.fmt_km2, safe_url=safe_url, labels=STATUS_LABELS)
    return env


def safe_url(url: str) -> str | None:
    """A source URL fit for an href: http(s) only (no javascript:, data:…)."""
    return url if re.match(r"^https?://", str(url)) else None


def proposal_page(pid: str) -> str:
    return f"proposal-{pid}.html"


def comparison_page(a: str, b: str) -> str:
    return f"compare-{a}--{b}.html"


# ---------- maps as files that load Leaflet from the site's own folder ----------

_CAPTION = jinja2.Environment(autoescape=True).from_string(
    '<div style="position:absolute;z-index:9999;right:8px;bottom:20px;max-width:380px;background:rgba(255,255,255,.92);'
    'padding:4px 8px;border-radius:4px;font:11px/1.35 system-ui,sans-serif;color:#333;box-shadow:0 1px 3px #0003">'
    '<b>{{ title }}</b><br>{{ dates }} · approximate<br>Natural Earth · GeoNames (CC BY 4.0) · Peace Plan Atlas</div>')


def caption(m, title: str, dates: str) -> None:
    """Title, dates, "approximate" and credits on the map itself, so an embedded map carries them.
    Added as data (geo/elements.Verbatim): a branca Element would read the title as a Jinja template."""
    m.get_root().html.add_child(Verbatim(_CAPTION.render(title=title, dates=dates)))


UI_ASSET = "assets/ppa/map-ui.js"
BASE_ASSET = "assets/ppa/base-layers.js"


def _site_assets(m):
    """Point the map's scripts at the site's own copies (Leaflet and the map UI script), never at
    the app server's paths."""
    own = {mapview.UI_URL: f"../{UI_ASSET}", basemap.base_url(): f"../{BASE_ASSET}"}
    m.default_js = [(name, own.get(url, url)) for name, url in m.default_js]
    return m


def proposal_map_html(result: Result) -> str:
    # the map's own legend carries title, dates and "approximate", its attribution the credits
    m = _site_assets(render.proposal_map(result, assets_base=f"../{ASSETS}"))
    return _titled(m.get_root().render(), result.proposal.title)


def difference_map_html(comparison: Comparison) -> str:
    m = _site_assets(render.base_map(assets_base=f"../{ASSETS}"))
    for group in render.difference_layers(display.difference_data(comparison)):
        group.add_to(m)
    a, b = comparison.a.proposal, comparison.b.proposal
    caption(m, f"What differs: {a.title} (A) vs {b.title} (B)",
            f"fill: B, outline: A · front line {comparison.frontline}")
    return _titled(m.get_root().render(), f"{a.title} vs {b.title}")


def _titled(page: str, title: str) -> str:
    """The map document with its title and language (the site is in English; folium writes no lang)."""
    page = page.replace("<html>", '<html lang="en">', 1)
    return page.replace("<head>", f"<head><title>{legend.esc(title)} — Peace Plan Atlas</title>", 1)


def copy_leaflet(out: Path) -> None:
    """Leaflet (vendored, else from its package) into OUT/assets/leaflet and the map UI script into
    OUT/assets/ppa: the only scripts the maps load."""
    src = leaflet_dir()
    dest = out / ASSETS
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("leaflet.js", "leaflet.css"):  # not the 2.5 MB of sources and source maps
        shutil.copy2(src / name, dest / name)
    shutil.copytree(src / "images", dest / "images", dirs_exist_ok=True)
    (out / UI_ASSET).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(UI_JS, out / UI_ASSET)  # labels, locator, story view and credits on the maps
    basemap.write_base_script(out / BASE_ASSET)  # neighbours, water, oblast borders and names


# ---------- the site ----------

@dataclass
class SiteReport:
    """What was written, for the CLI's summary line."""
    pages: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0


def _fmt(row: dict) -> dict:
    out = {k: str(v) for k, v in row.items()}
    for k in ("withdraws_km2", "russia_withdraws_km2", "returned_km2", "demilitarized_km2", "undecided_km2"):
        out[k] = legend.fmt_km2(row[k])
    out["people"] = f"{row['people']:,}" if row["people"] else "—"
    out["ukraine_pct"], out["russia_pct"] = f"{row['ukraine_pct']:.2f}", f"{row['russia_pct']:.2f}"
    out["camp"] = camp_label(row["camp"])
    return out


def comparison_pairs(rows: list[dict]) -> list[tuple[str, str, str]]:
    """(a, b, why): the status quo against every proposal, and each proposal's camp predecessor
    against it."""
    ids = {r["id"] for r in rows}
    pairs = []
    for r in rows:
        if r["id"] == STATUS_QUO:
            continue
        if STATUS_QUO in ids:
            pairs.append((STATUS_QUO, r["id"], "Against the status quo"))
        prev = predecessor(rows, r["id"])
        if prev:
            pairs.append((prev, r["id"], f"Against the previous proposal by {camp_label(r['camp'])}"))
    return pairs


def build_site(catalog: Catalog, out: Path, timeline_field: str = "withdraws_km2") -> SiteReport:
    """Write the whole site into `out` (created if needed); every proposal on its own front line,
    every comparison on the later of its two."""
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("maps", "img", "data"):
        (out / sub).mkdir(exist_ok=True)
    copy_leaflet(out)
    env = environment()
    built = dt.date.today().isoformat()
    report = SiteReport()
    results: dict[tuple[str, str], Result] = {}

    def result(pid: str, date: str | None = None) -> Result:
        p = catalog.proposals[pid]
        key = (pid, date or str(p.baseline))
        if key not in results:
            results[key] = evaluate(p, key[1])
        return results[key]

    def write(name: str, content: str | bytes) -> None:
        path = out / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        report.files += 1

    rows = sorted((overview_row(p, result(pid).stats()) for pid, p in catalog.proposals.items()),
                  key=lambda r: (r["date"], r["id"]))
    pairs = comparison_pairs(rows)

    for r in rows:
        pid = r["id"]
        res = result(pid)
        stats = res.stats()
        write(f"img/{pid}.png", figure.figure_bytes(figure.thumbnail_figure(res)))
        write(f"img/{pid}-print.png", figure.figure_bytes(figure.proposal_figure(res)))
        write(f"maps/{pid}.html", proposal_map_html(res))
        write(f"data/{pid}.zip", proposal_zip(res))  # ids match [a-z0-9-]+ (proposals/model.py): a safe name
        total = OFFICIAL_UKRAINE_KM2  # national shares of the official area, said so on the page
        statuses = [{"label": STATUS_LABELS[s], "color": palette.PALETTE[s], "km2": stats.by_status[s],
                     "pct": 100 * stats.by_status[s] / total, "control": CONTROL_LABELS[CONTROL_AFTER[s]],
                     "people": stats.people_by_status[s].population} for s in STATUSES]
        comps = [{"page": comparison_page(a, b), "label": f"{why}: {catalog.proposals[a if b == pid else b].title}"}
                 for a, b, why in pairs if pid in (a, b)]
        page = proposal_page(pid)
        write(page, env.get_template("proposal.html").render(
            p=catalog.proposals[pid], row=r, frontline=res.baseline.date, frontline_label=res.baseline.label,
            statuses=statuses, moves=transitions(stats.by_oblast), comparisons=comps, w=stats.withdrawals,
            residents=stats.current_residents, published=stats.published_figures, official_km2=OFFICIAL_UKRAINE_KM2,
            mapped_km2=stats.total_km2,
            map_src=f"maps/{pid}.html", png=f"img/{pid}-print.png", data_zip=f"data/{pid}.zip", built=built,
            map_summary=mapview.story_data(res)["summary"]))
        report.pages.append(page)

    for a, b, why in pairs:
        pa, pb = catalog.proposals[a], catalog.proposals[b]
        date = common_frontline(pa, pb)
        comp = compare_results(result(a, date), result(b, date))
        stem = f"compare-{a}--{b}"
        write(f"img/{stem}.png", figure.figure_bytes(figure.comparison_figure(comp)))
        write(f"maps/{stem}.html", difference_map_html(comp))
        write(f"data/{stem}.zip", comparison_zip(comp))
        matrix = comp.matrix()
        moves = sorted(({"a": STATUS_LABELS[sa], "b": STATUS_LABELS[sb], "km2": km2}
                        for sa, row in matrix.items() for sb, km2 in row.items() if sa != sb and km2 >= 0.5),
                       key=lambda m: -m["km2"])
        page = comparison_page(a, b)
        write(page, env.get_template("comparison.html").render(
            a=pa, b=pb, why=why, a_page=proposal_page(a), b_page=proposal_page(b), frontline=comp.frontline,
            h=comp.headline(), moves=moves, cities=comp.cities(), png=f"img/{stem}.png", map_src=f"maps/{stem}.html",
            data_zip=f"data/{stem}.zip", built=built, map_summary=display.difference_text(comp)["summary"]))
        report.pages.append(page)

    svg = figure.figure_bytes(timeline_figure(rows, timeline_field, CAMP_COLORS), "svg").decode("utf-8")
    svg = svg[svg.index("<svg"):]  # inline: drop the XML prolog and doctype
    index_rows = [{**r, "fmt": _fmt(r), "page": proposal_page(r["id"]), "thumb": f"img/{r['id']}.png",
                   "camp_label": camp_label(r["camp"])} for r in rows]
    columns = [(k, v) for k, v in COLUMNS.items() if k != "frontline"]
    write("index.html", env.get_template("index.html").render(
        intro=INTRO, rows=index_rows, columns=columns, numeric=NUMERIC, timeline_svg=svg,
        timeline_label=COLUMNS[timeline_field], built=built))
    report.pages.insert(0, "index.html")
    report.bytes = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return report
