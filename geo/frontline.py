"""Dated baselines: the Russian-held area of Ukraine on a date, and its line of contact.

Files are data/frontline/YYYY-MM-DD.geojson (authored, approximate; see data/PROVENANCE.md).
A user may bring their own file with the same shape: one or more Polygon/MultiPolygon features.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.boundaries import ukraine_metric
from geo.measure import EQUAL_AREA, GEOGRAPHIC
from proposals.paths import FRONTLINE_DIR


MAX_BYTES = 20 * 1024 * 1024


class FrontlineError(ValueError):
    """A front-line file or date that cannot be used; the message names file and problem."""


@dataclass(frozen=True)
class Baseline:
    """The Russian-held area on `date`, in EPSG:3035, clipped to Ukraine."""

    date: str
    russian_held: BaseGeometry
    label: str = "authored, approximate"

    @property
    def russian_held_km2(self) -> float:
        return self.russian_held.area / 1e6


def available_dates(directory: Path = FRONTLINE_DIR) -> list[str]:
    """ISO dates with a front-line file, oldest first."""
    out = []
    for p in directory.glob("*.geojson"):
        try:
            dt.date.fromisoformat(p.stem)
        except ValueError:
            continue
        out.append(p.stem)
    return sorted(out)


def _geometry_from_geojson(text: str, name: str) -> BaseGeometry:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise FrontlineError(f"{name}: geojson: not valid JSON ({e.msg}, line {e.lineno})") from None
    if not isinstance(doc, dict):
        raise FrontlineError(f"{name}: geojson: expected an object")
    if doc.get("type") == "FeatureCollection":
        geoms = [f.get("geometry") for f in doc.get("features") or [] if isinstance(f, dict)]
    elif doc.get("type") == "Feature":
        geoms = [doc.get("geometry")]
    else:
        geoms = [doc]
    polys = []
    for i, g in enumerate(geoms):
        try:
            geom = shape(g)
        except Exception:  # shapely raises several types for malformed input
            raise FrontlineError(f"{name}: features[{i}].geometry: not a valid GeoJSON geometry") from None
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise FrontlineError(f"{name}: features[{i}].geometry: {geom.geom_type}, expected Polygon or MultiPolygon")
        polys.append(shapely.make_valid(geom))
    if not polys:
        raise FrontlineError(f"{name}: features: no polygon found")
    return shapely.union_all(polys)


def baseline_from_geojson(text: str, name: str, date: str = "custom", label: str | None = None) -> Baseline:
    """A baseline from GeoJSON text in EPSG:4326 (a user's own front line), clipped to Ukraine."""
    geom = _geometry_from_geojson(text, name)
    metric = gpd.GeoSeries([geom], crs=GEOGRAPHIC).to_crs(EQUAL_AREA).iloc[0]
    held = shapely.make_valid(metric.intersection(ukraine_metric()))
    if held.is_empty:
        raise FrontlineError(f"{name}: geometry: does not overlap Ukraine")
    return Baseline(date=date, russian_held=held, label=label or f"user file {name}")


@lru_cache(maxsize=16)
def load_baseline(date: str, directory: Path = FRONTLINE_DIR) -> Baseline:
    """The shipped baseline for an ISO date; FrontlineError names the dates that exist."""
    path = directory / f"{date}.geojson"
    if not path.is_file():
        raise FrontlineError(f"{date}: no front line for this date; available: {', '.join(available_dates(directory))}")
    return baseline_from_geojson(path.read_text(encoding="utf-8"), path.name, date=date,
                                 label="authored from public reporting, approximate")


def load_user_baseline(path: Path) -> Baseline:
    """A user's own GeoJSON of the Russian-held area; errors name the file."""
    if not path.is_file():
        raise FrontlineError(f"{path}: file not found")
    if path.stat().st_size > MAX_BYTES:
        raise FrontlineError(f"{path}: file: larger than {MAX_BYTES // 2**20} MB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FrontlineError(f"{path}: file: not UTF-8 text") from None
    return baseline_from_geojson(text, str(path), date=path.stem)


def line_of_contact(baseline: Baseline, territory: BaseGeometry | None = None) -> BaseGeometry:
    """The boundary of the Russian-held area minus the state border and the coast (EPSG:3035).

    `territory` is the whole country (default: Ukraine); its outline is what is not front.
    """
    outline = (territory if territory is not None else ukraine_metric()).boundary.buffer(250)
    return baseline.russian_held.boundary.difference(outline)
