"""Dated baselines: the Russian-held area of Ukraine on a date, and its line of contact.

Files are data/frontline/YYYY-MM-DD.geojson (built from dated reports about places, approximate;
see data/PROVENANCE.md).
A user may bring their own file with the same shape: one or more Polygon/MultiPolygon features
(or KML, KMZ, a zipped shapefile, a GeoPackage: geo/inputs/line_formats.py).
"""
from __future__ import annotations

import json
import weakref
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.inputs.boundaries import ukraine_metric
from geo.measure import EQUAL_AREA, GEOGRAPHIC
from geo.store import text_digest
from proposals.i18n import N_
from proposals.paths import FRONTLINE_DIR, frontline_dates
from proposals.untrusted import clip_text

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 12            # GeoJSON nests at most 6 levels (FeatureCollection → MultiPolygon positions)
MAX_FEATURES = 10_000
MAX_POSITIONS = 2_000_000
MAX_SHARE = 0.9           # a "front line" holding more of Ukraine than this is a mistake, not a scenario


class FrontlineError(ValueError):
    """A front-line file or date that cannot be used; the message names file and problem."""


@dataclass(frozen=True)
class Baseline:
    """The Russian-held area on `date`, in EPSG:3035, clipped to Ukraine."""

    date: str
    russian_held: BaseGeometry
    label: str = "authored, approximate"
    contested: BaseGeometry | None = None  # fighting reported inside; counted as not Russian-held
    digest: str = ""  # SHA-256 of the file(s) it came from: same digest, same geometry (cache keys)
    latest_fact: str = ""  # ISO date of the newest report the line rests on ("" when unknown: a user's file)

    @property
    def contested_km2(self) -> float:
        return 0.0 if self.contested is None else self.contested.area / 1e6

    @property
    def russian_held_km2(self) -> float:
        return self.russian_held.area / 1e6


def available_dates(directory: Path = FRONTLINE_DIR) -> list[str]:
    """ISO dates with a front-line file, oldest first."""
    return frontline_dates(directory)


def _depth_ok(text: str, limit: int) -> bool:
    """Whether brackets in JSON text nest at most `limit` deep, counted without parsing (strings
    skipped), so 200,000 `[` never reach the recursive parser."""
    depth, in_str, escaped = 0, False, False
    for ch in text:
        if in_str:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def _geometries(doc: dict, name: str) -> list[tuple[str, object, object]]:
    """(field path, GeoJSON geometry, properties) for each geometry in a FeatureCollection, Feature or geometry."""
    kind = doc.get("type")
    if kind == "FeatureCollection":
        feats = doc.get("features")
        if not isinstance(feats, list):
            raise FrontlineError(f"{name}: features: expected a list of features, found {type(feats).__name__}")
        if len(feats) > MAX_FEATURES:
            raise FrontlineError(f"{name}: features: {len(feats):,} features; at most {MAX_FEATURES:,}")
        out = []
        for i, f in enumerate(feats):
            if not isinstance(f, dict):
                raise FrontlineError(f"{name}: features[{i}]: expected a Feature object, found {type(f).__name__}")
            out.append((f"features[{i}].geometry", f.get("geometry"), f.get("properties")))
        return out
    if kind == "Feature":
        return [("geometry", doc.get("geometry"), doc.get("properties"))]
    if kind == "GeometryCollection":
        geoms = doc.get("geometries")
        if not isinstance(geoms, list):
            raise FrontlineError(f"{name}: geometries: expected a list, found {type(geoms).__name__}")
        return [(f"geometries[{i}]", g, None) for i, g in enumerate(geoms)]
    return [("features[0].geometry", doc, None)]


