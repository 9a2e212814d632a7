"""Figures others publish, kept as data beside ours: people living near the front now (dated,
cited counts) and other outlets' km² for a proposal. Read from data/tables/ (see PROVENANCE.md)."""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from geo.engine.results import CurrentResidents, PublishedFigure
from proposals.i18n import N_
from proposals.paths import CURRENT_POPULATION, PUBLISHED_FIGURES

# Words from the tables that faces translate (scope, who counted): marked here for the catalogue.
TABLE_WORDS = (N_("Ukrainian-held part"), N_("Donetsk oblast military administration"))


@lru_cache(maxsize=4)
def current_population(path: Path = CURRENT_POPULATION) -> tuple[CurrentResidents, ...]:
    """Every published current-resident count, oldest first."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = [CurrentResidents(oblast=r["oblast"], scope=r["scope"], date=r["date"], residents=int(r["residents"]),
                                 counted_by=r["counted_by"],
                                 outlet=r["outlet"], url=r["url"]) for r in csv.DictReader(f)]
    return tuple(sorted(rows, key=lambda r: r.date))


def latest_residents(oblasts) -> list[CurrentResidents]:
    """The latest published count for each of `oblasts` (ISO codes) that has one, by oblast."""
    latest: dict[str, CurrentResidents] = {}
    for r in current_population():
        if r.oblast in set(oblasts):
            latest[r.oblast] = r   # sorted by date: the last one wins
    return [latest[k] for k in sorted(latest)]


@lru_cache(maxsize=4)
def published_figures(path: Path = PUBLISHED_FIGURES) -> dict[str, tuple[PublishedFigure, ...]]:
    """Other outlets' figures by proposal id, in file order."""
    out: dict[str, list[PublishedFigure]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            out.setdefault(r["proposal"], []).append(PublishedFigure(
                figure=r["figure"], value=float(r["value"]), unit=r["unit"], ours=r["ours"], outlet=r["outlet"],
                date=r["date"], url=r["url"], method=r["method"]))
    return {k: tuple(v) for k, v in out.items()}


def published_for(proposal_id: str) -> list[PublishedFigure]:
    return list(published_figures().get(proposal_id, ()))
