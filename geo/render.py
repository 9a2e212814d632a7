"""Folium maps as pure functions: zones + front line + cities in, a folium.Map (or layers) out.

No streamlit here. Every text that comes from a proposal file is escaped before it reaches
HTML. Maps load Leaflet from a local URL (Streamlit static serving) or inline it (standalone
HTML): no third-party request. Display geometry is simplified as a coverage (shared borders stay
shared; finer within NEAR_KM of the front line than away from it) and sent compactly (geo/encode.py:
shared arcs, quantised delta-encoded paths), decoded by static/ppa/map-ui.js; the constant base is a
static script (geo/basemap.py). Numbers are always computed on full geometry elsewhere.
"""
from __future__ import annotations

import base64
import json
from functools import lru_cache
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import Element, MacroElement
from folium.template import Template as _FoliumTemplate
from jinja2 import Template

from geo import basemap
from geo.boundaries import oblasts_metric
from geo.encode import SCALE, encode_lines, encode_polygons, topology
from geo.frontline import line_of_contact
from geo.measure import EQUAL_AREA, GEOGRAPHIC, reproject
from geo.mapview import (MAP_UI_CSS, UI_JS, UI_URL, UKRAINE_BOUNDS, LabelLayer, MapInit, Story, callout_html,
                         city_labels, difference_bounds, story_data)
from geo.palette import HATCH, PALETTE
from geo.patterns import legend_rows, svg_patterns, zone_patterns
from proposals import untrusted
from proposals.i18n import N_, translator
from proposals.model import CONTROL_AFTER, CONTROL_LABELS, RECOGNITION_LABELS, STATUS_LABELS, STATUSES
from proposals.paths import LEAFLET_DIR, SYNC_JS


SIMPLIFY_M = 800.0      # static images' display tolerance (geo/figure.py); km² are measured on full geometry
NEAR_KM = 30.0          # within this distance of the line of contact, zones are drawn finer
NEAR_SIMPLIFY_M = 300.0
FAR_SIMPLIFY_M = 2000.0
FRONT_SIMPLIFY_M = 300.0
CONTESTED_SIMPLIFY_M = 150.0

# folium embeds GeoJSON through Jinja's `tojson`; compact separators cut ~10% of map payload.
_FoliumTemplate("").environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}

SERVER_PREFIX = "/app/static/"  # Streamlit's static serving: exists only while the app runs
SERVED_BASE = f"{SERVER_PREFIX}vendor/leaflet"
SYNC_URL = f"{SERVER_PREFIX}ppa/map-sync.js"

esc = untrusted.html  # HTML-escape anything that came from a file


def fmt_km2(km2: float, lang: str = "en") -> str:
    """'12,345 km²' (en), '12 345 km²' (uk, no-break space); one decimal under 10 km²; '—' for none."""
    return translator(lang).km2(km2)


# ---------- geometry for display ----------

