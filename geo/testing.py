"""Public testing helpers: hand-made shapes with exact areas, and the partition invariant."""
from __future__ import annotations

import geopandas as gpd
import shapely
from pyproj import Transformer
from shapely.geometry import box

from geo.inputs.frontline import Baseline
from geo.measure import EQUAL_AREA, GEOGRAPHIC

# An EPSG:3035 origin near Kramatorsk, so local projections behave as on the real map.
_to_metric = Transformer.from_crs(GEOGRAPHIC, EQUAL_AREA, always_xy=True)
ORIGIN_X, ORIGIN_Y = (round(v, -3) for v in _to_metric.transform(37.5, 48.5))


def square(x_km: float, y_km: float, size_km: float) -> shapely.Polygon:
    """An axis-aligned square in EPSG:3035, `size_km` on a side, offset from ORIGIN in km."""
    x0, y0 = ORIGIN_X + x_km * 1000, ORIGIN_Y + y_km * 1000
    return box(x0, y0, x0 + size_km * 1000, y0 + size_km * 1000)


def rect(x_km: float, y_km: float, w_km: float, h_km: float) -> shapely.Polygon:
    x0, y0 = ORIGIN_X + x_km * 1000, ORIGIN_Y + y_km * 1000
    return box(x0, y0, x0 + w_km * 1000, y0 + h_km * 1000)


def units(**shapes: shapely.Polygon) -> gpd.GeoDataFrame:
    """Units for the engine from ISO code → polygon (EPSG:3035), e.g. units(**{"UA-14": square(0, 0, 10)})."""
    return gpd.GeoDataFrame({"iso": list(shapes), "name": list(shapes)}, geometry=list(shapes.values()), crs=EQUAL_AREA)


def baseline(russian_held: shapely.Geometry, date: str = "test") -> Baseline:
    return Baseline(date=date, russian_held=russian_held, label="test")


def assert_partition(zones: gpd.GeoDataFrame, territory: shapely.Geometry, rel_tol: float = 1e-3) -> None:
    """Zones cover `territory` exactly once: areas sum to it and no two zones overlap."""
    total = zones.geometry.area.sum()
    assert abs(total - territory.area) <= rel_tol * territory.area, \
        f"zones sum to {total / 1e6:.1f} km², territory is {territory.area / 1e6:.1f} km²"
    union = shapely.union_all(zones.geometry.values)
    overlap = total - union.area
    assert overlap <= rel_tol * territory.area, f"zones overlap by {overlap / 1e6:.3f} km²"
    missing = territory.difference(union).area
    assert missing <= rel_tol * territory.area, f"{missing / 1e6:.3f} km² of territory in no zone"
