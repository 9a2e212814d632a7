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


_SYMBOLS = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)


def encode_ints(values) -> str:
    """Signed integers as a string: zig-zag (sign in the low bit), then 5 bits a symbol, low bits
    first, the 32 bit of a symbol saying another follows. |v| < 16 costs one symbol, < 512 two."""
    v = np.asarray(values, dtype=np.int64).ravel()
    if not len(v):
        return ""
    z = np.where(v >= 0, 2 * v, -2 * v - 1)
    n = np.ones(len(z), dtype=np.int64)   # symbols per value
    while True:
        more = (z >> (5 * n)) > 0
        if not more.any():
            break
        n += more
    width = int(n.max())
    j = np.arange(width)
    chunks = (z[:, None] >> (5 * j[None, :])) & 31
    chunks |= np.where(j[None, :] < (n[:, None] - 1), 32, 0)
    return _SYMBOLS[chunks[j[None, :] < n[:, None]]].tobytes().decode("ascii")


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


def _grid(coords, scale: int) -> np.ndarray:
    """lon/lat pairs to grid points (int64, n × 2), consecutive repeats dropped."""
    pts = np.rint(np.asarray(coords, dtype=float)[:, :2] * scale).astype(np.int64)
    if len(pts) > 1:
        pts = pts[np.concatenate([[True], (np.diff(pts, axis=0) != 0).any(axis=1)])]
    return pts


def quantise(coords, scale: int = SCALE) -> list[Point]:
    """lon/lat pairs to grid points, consecutive repeats dropped."""
    return [tuple(p) for p in _grid(coords, scale).tolist()]


def encode_points(pts) -> str:
    """A path of grid points: the first absolute, then deltas (x, y interleaved)."""
    arr = np.asarray(pts, dtype=np.int64).reshape(-1, 2)
    return encode_ints(np.diff(arr, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel())


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


def _rings(geom: shapely.Geometry, scale: int) -> list[list[np.ndarray]]:
    """Polygons as lists of open rings of grid points (n × 2, the closing point not repeated);
    rings that collapse on the grid dropped."""
    polys = []
    for part in shapely.get_parts(geom):
        if not isinstance(part, shapely.Polygon) or part.is_empty:
            continue
        rings = []
        for ring in (part.exterior, *part.interiors):
            pts = _grid(ring.coords, scale)
            if len(pts) > 1 and (pts[0] == pts[-1]).all():
                pts = pts[:-1]
            if len(np.unique(_keys(pts))) >= 3:
                rings.append(pts)
            elif not rings:  # the exterior collapsed: so does the polygon
                break
        if rings:
            polys.append(rings)
    return polys


def _keys(pts: np.ndarray) -> np.ndarray:
    """One int64 per grid point (x and y each within ±2^31)."""
    return (pts[:, 0] << 32) + (pts[:, 1] & 0xFFFFFFFF)


def simplify_arc(arc, tolerance_m: float, scale: int = SCALE) -> list[Point]:
    """Douglas-Peucker on one arc in a local plane (metres), its ends kept: an arc is simplified
    once for every ring that uses it, so shared borders stay shared. A closed arc keeps 4 points."""
    arc = [tuple(p) for p in np.asarray(arc, dtype=np.int64).tolist()]
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
    rings = [r for polys in shapes_rings for rs in polys for r in rs]
    if not rings:
        return [], [[] for _ in geoms]
    # a junction: a point whose distinct neighbours, over every ring through it, are not just two
    here = np.concatenate([_keys(r) for r in rings])
    prev = np.concatenate([_keys(np.roll(r, 1, axis=0)) for r in rings])
    nxt = np.concatenate([_keys(np.roll(r, -1, axis=0)) for r in rings])
    a, b = np.concatenate([here, here]), np.concatenate([prev, nxt])
    order = np.lexsort((b, a))
    a, b = a[order], b[order]
    distinct = np.concatenate([[True], (a[1:] != a[:-1]) | (b[1:] != b[:-1])])   # each (point, neighbour) once
    pts, counts = np.unique(a[distinct], return_counts=True)
    junctions = pts[counts > 2]

    arcs: list[np.ndarray] = []
    index: dict[bytes, int] = {}

    def ref(arc: np.ndarray) -> int:
        key = arc.tobytes()
        if key in index:
            return index[key]
        back = arc[::-1].tobytes()
        if back in index:
            return ~index[back]
        index[key] = len(arcs)
        arcs.append(arc)
        return index[key]

    shapes = []
    for polys in shapes_rings:
        shape = []
        for rs in polys:
            poly = []
            for ring in rs:
                keys = _keys(ring)
                cuts = np.nonzero(np.isin(keys, junctions))[0]
                if not len(cuts):  # a ring that meets no other: start at its smallest point, one arc
                    k = int(np.argmin(keys))
                    rot = np.roll(ring, -k, axis=0)
                    poly.append([ref(np.concatenate([rot, rot[:1]]))])
                    continue
                rot = np.roll(ring, -int(cuts[0]), axis=0)
                rot = np.concatenate([rot, rot[:1]])
                offsets = [int(c - cuts[0]) for c in cuts] + [len(ring)]
                poly.append([ref(np.ascontiguousarray(rot[a:b + 1])) for a, b in zip(offsets, offsets[1:])])
            shape.append(poly)
        shapes.append(shape)
    if tolerance is not None:
        arcs = [simplify_arc(a, tolerance(a / scale), scale) for a in arcs]
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
