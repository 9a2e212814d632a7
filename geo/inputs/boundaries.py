"""Ukraine's 27 first-level units (Natural Earth admin-1, rebuilt by scripts/build_boundaries.py)."""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd
import shapely

from geo.measure import EQUAL_AREA
from proposals.oblasts import oblasts as oblast_table
from proposals.paths import BOUNDARIES

OFFICIAL_UKRAINE_KM2 = 603_628  # State Statistics Service of Ukraine


@lru_cache(maxsize=1)
def load_oblasts() -> gpd.GeoDataFrame:
    """iso, name, name_uk, geometry in EPSG:4326, full resolution."""
    frame = gpd.read_file(BOUNDARIES)
    return frame[["iso", "name", "name_uk", "geometry"]].sort_values("iso").reset_index(drop=True)


@lru_cache(maxsize=1)
def oblasts_metric() -> gpd.GeoDataFrame:
    """The same units in EPSG:3035 (equal area), for the engine."""
    return load_oblasts().to_crs(EQUAL_AREA)


@lru_cache(maxsize=1)
def ukraine_metric() -> shapely.Geometry:
    return shapely.union_all(oblasts_metric().geometry.values)


@lru_cache(maxsize=1)
def area_check() -> pd.DataFrame:
    """Per unit: our area against the official one. Natural Earth is coarse in places
    (Kyiv city about twice its size, Kherson -8%); the UI shows this table."""
    m = oblasts_metric()
    rows = []
    for r in m.itertuples():
        o = oblast_table()[r.iso]
        km2 = r.geometry.area / 1e6
        rows.append({"oblast": r.iso, "name": r.name, "km2": round(km2, 1), "official_km2": o.official_km2,
                     "error_pct": round(100 * (km2 / o.official_km2 - 1), 1)})
    return pd.DataFrame(rows)
