"""The part of every map that never changes, as one static script fetched once and cached.

Neighbours, reservoirs, rivers, oblast borders and names, the locator's outline: the same for every
proposal, so the app serves them as /app/static/ppa/base-layers.js (written at start-up by
ui/assets.py, its URL carrying a digest of its content) instead of repeating ~150 KB in every map's
HTML; exports inline the same text, so they stay one offline file. Coordinates are encoded by
geo/maps/encode.py and drawn by `ppaBase` in static/ppa/map-ui.js. Pure functions, no streamlit.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import folium
import shapely
from jinja2 import Template

from geo.inputs.boundaries import load_oblasts, oblasts_metric
from geo.maps import palette
from geo.maps.elements import DataElement
from geo.maps.encode import encode_lines, encode_polygons
from geo.maps.mapview import CONTEXT_LABELS, context_geojson, label_points, locator_outline
from geo.measure import EQUAL_AREA, GEOGRAPHIC, reproject
from proposals.i18n import DEFAULT_LANG, LANGS, translator
from proposals.paths import STATIC_DIR

BASE_JS = STATIC_DIR / "ppa" / "base-layers.js"   # generated, git-ignored
BASE_URL = "/app/static/ppa/base-layers.js"       # Streamlit's static serving (geo/maps/render.py SERVER_PREFIX)
CONTEXT_SCALE = 1000   # the context files are rounded to 1e-3° already (scripts/build_context.py)
BORDER_SCALE = 1000    # a thin white line over the zones: ~100 m is below what a reader can see
BORDER_SIMPLIFY_M = 1500.0

STYLES = {
    "neighbours": {"fillColor": palette.LAND, "fillOpacity": 1.0, "color": palette.NEIGHBOUR_BORDER, "weight": 0.8},
    "lakes": {"fillColor": palette.WATER, "fillOpacity": 0.75, "stroke": False},
    "rivers": {"color": palette.WATER, "weight": 1.4, "opacity": 0.9, "fill": False},
    "borders": {"color": "#ffffff", "weight": 1.6, "opacity": 0.95, "fill": False},
}


def _context_polygons(name: str) -> list[list[str]]:
    out = []
    for f in context_geojson(name)["features"]:
        out += encode_polygons(shapely.geometry.shape(f["geometry"]), CONTEXT_SCALE)
    return out


def _context_lines(name: str) -> list[str]:
    out = []
    for f in context_geojson(name)["features"]:
        out += encode_lines(shapely.geometry.shape(f["geometry"]), CONTEXT_SCALE)
    return out


def oblast_border_lines() -> list[str]:
    """Every oblast border once (shared edges not doubled), simplified as a coverage."""
    simp = shapely.coverage_simplify(oblasts_metric().geometry.values, BORDER_SIMPLIFY_M)
    edges = shapely.line_merge(shapely.union_all(shapely.boundary(simp)))
    return encode_lines(reproject(edges, EQUAL_AREA, GEOGRAPHIC), BORDER_SCALE)


def oblast_label_points(lang: str = DEFAULT_LANG) -> list[tuple[str, float, float]]:
    g = load_oblasts()
    tr = translator(lang)
    pts = []
    for iso, name, geom in zip(g.iso, g.name, g.geometry):
        if name in ("Kyiv city", "Sevastopol"):
            continue  # too small to label at country scale
        p = geom.representative_point() if name != "Kyiv" else shapely.Point(30.2, 50.0)
        # "Вінницька область" is too long for a map label; the adjective alone reads as the oblast
        label = name if lang == DEFAULT_LANG else tr.oblast(iso, name).replace(" область", "")
        pts.append((label, round(p.y, 3), round(p.x, 3)))
    return pts


def base_labels(lang: str = DEFAULT_LANG) -> dict[str, list[dict]]:
    """Names of oblasts, and of seas, neighbours and the Dnipro, in `lang`."""
    tr = translator(lang)
    oblasts = [{"lat": lat, "lon": lon, "text": name, "priority": 5, "cls": "ppa-oblast"}
               for name, lat, lon in oblast_label_points(lang)]
    return {"oblast": label_points(oblasts),
            "context": label_points([dict(lb, text=tr(lb["text"]), priority=9) for lb in CONTEXT_LABELS])}


@lru_cache(maxsize=1)
def base_data() -> dict:
    """Everything the constant base draws, JSON-able: encoded paths, styles, labels (English, and each
    other language's under `labels`, a few KB: the shapes stay shared), the locator outline."""
    english = base_labels(DEFAULT_LANG)
    return {"styles": STYLES,
            "neighbours": _context_polygons("neighbours"), "neighbours_scale": CONTEXT_SCALE,
            "lakes": _context_polygons("lakes"), "rivers": _context_lines("rivers"),
            "context_scale": CONTEXT_SCALE,
            "borders": oblast_border_lines(), "borders_scale": BORDER_SCALE,
            "oblast_labels": english["oblast"], "context_labels": english["context"],
            "labels": {lang: base_labels(lang) for lang in LANGS if lang != DEFAULT_LANG},
            "outline": locator_outline()}


@lru_cache(maxsize=1)
def base_script() -> str:
    """The static script: `window.ppaBaseData = {...};` (no "</" inside, so it can be inlined)."""
    text = json.dumps(base_data(), separators=(",", ":"), sort_keys=True).replace("</", "<\\/")
    return f"window.ppaBaseData={text};\n"


def base_url() -> str:
    """The served script's URL with a digest of its content: a browser caches it until it changes."""
    return f"{BASE_URL}?v={hashlib.sha256(base_script().encode()).hexdigest()[:12]}"


def write_base_script(path: Path = BASE_JS) -> bool:
    """Write the static script if it is missing or stale (atomically: several servers may start)."""
    text = base_script()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


class BaseLayers(DataElement):
    """Calls ppaBase(map): the constant base (context, borders, names) drawn from ppaBaseData."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (window.ppaBase) { window.ppaBase({{ this._parent.get_name() }}, {{ this.lang_json }}); }
        {% endmacro %}
    """)

    def __init__(self, lang: str = DEFAULT_LANG):
        super().__init__()
        self._name = "BaseLayers"
        self.lang_json = json.dumps(lang if lang in LANGS else DEFAULT_LANG)


def add_base(m: folium.Map, lang: str = DEFAULT_LANG) -> None:
    """The water pane (reservoirs and rivers above the zones, never catching the mouse) and the base,
    its names in `lang`."""
    folium.map.CustomPane("ppaWater", z_index=450, pointer_events=False).add_to(m)
    BaseLayers(lang).add_to(m)
