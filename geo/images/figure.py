"""Static maps for print and the web (PNG, SVG) with matplotlib: a result in, a Figure or bytes out.

No browser and no pyplot (no global state: safe in Streamlit's threads). Zones, colours and the
line of contact are the same as on the folium map (`geo.maps.palette.PALETTE`); shapes are drawn in
EPSG:3035 from coverage-simplified geometry, numbers come from full geometry (the zones' km2).
Every image carries its title, the proposal's and the front line's dates, "approximate", the
legend and the data credits. Text from proposal files is drawn literally (no mathtext).
"""
from __future__ import annotations

import contextlib
import io
import logging
import textwrap
import warnings

import matplotlib
import matplotlib.dates
import matplotlib.patches
import matplotlib.ticker

matplotlib.use("Agg")  # never a window; must precede any pyplot import elsewhere

import numpy as np
import shapely
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

from geo.images.shapes import (  # the primitives, importable from here as before
    _frame,
    _text,
    add_shape,
    changed_cities,
    draw_context,
    draw_zones,
    legend_handles,
    polygon_path,
)
from geo.inputs.boundaries import (
    OFFICIAL_UKRAINE_KM2,
    oblasts_metric,
)
from geo.maps import palette
from geo.maps.mapview import (
    HEADLINE_COLORS,
    headline_parts,
    residents_text,
)
from proposals.i18n import N_, translator
from proposals.model import controls

CREDITS = N_("Boundaries: Natural Earth (public domain) · Settlements: GeoNames (CC BY 4.0) · "
             "Front lines and zones: Peace Plan Atlas, approximate")
SEA_COLOR = palette.SEA   # as the folium map's sea
WIDTH_IN, DPI = 12.0, 150  # 1,800 px wide
_BOUNDS_PAD_M = 25_000.0
# A pale box behind city names (a stroked halo would turn the text into paths in SVG)
LABEL_BOX = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}


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
    panels = [
        ("A: " + a.proposal.title_in(lang), a),
        ("B: " + b.proposal.title_in(lang), b),
        (tl("What differs"), None),
    ]
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
            add_shape(ax, PathPatch(polygon_path(country), facecolor="#dfe5ea", lw=0))
            if not comparison.changed.empty:
                draw_zones(ax, comparison.changed, status_col="status_b", edge_col="status_a")
            draw_context(ax, a.baseline)
            sub = tl("{area} change status · fill: B, outline: A", area=tl.km2(comparison.changed_km2))
        _text(ax, 0.0, 1.10, _wrap(name, 58), transform=ax.transAxes, fontsize=11, weight="bold", va="bottom")
        _text(ax, 0.0, 1.02, sub, transform=ax.transAxes, fontsize=9, color="#333333", va="bottom")
    _text(fig, 0.008, 0.975, tl("Compared on the front line of {date} (approximate)", date=comparison.frontline),
          fontsize=13, weight="bold", va="top")
    fig.legend(
        handles=legend_handles(lang=lang),
        loc="lower center",
        bbox_to_anchor=(0.5, 0.035),
        ncols=6,
        frameon=False,
        fontsize=9,
        handlelength=1.6,
        handleheight=1.1,
    )
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


@contextlib.contextmanager
def _quiet_fonts():
    """A glyph no font has (an emoji in a title) is drawn as a box; matplotlib's warning about it,
    with its source line, must not reach the server's or the shell's stderr."""
    log = logging.getLogger("matplotlib.font_manager")
    level = log.level
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"(?s).*(Glyph|glyph|font)", category=UserWarning)
        warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"matplotlib\..*")
        log.setLevel(logging.ERROR)
        try:
            yield
        finally:
            log.setLevel(level)


def figure_bytes(fig: Figure, fmt: str = "png") -> bytes:
    """PNG or SVG bytes; SVG keeps text as text (searchable, translatable) and has no timestamp.
    PNGs are reduced to a 256-colour palette: flat map colours survive, files are ~3× smaller."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"image format must be png or svg, not {fmt!r}")
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "peace-plan-atlas"}), _quiet_fonts():
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
