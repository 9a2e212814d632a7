"""Whether the edges of polygon rings cross: a sweep over the edges (Shamos–Hoey), pure Python.

An area from a file is untrusted. Repairing a ring whose edges cross (GEOS `make_valid`,
`buffer(0)`) costs time with the number of crossings, which grows with the square of the number
of positions: a 300-position ring that crosses itself ~45,000 times pinned the engine for minutes.
Rings are therefore checked here, before any geometry work, in O(n log n) for n edges.

Two edges that pass through each other are refused. Edges that only touch (a spike retracing an
edge, a ring touching itself or another at a point) add no vertices when repaired, so they stay
cheap for the engine; when the sweep stops at such a touch, the rest is checked pair by pair
within a bound on the pairs compared (`MAX_PAIRS`).
"""
from __future__ import annotations

from collections.abc import Sequence

Point = tuple[float, float]
MAX_PAIRS = 3_000_000  # edge pairs compared after a touch (~2 s); beyond it the area is refused


class TooComplex(ValueError):
    """The rings touch, and checking the rest for crossings would take more than MAX_PAIRS."""


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _within(a: Point, b: Point, c: Point) -> bool:
    return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])


def crossing_point(a: Point, b: Point, c: Point, d: Point) -> Point | None:
    """Where segment a–b passes through segment c–d (each strictly through the other), or None."""
    d1, d2 = _orient(c, d, a), _orient(c, d, b)
    if not ((d1 > 0 > d2) or (d1 < 0 < d2)):
        return None
    d3, d4 = _orient(a, b, c), _orient(a, b, d)
    if not ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return None
    t = d1 / (d1 - d2)
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def meeting_point(a: Point, b: Point, c: Point, d: Point) -> tuple[Point, bool] | None:
    """(point, proper) where segments a–b and c–d meet: proper when they cross, else a touch."""
    hit = crossing_point(a, b, c, d)
    if hit is not None:
        return hit, True
    for p, (s, e) in ((a, (c, d)), (b, (c, d)), (c, (a, b)), (d, (a, b))):
        if _orient(s, e, p) == 0 and _within(s, e, p):
            return p, False
    return None


def _edges(rings: Sequence[Sequence]) -> list[tuple[Point, Point, int, int, int]]:
    """(left, right, ring, index, edges in ring) per edge; consecutive repeated positions dropped."""
    out = []
    for r, ring in enumerate(rings):
        pts: list[Point] = []
        for pos in ring:
            p = (float(pos[0]), float(pos[1]))
            if not pts or pts[-1] != p:
                pts.append(p)
        m = len(pts) - 1
        for i in range(m):
            p, q = pts[i], pts[i + 1]
            out.append((p, q, r, i, m) if p < q else (q, p, r, i, m))
    return out


def _adjacent(s, t) -> bool:
    """Consecutive edges of one ring: they share a vertex (and may retrace each other, a spike)."""
    return s[2] == t[2] and (s[3] - t[3]) % s[4] in (1, s[4] - 1)


def _first_meeting(segs) -> tuple[int, int, Point, bool] | None:
    """The first meeting of two non-consecutive edges found by the sweep, or None when none meet.

    Shamos–Hoey: events left to right (insertions before removals at a point); a segment is compared
    with its neighbours when inserted, its two neighbours with each other when it is removed. It
    stops at the first meeting, so no crossing ever changes the order the sweep relies on.
    """
    events = sorted([(s[0], 0, k) for k, s in enumerate(segs)] + [(s[1], 1, k) for k, s in enumerate(segs)])

    def key(k: int, x: float) -> tuple[float, float]:
        (px, py), (qx, qy) = segs[k][0], segs[k][1]
        if qx == px:
            return py, float("inf")
        slope = (qy - py) / (qx - px)
        return py + slope * (x - px), slope

    def below(a: int, b: int) -> bool:
        x = max(segs[a][0][0], segs[b][0][0])
        ka, kb = key(a, x), key(b, x)
        return ka < kb if ka != kb else a < b

    def meet(a: int, b: int):
        s, t = segs[a], segs[b]
        if _adjacent(s, t):
            return None
        hit = meeting_point(s[0], s[1], t[0], t[1])
        return None if hit is None else (s[2], t[2], hit[0], hit[1])

    status: list[int] = []  # live segments, bottom to top
    for _, kind, k in events:
        if kind == 0:
            lo, hi = 0, len(status)
            while lo < hi:
                mid = (lo + hi) // 2
                if below(status[mid], k):
                    lo = mid + 1
                else:
                    hi = mid
            status.insert(lo, k)
            for j in (lo - 1, lo + 1):
                if 0 <= j < len(status) and (found := meet(status[j], k)):
                    return found
        else:
            i = status.index(k)
            if 0 < i < len(status) - 1 and (found := meet(status[i - 1], status[i + 1])):
                return found
            del status[i]
    return None


def _pairwise_crossing(segs, max_pairs: int) -> tuple[int, int, Point] | None:
    """A proper crossing by comparing edges whose x-ranges overlap, at most `max_pairs` pairs."""
    order = sorted(range(len(segs)), key=lambda k: segs[k][0][0])
    pairs = 0
    for n, a in enumerate(order):
        s = segs[a]
        s_lo, s_hi = min(s[0][1], s[1][1]), max(s[0][1], s[1][1])
        for b in order[n + 1:]:
            t = segs[b]
            if t[0][0] > s[1][0]:
                break
            pairs += 1
            if pairs > max_pairs:
                raise TooComplex(f"more than {max_pairs:,} pairs of edges to compare")
            if max(t[0][1], t[1][1]) < s_lo or min(t[0][1], t[1][1]) > s_hi:
                continue
            hit = crossing_point(s[0], s[1], t[0], t[1])
            if hit is not None:
                return s[2], t[2], hit
    return None


def first_crossing(rings: Sequence[Sequence], max_pairs: int = MAX_PAIRS) -> tuple[int, int, Point] | None:
    """(ring, other ring, point) for two edges of the closed rings that pass through each other (the
    two indices are equal when a ring crosses itself), or None. Raises TooComplex when the rings
    touch and more than `max_pairs` pairs of edges would have to be compared to rule out a crossing."""
    segs = _edges(rings)
    found = _first_meeting(segs)
    if found is None:
        return None
    if found[3]:
        return found[0], found[1], found[2]
    return _pairwise_crossing(segs, max_pairs)


def crossing_message(ring: int, other: int, point: Point) -> str:
    """What `first_crossing` found, for an error line (lon, lat to four decimals, about 10 m)."""
    where = f"({point[0]:.4f}, {point[1]:.4f})"
    if ring == other:
        return f"the ring crosses itself at {where}; draw it without crossing edges"
    return f"two rings cross at {where}; draw them without crossing edges"
