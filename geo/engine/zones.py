"""The rule engine: a proposal's ordered rules over a baseline, as a partition of the country.

Start: Ukrainian-held land is `ukraine`, Russian-held land is `occupied`. Each rule, in order,
relabels the part of the current pieces its selector picks; later rules win. Pieces are only
ever split (intersection / difference), so the result never overlaps and never leaves gaps.
All geometry is EPSG:3035 (equal area); distance bands are buffered in a local equidistant CRS.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import geopandas as gpd
import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from geo.inputs.boundaries import oblasts_metric
from geo.inputs.frontline import Baseline, crossing_problem, line_of_contact
from geo.measure import EQUAL_AREA, GEOGRAPHIC, local_crs, reproject
from proposals.model import Proposal, Rule, Selector, control_of, recognition_of
from proposals.oblasts import resolve_all

MIN_PIECE_M2 = 1.0  # slivers below 1 m² are numerical noise


@dataclass(frozen=True)
class Piece:
    oblast: str
    name: str
    held_before: str  # "ukraine" | "russia"
    status: str
    recognition: str  # how sovereignty is treated after the proposal (proposals.model.RECOGNITIONS)
    rule: str
    geometry: BaseGeometry


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygon parts (intersections can leave lines and points behind)."""
    if geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def band_along(line: BaseGeometry, km: float) -> BaseGeometry:
    """Everything within `km` of `line` (EPSG:3035 in and out), measured as true distance."""
    if line.is_empty:
        return shapely.Polygon()
    c = reproject(line.centroid, EQUAL_AREA, GEOGRAPHIC)
    local = local_crs(c.x, c.y)
    buffered = reproject(line, EQUAL_AREA, local).buffer(km * 1000.0, quad_segs=16)
    return shapely.make_valid(reproject(shapely.segmentize(buffered, 2000.0), local, EQUAL_AREA))


def circle_around(lon: float, lat: float, radius_km: float) -> BaseGeometry:
    """A true-distance circle (EPSG:3035)."""
    local = local_crs(lon, lat)
    return reproject(Point(0, 0).buffer(radius_km * 1000.0, quad_segs=32), local, EQUAL_AREA)


def explicit_area(geojson: dict) -> BaseGeometry:
    """A GeoJSON polygon in EPSG:3035, repaired only when that is cheap: the loader refuses edges
    that cross, and this refuses them again (ValueError) for an area that did not come through it."""
    geom = shape(geojson)
    if not shapely.is_valid(geom):
        problem = crossing_problem(geom)
        if problem is not None:
            raise ValueError(problem)
        geom = shapely.make_valid(geom)
    return reproject(geom, GEOGRAPHIC, EQUAL_AREA)


@dataclass(frozen=True)
class Context:
    """What selectors are evaluated against: the baseline and the country's units."""

    baseline: Baseline
    units: gpd.GeoDataFrame  # iso, name, geometry (EPSG:3035)
    territory: BaseGeometry

    def line(self) -> BaseGeometry:
        return line_of_contact(self.baseline, self.territory)


def selector_region(sel: Selector, ctx: Context) -> BaseGeometry | None:
    """The spatial part of a selector (band, area); None when it has none (attributes only)."""
    region: BaseGeometry | None = None
    if sel.within_km_of_line is not None:
        region = band_along(ctx.line(), sel.within_km_of_line)
        if sel.side == "ukraine":
            region = region.difference(ctx.baseline.russian_held)
        elif sel.side == "russia":
            region = region.intersection(ctx.baseline.russian_held)
    if sel.area is not None:
        a = sel.area
        shape_ = circle_around(a.around.lon, a.around.lat, a.around.radius_km) if a.around else \
            explicit_area({"type": a.type, "coordinates": a.coordinates})
        region = shape_ if region is None else region.intersection(shape_)
    return region


def _matches(piece: Piece, sel: Selector, oblast_codes: tuple[str, ...] | None) -> bool:
    if oblast_codes is not None and piece.oblast not in oblast_codes:
        return False
    return sel.held_by in ("any", piece.held_before)


def apply_rule(pieces: list[Piece], rule: Rule, ctx: Context) -> list[Piece]:
    sel = rule.where
    codes = resolve_all(sel.oblasts) if sel.oblasts else None
    region = selector_region(sel, ctx)
    out: list[Piece] = []
    for p in pieces:
        if not _matches(p, sel, codes):
            out.append(p)
            continue
        if region is None:
            out.append(replace(p, status=rule.status, recognition=rule.recognition_after, rule=rule.id))
            continue
        inside = _polygonal(p.geometry.intersection(region))
        if inside.is_empty or inside.area < MIN_PIECE_M2:
            out.append(p)
            continue
        outside = _polygonal(p.geometry.difference(region))
        out.append(replace(p, geometry=inside, status=rule.status, recognition=rule.recognition_after, rule=rule.id))
        if not outside.is_empty and outside.area >= MIN_PIECE_M2:
            out.append(replace(p, geometry=outside))
    return out


def initial_pieces(ctx: Context) -> list[Piece]:
    held = ctx.baseline.russian_held
    pieces = []
    for u in ctx.units.itertuples():
        for side, geom in (("ukraine", u.geometry.difference(held)), ("russia", u.geometry.intersection(held))):
            geom = _polygonal(geom)
            if not geom.is_empty and geom.area >= MIN_PIECE_M2:
                status = "ukraine" if side == "ukraine" else "occupied"
                pieces.append(Piece(u.iso, u.name, side, status, recognition_of(status), "baseline", geom))
    return pieces


def zones_for(proposal: Proposal, baseline: Baseline, units: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The proposal's zones: oblast, name, held_before, status, control, recognition, rule, note, km2,
    geometry (EPSG:3035).

    One row per (oblast, held_before, status, recognition, rule); rows partition `units` (default:
    Ukraine). `control` (who holds the land after) follows from the status (land left to talks stays
    with whoever held it); `recognition` (how its
    sovereignty is treated) is the rule's own or the status's default.
    """
    units = oblasts_metric() if units is None else units
    ctx = Context(baseline, units, shapely.union_all(units.geometry.values))
    pieces = initial_pieces(ctx)
    for rule in proposal.rules:
        pieces = apply_rule(pieces, rule, ctx)
    notes = {r.id: r.note for r in proposal.rules}
    groups: dict[tuple, list[BaseGeometry]] = {}
    names: dict[str, str] = {}
    for p in pieces:
        groups.setdefault((p.oblast, p.held_before, p.status, p.recognition, p.rule), []).append(p.geometry)
        names[p.oblast] = p.name
    rows = []
    for (oblast, held, status, recognition, rule), geoms in groups.items():
        geom = shapely.union_all(geoms) if len(geoms) > 1 else geoms[0]
        rows.append({"oblast": oblast, "name": names[oblast], "held_before": held, "status": status,
                     "control": control_of(status, held), "recognition": recognition, "rule": rule,
                     "note": notes.get(rule, "Baseline: who held it on the front-line date."),
                     "km2": geom.area / 1e6, "geometry": geom})
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=EQUAL_AREA)
    return frame.sort_values(["oblast", "held_before", "status", "rule"]).reset_index(drop=True)
