"""What makes a map open on the story: where to look, what to label, what to say, whom to credit.

Pure functions and small folium elements; no streamlit. The browser side is static/ppa/map-ui.js
(served locally, inlined in exports): `MapInit` wires it once per map (constant, so Streamlit
never remounts the map), `Story` once per proposal layer set (fit, callout, caption).
"""
from __future__ import annotations

import json
from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
from jinja2 import Template

from geo.engine.stats import current_residents, withdrawals
from geo.inputs.boundaries import ukraine_metric
from geo.inputs.frontline import line_of_contact
from geo.maps import palette
from geo.maps.elements import DataElement
from geo.measure import EQUAL_AREA, GEOGRAPHIC, reproject
from proposals import untrusted
from proposals.i18n import N_, translator
from proposals.model import CONTROL_AFTER, DEFAULT_RECOGNITION, control_of, controls
from proposals.oblasts import oblasts
from proposals.paths import CONTEXT_DIR as CONTEXT

UI_URL = "/app/static/ppa/map-ui.js"  # Streamlit's static serving (geo/maps/render.py SERVER_PREFIX)

UKRAINE_BOUNDS = [[44.3, 22.1], [52.4, 40.3]]  # [[south, west], [north, east]]
CREDITS = N_("Boundaries, rivers, neighbours: Natural Earth (public domain) · Places: GeoNames (CC BY 4.0) · "
             "Front line: Peace Plan Atlas, approximate")
# The fortress belt is labelled on every map that shows Donetsk oblast (the 28-point plan's buffer).
FORTRESS_BELT = ("Sloviansk", "Kramatorsk", "Druzhkivka", "Kostiantynivka")
MIN_SPAN_DEG = (3.0, 1.8)    # lon, lat: a story never opens closer than about 200 × 200 km
PAD = 0.12                   # margin around the story, share of its span on each side


esc = untrusted.html  # the one HTML escape for text from a file (proposals/untrusted.py)


# ---------- where the story is ----------

def _to_bounds(geom_3035: shapely.Geometry) -> list[list[float]]:
    """[[south, west], [north, east]] of an EPSG:3035 geometry, padded and never smaller than
    MIN_SPAN_DEG, clipped to a window around Ukraine."""
    w, s, e, n = reproject(shapely.envelope(geom_3035), EQUAL_AREA, GEOGRAPHIC).bounds
    dx, dy = max(e - w, 0.0), max(n - s, 0.0)
    w, e = w - PAD * dx, e + PAD * dx
    s, n = s - PAD * dy, n + PAD * dy
    for lo, hi, span, i in ((w, e, MIN_SPAN_DEG[0], 0), (s, n, MIN_SPAN_DEG[1], 1)):
        if hi - lo < span:
            mid = (lo + hi) / 2
            if i == 0:
                w, e = mid - span / 2, mid + span / 2
            else:
                s, n = mid - span / 2, mid + span / 2
    (s0, w0), (n0, e0) = UKRAINE_BOUNDS
    return [[round(max(s, s0 - 1), 3), round(max(w, w0 - 1), 3)], [round(min(n, n0 + 1), 3), round(min(e, e0 + 1), 3)]]


def default_status(held_before: str) -> str:
    """What land is when nothing is agreed: Ukrainian-held stays Ukrainian, Russian-held occupied."""
    return "ukraine" if held_before == "ukraine" else "occupied"


def story_area(zones: gpd.GeoDataFrame, baseline) -> tuple[str, shapely.Geometry]:
    """Where a proposal changes something (EPSG:3035) and what kind of change that is.

    In order, the first that exists: land Ukraine withdraws from (the headline: the 28-point
    plan's Donetsk buffer, not the whole east); any other land that changes hands (Russia
    withdraws); land whose status changes without changing hands (recognition, a freeze); for
    the status quo, the line of contact itself.
    """
    held = zones["held_before"]
    ctrl = controls(zones)
    ukraine_leaves = zones[(held == "ukraine") & (ctrl != "ukraine")]
    if not ukraine_leaves.empty:
        return "ukraine_withdraws", shapely.union_all(ukraine_leaves.geometry.values)
    moves = zones[(held == "russia") & (ctrl != "russia")]
    if not moves.empty:
        return "control", shapely.union_all(moves.geometry.values)
    baseline_status = zones["held_before"].map(default_status)
    relabelled = zones["status"] != baseline_status
    if "recognition" in zones:  # a recognition clause on land whose status stays as it was
        relabelled |= zones["recognition"] != baseline_status.map(DEFAULT_RECOGNITION)
    relabelled = zones[relabelled]
    if not relabelled.empty:
        return "status", shapely.union_all(relabelled.geometry.values)
    return "front", line_of_contact(baseline)


