"""Folium maps as pure functions: compact layers in (geo/maps/display.py), a folium.Map out.

No streamlit here. Maps load Leaflet and the map UI from local URLs (Streamlit static serving);
the constant base is a static script (geo/maps/basemap.py). Tested by the HTML they render.
"""
from __future__ import annotations

import json

import folium
from folium.template import Template as _FoliumTemplate
from jinja2 import Template

from geo.maps import basemap
from geo.maps.display import country_paths, layer_data
from geo.maps.elements import DataElement, Group, LayerControl, Verbatim
from geo.maps.encode import SCALE
from geo.maps.legend import (
    CONTESTED_STYLE,
    CONTESTED_TIP,
    COUNTRY_STYLE,
    DIFF_KIND_STYLE,
    HIGHLIGHT,
    LINE_STYLE,
    MAP_CSS,
    ZONE_STYLE,
    esc,
    legend_html,
)
from geo.maps.mapview import UI_URL, UKRAINE_BOUNDS, LabelLayer, MapInit, Story, city_labels
from proposals.i18n import translator
from proposals.model import STATUS_LABELS

# folium embeds GeoJSON through Jinja's `tojson`; compact separators cut ~10% of map payload.
_FoliumTemplate("").environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}


SERVER_PREFIX = "/app/static/"  # Streamlit's static serving: exists only while the app runs


SERVED_BASE = f"{SERVER_PREFIX}vendor/leaflet"


SYNC_URL = f"{SERVER_PREFIX}ppa/map-sync.js"


SWIPE_BASE = f"{SERVER_PREFIX}vendor/leaflet-side-by-side"  # copied by geo/maps/vendor.py copy_side_by_side


SWIPE_URL = f"{SERVER_PREFIX}ppa/map-swipe.js"


SWIPE_PANES = ("ppaA", "ppaB")


class PointLayer(DataElement):
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
            fillColor: "#fff", fillOpacity: 1, pane: {{ this._parent.get_name() }}.options.ppaPane || "overlayPane"})
            .bindTooltip(p.tip).addTo({{ this._parent.get_name() }});
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


def local_assets(m: folium.Map, base: str = SERVED_BASE) -> folium.Map:
    """Load Leaflet from `base` only: drop folium's CDN jQuery, Bootstrap and Font Awesome."""
    m.default_js = [("leaflet", f"{base}/leaflet.js"), ("ppa_ui", UI_URL), ("ppa_base", basemap.base_url())]
    m.default_css = [("leaflet_css", f"{base}/leaflet.css")]
    return m


def base_map(height: str = "100%", assets_base: str = SERVED_BASE, lang: str = "en",
             locator: bool = True) -> folium.Map:
    """The map every view starts from: no tiles, Ukraine's oblast borders and names, fitted to Ukraine.

    Kept identical between reruns so the browser never remounts it; proposal layers come on top.
    """
    m = folium.Map(location=[48.6, 31.3], zoom_start=6, tiles=None, control_scale=True, height=height,
                   prefer_canvas=False, zoom_snap=0.25, min_zoom=4, max_zoom=12)
    local_assets(m, assets_base)
    m.get_root().header.add_child(Verbatim(MAP_CSS))
    basemap.add_base(m, lang)  # neighbours, water, oblast borders and names: fetched once, not in every map
    MapInit(lang=lang, locator=locator).add_to(m)
    m.fit_bounds(UKRAINE_BOUNDS)
    return m


