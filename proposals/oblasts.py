"""Oblast names and codes, so a proposal can name a unit the way a reader would.

Reads the small CSV in data/tables; no geometry, so the loader can validate names
without loading shapes.
"""
from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import lru_cache

from proposals.paths import OBLAST_TABLE as TABLE
from proposals.untrusted import clip_text

GROUPS: dict[str, tuple[str, ...]] = {
    "donbas": ("UA-14", "UA-09"),
    "crimea": ("UA-43", "UA-40"),
}


@dataclass(frozen=True)
class Oblast:
    iso: str
    name: str
    name_uk: str
    ne_name: str
    official_km2: float
    population: int
    population_basis: str


@lru_cache(maxsize=1)
def oblasts() -> dict[str, Oblast]:
    """All 27 first-level units keyed by ISO 3166-2 code, in table order."""
    with TABLE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {
        r["iso"]: Oblast(r["iso"], r["name"], r["name_uk"], r["ne_name"],
                         float(r["official_km2"]), int(r["population"]), r["population_basis"])
        for r in rows
    }


def _norm(s: str) -> str:
    return " ".join(s.casefold().replace("’", "'").split())


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    idx: dict[str, tuple[str, ...]] = {}
    for o in oblasts().values():
        short_uk = o.name_uk.replace(" область", "")
        for key in (o.iso, o.name, o.name_uk, short_uk, o.ne_name, f"{o.name} oblast"):
            idx[_norm(key)] = (o.iso,)
    for group, codes in GROUPS.items():
        idx[group] = codes
    idx["all"] = tuple(oblasts())
    return idx


class UnknownOblast(ValueError):
    """A name that is no oblast, code or group; the message suggests the closest one."""


def resolve(name: str) -> tuple[str, ...]:
    """ISO codes for one oblast name, code or group (donbas, crimea, all)."""
    key = _norm(str(name))
    found = _index().get(key)
    if found:
        return found
    close = difflib.get_close_matches(key, list(_index()), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise UnknownOblast(f"unknown oblast '{clip_text(name, 60)}'{hint}")


def resolve_all(names: list[str]) -> tuple[str, ...]:
    """ISO codes for a list of names, in table order, without duplicates."""
    wanted = {code for n in names for code in resolve(n)}
    return tuple(code for code in oblasts() if code in wanted)
