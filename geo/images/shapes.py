"""Drawing primitives for the print images: shapes to matplotlib paths, zones, water and
neighbours, oblast edges, city labels and the legend's handles. Shared by every figure."""
from __future__ import annotations

import re
from functools import lru_cache

import matplotlib
import matplotlib.dates
import matplotlib.patches
import matplotlib.ticker

matplotlib.use("Agg")  # never a window; must precede any pyplot import elsewhere

import numpy as np
import shapely
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from geo.inputs.boundaries import (
    oblasts_metric,
)
from geo.inputs.frontline import line_of_contact
from geo.maps import palette
from geo.maps.display import SIMPLIFY_M
from geo.maps.mapview import (
    context_geojson,
)
from geo.maps.palette import HATCH as HATCH_COLOR  # the one palette of every map
from geo.maps.palette import PALETTE
from proposals.i18n import translator
from proposals.model import STATUS_LABELS, STATUSES, control_of

SEA_COLOR = palette.SEA   # as the folium map's sea
WIDTH_IN, DPI = 12.0, 150  # 1,800 px wide
_BOUNDS_PAD_M = 25_000.0
# A pale box behind city names (a stroked halo would turn the text into paths in SVG)
LABEL_BOX = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}


# ---------- shapes to matplotlib ----------

def add_shape(ax, patch):
    """A patch on axes whose limits are already fixed (`_frame`): matplotlib's add_patch walks every
    Bézier segment of the path to grow the data limits, a third of a static site's build time."""
    return ax.add_artist(patch)


def _ring_codes(n: int) -> list[int]:
    return [MplPath.MOVETO] + [MplPath.LINETO] * (n - 2) + [MplPath.CLOSEPOLY]


def polygon_path(geom: shapely.Geometry) -> MplPath | None:
    """A (multi)polygon as one compound path (holes stay holes), or None when empty.

    Rings are oriented (shell counter-clockwise, holes clockwise) so holes stay empty under both
    the non-zero and the even-odd fill rule."""
    verts, codes = [], []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        poly = shapely.geometry.polygon.orient(poly, 1.0)
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)
            if len(xy) < 4:
                continue
            verts.append(xy)
            codes += _ring_codes(len(xy))
    if not verts:
        return None
    return MplPath(np.concatenate(verts), codes)


def _lines(geom: shapely.Geometry) -> list[np.ndarray]:
    parts = getattr(geom, "geoms", [geom])
    return [np.asarray(g.coords) for g in parts if not g.is_empty and g.geom_type == "LineString"]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Cc but tab and line feed: not XML, no glyph


def _text(ax_or_fig, x, y, s, **kw):
    """Text drawn literally: a "$" in a proposal title must not start mathtext, and control
    characters (which the loader refuses, but a file name may carry) never reach an SVG."""
    return ax_or_fig.text(x, y, _CONTROL.sub("", str(s)), parse_math=False, **kw)


# ---------- one map panel ----------

@lru_cache(maxsize=1)
def _context() -> dict:
    """Neighbouring countries (filled), reservoirs and rivers, in EPSG:3035, from the same committed
    Natural Earth layers as the folium map's quiet context."""
    import geopandas as gpd
    out = {}
    for name in ("neighbours", "lakes", "rivers"):
        frame = gpd.GeoDataFrame.from_features(context_geojson(name)["features"], crs=4326).to_crs(3035)
        out[name] = list(frame.geometry.values)
    return out


def draw_water_and_neighbours(ax, layer: str) -> None:
    """`below`: neighbouring countries under the zones; `above`: reservoirs and rivers over them."""
    ctx = _context()
    if layer == "below":
        for geom in ctx["neighbours"]:
            path = polygon_path(geom)
            if path is not None:
                add_shape(ax, PathPatch(path, facecolor=palette.LAND, edgecolor=palette.NEIGHBOUR_BORDER, lw=0.6,
                                       zorder=0.5))
        return
    for geom in ctx["lakes"]:
        path = polygon_path(geom)
        if path is not None:
            add_shape(ax, PathPatch(path, facecolor=palette.WATER, edgecolor="none", alpha=0.75, zorder=2.5))
    for geom in ctx["rivers"]:
        for xy in _lines(shapely.line_merge(geom) if geom.geom_type == "MultiLineString" else geom):
            ax.plot(xy[:, 0], xy[:, 1], color=palette.WATER, lw=0.9, zorder=2.5)


def _oblast_edges():
    simp = shapely.coverage_simplify(oblasts_metric().geometry.values, 1500.0)
    return shapely.line_merge(shapely.union_all(shapely.boundary(simp)))