def story_bounds(zones: gpd.GeoDataFrame, baseline) -> list[list[float]]:
    return _to_bounds(story_area(zones, baseline)[1])


def difference_bounds(changed: gpd.GeoDataFrame) -> list[list[float]] | None:
    """Bounds of the land whose status differs between two proposals (`status_a`, `status_b`);
    where control differs if any does (who holds it matters more than its legal label); None when
    nothing differs."""
    if changed.empty:
        return None
    if "control_a" in changed:
        control = changed[changed["control_a"] != changed["control_b"]]
    else:
        control = changed[changed["status_a"].map(CONTROL_AFTER) != changed["status_b"].map(CONTROL_AFTER)]
    focus = control if not control.empty else changed
    return _to_bounds(shapely.union_all(focus.geometry.values))


# ---------- the headline, the caption ----------

def withdrawal(zones: gpd.GeoDataFrame, located: gpd.GeoDataFrame) -> dict:
    """The headline's figures apart: km² and pre-war people Ukraine withdraws from (to Russia or out
    of a demilitarised zone), km² Russia withdraws from, km² and pre-war people left to later talks
    (nobody withdraws). From `stats.withdrawals`, so the callout and the numbers panel agree."""
    w = withdrawals(zones, located)
    return {"ukraine_km2": w.ukraine_withdraws_km2, "ukraine_people": w.ukraine_withdraws_population_prewar,
            "russia_km2": w.russia_withdraws_km2, "talks_km2": w.left_to_talks_km2,
            "talks_people": w.left_to_talks_population_prewar}


def _km2(v: float) -> str:
    return f"{v:,.0f} km²"


# Each headline figure's colour: its status's on the map (Ukraine withdraws: ceded orange; Russia
# withdraws: returned blue; left to talks: undecided grey, drawn with an outline).
HEADLINE_COLORS = {"ukraine": palette.PALETTE["ceded"], "russia": palette.PALETTE["returned"],
                   "talks": palette.PALETTE["undecided"], "none": palette.PALETTE["occupied"]}


def headline_parts(w: dict, russian_held_km2: float, lang: str = "en") -> list[tuple[str, str]]:
    """(kind, text) for each figure that applies, in `lang`: Ukraine withdraws, Russia withdraws,
    left to later talks (apart: nobody withdraws from it); "none" when no land moves or waits."""
    tr = translator(lang)
    parts = []
    if w["ukraine_km2"] >= 1:
        people = " · " + tr(PREWAR_PEOPLE, people=tr.num(w["ukraine_people"])) if w["ukraine_people"] else ""
        parts.append(("ukraine", tr("Ukraine withdraws from {area}", area=tr.area(w["ukraine_km2"])) + people))
    if w["russia_km2"] >= 1:
        parts.append(("russia", tr("Russia withdraws from {area}", area=tr.area(w["russia_km2"]))))
    if w.get("talks_km2", 0) >= 1:
        people = " · " + tr(PREWAR_PEOPLE, people=tr.num(w["talks_people"])) if w.get("talks_people") else ""
        parts.append(("talks", tr("{area} left to later talks (control unchanged)", area=tr.area(w["talks_km2"]))
                      + people))
    if not parts:
        parts.append(("none", tr("No land changes hands · Russian-held: {area}", area=tr.area(russian_held_km2))))
    return parts


PREWAR_PEOPLE = N_("pre-war population (GeoNames): {people}")


def headline_text(w: dict, russian_held_km2: float, lang: str = "en") -> str:
    """One line for the callout, in `lang`: what the proposal asks of each side."""
    return " — ".join(text for _, text in headline_parts(w, russian_held_km2, lang))