def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygons of an overlay result (slivers of lines and points dropped)."""
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, shapely.Polygon) and not g.is_empty]
    return shapely.MultiPolygon(parts) if parts else shapely.Polygon()


def display_pieces(geoms_3035: np.ndarray, front_3035: shapely.Geometry | None, near_km: float = NEAR_KM,
                   near_m: float = NEAR_SIMPLIFY_M) -> tuple[np.ndarray, shapely.Geometry | None]:
    """A coverage (EPSG:3035) simplified for drawing at `near_m` and cut where it enters the band of
    `near_km` around the front line, so each border arc lies wholly inside or outside it.

    Returns each geometry in EPSG:4326 (its pieces inside and outside the band, as one multipolygon)
    and the band in EPSG:4326 (None without a front line); `arc_tolerance` coarsens arcs outside it.
    """
    simp = shapely.coverage_simplify(np.asarray(geoms_3035), near_m)
    if front_3035 is None or front_3035.is_empty:
        return np.array([reproject(g, EQUAL_AREA, GEOGRAPHIC) for g in simp], dtype=object), None
    # the band's edge only decides which arcs are coarse: buffer a simplified line, coarse round caps
    band = shapely.buffer(shapely.simplify(front_3035, 1000.0), near_km * 1000.0, quad_segs=2)
    inside, outside = shapely.intersection(simp, band), shapely.difference(simp, band)
    parts = [shapely.MultiPolygon([p for g in (i, o) for p in shapely.get_parts(_polygonal(g))])
             for i, o in zip(inside, outside)]
    return (np.array([reproject(g, EQUAL_AREA, GEOGRAPHIC) for g in parts], dtype=object),
            reproject(band, EQUAL_AREA, GEOGRAPHIC))


def arc_tolerance(band_4326: shapely.Geometry | None, far_m: float = FAR_SIMPLIFY_M):
    """How far each border arc may be simplified: not at all inside the band (done at NEAR_SIMPLIFY_M),
    `far_m` outside it (an arc's middle vertex says which side it is on)."""
    if band_4326 is None:
        return lambda arc: far_m
    shapely.prepare(band_4326)
    return lambda arc: 0.0 if band_4326.contains(shapely.Point(arc[len(arc) // 2])) else far_m


MAP_CSS = MAP_UI_CSS  # tooltips, labels, callout, caption, locator: geo/mapview.py


# ---------- point layers drawn by one element each (folium compiles a template per marker) ----------

class PointLayer(MacroElement):
    """Circle markers or text labels from a list of points, created in one JavaScript loop.

    `points` are dicts with lat, lon and an HTML `tip` (already escaped) or `label`.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        ({{ this.points_json }}).forEach(function (p) {
          {% if this.kind == "label" %}
          L.marker([p.lat, p.lon], {interactive: false, keyboard: false,
            icon: L.divIcon({className: "ppa-label", iconSize: [0, 0], html: "<span>" + p.label + "</span>"})})
            .addTo({{ this._parent.get_name() }});
          {% else %}
          L.circleMarker([p.lat, p.lon], {radius: 4, weight: 1.5, color: "#111", fill: true,
            fillColor: "#fff", fillOpacity: 1}).bindTooltip(p.tip).addTo({{ this._parent.get_name() }});
          {% endif %}
        });
        {% endmacro %}
    """)

    def __init__(self, points: list[dict], kind: str = "circle"):
        super().__init__()
        self._name = "PointLayer"
        self.kind = kind
        # json.dumps escapes nothing HTML-relevant, so break "</script>" out of any text.
        self.points_json = json.dumps(points, separators=(",", ":")).replace("</", "<\\/")


# ---------- constant base: a static script (geo/basemap.py) ----------

def local_assets(m: folium.Map, base: str = SERVED_BASE) -> folium.Map:
    """Load Leaflet from `base` only: drop folium's CDN jQuery, Bootstrap and Font Awesome."""
    m.default_js = [("leaflet", f"{base}/leaflet.js"), ("ppa_ui", UI_URL), ("ppa_base", basemap.base_url())]
    m.default_css = [("leaflet_css", f"{base}/leaflet.css")]
    return m


def base_map(height: str = "100%", assets_base: str = SERVED_BASE, lang: str = "en") -> folium.Map:
    """The map every view starts from: no tiles, Ukraine's oblast borders and names, fitted to Ukraine.

    Kept identical between reruns so the browser never remounts it; proposal layers come on top.
    """
    m = folium.Map(location=[48.6, 31.3], zoom_start=6, tiles=None, control_scale=True, height=height,
                   prefer_canvas=False, zoom_snap=0.25, min_zoom=4, max_zoom=12)
    local_assets(m, assets_base)
    m.get_root().header.add_child(Element(MAP_CSS))
    basemap.add_base(m, lang)  # neighbours, water, oblast borders and names: fetched once, not in every map
    MapInit(lang=lang).add_to(m)
    m.fit_bounds(UKRAINE_BOUNDS)
    return m


ZONE_STYLE = {"fillOpacity": 0.78, "weight": 0.4, "opacity": 0.9}   # fill and outline: the status colour
HIGHLIGHT = {"weight": 2.5, "color": "#000"}
LINE_STYLE = {"color": "#111111", "weight": 2.2, "dashArray": "6 4", "opacity": 0.9, "fill": False,
              "interactive": False}
CONTESTED_STYLE = {"color": "#6b6b6b", "weight": 0.6, "fillColor": "#9a9a9a", "fillOpacity": 0.55}


def _script_json(value) -> str:
    """JSON for a <script>: nothing in it can close the script or open a comment."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/").replace("<!", "<\\u0021")


class CompactZones(MacroElement):
    """Zones (or the pieces of a comparison) from compact data (`zone_features`), drawn by
    ppaZones in map-ui.js into this element's feature group."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (window.ppaZones) { window.ppaZones({{ this._parent.get_name() }}, {{ this.data }}, {{ this.opts }}); }
        {% endmacro %}
    """)

    def __init__(self, data: dict, style: dict, by_kind: dict | None = None):
        super().__init__()
        self._name = "CompactZones"
        self.data = _script_json(data)
        self.opts = _script_json({"style": style, "highlight": HIGHLIGHT, "byKind": by_kind})


class CompactLines(MacroElement):
    """Lines (`paths`: path strings) or polygons (lists of ring path strings), drawn by ppaLines."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (window.ppaLines) { window.ppaLines({{ this._parent.get_name() }}, {{ this.args }}); }
        {% endmacro %}
    """)

    def __init__(self, paths: list, style: dict, tip: str | None = None, scale: int = SCALE):
        super().__init__()
        self._name = "CompactLines"
        self.args = ", ".join(_script_json(x) for x in (paths, scale, style, tip))


# ---------- proposal layers ----------

def compact_features(geoms_4326, properties: list[dict], patterns: bool = False, tolerance=None) -> dict:
    """Display geometries as shared arcs (geo/encode.py) and features that refer to them: each
    feature `shape` (polygons of rings of arc indices) and `properties`."""
    keep = [i for i, g in enumerate(geoms_4326) if not g.is_empty]
    arcs, shapes = topology([geoms_4326[i] for i in keep], tolerance=tolerance)
    feats = [{"shape": sh, "properties": properties[i]} for i, sh in zip(keep, shapes) if sh]
    out = {"scale": SCALE, "arcs": arcs, "features": feats}
    if patterns:
        out["patterns"] = svg_patterns()
    return out


def zone_features(zones: gpd.GeoDataFrame, front_3035: shapely.Geometry | None = None, lang: str = "en") -> dict:
    """Zones for drawing, compact (`compact_features`): finer near the front line, with escaped
    tooltip HTML in `lang`, the status colour and the patterns drawn over each (hatch, recognition)."""
    tr = translator(lang)
    geoms, band = display_pieces(zones.geometry.values, front_3035)
    props = []
    for row in zones.itertuples():
        held = tr(CONTROL_LABELS[row.held_before])
        rule = "" if row.rule == "baseline" else f"<br><i>{esc(tr('Rule {rule}', rule=row.rule))}</i>: {esc(row.note)}"
        tip = (f"<b>{esc(tr.oblast(row.oblast, row.name))}</b> — {esc(tr(STATUS_LABELS[row.status]))}<br>"
               + esc(tr("{area} · held by {side} on the front-line date · control after: {control}",
                        area=fmt_km2(row.km2, lang), side=held, control=tr(CONTROL_LABELS[CONTROL_AFTER[row.status]])))
               + f"<br>{esc(tr('Recognition: {recognition}', recognition=tr(RECOGNITION_LABELS[row.recognition])))}{rule}")
        props.append({"status": row.status, "recognition": row.recognition, "fill": PALETTE[row.status],
                      "patterns": zone_patterns(row.status, row.recognition), "tip": tip})
    return compact_features(geoms, props, patterns=True, tolerance=arc_tolerance(band))


def front_line_paths(baseline, line_3035: shapely.Geometry | None = None) -> list[str]:
    """The line of contact (`line_3035` if already computed), simplified to FRONT_SIMPLIFY_M, as
    path strings (geo/encode.py)."""
    line = shapely.simplify(line_of_contact(baseline) if line_3035 is None else line_3035, FRONT_SIMPLIFY_M)
    return encode_lines(reproject(line, EQUAL_AREA, GEOGRAPHIC))


CONTESTED_TIP = N_("<b>Contested</b>: fighting reported inside, neither side in full control on the front-line "
                    "date; counted as not Russian-held (approximate)")
CONTESTED_STYLE_CSS = "background:#9a9a9a;opacity:.55"  # the legend swatch of the grey discs


def contested_paths(baseline) -> list[list[str]] | None:
    """The grey discs of settlements reported contested on the baseline's date, as polygons of ring
    path strings (geo/encode.py); None when there are none."""
    if baseline.contested is None or baseline.contested.is_empty:
        return None
    discs = shapely.simplify(baseline.contested, CONTESTED_SIMPLIFY_M)
    return encode_polygons(reproject(discs, EQUAL_AREA, GEOGRAPHIC)) or None


def city_markers(located: gpd.GeoDataFrame) -> list[dict]:
    """Key cities with the status of the zone they fall in (from `Result.located`)."""
    key = located[located["key"]]
    return [{"name": r.name, "lat": round(r.lat, 4), "lon": round(r.lon, 4), "status": r.status,
             "held_before": r.held_before, "population": int(r.population), "role": r.role}
            for r in key.itertuples()]


def layer_data(result, lang: str = "en") -> dict:
    """Everything a proposal's map layers need, as plain JSON-able data (cacheable); texts in `lang`."""
    front = line_of_contact(result.baseline)
    return {"zones": zone_features(result.zones, front, lang),
            "line": front_line_paths(result.baseline, front), "contested": contested_paths(result.baseline),
            "cities": city_markers(result.located), "date": result.baseline.date, "story": story_data(result, lang),
            "lang": lang}


def layers_from_data(data: dict, prefix: str = "") -> list[folium.FeatureGroup]:
    """Zones (with tooltips, hatch and recognition patterns), the line of contact, contested discs and
    key cities, as feature groups (texts in the language `layer_data` was made in)."""
    lang = data.get("lang", "en")
    tr = translator(lang)
    zg = folium.FeatureGroup(name=f"{prefix}{tr('Zones')}")
    CompactZones(data["zones"], ZONE_STYLE).add_to(zg)
    lg = folium.FeatureGroup(name=prefix + esc(tr("Line of contact ({date}, approximate)", date=data["date"])))
    if data.get("contested") is not None:
        CompactLines(data["contested"], CONTESTED_STYLE, tr(CONTESTED_TIP)).add_to(lg)
    CompactLines(data["line"], LINE_STYLE).add_to(lg)
    cg = folium.FeatureGroup(name=f"{prefix}{tr('Key cities')}")
    PointLayer([{"lat": c["lat"], "lon": c["lon"],
                 "tip": f"<b>{esc(tr.city(c['name']))}</b> ({esc(tr(c['role']))}) — "
                        + esc(tr("{people} people before the war", people=tr.num(c["population"])))
                        + f" — {esc(tr(STATUS_LABELS[c['status']]))}"} for c in data["cities"]]).add_to(cg)
    LabelLayer(city_labels(data["cities"], lang)).add_to(cg)
    story = data.get("story")
    if story:  # fit to where the proposal changes something; headline callout; title and dates
        Story(story["bounds"], story["callout"], story["caption"], fit=story.get("fit", True)).add_to(zg)
    return [zg, lg, cg]


def proposal_layers(result, prefix: str = "") -> list[folium.FeatureGroup]:
    return layers_from_data(layer_data(result), prefix)


# ---------- legend and standalone maps ----------

def swatch(status: str, outline: str | None = None) -> str:
    """A small colour box for a status (hatched for the demilitarised zone), for legends."""
    hatch = f";background-image:repeating-linear-gradient(135deg,{HATCH} 0 1px,transparent 1px 4px)" \
        if status == "demilitarized" else ""
    ring = f";outline:2px solid {outline};outline-offset:-2px" if outline else ""
    return (f'<span style="display:inline-block;flex:none;width:14px;height:11px;margin-right:6px;'
            f'vertical-align:-1px;background:{PALETTE[status]}{hatch}{ring}"></span>')


def recognition_legend_html(lang: str = "en") -> str:
    """Legend rows for the recognition lines drawn where a zone's colour does not say it."""
    return "".join(f'<div><span style="display:inline-block;flex:none;width:14px;height:11px;margin-right:6px;'
                   f'vertical-align:-1px;background:#fff;{css}"></span>{esc(label)}</div>'
                   for css, label in legend_rows(lang))


def legend_html(title: str, by_status: dict[str, float], lang: str = "en") -> str:
    """A fixed legend box: all nine statuses, always in the same order, with km²."""
    tr = translator(lang)
    rows = []
    for st in STATUSES:
        rows.append(f'<div>{swatch(st)}{esc(tr(STATUS_LABELS[st]))} '
                    f'<span style="color:#555">{fmt_km2(by_status.get(st, 0.0), lang)}</span></div>')
    return ('<div class="ppa-legend" style="position:absolute;z-index:9999;bottom:34px;left:12px;'
            'background:rgba(255,255,255,.94);padding:8px 10px;border-radius:6px;'
            'font:12px/1.35 system-ui,sans-serif;box-shadow:0 1px 4px #0004;max-width:300px">'
            f'<div style="font-weight:600;margin-bottom:4px">{esc(title)}</div>{"".join(rows)}'
            f'{recognition_legend_html(lang)}'
            '<div style="margin-top:4px"><span style="display:inline-block;width:14px;border-top:2px dashed #111;'
            f'margin-right:6px;vertical-align:3px"></span>{esc(tr("Line of contact (approximate)"))}</div>'
            f'<div><span style="display:inline-block;width:12px;height:10px;margin-right:6px;{CONTESTED_STYLE_CSS}">'
            f'</span>{esc(tr("Contested (not counted as Russian-held)"))}</div></div>')


def proposal_map(result, assets_base: str = SERVED_BASE, lang: str = "en") -> folium.Map:
    """One proposal on one front line, with legend and layer control (texts in `lang`)."""
    tr = translator(lang)
    m = base_map(assets_base=assets_base, lang=lang)
    data = layer_data(result, lang)
    data["story"] = {**data["story"], "caption": ""}  # the legend box carries title and dates here
    for group in layers_from_data(data):
        group.add_to(m)
    by_status = result.zones.groupby("status")["km2"].sum().to_dict()
    p = result.proposal
    # _Inline, not Element: Element reads its text as a Jinja template, and the title is the file's
    m.get_root().html.add_child(_Inline(legend_html(
        tr("{title} · {date} — front line {frontline}, approximate", title=p.title_in(lang),
           date=tr.date(p.date, long=False), frontline=result.baseline.date),
        by_status, lang)))
    folium.LayerControl(collapsed=True).add_to(m)
    return m


class _Inline(Element):
    """A script or style put into the page as one element, verbatim (not read as a template)."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def _leaflet_dir() -> Path:
    """The vendored copy (scripts/vendor_assets.py), else the package it is copied from."""
    if (LEAFLET_DIR / "leaflet.js").is_file():
        return LEAFLET_DIR
    import js_lib_leaflet
    return next(Path(js_lib_leaflet.__file__).resolve().parent.rglob("leaflet.js")).parent


def inline_assets(m) -> None:
    """Replace a map's links to served assets by the assets themselves, as page elements.

    Folium writes `default_js`/`default_css` as links when it renders; emptying them (on a DualMap
    and both its maps) means no link to a server path is ever written, whatever folium's tag format.
    """
    maps = [m, *(getattr(m, k) for k in ("m1", "m2") if hasattr(m, k))]
    wanted = {name for x in maps for name, _ in getattr(x, "default_js", [])}
    for x in maps:
        x.default_js, x.default_css = [], []
    leaflet = _leaflet_dir()
    css = (leaflet / "leaflet.css").read_text(encoding="utf-8")
    for img in sorted((leaflet / "images").glob("*.png")):  # relative image URLs break once inlined
        data = base64.b64encode(img.read_bytes()).decode("ascii")
        css = css.replace(f"images/{img.name}", f"data:image/png;base64,{data}")
    header = m.get_root().header
    header.add_child(_Inline(f"<script>{(leaflet / 'leaflet.js').read_text(encoding='utf-8')}</script>"), name="leaflet")
    header.add_child(_Inline(f"<style>{css}</style>"), name="leaflet_css")
    if "map_sync" in wanted:
        header.add_child(_Inline(f"<script>{SYNC_JS.read_text(encoding='utf-8')}</script>"), name="map_sync")
    if "ppa_ui" in wanted:
        header.add_child(_Inline(f"<script>{UI_JS.read_text(encoding='utf-8')}</script>"), name="ppa_ui")
    if "ppa_base" in wanted:  # after map-ui.js, as the served page loads them
        header.add_child(_Inline(f"<script>{basemap.base_script()}</script>"), name="ppa_base")


def standalone_html(m, title: str = "Peace Plan Atlas") -> str:
    """The map as one HTML file that works offline: Leaflet inlined, nothing fetched."""
    inline_assets(m)
    page = m.get_root().render()
    if SERVER_PREFIX in page:  # fail loudly rather than ship a dead link
        raise RuntimeError(f"standalone export still refers to {SERVER_PREFIX}")
    return page.replace("<head>", f"<head><title>{esc(title)}</title>", 1)


# ---------- comparison ----------

# Land that changes hands is drawn solid; a change of legal label only (same control) pale with a
# dashed outline; a change of arrangement only (same control and recognition) pale.
DIFF_KIND_STYLE: dict[str, dict] = {
    "control": {"fillOpacity": 0.85, "weight": 2.0, "dashArray": None},
    "recognition": {"fillOpacity": 0.3, "weight": 2.4, "dashArray": "6 4"},
    "status": {"fillOpacity": 0.3, "weight": 1.2, "dashArray": None},
}
DIFF_KIND_LABELS: dict[str, str] = {
    "control": N_("Changes hands (who controls it differs)"),
    "recognition": N_("Same control, recognition differs (a legal label)"),
    "status": N_("Same control and recognition, arrangement differs"),
}




def diff_kind_legend_html(lang: str = "en") -> str:
    """How the map of what differs draws each kind of difference (our own labels only)."""
    tr = translator(lang)
    out = []
    for kind, label in DIFF_KIND_LABELS.items():
        st = DIFF_KIND_STYLE[kind]
        border = "dashed" if st["dashArray"] else "solid"
        out.append(f"<span style='white-space:nowrap;margin-right:14px'><span style='display:inline-block;width:14px;"
                   f"height:11px;margin-right:6px;vertical-align:-1px;background:rgba(119,119,119,{st['fillOpacity']});"
                   f"border:2px {border} #333'></span>{esc(tr(label))}</span>")
    return "".join(out)


def difference_tip_line(row, lang: str = "en") -> str:
    """What kind of difference a piece shows, in words (escaped)."""
    tr = translator(lang)
    if row.kind == "control":
        return esc(tr("Changes hands: {a} → {b}", a=tr(CONTROL_LABELS[row.control_a]), b=tr(CONTROL_LABELS[row.control_b])))
    if row.kind == "recognition":
        return esc(tr("Same control ({control}); recognition: {a} → {b}", control=tr(CONTROL_LABELS[row.control_a]),
                      a=tr(RECOGNITION_LABELS[row.recognition_a]), b=tr(RECOGNITION_LABELS[row.recognition_b])))
    return esc(tr("Same control ({control}) and recognition; the arrangement differs",
                  control=tr(CONTROL_LABELS[row.control_a])))


def transition_label(status_a: str, status_b: str, lang: str = "en") -> str:
    tr = translator(lang)
    return f"A: {tr(STATUS_LABELS[status_a])} → B: {tr(STATUS_LABELS[status_b])}"


def difference_data(comparison, lang: str = "en") -> dict:
    """Land whose status differs, coloured by what it becomes in B, outlined in its colour in A
    (texts in `lang`)."""
    tr = translator(lang)
    ch = comparison.changed
    geoms, props, band = [], [], None
    front = line_of_contact(comparison.a.baseline)
    if not ch.empty:
        geoms, band = display_pieces(comparison.pieces.geometry.values, front)  # the whole coverage at once
        keep = comparison.pieces.kind.notna().to_numpy()
        geoms = geoms[keep]
        for row in comparison.pieces[keep].itertuples():
            tip = (f"<b>{esc(tr.oblast(getattr(row, 'oblast', None), row.name))}</b> — {fmt_km2(row.km2, lang)}<br>"
                   f"A ({esc(comparison.a.proposal.title_in(lang))}): {esc(tr(STATUS_LABELS[row.status_a]))}<br>"
                   f"B ({esc(comparison.b.proposal.title_in(lang))}): {esc(tr(STATUS_LABELS[row.status_b]))}<br>"
                   f"{difference_tip_line(row, lang)}")
            props.append({"fill": PALETTE[row.status_b], "stroke": PALETTE[row.status_a], "kind": row.kind,
                          "tip": tip})
    cities = [{"lat": round(float(c.lat), 4), "lon": round(float(c.lon), 4), "name": c.name,
               "population": int(c.population), "changes": True,
               "tip": f"<b>{esc(tr.city(c.name))}</b> — "
                      + esc(tr("{people} people before the war", people=tr.num(int(c.population))))
                      + f"<br>A: {esc(tr(STATUS_LABELS[c.status]))} → B: {esc(tr(STATUS_LABELS[c.status_b]))}"}
              for c in comparison.located[comparison.located["key"]].itertuples()] if len(comparison.located) else []
    people = int(comparison.located["population"].sum()) if len(comparison.located) else 0
    a, b = comparison.a.proposal, comparison.b.proposal
    story = {"bounds": difference_bounds(comparison.changed),
             "callout": callout_html(tr("{area} km² differ", area=tr.num(comparison.changed_km2))
                                     + (tr(" · {people} people", people=tr.num(people)) if people else "")
                                     if comparison.changed_km2 >= 1 else tr("Nothing differs"),
                                     tr("Fill: status in B · outline: status in A")),
             "caption": f"A: <b>{esc(a.title_in(lang))}</b> ({esc(tr.date(a.date, long=False))}) · "
                        f"B: <b>{esc(b.title_in(lang))}</b> ({esc(tr.date(b.date, long=False))})<br>"
                        + esc(tr("Front line {date} · approximate", date=comparison.frontline))}
    return {"zones": compact_features(list(geoms), props, tolerance=arc_tolerance(band)),
            "line": front_line_paths(comparison.a.baseline, front), "cities": cities,
            "date": comparison.frontline, "story": story, "lang": lang}


def with_bounds(layers: dict, bounds) -> dict:
    """A proposal's layers opening on other bounds (compare: both maps open on what differs)."""
    if bounds is None or "story" not in layers:
        return layers
    return {**layers, "story": {**layers["story"], "bounds": bounds}}


@lru_cache(maxsize=1)
def country_paths() -> list[list[str]]:
    """Ukraine's outline (~2 km), filled faintly under the difference map so unchanged land reads as land."""
    outline = shapely.coverage_simplify(np.array([shapely.union_all(oblasts_metric().geometry.values)]), 2000.0)[0]
    return encode_polygons(reproject(outline, EQUAL_AREA, GEOGRAPHIC), 1000)


COUNTRY_STYLE = {"fillColor": "#dfe5ea", "fillOpacity": 1.0, "stroke": False, "interactive": False,
                 "pane": "tilePane"}  # in Leaflet's tile pane, under the zones and the white oblast borders


def difference_layers(data: dict) -> list[folium.FeatureGroup]:
    lang = data.get("lang", "en")
    tr = translator(lang)
    zg = folium.FeatureGroup(name=tr("What differs"))
    CompactLines(country_paths(), COUNTRY_STYLE, scale=1000).add_to(zg)
    if data["zones"]["features"]:
        CompactZones(data["zones"], {"opacity": 1.0}, by_kind=DIFF_KIND_STYLE).add_to(zg)
    lg = folium.FeatureGroup(name=esc(tr("Line of contact ({date}, approximate)", date=data["date"])))
    CompactLines(data["line"], LINE_STYLE).add_to(lg)
    cg = folium.FeatureGroup(name=tr("Cities whose status differs"))
    PointLayer(data["cities"]).add_to(cg)
    LabelLayer(city_labels(data["cities"], lang)).add_to(cg)
    story = data.get("story")
    if story:
        Story(story["bounds"], story["callout"], story["caption"]).add_to(zg)
    return [zg, lg, cg]


def dual_map(layers_a: dict, layers_b: dict, assets_base: str = SERVED_BASE, sync_url: str = SYNC_URL):
    lang = layers_a.get("lang", "en")
    """A and B side by side with pan and zoom kept in step (folium DualMap, no third-party plugin)."""
    from folium.plugins import DualMap

    dm = DualMap(location=[48.6, 31.3], zoom_start=6, tiles=None, control_scale=True, layout="horizontal")
    dm.default_js = [("map_sync", sync_url)]
    dm.default_css = []
    dm.get_root().header.add_child(Element(MAP_CSS))
    for m, layers, tag in ((dm.m1, layers_a, "A"), (dm.m2, layers_b, "B")):
        local_assets(m, assets_base)
        basemap.add_base(m, lang)
        MapInit(locator=tag == "B", lang=lang).add_to(m)
        for group in layers_from_data(layers, prefix=f"{tag}: "):
            group.add_to(m)
        m.fit_bounds(UKRAINE_BOUNDS)
    return dm


def comparison_html(a, b, comparison, lang: str = "en") -> str:
    """One offline HTML page: A and B side by side (synced) and the map of what differs (in `lang`).

    Each map is its own self-contained document in an iframe (a DualMap cannot share a page).
    """
    tr = translator(lang)
    bounds = difference_bounds(comparison.changed)
    dm = dual_map(with_bounds(layer_data(a, lang), bounds), with_bounds(layer_data(b, lang), bounds))
    pair = standalone_html(dm, title=tr("A and B"))
    swatches = "".join(f"<span style='white-space:nowrap;margin-right:14px'>{swatch(st)}{esc(tr(STATUS_LABELS[st]))}</span>"
                       for st in STATUSES)
    diff = base_map(lang=lang)
    for group in difference_layers(difference_data(comparison, lang)):
        group.add_to(diff)
    diff_page = standalone_html(diff, title=tr("What differs"))
    ta, tb = a.proposal.title_in(lang), b.proposal.title_in(lang)
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{esc(ta)} vs {esc(tb)} — Peace Plan Atlas</title>"
            "<style>body{font:14px/1.4 system-ui,sans-serif;margin:8px 14px}iframe{width:100%;border:1px solid #ccc}"
            "h2{margin:12px 0 4px;font-size:18px}</style></head><body>"
            f"<h2>A: {esc(ta)} &nbsp;|&nbsp; B: {esc(tb)}</h2>"
            "<p>" + esc(tr("Both applied to the front line of {date} (built from reports, approximate). {changed} differ: "
                           "{control} change hands, {recognition} keep their control but change their legal label "
                           "(recognition). Pan or zoom one map and the other follows.",
                           date=comparison.frontline, changed=fmt_km2(comparison.changed_km2, lang),
                           control=fmt_km2(comparison.changed_control_km2, lang),
                           recognition=fmt_km2(comparison.changed_recognition_km2, lang))) + "</p>"
            f"<p>{swatches}</p><iframe style='height:560px' srcdoc=\"{esc(pair)}\"></iframe>"
            f"<h2>{esc(tr('What differs — fill: status in B, outline: status in A'))}</h2>"
            f"<p>{diff_kind_legend_html(lang)}</p>"
            f"<iframe style='height:600px' srcdoc=\"{esc(diff_page)}\"></iframe>"
            f"<p>{esc(tr('Peace Plan Atlas · boundaries: Natural Earth · settlements: GeoNames (CC BY 4.0)'))}</p></body></html>")
