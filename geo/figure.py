"""Static maps for print and the web (PNG, SVG) with matplotlib: a result in, a Figure or bytes out.

No browser and no pyplot (no global state: safe in Streamlit's threads). Zones, colours and the
line of contact are the same as on the folium map (`geo.palette.PALETTE`); shapes are drawn in
EPSG:3035 from coverage-simplified geometry, numbers come from full geometry (the zones' km2).
Every image carries its title, the proposal's and the front line's dates, "approximate", the
legend and the data credits. Text from proposal files is drawn literally (no mathtext).
"""
from __future__ import annotations

import io
import textwrap
from functools import lru_cache

import matplotlib
import matplotlib.dates
import matplotlib.patches
import matplotlib.ticker

matplotlib.use("Agg")  # never a window; must precede any pyplot import elsewhere

import numpy as np  # noqa: E402
import shapely  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch, PathPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from geo.boundaries import oblasts_metric  # noqa: E402
from geo.frontline import line_of_contact  # noqa: E402
from geo import palette  # noqa: E402
from geo.mapview import context_geojson  # noqa: E402
from geo.palette import HATCH as HATCH_COLOR, PALETTE  # noqa: E402  (the one palette of every map)
from geo.display import SIMPLIFY_M  # noqa: E402
from proposals.i18n import N_, translator  # noqa: E402
from proposals.model import STATUS_LABELS, STATUSES, control_of, controls  # noqa: E402
from geo.boundaries import OFFICIAL_UKRAINE_KM2  # noqa: E402
from geo.mapview import HEADLINE_COLORS, headline_parts, residents_text  # noqa: E402

CREDITS = N_("Boundaries: Natural Earth (public domain) · Settlements: GeoNames (CC BY 4.0) · "
             "Front lines and zones: Peace Plan Atlas, approximate")
SEA_COLOR = palette.SEA   # as the folium map's sea
WIDTH_IN, DPI = 12.0, 150  # 1,800 px wide
_BOUNDS_PAD_M = 25_000.0
# A pale box behind city names (a stroked halo would turn the text into paths in SVG)
LABEL_BOX = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}


# ---------- shapes to matplotlib ----------

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


def _text(ax_or_fig, x, y, s, **kw):
    """Text drawn literally: a "$" in a proposal title must not start mathtext."""
    return ax_or_fig.text(x, y, s, parse_math=False, **kw)


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
                ax.add_patch(PathPatch(path, facecolor=palette.LAND, edgecolor=palette.NEIGHBOUR_BORDER, lw=0.6,
                                       zorder=0.5))
        return
    for geom in ctx["lakes"]:
        path = polygon_path(geom)
        if path is not None:
            ax.add_patch(PathPatch(path, facecolor=palette.WATER, edgecolor="none", alpha=0.75, zorder=2.5))
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
            ax.add_patch(PathPatch(path, facecolor=PALETTE[status], edgecolor=PALETTE[status], lw=0.3))
        else:  # comparison: fill = status in B, outline = status in A
            ax.add_patch(PathPatch(path, facecolor=PALETTE[status], edgecolor=PALETTE[edge], lw=1.6))
        if status == "demilitarized":
            ax.add_patch(PathPatch(path, facecolor="none", edgecolor=HATCH_COLOR, lw=0, hatch="/////"))


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


def _wrap(text: str, width: int, max_lines: int = 2) -> str:
    """Wrapped to `width` characters, at most `max_lines` lines (then "…"): file text is bounded."""
    return "\n".join(textwrap.wrap(str(text), width, max_lines=max_lines, placeholder=" …"))


def _credits(fig, lang: str = "en") -> None:
    _text(fig, 0.012, 0.012, translator(lang)(CREDITS), fontsize=7.5, color="#555555", ha="left", va="bottom")


# ---------- the figures ----------

def story_bounds(zones, ratio: float = 0.726, min_span_m: float = 120_000.0, lang: str = "en"):
    """(bounds, caption) of the close-up: the land Ukraine would leave, else the land returned to it,
    with a margin, height/width = `ratio`, at least `min_span_m` wide (EPSG:3035); None when no land
    changes control."""
    ctrl = controls(zones)
    leaves = zones[(zones["held_before"] == "ukraine") & (ctrl != "ukraine")]
    back = zones[(zones["held_before"] == "russia") & (ctrl == "ukraine")]
    tl = translator(lang)
    moved, caption = (leaves, tl("Close-up: land Ukraine would leave")) if not leaves.empty else \
        (back, tl("Close-up: land returned to Ukraine"))
    if moved.empty:
        return None
    minx, miny, maxx, maxy = moved.total_bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half = max(maxx - minx, (maxy - miny) / ratio, min_span_m) / 2 * 1.15
    return (cx - half, cy - half * ratio, cx + half, cy + half * ratio), caption