def polygon_parts(geom: BaseGeometry) -> BaseGeometry:
    """The polygons of a geometry (make_valid turns a spike into polygon + line)."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def geojson_polygons(text: str, name: str) -> list[tuple[dict, BaseGeometry]]:
    """(properties, polygon) of each feature of GeoJSON text, every bound checked first."""
    if not _depth_ok(text, MAX_DEPTH):
        raise FrontlineError(f"{name}: geojson: nested more than {MAX_DEPTH} levels deep; not a GeoJSON polygon")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise FrontlineError(f"{name}: geojson: not valid JSON ({e.msg}, line {e.lineno})") from None
    except RecursionError:
        raise FrontlineError(f"{name}: geojson: nested too deeply") from None
    if not isinstance(doc, dict):
        raise FrontlineError(f"{name}: geojson: expected an object, found {type(doc).__name__}")
    polys = []
    for where, g, props in _geometries(doc, name):
        try:
            geom = shape(g)
        except Exception:  # shapely raises several types for malformed input
            raise FrontlineError(f"{name}: {where}: not a valid GeoJSON geometry") from None
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise FrontlineError(f"{name}: {where}: {geom.geom_type}, expected Polygon or MultiPolygon")
        if shapely.get_num_coordinates(geom) > MAX_POSITIONS:
            raise FrontlineError(f"{name}: {where}: more than {MAX_POSITIONS:,} positions")
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90):
            raise FrontlineError(f"{name}: {where}: coordinates are not longitude/latitude (found x up to "
                                 f"{max(abs(minx), abs(maxx)):,.0f}, y up to {max(abs(miny), abs(maxy)):,.0f}); "
                                 "give EPSG:4326 degrees, lon then lat")
        poly = polygon_parts(shapely.make_valid(geom))
        if poly.is_empty or poly.area == 0:
            raise FrontlineError(f"{name}: {where}: encloses no area (a degenerate ring)")
        polys.append((props if isinstance(props, dict) else {}, poly))
    if not polys:
        raise FrontlineError(f"{name}: features: no polygon found")
    return polys


def _geometry_from_geojson(text: str, name: str) -> BaseGeometry:
    return shapely.union_all([poly for _, poly in geojson_polygons(text, name)])


def baseline_from_geojson(text: str, name: str, date: str = "custom", label: str | None = None) -> Baseline:
    """A baseline from GeoJSON text in EPSG:4326 (a user's own front line), clipped to Ukraine.

    FrontlineError (`NAME: field: problem`) on anything else, including unexpected failures.
    """
    name = clip_text(name, 200)
    try:
        geom = _geometry_from_geojson(text, name)
    except FrontlineError:
        raise
    except RecursionError:
        raise FrontlineError(f"{name}: geojson: nested too deeply") from None
    return baseline_from_geometry(geom, name, text_digest(text), date=date, label=label)


def baseline_from_geometry(geom: BaseGeometry, name: str, digest: str, date: str = "custom",
                           label: str | None = None, contested: BaseGeometry | None = None) -> Baseline:
    """A baseline from polygons in EPSG:4326 (checked: polygons with area, lon/lat degrees), clipped
    to Ukraine; `contested` (optional, EPSG:4326) is kept apart and not counted as Russian-held."""
    try:
        country = ukraine_metric()
        metric = gpd.GeoSeries([geom] + ([contested] if contested is not None else []),
                               crs=GEOGRAPHIC).to_crs(EQUAL_AREA)
        held = polygon_parts(shapely.make_valid(metric.iloc[0].intersection(country)))
        grey = None
        if contested is not None:
            grey = polygon_parts(shapely.make_valid(metric.iloc[1].intersection(country))).difference(held)
    except Exception as e:  # one line naming the file, never a traceback
        raise FrontlineError(f"{name}: geometry: cannot be used ({type(e).__name__}: {clip_text(e, 120)})") from None
    if held.is_empty:
        raise FrontlineError(f"{name}: geometry: does not overlap Ukraine (coordinates must be lon/lat, EPSG:4326)")
    share = held.area / country.area
    if share > MAX_SHARE:
        raise FrontlineError(f"{name}: geometry: covers {100 * share:.0f}% of Ukraine; a front line is the "
                             f"Russian-held part (at most {100 * MAX_SHARE:.0f}%), not a whole region")
    return Baseline(date=date, russian_held=held, label=label or f"user file {name}", digest=digest,
                    contested=grey if grey is not None and not grey.is_empty else None)


BUILT_LABEL = N_("built from dated reports of settlements' control, approximate")  # the shipped lines


def _latest_fact(text: str) -> str:
    """The `latest_fact` property of a shipped front-line file (the first feature's), or ""."""
    try:
        feats = json.loads(text).get("features") or [{}]
        return str(feats[0].get("properties", {}).get("latest_fact") or "")
    except (AttributeError, ValueError):
        return ""


@lru_cache(maxsize=16)
def load_baseline(date: str, directory: Path = FRONTLINE_DIR) -> Baseline:
    """The shipped baseline for an ISO date; FrontlineError names the dates that exist."""
    path = directory / f"{date}.geojson"
    if not path.is_file():
        raise FrontlineError(f"{date}: no front line for this date; available: {', '.join(available_dates(directory))}")
    text = path.read_text(encoding="utf-8")
    base = baseline_from_geojson(text, path.name, date=date, label=BUILT_LABEL)
    base = replace(base, latest_fact=_latest_fact(text))
    contested = directory / "contested" / f"{date}.geojson"
    if contested.is_file():
        grey_text = contested.read_text(encoding="utf-8")
        grey = baseline_from_geojson(grey_text, contested.name, date=date).russian_held
        base = replace(base, contested=grey.difference(base.russian_held), digest=text_digest(text, grey_text))
    return base


class BaselineRegistry:
    """Uploaded front lines by digest, bounded: the `max_entries` most recent, plus any still held
    elsewhere (a session showing it). Memory no longer grows with every upload until restart."""

    def __init__(self, max_entries: int = 8) -> None:
        self.max_entries = max_entries
        self._recent: OrderedDict[str, Baseline] = OrderedDict()
        self._live: weakref.WeakValueDictionary[str, Baseline] = weakref.WeakValueDictionary()

    def put(self, digest: str, baseline: Baseline) -> None:
        self._recent[digest] = baseline
        self._recent.move_to_end(digest)
        self._live[digest] = baseline
        while len(self._recent) > self.max_entries:
            self._recent.popitem(last=False)

    def get(self, digest: str) -> Baseline | None:
        found = self._recent.get(digest) or self._live.get(digest)
        if found is not None:
            self.put(digest, found)
        return found

    def __len__(self) -> int:
        return len(set(self._recent) | set(self._live.keys()))


def line_of_contact(baseline: Baseline, territory: BaseGeometry | None = None) -> BaseGeometry:
    """The boundary of the Russian-held area minus the state border and the coast (EPSG:3035).

    `territory` is the whole country (default: Ukraine); its outline is what is not front.
    """
    outline = (territory if territory is not None else ukraine_metric()).boundary.buffer(250)
    return baseline.russian_held.boundary.difference(outline)