def _script_json(value) -> str:
    """JSON for a <script>: nothing in it can close the script or open a comment."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/").replace("<!", "<\\u0021")


class InPane(DataElement):
    """Marks its feature group so map-ui.js draws the group's layers in `pane` (L.featureGroup takes
    layers, not options, as its first argument, so this cannot be a folium option)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.options.ppaPane = {{ this.pane }};
        {% endmacro %}
    """)

    def __init__(self, pane: str):
        super().__init__()
        self._name = "InPane"
        self.pane = _script_json(pane)


class CompactZones(DataElement):
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


class CompactLines(DataElement):
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


def layers_from_data(data: dict, prefix: str = "", pane: str | None = None) -> list[folium.FeatureGroup]:
    """Zones (with tooltips, hatch and recognition patterns), the line of contact, contested discs and
    key cities, as feature groups (texts in the language `layer_data` was made in); drawn in `pane`
    when one is given (map-ui.js reads the group's ppaPane option), as the swipe map's two sides are."""
    lang = data.get("lang", "en")
    tr = translator(lang)
    zg = Group(name=f"{prefix}{tr('Zones')}")
    lg = Group(name=prefix + esc(tr("Line of contact ({date}, approximate)", date=data["date"])))
    cg = Group(name=f"{prefix}{tr('Key cities')}")
    if pane:
        for group in (zg, lg, cg):
            InPane(pane).add_to(group)
    CompactZones(data["zones"], ZONE_STYLE).add_to(zg)
    if data.get("contested") is not None:
        CompactLines(data["contested"], CONTESTED_STYLE, tr(CONTESTED_TIP)).add_to(lg)
    CompactLines(data["line"], LINE_STYLE).add_to(lg)
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
    m.get_root().html.add_child(Verbatim(legend_html(
        tr("{title} · {date} — front line {frontline}, approximate", title=p.title_in(lang),
           date=tr.date(p.date, long=False), frontline=result.baseline.date),
        by_status, lang)))
    LayerControl(collapsed=True).add_to(m)
    return m


def difference_layers(data: dict) -> list[folium.FeatureGroup]:
    lang = data.get("lang", "en")
    tr = translator(lang)
    zg = Group(name=tr("What differs"))
    CompactLines(country_paths(), COUNTRY_STYLE, scale=1000).add_to(zg)
    if data["zones"]["features"]:
        CompactZones(data["zones"], {"opacity": 1.0}, by_kind=DIFF_KIND_STYLE).add_to(zg)
    lg = Group(name=esc(tr("Line of contact ({date}, approximate)", date=data["date"])))
    CompactLines(data["line"], LINE_STYLE).add_to(lg)
    cg = Group(name=tr("Cities whose status differs"))
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
    dm.get_root().header.add_child(Verbatim(MAP_CSS))
    for m, layers, tag in ((dm.m1, layers_a, "A"), (dm.m2, layers_b, "B")):
        local_assets(m, assets_base)
        basemap.add_base(m, lang)
        MapInit(locator=tag == "B", lang=lang).add_to(m)
        for group in layers_from_data(layers, prefix=f"{tag}: "):
            group.add_to(m)
        m.fit_bounds(UKRAINE_BOUNDS)
    return dm


SWIPE_CSS = (
    "<style>.ppa-swipe-tag{background:rgba(255,255,255,.92);padding:2px 7px;border-radius:4px;color:#111;"
    "font:600 12px/1.3 system-ui,sans-serif;max-width:min(300px,calc(50vw - 24px));box-shadow:0 1px 3px #0003}"
    ".leaflet-sbs-divider{background:#111;width:3px;margin-left:-1.5px}"
    # the plugin removes the slider's focus outline: a keyboard user must still see where the focus is
    ".leaflet-sbs-range:focus-visible::-webkit-slider-thumb{box-shadow:0 0 0 3px #fff,0 0 0 6px #1a5fb4}"
    ".leaflet-sbs-range:focus-visible::-moz-range-thumb{box-shadow:0 0 0 3px #fff,0 0 0 6px #1a5fb4}"
    "@media (max-width:480px){.ppa-swipe-tag{font-size:11px;max-width:calc(50vw - 16px)}}</style>"
)


class SwipeControl(DataElement):
    """ppaSwipe(map, cfg) in static/ppa/map-swipe.js: the divider over the two panes (data, not template)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (window.ppaSwipe) { window.ppaSwipe({{ this._parent.get_name() }}, {{ this.cfg }}); }
        {% endmacro %}
    """)

    def __init__(self, cfg: dict):
        super().__init__()
        self._name = "SwipeControl"
        self.cfg = json.dumps(cfg, separators=(",", ":")).replace("<", "\\u003c")  # titles from files: no markup


def swipe_map(layers_a: dict, layers_b: dict, title_a: str, title_b: str, assets_base: str = SERVED_BASE,
              swipe_base: str = SWIPE_BASE, swipe_url: str = SWIPE_URL) -> folium.Map:
    """A and B on one map with a divider to drag (leaflet-side-by-side, served from static/vendor): A's
    layers in pane ppaA left of it, B's in ppaB right of it, the base under both; opens on A's story
    bounds (the compare view passes what differs). Titles are plain text (set as text by map-swipe.js)."""
    lang = layers_a.get("lang", "en")
    tr = translator(lang)
    m = base_map(assets_base=assets_base, lang=lang, locator=False)
    m.default_js += [("sbs", f"{swipe_base}/leaflet-side-by-side.js"), ("ppa_swipe", swipe_url)]
    m.default_css += [("sbs_layout", f"{swipe_base}/layout.css"), ("sbs_range", f"{swipe_base}/range.css")]
    m.get_root().header.add_child(Verbatim(SWIPE_CSS))
    for pane in SWIPE_PANES:
        folium.map.CustomPane(pane, z_index=400, pointer_events=True).add_to(m)
    story = layers_a.get("story")
    a = {**layers_a, "story": {**story, "callout": "", "caption": ""}} if story else layers_a
    b = {**layers_b, "story": None}
    for layers, tag, pane in ((a, "A", SWIPE_PANES[0]), (b, "B", SWIPE_PANES[1])):
        for group in layers_from_data(layers, prefix=f"{tag}: ", pane=pane):
            group.add_to(m)
    cfg = {"panes": list(SWIPE_PANES), "a": title_a, "b": title_b,
           "label": tr("Divider between A (left) and B (right): drag it, or use the arrow keys"),
           "missing": tr("Swipe unavailable: its script is not installed")}
    SwipeControl(cfg).add_to(m)  # after both sides' groups: their panes are filled when it runs
    return m
