"""The front line through time as one print image: a small map per shipped date, in a grid.

Each panel is titled with its date and the Russian-held km² (full geometry, EPSG:3035, from
`geo.engine.through_time`); land that changed hands since the previous date is marked. Shapes are
drawn from simplified geometry; numbers never are. Carries the credits and "approximate".
"""
from __future__ import annotations

import math
from functools import lru_cache

import matplotlib
import matplotlib.patches

matplotlib.use("Agg")  # never a window; must precede any pyplot import elsewhere

import shapely
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch

from geo.engine.through_time import LineHeld, held_by_date
from geo.images.figure import CREDITS, DPI, WIDTH_IN, _wrap
from geo.images.shapes import _context, _lines, _oblast_edges, _text, polygon_path
from geo.inputs.boundaries import ukraine_metric
from geo.inputs.frontline import line_of_contact, load_baseline
from geo.maps import palette
from geo.maps.palette import PALETTE
from proposals.i18n import translator

NEWLY_RUSSIAN = "#6E1605"      # darker than the Russian-held red: taken since the previous date
BACK_TO_UKRAINE = PALETTE["returned"]
CONTESTED = "#9a9a9a"          # as the interactive map's grey discs
DRAW_SIMPLIFY_M = 600.0        # a panel is ~330 px for ~600 km: 600 m is under a pixel
MARGIN_M = 30_000.0


def _bounds(dates: list[str]) -> tuple[float, float, float, float]:
    """The box around every date's Russian-held area (EPSG:3035), the same for every panel."""
    held = shapely.union_all([load_baseline(d).russian_held for d in dates])
    minx, miny, maxx, maxy = held.bounds
    return minx - MARGIN_M, miny - MARGIN_M, maxx + MARGIN_M, maxy + MARGIN_M


def _fill(ax, geom, color: str, z: float, edge: float = 0.0) -> None:
    """A filled shape, simplified for drawing; `edge` > 0 outlines it in its own colour so a strip a
    few hundred metres wide still shows. add_artist, not add_patch: limits are fixed, and working
    them out from every Bézier segment was most of the drawing time."""
    path = polygon_path(shapely.simplify(geom, DRAW_SIMPLIFY_M)) if geom is not None and not geom.is_empty else None
    if path is not None:
        ax.add_artist(PathPatch(path, facecolor=color, edgecolor=color if edge else "none", lw=edge, zorder=z,
                                transform=ax.transData))


@lru_cache(maxsize=1)
def _constant() -> dict:
    """What every panel draws alike, simplified once per process: Ukraine, neighbours and lakes
    (shapes), oblast edges and rivers (coordinate arrays)."""
    simple = lambda geoms: [shapely.simplify(g, DRAW_SIMPLIFY_M) for g in geoms]  # noqa: E731
    rivers = [xy for g in _context()["rivers"]
              for xy in _lines(shapely.line_merge(g) if g.geom_type == "MultiLineString" else g)]
    return {"country": simple([ukraine_metric()])[0], "neighbours": simple(_context()["neighbours"]),
            "lakes": simple(_context()["lakes"]), "edges": _lines(_oblast_edges()), "rivers": rivers}