def draw_headline(fig, stats, lang: str = "en") -> float:
    """The headline figures apart, one line each with its colour swatch (Ukraine withdraws, Russia
    withdraws, left to later talks), then where people figures appear "pre-war population
    (GeoNames)" and the latest published current-resident count; returns the y below them."""
    tl = translator(lang)
    w = stats.withdrawals
    parts = headline_parts({"ukraine_km2": w.ukraine_withdraws_km2, "ukraine_people": 0,
                            "russia_km2": w.russia_withdraws_km2, "talks_km2": w.left_to_talks_km2,
                            "talks_people": 0}, stats.control_after.russia, lang)
    if parts[0][0] == "none":
        parts = [("none", tl("Ukraine withdraws from no land"))]
    y = 0.862
    for kind, text in parts:
        fig.patches.append(matplotlib.patches.Rectangle((0.685, y - 0.021), 0.011, 0.018, transform=fig.transFigure,
                                                        facecolor=HEADLINE_COLORS[kind], edgecolor="#555555", lw=0.6))
        _text(fig, 0.701, y, _wrap(text, 44), fontsize=11.5, weight="bold", va="top")
        y -= 0.032 * (1 + text.count("\n") + (len(text) > 44))
    notes = []
    if w.ukraine_withdraws_population_prewar:
        notes.append(tl("Pre-war population (GeoNames) of the land Ukraine withdraws from: {people}",
                        people=tl.num(w.ukraine_withdraws_population_prewar)))
    if w.left_to_talks_population_prewar:
        notes.append(tl("Pre-war population (GeoNames) of Ukrainian-held land left to talks: {people}",
                        people=tl.num(w.left_to_talks_population_prewar)))
    if notes:
        notes += [residents_text(r, lang) for r in stats.current_residents]
    for note in notes:
        wrapped = _wrap(note, 60, max_lines=3)
        _text(fig, 0.685, y, wrapped, fontsize=8, color="#333333", va="top")
        y -= 0.021 * (1 + wrapped.count("\n"))
    return y - 0.01


def proposal_figure(result, width_in: float = WIDTH_IN, lang: str = "en") -> Figure:
    """One proposal on one front line: title, dates, headline, map, a close-up of the land that
    changes hands with its cities named, legend with km², credits (texts in `lang`)."""
    tl = translator(lang)
    p, zones = result.proposal, result.zones
    stats = result.stats()
    fig = Figure(figsize=(width_in, width_in * 0.66), dpi=DPI, facecolor="white")
    ax = fig.add_axes((0.01, 0.06, 0.66, 0.78))
    _frame(ax, zones.total_bounds)
    draw_zones(ax, zones)
    cities = changed_cities(result.located)
    draw_context(ax, result.baseline, cities)
    title = _wrap(p.title_in(lang), 80)
    _text(fig, 0.012, 0.965, title, fontsize=17, weight="bold", va="top")
    who = textwrap.shorten(str(p.proposer), 105, placeholder=" …")  # the dates below must never be cut
    when = tl("Proposal of {date} · front line of {frontline} (approximate)", date=tl.date(p.date),
              frontline=textwrap.shorten(str(result.baseline.date), 40))
    _text(fig, 0.012, 0.965 - 0.05 * (title.count("\n") + 1), f"{who}\n{when}",
          fontsize=9.5, color="#333333", va="top", linespacing=1.4)
    top = draw_headline(fig, stats, lang)
    fig.legend(handles=legend_handles(stats.by_status, OFFICIAL_UKRAINE_KM2, lang), loc="upper left",
               bbox_to_anchor=(0.68, top), frameon=False, fontsize=8.5,
               title=tl("Status after the proposal\n(% of Ukraine's {total} km², official area)",
                        total=tl.num(OFFICIAL_UKRAINE_KM2)),
               title_fontsize=9, alignment="left", handlelength=1.6, handleheight=0.9, labelspacing=0.2)
    story = story_bounds(zones, lang=lang)
    if story is not None:
        close, close_caption = story
        inset = fig.add_axes((0.69, 0.075, 0.30, 0.27))
        _frame(inset, close)
        inset.set_xlim(close[0], close[2])
        inset.set_ylim(close[1], close[3])
        draw_zones(inset, zones)
        draw_context(inset, result.baseline, cities, label_cities=True, lang=lang)
        for spine in inset.spines.values():
            spine.set_visible(True)
            spine.set_color("#333333")
        _text(inset, 0, 1.02, close_caption, transform=inset.transAxes, fontsize=9,
              weight="bold", va="bottom")
        ax.add_patch(matplotlib.patches.Rectangle((close[0], close[1]), close[2] - close[0], close[3] - close[1],
                                                  fill=False, edgecolor="#333333", lw=1.0, zorder=7))
    else:
        _text(fig, 0.685, 0.30, tl("No land changes control: statuses differ only in\nhow Russian-held land is "
                                   "treated."), fontsize=9, color="#333333", va="top")
    _text(fig, 0.012, 0.04, tl("Front line: {label}. Areas in km² on full-resolution boundaries (EPSG:3035); lines "
                               "and areas are approximate; key cities whose control changes are marked.",
                               label=textwrap.shorten(tl(str(result.baseline.label)), 90)),
          fontsize=8, color="#555555", va="bottom")
    _credits(fig, lang)
    return fig


