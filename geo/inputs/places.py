"""Settlements to pick by name (for a circle around a town): name, oblast, pre-war population, point.

GeoNames repeats many village names (875 of 5,237 places share a name), so each place carries
its oblast, and a search lists the biggest matches first.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd

from geo.inputs.boundaries import oblasts_metric
from geo.inputs.settlements import load_settlements


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    oblast: str
    population: int
    lon: float
    lat: float

    @property
    def key(self) -> str:
        return f"gn:{self.geonameid}"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.oblast}) — {self.population:,} people"


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """Every settlement of the settlement list by `key`, biggest first."""
    s = load_settlements()
    units = oblasts_metric()[["name", "geometry"]].rename(columns={"name": "oblast"})
    joined = gpd.sjoin_nearest(s, units, how="left", max_distance=5000).drop_duplicates("geonameid")
    joined = joined.sort_values(["population", "name"], ascending=[False, True])
    out = {}
    for r in joined.itertuples():
        p = Place(int(r.geonameid), str(r.name), str(r.oblast) if isinstance(r.oblast, str) else "?",
                  int(r.population), round(float(r.lon), 4), round(float(r.lat), 4))
        out[p.key] = p
    return out


def find(query: str, limit: int = 40) -> list[Place]:
    """Places whose name starts with (then contains) `query`, case-insensitive, biggest first."""
    q = " ".join(query.casefold().split())
    if not q:
        return list(places().values())[:limit]
    starts = [p for p in places().values() if p.name.casefold().startswith(q)]
    inner = [p for p in places().values() if q in p.name.casefold() and not p.name.casefold().startswith(q)]
    return (starts + inner)[:limit]


def at(lon: float, lat: float, within_km: float = 0.05) -> Place | None:
    """The place whose point is `lon`, `lat` (within 50 m), so a saved circle shows its town again."""
    best, best_km = None, within_km
    for p in places().values():
        dy = (p.lat - lat) * 111.2
        dx = (p.lon - lon) * 111.2 * math.cos(math.radians(lat))
        d = math.hypot(dx, dy)
        if d <= best_km:
            best, best_km = p, d
    return best


def nearest(lon: float, lat: float) -> tuple[Place, float]:
    """The nearest place and its distance in km (for a point that is no settlement: a plant, a dam)."""
    def dist(p: Place) -> float:
        return math.hypot((p.lon - lon) * 111.2 * math.cos(math.radians(lat)), (p.lat - lat) * 111.2)
    best = min(places().values(), key=dist)
    return best, dist(best)