def draw_zones(ax, zones, status_col: str = "status", edge_col: str | None = None) -> None:
    """Fill zones (EPSG:3035) in the palette; hatch the demilitarised zone; white oblast borders."""
    geoms = shapely.coverage_simplify(np.asarray(zones.geometry.values), SIMPLIFY_M)
    for geom, status, edge in zip(geoms, zones[status_col],
                                  zones[edge_col] if edge_col else [None] * len(zones)):
        path = polygon_path(geom)
        if path is None:
            continue
        if edge is None:
            add_shape(ax, PathPatch(path, facecolor=PALETTE[status], edgecolor=PALETTE[status], lw=0.3))
        else:  # comparison: fill = status in B, outline = status in A
            add_shape(ax, PathPatch(path, facecolor=PALETTE[status], edgecolor=PALETTE[edge], lw=1.6))
        if status == "demilitarized":
            add_shape(ax, PathPatch(path, facecolor="none", edgecolor=HATCH_COLOR, lw=0, hatch="/////"))


def _frame(ax, bounds) -> None:
    minx, miny, maxx, maxy = bounds
    ax.set_xlim(minx - _BOUNDS_PAD_M, maxx + _BOUNDS_PAD_M)
    ax.set_ylim(miny - _BOUNDS_PAD_M, maxy + _BOUNDS_PAD_M)
    ax.set_aspect("equal")
    ax.set_facecolor(SEA_COLOR)
    draw_water_and_neighbours(ax, "below")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def draw_context(ax, baseline, cities=None, label_cities: bool = False, lang: str = "en") -> None:
    """Reservoirs and rivers, oblast borders, the line of contact (dashed) and key cities over the zones."""
    draw_water_and_neighbours(ax, "above")
    for xy in _lines(_oblast_edges()):
        ax.plot(xy[:, 0], xy[:, 1], color="white", lw=0.8, solid_capstyle="round")
    for xy in _lines(shapely.simplify(line_of_contact(baseline), 300.0)):
        ax.plot(xy[:, 0], xy[:, 1], color="#111111", lw=1.3, dashes=(4, 2.5))
    if cities is None or cities.empty:
        return
    ax.scatter(cities.geometry.x, cities.geometry.y, s=14, c="white", edgecolors="#111111", linewidths=0.9, zorder=5)
    if label_cities:
        label_points(ax, cities, lang=lang)


def label_points(ax, cities, fontsize: float = 8.0, lang: str = "en") -> list[str]:
    """Label cities largest first, each at the first free spot beside it, skipping a label with no
    free spot (boxes estimated in axes fractions); returns the names drawn (in `lang`)."""
    tl = translator(lang)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    bbox = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    w_in, h_in = bbox.width * fig_w, bbox.height * fig_h
    char_w, line_h = 0.55 * fontsize / 72 / w_in, 1.3 * fontsize / 72 / h_in  # axes fractions
    placed, drawn = [], []
    for c in cities.sort_values("population", ascending=False).itertuples():
        fx, fy = (c.geometry.x - x0) / (x1 - x0), (c.geometry.y - y0) / (y1 - y0)
        if not (0 <= fx <= 1 and 0 <= fy <= 1):
            continue
        name = tl.city(c.name)
        w = char_w * len(name)
        # right, left, then the same a line lower or higher: the first spot that is free and inside
        candidates = [(x, fy + dy) for dy in (0, -line_h, line_h) for x in (fx + 0.01, fx - 0.01 - w)]
        boxes = [(x, y, x + w, y + line_h) for x, y in candidates if x >= 0 and x + w <= 1 and 0 <= y <= 1 - line_h]
        box = next((b for b in boxes if not any(b[0] < p[2] and p[0] < b[2] and b[1] < p[3] and p[1] < b[3]
                                                 for p in placed)), None)
        if box is None:
            continue
        placed.append(box)
        drawn.append(name)
        _text(ax, box[0], box[1], name, transform=ax.transAxes, fontsize=fontsize, color="#1f2933", zorder=6,
              va="bottom", bbox=LABEL_BOX)
    return drawn


def changed_cities(located, limit: int = 12):
    """Key cities whose control changes (held before against control after), largest first."""
    k = located[located["key"]]
    moved = k[[control_of(s, h) != h for s, h in zip(k["status"], k["held_before"])]]
    return moved.sort_values("population", ascending=False).head(limit).to_crs(3035)


# ---------- legend, title, credits ----------

def legend_handles(by_status: dict[str, float] | None = None, total: float | None = None, lang: str = "en") -> list:
    """All nine statuses in the fixed order (with km² and share of `total` km² when given), then the line."""
    tl = translator(lang)
    handles = []
    for s in STATUSES:
        label = tl(STATUS_LABELS[s])
        if by_status is not None:
            km2 = by_status.get(s, 0.0)
            label += f"  {tl.km2(km2)}" + (f" ({tl.pct(100 * km2 / total)})" if km2 and total else "")
        handles.append(Patch(facecolor=PALETTE[s], edgecolor=HATCH_COLOR if s == "demilitarized" else PALETTE[s],
                             hatch="////" if s == "demilitarized" else None, lw=0, label=label))
    handles.append(Line2D([], [], color="#111111", lw=1.3, dashes=(4, 2.5), label=tl("Line of contact (approximate)")))
    handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="#111111",
                          markersize=5, label=tl("Key city")))
    return handles
