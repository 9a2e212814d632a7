"""The overview's timeline as a print image: one figure over time, a series per camp."""
from __future__ import annotations

import matplotlib
import matplotlib.dates
import matplotlib.patches
import matplotlib.ticker

matplotlib.use("Agg")  # never a window; must precede any pyplot import elsewhere

from matplotlib.figure import Figure

from geo.images.shapes import _text


def timeline_figure(rows: list[dict], field: str, colors: dict[str, str], width_in: float = 10.0) -> Figure:
    """The overview's figure `field` over time, one series per camp (rows from geo.engine.overview)."""
    import datetime as dt

    from geo.engine.overview import CAMPS, FIGURES, camp_label
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