def residents_text(r, lang: str = "en") -> str:
    """'Living there now: Donetsk oblast (Ukrainian-held part) about 200,500 (29 Oct 2025, Vilne Radio)'."""
    tr = translator(lang)
    known = oblasts().get(r.oblast)
    return tr(
        "Living there now: {oblast} oblast ({scope}) about {residents} ({date}, {counted_by} via {outlet})",
        oblast=tr.oblast(r.oblast, known.name if known else r.oblast),
        scope=tr(r.scope),
        residents=tr.num(r.residents),
        date=tr.date(r.date, long=False),
        counted_by=tr(r.counted_by),
        outlet=r.outlet,
    )


def callout_html(headline: str | list[tuple[str, str]], sub: str = "", residents=(), lang: str = "en") -> str:
    """The callout: one line per headline figure, each with its colour swatch (or one plain line),
    a sub-line, and the published current-resident counts with their outlet and date."""
    if isinstance(headline, str):
        main = f"<div class='ppa-callout-main'>{esc(headline)}</div>"
    else:
        main = "".join(f"<div class='ppa-callout-main ppa-callout-{esc(kind)}'><span class='ppa-sw' "
                       f"style='background:{HEADLINE_COLORS.get(kind, '#999')}'></span>{esc(text)}</div>"
                       for kind, text in headline)
    sub_html = f"<div class='ppa-callout-sub'>{esc(sub)}</div>" if sub else ""
    for r in residents:  # cited by outlet and date: a map carries no third-party address (the page links it)
        sub_html += f"<div class='ppa-callout-sub'>{esc(residents_text(r, lang))}</div>"
    return f"{main}{sub_html}"


def caption_html(title: str, proposal_date: str, frontline: str, lang: str = "en") -> str:
    """Title and dates every map carries (and every export, since the map carries it)."""
    tr = translator(lang)
    return (f"<b>{esc(title)}</b> · {esc(proposal_date)}<br>"
            + esc(tr("Front line {date} · approximate", date=frontline)))


def story_data(result, lang: str = "en") -> dict:
    """Plain JSON-able story of one result: bounds, callout and caption HTML (escaped here), in `lang`."""
    w = withdrawal(result.zones, result.located)
    russian = float(result.zones.loc[result.zones["held_before"] == "russia", "km2"].sum())
    p = result.proposal
    tr = translator(lang)
    people = w["ukraine_people"] or w["talks_people"]
    sub = tr("People are pre-war population (GeoNames); far fewer live near the front now.") if people else ""
    return {"bounds": story_bounds(result.zones, result.baseline),
            "callout": callout_html(headline_parts(w, russian, lang), sub,
                                    current_residents(result.zones) if people else (), lang),
            "caption": caption_html(p.title_in(lang), tr.date(p.date, long=False), str(result.baseline.date), lang),
            "withdrawal": w, **map_text(p.title_in(lang), headline_text(w, russian, lang), str(result.baseline.date),
                                        lang)}


def map_text(title: str, headline: str, frontline: str, lang: str = "en") -> dict:
    """The map's text alternative (plain text, escaped where shown): a title for its frame and one
    sentence saying what it shows, which the page links to the map (aria-describedby)."""
    tr = translator(lang)
    return {"title": tr("Map: {title}", title=title),
            "summary": tr("Map of {title} on the front line of {date} (approximate). Under this proposal: {headline}. "
                          "The figures are in the tables on this page.", title=title, date=frontline,
                          headline=headline)}


class Story(DataElement):
    """Calls ppaStory on the map this element's feature group lands on (works inside st_folium's
    dynamic feature groups, the synced pair and standalone exports alike)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (window.ppaStory) { window.ppaStory({{ this._parent._parent.get_name() }}, {{ this.cfg }}); }
        {% endmacro %}
    """)

    def __init__(self, bounds, callout: str = "", caption: str = "", fit: bool = True):
        super().__init__()
        self._name = "Story"
        cfg = {"bounds": bounds, "callout": callout, "caption": caption, "fit": fit}
        self.cfg = json.dumps(cfg, separators=(",", ":")).replace("</", "<\\/")


# ---------- labels ----------

def label_points(labels: list[dict]) -> list[dict]:
    """Labels as map-ui.js's `ppaLabels` takes them: text escaped here, a width estimate for decluttering."""
    return [{"lat": round(float(lb["lat"]), 4), "lon": round(float(lb["lon"]), 4), "text": esc(lb["text"]),
             "priority": int(lb.get("priority", 5)), "weight": float(lb.get("weight", 0)),
             "width": round(len(str(lb["text"])) * float(lb.get("char_px", 6.6)) + 4),
             "cls": lb.get("cls", ""), "min_zoom": float(lb.get("min_zoom", 0)), "dx": int(lb.get("dx", 0))}
            for lb in labels]


