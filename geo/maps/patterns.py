"""Line patterns that show recognition on the map, where a zone's colour does not already say it.

A zone's colour is its status (what happens on the ground); lines over it say how its
sovereignty is treated when that differs from what the status implies: the 28-point plan's
Donetsk buffer is coloured demilitarised and lined "recognised as Russian". The web map draws them
as SVG <pattern> fills (`svg_patterns`, drawn by static/ppa/map-ui.js): no line geometry is sent.
`pattern_lines` is the same pattern as geometry (EPSG:3035), for drawings without a browser.
Small style values and pure geometry; no folium, no streamlit.
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from geo.maps.palette import HATCH
from proposals.i18n import translator
from proposals.model import DEFAULT_RECOGNITION, RECOGNITION_LABELS

PATTERN_SPACING_M = 5000.0
HATCH_KEY = "hatch"      # the demilitarised zone's diagonal lines, drawn the same way
TILE_PX = 7              # line spacing on screen (about the 5 km the lines were drawn at, at country zoom)


@dataclass(frozen=True)
class Pattern:
    """How one recognition value is drawn: line angles (degrees from east), colour, dash."""

    angles: tuple[float, ...]
    color: str
    dash: str | None = None

    def css(self) -> str:
        """A CSS background drawing the same lines, for legend swatches (dashes cut by white gaps)."""
        layers = [f"repeating-linear-gradient({(-a) % 360:g}deg,{self.color} 0 1px,transparent 1px 4px)"
                  for a in self.angles]
        if self.dash:
            layers.insert(0, "repeating-linear-gradient(90deg,transparent 0 3px,#fff 3px 5px)")
        return "background-image:" + ",".join(layers)


# not_addressed has no pattern: the absence of lines is the absence of a recognition clause.
PATTERNS: dict[str, Pattern] = {
    "russia_de_facto": Pattern((0.0,), "#3b0a24"),
    "russia_de_jure": Pattern((0.0, 90.0), "#1a1446"),
    "ukraine": Pattern((90.0,), "#0b4f8a"),
    "to_talks": Pattern((0.0,), "#444444", "2 3"),
}


def pattern_lines(geom_3035: shapely.Geometry, angles: tuple[float, ...],
                  spacing_m: float = PATTERN_SPACING_M) -> shapely.Geometry:
    """Parallel lines at each angle, `spacing_m` apart, clipped to a polygon (EPSG:3035 in and out)."""
    if geom_3035.is_empty:
        return shapely.MultiLineString()
    c = geom_3035.centroid
    minx, miny, maxx, maxy = geom_3035.bounds
    half = np.hypot(maxx - minx, maxy - miny) / 2 + spacing_m
    lines = []
    for angle in angles:
        dx, dy = np.cos(np.radians(angle)), np.sin(np.radians(angle))   # along the lines
        nx, ny = -dy, dx                                                   # across them
        for off in np.arange(-half, half + spacing_m, spacing_m):
            ox, oy = c.x + nx * off, c.y + ny * off
            lines.append(shapely.LineString([(ox - dx * half, oy - dy * half), (ox + dx * half, oy + dy * half)]))
    return shapely.MultiLineString(lines).intersection(geom_3035)


# Statuses whose colour alone is too close to another's for some readers, so they always carry lines:
# land left to talks is pale grey, which under deuteranopia is ΔE 18 from frozen's pink (tests/test_palette.py
# names every such pair); its "left to talks" dashes tell them apart. The demilitarised zone is always hatched.
STATUS_PATTERN: dict[str, str] = {"demilitarized": HATCH_KEY, "undecided": "to_talks"}


def lined_zones(zones: gpd.GeoDataFrame) -> dict[str, shapely.Geometry]:
    """Per recognition value with a pattern: the union of the zones whose recognition differs from
    their status's default, and of the zones whose status always carries that pattern (land left to
    talks), in EPSG:3035. Empty values are left out."""
    out = {}
    differs = zones["recognition"] != zones["status"].map(DEFAULT_RECOGNITION)
    always = zones["status"].map(STATUS_PATTERN)
    for recognition in PATTERNS:
        picked = zones[(differs & (zones["recognition"] == recognition)) | (always == recognition)]
        if not picked.empty:
            out[recognition] = shapely.union_all(picked.geometry.values)
    return out


def zone_patterns(status: str, recognition: str) -> list[str]:
    """The patterns drawn over one zone: its status's own (the hatch if demilitarised, the dashes if
    left to talks), then its recognition lines where its recognition differs from what its status
    implies (as `lined_zones`)."""
    out = [STATUS_PATTERN[status]] if status in STATUS_PATTERN else []
    if recognition != DEFAULT_RECOGNITION[status] and recognition in PATTERNS and recognition not in out:
        out.append(recognition)
    return out


def svg_patterns() -> dict[str, dict]:
    """Every pattern as map-ui.js draws it: angles (0 along parallels, 90 along meridians), colour,
    dash, tile size in px (a whole number of dash periods), line width and opacity."""
    out = {HATCH_KEY: {"angles": [135.0], "color": HATCH, "dash": None, "tile": TILE_PX, "width": 1.2,
                       "opacity": 0.8}}
    for key, p in PATTERNS.items():
        tile = TILE_PX if not p.dash else 2 * sum(float(x) for x in p.dash.split())
        out[key] = {"angles": list(p.angles), "color": p.color, "dash": p.dash, "tile": tile, "width": 1.1,
                    "opacity": 0.85}
    return out


def legend_rows(lang: str = "en") -> list[tuple[str, str]]:
    """(CSS swatch style, label in `lang`) for every pattern, in a fixed order."""
    tr = translator(lang)
    return [(p.css(), tr("Lines: {recognition}", recognition=tr(RECOGNITION_LABELS[r]))) for r, p in PATTERNS.items()]
