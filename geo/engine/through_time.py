"""The front line through time: the Russian-held km² of every oblast on every shipped front-line date.

Measured on full-resolution geometry in the equal-area CRS (EPSG:3035): each oblast of
`geo.inputs.boundaries` intersected with the date's Russian-held area (`geo.inputs.frontline`,
contested land not counted). Pure: no drawing, no Streamlit; the app caches the values
(`ui/cache.py`), which are small frozen dataclasses.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import shapely

from geo.inputs.boundaries import oblasts_metric
from geo.inputs.frontline import Baseline, available_dates, load_baseline
from geo.measure import km2

MIN_SHOWN_KM2 = 1.0  # an oblast with less Russian-held land than this on every date is not charted


@dataclass(frozen=True, slots=True)
class OblastHeld:
    """Russian-held land of one oblast on one front-line date."""

    date: str                  # the front line's ISO date
    oblast: str                # ISO 3166-2 code (UA-14)
    name: str                  # English name (Natural Earth, current spelling)
    km2: float                 # Russian-held km², EPSG:3035, full geometry; contested land not counted
    share_pct: float           # of the oblast's area on our (Natural Earth) boundaries
    change_km2: float | None   # since the previous shipped date; None on the first date


@dataclass(frozen=True, slots=True)
class LineHeld:
    """One front line as a whole: its Russian-held km², measured on the whole line, not summed."""

    date: str
    latest_fact: str           # ISO date of the newest report the line rests on ("" when unknown)
    km2: float                 # Russian-held km², EPSG:3035, full geometry
    contested_km2: float       # fighting reported inside; not counted as Russian-held
    change_km2: float | None   # since the previous shipped date; None on the first date


def _dates(dates: Sequence[str] | None) -> list[str]:
    return list(available_dates() if dates is None else dates)


Load = Callable[[str], Baseline]  # a date's baseline: the shipped line by default, a hand-made one in tests


def held_by_oblast(dates: Sequence[str] | None = None, load: Load = load_baseline) -> list[OblastHeld]:
    """Per date (oldest first) and per oblast (all 27 units, in ISO order): the Russian-held km²,
    its share of the oblast and its change since the previous date of `dates`."""
    units = oblasts_metric()
    geoms = units.geometry.values
    unit_km2 = shapely.area(geoms) / 1e6
    out: list[OblastHeld] = []
    before: dict[str, float] = {}
    for date in _dates(dates):
        held = load(date).russian_held
        areas = shapely.area(shapely.intersection(geoms, held)) / 1e6
        for iso, name, area, whole in zip(units["iso"], units["name"], areas, unit_km2):
            area = float(area)
            out.append(OblastHeld(date=date, oblast=iso, name=name, km2=area, share_pct=100 * area / float(whole),
                                  change_km2=area - before[iso] if iso in before else None))
            before[iso] = area
    return out


def held_by_date(dates: Sequence[str] | None = None, load: Load = load_baseline) -> list[LineHeld]:
    """Per date (oldest first): the whole line's Russian-held and contested km², its change since
    the previous date of `dates`, and the date of the newest report it rests on."""
    out: list[LineHeld] = []
    previous: float | None = None
    for date in _dates(dates):
        base = load(date)
        area = km2(base.russian_held)
        out.append(LineHeld(date=date, latest_fact=base.latest_fact, km2=area, contested_km2=base.contested_km2,
                            change_km2=None if previous is None else area - previous))
        previous = area
    return out


def charted_oblasts(rows: Sequence[OblastHeld]) -> list[str]:
    """ISO codes of the oblasts with at least MIN_SHOWN_KM2 Russian-held on some date, largest first
    (by their area on the last date)."""
    last = max((r.date for r in rows), default="")
    peak: dict[str, float] = {}
    final: dict[str, float] = {}
    for r in rows:
        peak[r.oblast] = max(peak.get(r.oblast, 0.0), r.km2)
        if r.date == last:
            final[r.oblast] = r.km2
    return sorted((iso for iso, km in peak.items() if km >= MIN_SHOWN_KM2), key=lambda iso: (-final.get(iso, 0), iso))