def comparison_figure(comparison, width_in: float = WIDTH_IN * 1.25, lang: str = "en") -> Figure:
    """A and B on one front line side by side, and the land whose status differs (texts in `lang`)."""
    tl = translator(lang)
    a, b = comparison.a, comparison.b
    fig = Figure(figsize=(width_in, width_in * 0.42), dpi=DPI, facecolor="white")
    bounds = a.zones.total_bounds
    panels = [("A: " + a.proposal.title_in(lang), a), ("B: " + b.proposal.title_in(lang), b), (tl("What differs"), None)]
    for i, (name, result) in enumerate(panels):
        ax = fig.add_axes((0.005 + i * 0.333, 0.15, 0.32, 0.67))
        _frame(ax, bounds)
        if result is not None:
            draw_zones(ax, result.zones)
            draw_context(ax, result.baseline, changed_cities(result.located, limit=6), label_cities=False)
            sub = tl.date(result.proposal.date)
        else:
            country = shapely.coverage_simplify(np.array([shapely.union_all(oblasts_metric().geometry.values)]),
                                                2000.0)[0]
            ax.add_patch(PathPatch(polygon_path(country), facecolor="#dfe5ea", lw=0))
            if not comparison.changed.empty:
                draw_zones(ax, comparison.changed, status_col="status_b", edge_col="status_a")
            draw_context(ax, a.baseline)
            sub = tl("{area} change status · fill: B, outline: A", area=tl.km2(comparison.changed_km2))
        _text(ax, 0.0, 1.10, _wrap(name, 58), transform=ax.transAxes, fontsize=11, weight="bold", va="bottom")
        _text(ax, 0.0, 1.02, sub, transform=ax.transAxes, fontsize=9, color="#333333", va="bottom")
    _text(fig, 0.008, 0.975, tl("Compared on the front line of {date} (approximate)", date=comparison.frontline),
          fontsize=13, weight="bold", va="top")
    fig.legend(handles=legend_handles(lang=lang), loc="lower center", bbox_to_anchor=(0.5, 0.035), ncols=6, frameon=False,
               fontsize=9, handlelength=1.6, handleheight=1.1)
    _credits(fig, lang)
    return fig


def thumbnail_figure(result, width_in: float = 3.2) -> Figure:
    """A small map with no text, for the overview's small multiples (the page carries the words)."""
    fig = Figure(figsize=(width_in, width_in * 0.7), dpi=100, facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1))
    _frame(ax, result.zones.total_bounds)
    draw_zones(ax, result.zones)
    draw_context(ax, result.baseline)
    return fig


def figure_bytes(fig: Figure, fmt: str = "png") -> bytes:
    """PNG or SVG bytes; SVG keeps text as text (searchable, translatable) and has no timestamp.
    PNGs are reduced to a 256-colour palette: flat map colours survive, files are ~3× smaller."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"image format must be png or svg, not {fmt!r}")
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "peace-plan-atlas"}):
        fig.savefig(buf, format=fmt, dpi=fig.dpi, facecolor=fig.get_facecolor(),
                    metadata={"Date": None} if fmt == "svg" else {"Software": "Peace Plan Atlas"})
    if fmt == "svg":
        return buf.getvalue()
    from PIL import Image
    buf.seek(0)
    with Image.open(buf) as im:
        small = im.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    small.save(out, "PNG", optimize=True)
    return out.getvalue()


def timeline_figure(rows: list[dict], field: str, colors: dict[str, str], width_in: float = 10.0) -> Figure:
    """The overview's figure `field` over time, one series per camp (rows from geo.overview)."""
    import datetime as dt

    from geo.overview import CAMPS, FIGURES, camp_label
    fig = Figure(figsize=(width_in, width_in * 0.36), dpi=100, facecolor="white")
    ax = fig.add_axes((0.10, 0.14, 0.65, 0.76))
    for camp in [*CAMPS, "other"]:
        mine = sorted((r for r in rows if r["camp"] == camp), key=lambda r: r["date"])
        if not mine:
            continue
        xs = [dt.date.fromisoformat(r["date"]) for r in mine]
        ys = [r[field] for r in mine]
        ax.plot(xs, ys, color=colors[camp], alpha=0.45, lw=1.5)
        ax.scatter(xs, ys, color=colors[camp], s=28, zorder=3, label=camp_label(camp))
    ax.set_ylabel(FIGURES[field])
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%b %Y"))
    fig.legend(loc="center left", bbox_to_anchor=(0.77, 0.55), frameon=False, fontsize=9, title="camp")
    _text(fig, 0.77, 0.08, "Approximate; each proposal on\nits own front-line date.", fontsize=8, color="#555555")
    return fig
