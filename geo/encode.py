"""Compact map geometry: quantised, delta-encoded coordinates and shared arcs, decoded in the browser.

A map's zones are a partition: every inner border belongs to two zones, so GeoJSON sends it twice,
as decimal text (~18 bytes a vertex). Here coordinates are snapped to a grid (`scale` units per
degree), borders are cut into arcs at the points where three or more rings meet and each arc is
sent once (TopoJSON's idea), and each arc is a string of zig-zag varints of the deltas between
vertices (Google's polyline idea, with a URL-safe alphabet so nothing needs escaping in JSON, HTML
or a Jinja template). static/ppa/map-ui.js (`ppaPath`, `ppaShape`) decodes it. Pure functions on
lon/lat (EPSG:4326) geometry; display only, numbers are measured on full geometry elsewhere.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"  # 64 symbols: 5 bits + more
SCALE = 10_000  # grid units per degree: 1e-4° (~8 m east-west, ~11 m north-south at 48°N)
M_PER_DEG = 111_320.0

Point = tuple[int, int]


def encode_ints(values) -> str:
    """Signed integers as a string: zig-zag (sign in the low bit), then 5 bits a symbol, low bits
    first, the 32 bit of a symbol saying another follows. |v| < 16 costs one symbol, < 512 two."""
    out = []
    for v in values:
        z = 2 * int(v) if v >= 0 else -2 * int(v) - 1
        while z >= 32:
            out.append(ALPHABET[32 | (z & 31)])
            z >>= 5
        out.append(ALPHABET[z])
    return "".join(out)


def decode_ints(text: str) -> list[int]:
    """The inverse of `encode_ints` (the browser has its own copy in map-ui.js)."""
    out, z, shift = [], 0, 0
    for ch in text:
        c = ALPHABET.index(ch)
        z |= (c & 31) << shift
        if c & 32:
            shift += 5
            continue
        out.append(z >> 1 if not z & 1 else -((z + 1) >> 1))
        z, shift = 0, 0
    return out


def quantise(coords, scale: int = SCALE) -> list[Point]:
    """lon/lat pairs to grid points, consecutive repeats dropped."""
    pts: list[Point] = []
    for x, y in np.rint(np.asarray(coords, dtype=float)[:, :2] * scale).astype(np.int64).tolist():
        if not pts or pts[-1] != (x, y):
            pts.append((x, y))
    return pts


def encode_points(pts: list[Point]) -> str:
    """A path of grid points: the first absolute, then deltas (x, y interleaved)."""
    flat, px, py = [], 0, 0
    for x, y in pts:
        flat += (x - px, y - py)
        px, py = x, y
    return encode_ints(flat)


def decode_points(text: str) -> list[Point]:
    ints = decode_ints(text)
    pts, x, y = [], 0, 0
    for i in range(0, len(ints), 2):
        x, y = x + ints[i], y + ints[i + 1]
        pts.append((x, y))
    return pts


def encode_lines(geom: shapely.Geometry, scale: int = SCALE) -> list[str]:
    """Every line of a (multi)line geometry, or every ring of a polygonal one, as a path string."""
    out = []
    for part in shapely.get_parts(geom):
        rings = [part.exterior, *part.interiors] if isinstance(part, shapely.Polygon) else [part]
        for ring in rings:
            pts = quantise(ring.coords, scale)
            if len(pts) >= 2:
                out.append(encode_points(pts))
    return out


def encode_polygons(geom: shapely.Geometry, scale: int = SCALE) -> list[list[str]]:
    """A (multi)polygon as polygons of ring paths (exterior first): areas that overlap others
    (contested discs), where no border is shared."""
    out = []
    for part in shapely.get_parts(geom):
        if not isinstance(part, shapely.Polygon) or part.is_empty:
            continue
        rings = [quantise(r.coords, scale) for r in (part.exterior, *part.interiors)]
        rings = [r for r in rings if len(r) >= 4]
        if rings and len(rings[0]) >= 4:
            out.append([encode_points(r) for r in rings])
    return out


def _rings(geom: shapely.Geometry, scale: int) -> list[list[list[Point]]]:
    """Polygons as lists of closed rings of grid points; rings that collapse on the grid dropped."""
    polys = []
    for part in shapely.get_parts(geom):
        if not isinstance(part, shapely.Polygon) or part.is_empty:
            continue
        rings = []
        for ring in (part.exterior, *part.interiors):
            pts = quantise(ring.coords, scale)
            if pts[0] != pts[-1]:
                pts.append(pts[0])
            if len(set(pts)) >= 3:
                rings.append(pts)
            elif not rings:  # the exterior collapsed: so does the polygon
                break
        if rings:
            polys.append(rings)
    return polys


def simplify_arc(arc: list[Point], tolerance_m: float, scale: int = SCALE) -> list[Point]:
    """Douglas-Peucker on one arc in a local plane (metres), its ends kept: an arc is simplified
    once for every ring that uses it, so shared borders stay shared. A closed arc keeps 4 points."""
    if tolerance_m <= 0 or len(arc) <= 2:
        return arc
    xy = np.asarray(arc, dtype=float) / scale
    k = np.cos(np.radians(xy[:, 1].mean())) * M_PER_DEG
    plane = np.column_stack([xy[:, 0] * k, xy[:, 1] * M_PER_DEG])
    kept = np.asarray(shapely.simplify(shapely.LineString(plane), tolerance_m).coords)
    if arc[0] == arc[-1] and len(kept) < 4:
        return arc
    back = np.rint(np.column_stack([kept[:, 0] / k, kept[:, 1] / M_PER_DEG]) * scale).astype(np.int64)
    out = [tuple(p) for p in back.tolist()]
    out[0], out[-1] = arc[0], arc[-1]
    return out


def topology(geoms, scale: int = SCALE,
             tolerance: Callable[[np.ndarray], float] | None = None) -> tuple[list[str], list[list[list[list[int]]]]]:
    """Polygonal geometries (lon/lat) as shared arcs and shapes that refer to them.

    Returns (arcs, shapes): each arc a path string (`encode_points`); each shape a list of
    polygons, each a list of rings, each a list of arc indices, ~i (that is -i-1) for arc i
    walked backwards. A border between two shapes is one arc, sent once. `tolerance`, given an
    arc's lon/lat vertices, says how far (m) it may be simplified (`simplify_arc`); 0 keeps it.
    """
    shapes_rings = [_rings(g, scale) for g in geoms]
    neighbours: dict[Point, set[Point]] = {}
    for polys in shapes_rings:
        for rings in polys:
            for ring in rings:
                n = len(ring) - 1
                for i in range(n):
                    nb = neighbours.setdefault(ring[i], set())
                    nb.add(ring[i - 1] if i else ring[n - 1])
                    nb.add(ring[i + 1])
    junction = {p for p, nb in neighbours.items() if len(nb) > 2}

    arcs: list[list[Point]] = []
    index: dict[tuple[Point, ...], int] = {}

    def ref(arc: list[Point]) -> int:
        key = tuple(arc)
        if key in index:
            return index[key]
        back = key[::-1]
        if back in index:
            return ~index[back]
        index[key] = len(arcs)
        arcs.append(arc)
        return index[key]

    shapes = []
    for polys in shapes_rings:
        shape = []
        for rings in polys:
            poly = []
            for ring in rings:
                open_ring = ring[:-1]
                cuts = [i for i, p in enumerate(open_ring) if p in junction]
                if not cuts:  # a ring that meets no other: start at its smallest point, one arc
                    k = open_ring.index(min(open_ring))
                    rot = open_ring[k:] + open_ring[:k]
                    poly.append([ref(rot + [rot[0]])])
                    continue
                rot = open_ring[cuts[0]:] + open_ring[:cuts[0]]
                offsets = [c - cuts[0] for c in cuts] + [len(open_ring)]
                rot = rot + [rot[0]]
                poly.append([ref(rot[a:b + 1]) for a, b in zip(offsets, offsets[1:])])
            shape.append(poly)
        shapes.append(shape)
    if tolerance is not None:
        arcs = [simplify_arc(a, tolerance(np.asarray(a, dtype=float) / scale), scale) for a in arcs]
    return [encode_points(a) for a in arcs], shapes


def decode_shape(arcs: list[str], shape: list[list[list[int]]], scale: int = SCALE) -> shapely.Geometry:
    """A shape from `topology` back to a lon/lat (multi)polygon: for tests (the browser decodes its own)."""
    paths = [decode_points(a) for a in arcs]
    polys = []
    for poly in shape:
        rings = []
        for ring in poly:
            pts: list[Point] = []
            for r in ring:
                arc = paths[r] if r >= 0 else paths[~r][::-1]
                pts += arc[1:] if pts else arc
            rings.append([(x / scale, y / scale) for x, y in pts])
        polys.append(shapely.Polygon(rings[0], rings[1:]))
    return shapely.MultiPolygon(polys) if len(polys) != 1 else polys[0]