class LabelLayer(DataElement):
    """Text labels with a priority: map-ui.js hides a label that would overlap one of higher
    priority, so labels never pile up at country zoom. `labels`: dicts with lat, lon, text
    (escaped here), priority (0 = first), weight (ties), cls (CSS class), min_zoom."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (window.ppaLabels) { window.ppaLabels({{ this._parent.get_name() }}, {{ this.points_json }}); }
        {% endmacro %}
    """)

    def __init__(self, labels: list[dict]):
        super().__init__()
        self._name = "LabelLayer"
        self.points_json = json.dumps(label_points(labels), separators=(",", ":")).replace("</", "<\\/")


def city_labels(cities: list[dict], lang: str = "en") -> list[dict]:
    """Key cities as labels, most important first: cities that change hands and the fortress belt,
    then cities whose status changes otherwise (recognition, a freeze), then cities of 400,000+
    people, then the rest: map-ui.js shows a label only where it overlaps none before it."""
    tr = translator(lang)
    out = []
    for c in cities:
        if "held_before" in c:
            hands = control_of(c["status"], c["held_before"]) != c["held_before"]
            relabelled = c["status"] != default_status(c["held_before"])
        else:  # a comparison's city: its status differs between A and B
            hands = relabelled = bool(c.get("changes"))
        story = hands or relabelled or c["name"] in FORTRESS_BELT
        priority = 0 if (hands or c["name"] in FORTRESS_BELT) else 1 if relabelled else \
            2 if c["population"] >= 400_000 else 3
        out.append({"lat": c["lat"], "lon": c["lon"], "text": tr.city(c["name"]), "priority": priority,
                    "weight": c["population"], "cls": "ppa-city" + (" ppa-city-story" if story else ""),
                    "dx": 6})
    return out


# ---------- quiet context: neighbours, seas, rivers, reservoirs ----------

@lru_cache(maxsize=4)
def context_geojson(name: str) -> dict:
    """A committed context layer (data/context/NAME.geojson, built by scripts/build_context.py)."""
    return json.loads((CONTEXT / f"{name}.geojson").read_text(encoding="utf-8"))


CONTEXT_LABELS = [  # placed by hand where each name reads clearly at country zoom
    {"text": N_("Black Sea"), "lat": 44.75, "lon": 31.6, "cls": "ppa-sea", "char_px": 7.5},
    {"text": N_("Sea of Azov"), "lat": 46.25, "lon": 36.55, "cls": "ppa-sea", "char_px": 7.0},
    {"text": N_("Dnipro River"), "lat": 49.05, "lon": 33.35, "cls": "ppa-river", "min_zoom": 6.5},
    {"text": N_("RUSSIA"), "lat": 52.0, "lon": 37.3, "cls": "ppa-country"},
    {"text": N_("BELARUS"), "lat": 52.2, "lon": 27.5, "cls": "ppa-country"},
    {"text": N_("POLAND"), "lat": 51.2, "lon": 22.3, "cls": "ppa-country"},
    {"text": N_("SLOVAKIA"), "lat": 48.85, "lon": 21.3, "cls": "ppa-country"},
    {"text": N_("HUNGARY"), "lat": 47.85, "lon": 21.5, "cls": "ppa-country"},
    {"text": N_("ROMANIA"), "lat": 46.6, "lon": 25.2, "cls": "ppa-country"},
    {"text": N_("MOLDOVA"), "lat": 47.1, "lon": 28.6, "cls": "ppa-country"},
]


# ---------- the once-per-map wiring ----------

@lru_cache(maxsize=1)
def locator_outline() -> list[list[list[float]]]:
    """Ukraine's outer rings, coarse (about 5 km), lon/lat, for the locator inset."""
    geom = shapely.simplify(ukraine_metric(), 5000.0)
    geom = reproject(geom, EQUAL_AREA, GEOGRAPHIC)
    polys = [p for p in getattr(geom, "geoms", [geom]) if p.area > 0.02]
    return [[[round(x, 2), round(y, 2)] for x, y in np.asarray(p.exterior.coords)] for p in polys]


