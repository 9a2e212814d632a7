"""Line patterns that show recognition on the map, where a zone's colour does not already say it.

A zone's colour is its status (what happens on the ground); lines over it say how its
sovereignty is treated when that differs from what the status implies: the 28-point plan's
Donetsk buffer is coloured demilitarised and lined "recognised as Russian". Pure geometry
(EPSG:3035) and small style values; no folium, no streamlit.
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
import shapely.affinity

from geo.measure import EQUAL_AREA, GEOGRAPHIC, reproject
from proposals.model import DEFAULT_RECOGNITION, RECOGNITION_LABELS

PATTERN_SPACING_M = 5000.0
KM_PER_DEG_LAT = 111.32


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


def display_pattern_lines(geom_3035: shapely.Geometry, angles: tuple[float, ...],
                          spacing_m: float = PATTERN_SPACING_M) -> shapely.Geometry:
    """Pattern lines for drawing, in lon/lat (EPSG:4326): drawn in a lon/lat plane scaled by the cosine
    of the middle latitude, so on the web map horizontal lines follow parallels and vertical ones
    meridians (lines drawn in EPSG:3035 come out tilted ~20° at 37°E)."""
    if geom_3035.is_empty:
        return shapely.MultiLineString()
    ll = reproject(geom_3035, EQUAL_AREA, GEOGRAPHIC)
    k = float(np.cos(np.radians(ll.centroid.y)))
    plane = shapely.affinity.scale(ll, xfact=k, yfact=1.0, origin=(0, 0))
    lines = pattern_lines(plane, angles, spacing_m / 1000.0 / KM_PER_DEG_LAT)
    return shapely.affinity.scale(lines, xfact=1.0 / k, yfact=1.0, origin=(0, 0))


def lined_zones(zones: gpd.GeoDataFrame) -> dict[str, shapely.Geometry]:
    """Per recognition value with a pattern: the union of the zones whose recognition differs from
    their status's default (EPSG:3035). Empty values are left out."""
    out = {}
    differs = zones["recognition"] != zones["status"].map(DEFAULT_RECOGNITION)
    for recognition in PATTERNS:
        picked = zones[differs & (zones["recognition"] == recognition)]
        if not picked.empty:
            out[recognition] = shapely.union_all(picked.geometry.values)
    return out


def legend_rows() -> list[tuple[str, str]]:
    """(CSS swatch style, label) for every pattern, in a fixed order."""
    return [(p.css(), f"Lines: {RECOGNITION_LABELS[r]}") for r, p in PATTERNS.items()]