def _panel(ax, date: str, previous: str | None, bounds) -> None:
    base = load_baseline(date)
    ax.set_xlim(bounds[0], bounds[2])
    ax.set_ylim(bounds[1], bounds[3])
    ax.set_aspect("equal")
    ax.set_facecolor(palette.SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#bbbbbb")
        spine.set_linewidth(0.5)
    const = _constant()
    for geom in const["neighbours"]:
        _fill(ax, geom, palette.LAND, 0.5)
    _fill(ax, const["country"], PALETTE["ukraine"], 1)
    _fill(ax, base.russian_held, PALETTE["occupied"], 1.2)
    _fill(ax, base.contested, CONTESTED, 1.3)
    if previous is not None:
        before = load_baseline(previous).russian_held
        _fill(ax, base.russian_held.difference(before), NEWLY_RUSSIAN, 1.4, edge=0.7)
        _fill(ax, before.difference(base.russian_held).difference(base.contested or shapely.Polygon()),
              BACK_TO_UKRAINE, 1.4, edge=0.7)
    for geom in const["lakes"]:
        _fill(ax, geom, palette.WATER, 2.5)
    ax.add_collection(LineCollection(const["rivers"], colors=palette.WATER, linewidths=0.6, zorder=2.5), autolim=False)
    ax.add_collection(LineCollection(const["edges"], colors="white", linewidths=0.5, zorder=2.6), autolim=False)
    contact = _lines(shapely.simplify(line_of_contact(base), DRAW_SIMPLIFY_M))
    ax.add_collection(LineCollection(contact, colors="#111111", linewidths=0.7, linestyles=(0, (3, 2)), zorder=2.7),
                      autolim=False)


def multiples_figure(lines: list[LineHeld] | None = None, columns: int = 5, width_in: float = WIDTH_IN,
                     lang: str = "en") -> Figure:
    """One small map per front-line date (oldest first, `columns` a row), each titled with its date,
    the Russian-held km² and the change since the previous date; a legend, "approximate" and the
    credits. `lines` defaults to every shipped date (geo.engine.through_time.held_by_date)."""
    tl = translator(lang)
    lines = held_by_date() if lines is None else lines
    dates = [ln.date for ln in lines]
    bounds = _bounds(dates)
    rows = math.ceil(len(lines) / columns)
    cell_w = width_in / columns
    map_h = cell_w * 0.92 * (bounds[3] - bounds[1]) / (bounds[2] - bounds[0])
    head_in, title_in, foot_in = 0.95, 0.55, 0.75
    height_in = head_in + rows * (title_in + map_h) + foot_in
    fig = Figure(figsize=(width_in, height_in), dpi=DPI, facecolor="white")
    for i, line in enumerate(lines):
        r, c = divmod(i, columns)
        top = height_in - head_in - r * (title_in + map_h) - title_in
        ax = fig.add_axes((c * cell_w / width_in + 0.04 * cell_w / width_in, (top - map_h) / height_in,
                           0.92 * cell_w / width_in, map_h / height_in))
        _panel(ax, line.date, dates[i - 1] if i else None, bounds)
        _text(ax, 0.0, 1.0 + 0.30 / map_h, tl.date(line.date, long=False), transform=ax.transAxes, fontsize=10.5,
              weight="bold", va="bottom")
        change = "" if line.change_km2 is None else "\n" + tl("{change} km² since {date}",
                                                               change=f"{'+' if line.change_km2 >= 0 else '−'}"
                                                               f"{tl.num(abs(line.change_km2))}",
                                                               date=tl.date(dates[i - 1], long=False))
        _text(ax, 0.0, 1.0 + 0.03 / map_h, tl("{area} Russian-held", area=tl.area(line.km2)) + change,
              transform=ax.transAxes, fontsize=7.5, color="#333333", va="bottom", linespacing=1.2)
    _text(fig, 0.01, 1 - 0.12 / height_in, tl("The front line through time: Russian-held area of Ukraine"),
          fontsize=14, weight="bold", va="top")
    _text(fig, 0.01, 1 - 0.46 / height_in, _wrap(tl(
        "{first} – {last}, approximate. Crimea and Sevastopol included; km² measured on full-resolution boundaries "
        "(EPSG:3035); contested land is not counted as Russian-held. Lines are built from dated reports about places.",
        first=tl.date(dates[0]), last=tl.date(dates[-1])), 165), fontsize=8.5, color="#333333", va="top",
          linespacing=1.3)
    handles = [Patch(facecolor=PALETTE["ukraine"], label=tl("Ukrainian-held")),
               Patch(facecolor=PALETTE["occupied"], label=tl("Russian-held")),
               Patch(facecolor=NEWLY_RUSSIAN, label=tl("Russian-held since the previous date")),
               Patch(facecolor=BACK_TO_UKRAINE, label=tl("Ukrainian-held again since the previous date")),
               Patch(facecolor=CONTESTED, label=tl("Contested: fighting reported, not counted as Russian-held"))]
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.005, 0.30 / height_in), ncols=3, frameon=False,
               fontsize=8, handlelength=1.4, columnspacing=1.2)
    _text(fig, 0.012, 0.06 / height_in, tl(CREDITS), fontsize=7.5, color="#555555", ha="left", va="bottom")
    return fig
