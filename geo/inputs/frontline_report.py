"""How good each shipped front line is: the build's own report against the measured shares.

The build (`scripts/build_frontline.py`) writes `frontline/source/build-report.json`; the measured
Russian-held shares are `tables/calibration.csv`. The app's *Data and accuracy* tab shows both.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache

from proposals.paths import CALIBRATION, FRONTLINE_DIR


@dataclass(frozen=True)
class OblastShare:
    oblast: str
    measured_pct: float
    ours_pct: float


@dataclass(frozen=True)
class FrontlineReport:
    date: str
    settlements: int           # settlements with a known state on the date
    contested_km2: float
    leave_one_out_10km: tuple[int, int]  # (on the right side, settlements within 10 km of the line)
    leave_one_out_30km: tuple[int, int]
    shares: tuple[OblastShare, ...]


@lru_cache(maxsize=1)
def _reports() -> dict[str, dict]:
    path = FRONTLINE_DIR / "source" / "build-report.json"
    return {r["date"]: r for r in json.loads(path.read_text(encoding="utf-8"))} if path.is_file() else {}


@lru_cache(maxsize=1)
def _calibration() -> dict[tuple[str, str], float]:
    with CALIBRATION.open(encoding="utf-8") as f:
        return {(r["date"], r["oblast"]): float(r["russian_held_pct"]) for r in csv.DictReader(f)}


def report_for(date: str) -> FrontlineReport | None:
    """The build report of a shipped date, or None (a user's own line has none)."""
    r = _reports().get(date)
    if r is None:
        return None
    cal = _calibration()
    shares = tuple(OblastShare(iso, pct, round(r["shares"].get(iso, 0.0), 1))
                   for (d, iso), pct in cal.items() if d == date)
    return FrontlineReport(date, r["facts"], r["contested_km2"], tuple(r["leave_one_out_10km"]),
                           tuple(r["leave_one_out_30km"]), shares)


def places_count() -> int:
    """How many places the shipped lines rest on (the build report's largest count), for the UI's text."""
    return max((r["facts"] for r in _reports().values()), default=0)