class MapInit(DataElement):
    """ppaInit(map, cfg): credits, the view buttons, the locator, label decluttering. Constant."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (window.ppaInit) { window.ppaInit({{ this._parent.get_name() }}, {{ this.cfg }}); }
        {% endmacro %}
    """)

    def __init__(self, locator: bool = True, lang: str = "en"):
        super().__init__()
        self._name = "MapInit"
        (s, w), (n, e) = UKRAINE_BOUNDS
        # the locator's outline comes with the constant base (geo/maps/basemap.py), not in every map
        tr = translator(lang)
        text = {"all": tr("All of Ukraine"), "all_tip": tr("Show all of Ukraine"), "story": tr("Back to the story"),
                "story_tip": tr("Back to where this proposal changes something"),
                "locator": tr("Where this view is in Ukraine"), "locator_label": tr("Locator: all of Ukraine")}
        cfg = {"ukraine": UKRAINE_BOUNDS, "credits": esc(tr(CREDITS)), "text": text,
               "locator": [w, s, e, n] if locator else None}
        self.cfg = json.dumps(cfg, separators=(",", ":"))


MAP_UI_CSS = (
    "<style>"
    f".leaflet-container{{background:{palette.SEA}}}"
    ".leaflet-tooltip{white-space:normal;width:max-content;max-width:min(300px,calc(100vw - 40px));"
    "font:12px/1.35 system-ui,sans-serif;overflow-wrap:anywhere}"
    ".leaflet-tooltip table{width:100%}"
    ".ppa-label{font:600 11px/1.1 system-ui,sans-serif;color:#1f2933;text-shadow:0 0 3px #fff,0 0 3px #fff;"
    "white-space:nowrap;pointer-events:none}"
    ".ppa-label span{position:absolute;left:0;top:0;transform:translate(-50%,-55%);white-space:nowrap}"
    ".ppa-label.ppa-city span{transform:translate(6px,-55%);font-weight:500;font-size:11.5px}"
    ".ppa-label.ppa-city-story span{font-weight:700;font-size:12.5px;color:#111}"
    f".ppa-label.ppa-sea span{{font-style:italic;font-weight:500;color:{palette.WATER_LABEL};font-size:12.5px}}"
    f".ppa-label.ppa-river span{{font-style:italic;font-weight:500;color:{palette.WATER_LABEL}}}"
    ".ppa-label.ppa-country span{font-weight:600;letter-spacing:.12em;color:#8a8476;font-size:10.5px}"
    ".ppa-view a.ppa-btn{width:auto;padding:0 8px;font:600 12px/30px system-ui,sans-serif;white-space:nowrap}"
    ".ppa-locator{background:rgba(255,255,255,.85);padding:3px;border-radius:4px;box-shadow:0 1px 3px #0003;"
    "line-height:0}"
    ".ppa-callout{background:rgba(255,255,255,.95);padding:6px 10px;border-radius:6px;box-shadow:0 1px 4px #0004;"
    "max-width:min(360px,calc(100vw - 130px));font:12px/1.3 system-ui,sans-serif}"
    ".ppa-callout-main{font:700 14px/1.25 system-ui,sans-serif;color:#111}"
    ".ppa-callout-sub{color:#444;margin-top:2px}"
    ".ppa-sw{display:inline-block;width:10px;height:10px;margin-right:5px;border:1px solid #0006;"
    "vertical-align:baseline}"
    ".ppa-caption{background:rgba(255,255,255,.9);padding:3px 7px;border-radius:4px;"
    "font:11px/1.3 system-ui,sans-serif;color:#333;max-width:min(420px,calc(100vw - 150px))}"
    ".leaflet-control-attribution{font-size:10px;max-width:70%;white-space:normal}"
    # a phone keeps the headline figures beside the view buttons; the notes are in the numbers below the map
    "@media (max-width:480px){.ppa-callout-main{font-size:12px}.ppa-callout{padding:4px 7px;"
    "max-width:calc(100vw - 170px)}.ppa-callout-sub{display:none}"
    ".ppa-caption{font-size:10px;max-width:calc(100vw - 60px)}.ppa-locator{display:none}}"
    "</style>"
)
