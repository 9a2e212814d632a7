"""Front lines made from facts: settlements with dated, sourced control, and the rivers the front follows.

Each settlement in `data/frontline/source/settlements.csv` has dated events (a capture, a
liberation, a report of who held it), each with its source. On a date, every settlement takes
the control of its latest event on or before that date. The Russian-held area is then the union
of the Voronoi cells of the Russian-held settlements (clipped to Ukraine): the line runs halfway
between two opposing settlements, so every stretch of it is explained by the pair on either side
and their sources. Where the front follows a river (the Dnipro and the Kakhovka reservoir since
November 2022), points sampled a kilometre off each bank pin the line to the river.

All geometry here is EPSG:3035 unless a name says lon/lat. Pure functions: the build script
(`scripts/build_frontline.py`) and the tests call them.
"""
from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPoint, Point
from shapely.geometry.base import BaseGeometry

from geo.measure import EQUAL_AREA, GEOGRAPHIC, reproject

CONTROLS = ("russia", "ukraine", "contested")
FIELDS = ("settlement", "oblast", "geonameid", "lat", "lon", "date", "control", "event", "outlet",
          "source_date", "url")
UKRAINE_BBOX = (22.0, 44.0, 40.5, 52.5)  # lon/lat: every fact must fall inside
# What a row's control rests on (optional column `basis`; empty means "report"):
BASES = {
    "report": "a dated report about the place at that time (capture, liberation, official statement, news)",
    "mapper": "a mapping project's assessment (DeepState, ISW) relayed by news, with no primary report found",
    "inferred": "an earlier state inferred from a report more than 90 days later",
    "background": "long-held rear town, no specific report (far from the line)",
    "reference": "the project's reference table (measured, not a report)",
    "excluded": "kept for the record, not used by the build (unsourced near the line, or contradicted)",
}


class FactError(ValueError):
    """A row of the facts table that cannot be used; the message names file, row and field."""


@dataclass(frozen=True)
class Event:
    date: dt.date
    control: str
    event: str
    outlet: str
    source_date: str
    url: str
    basis: str = "report"

    @property
    def verified(self) -> bool:
        """Backed by a report of its own time: a URL, and neither inferred nor background nor measured."""
        return bool(self.url) and self.outlet.lower() != "unverified" and self.basis in ("report", "mapper")


@dataclass(frozen=True)
class Settlement:
    name: str
    oblast: str
    geonameid: str
    lon: float
    lat: float
    events: tuple[Event, ...]  # sorted by date

    def event_on(self, date: dt.date) -> Event | None:
        """The event in force on `date`: the latest one dated on or before it.

        Before its first event a settlement is taken to have been held by the other side of a
        first capture or liberation (a capture implies the other side held it before); a first
        report of contested control says nothing about before, so it gives None."""
        usable = [e for e in self.events if e.date <= date]
        if usable:
            return usable[-1]
        first = self.events[0]
        if first.control == "contested":
            return None
        before = "ukraine" if first.control == "russia" else "russia"
        return Event(first.date, before, f"held by {before} before: {first.event}", first.outlet,
                     first.source_date, first.url, "inferred")

    def control_on(self, date: dt.date) -> str | None:
        e = self.event_on(date)
        return e.control if e else None


REFERENCE_OUTLET = "project reference table"


def event_order(e: Event) -> tuple:
    """By date; on the same day a measured observation (the reference table) comes after a news
    report, so it decides the control on that date."""
    return (e.date, e.outlet == REFERENCE_OUTLET)


def _row_error(path: str, line: int, field: str, message: str) -> FactError:
    return FactError(f"{path}: row {line}: {field}: {message}")


SAME_PLACE_DEG = 0.05  # rows of one name closer than this (~5 km) are one place; villages share names


def _place(known: dict, name: str, oblast: str, lon: float, lat: float) -> int:
    """Which of the places called `name` in `oblast` a row is about (a new one if none is near)."""
    same = [k for k in known if k[0] == name and k[1] == oblast]
    for k in same:
        if math.dist((known[k]["lon"], known[k]["lat"]), (lon, lat)) <= SAME_PLACE_DEG:
            return k[2]
    return len(same)


def merge_places(settlements: list[Settlement]) -> list[Settlement]:
    """One Settlement per place across several tables: events joined, the first table's position kept."""
    out: list[Settlement] = []
    for s in settlements:
        twin = next((o for o in out if o.name == s.name and o.oblast == s.oblast
                     and math.dist((o.lon, o.lat), (s.lon, s.lat)) <= SAME_PLACE_DEG), None)
        if twin is None:
            out.append(s)
            continue
        out[out.index(twin)] = Settlement(twin.name, twin.oblast, twin.geonameid or s.geonameid, twin.lon, twin.lat,
                                          tuple(sorted(twin.events + s.events, key=event_order)))
    return out


def read_facts(path: Path) -> list[Settlement]:
    """The facts table, one Settlement per place (same name and oblast, within ~5 km)."""
    by_key: dict[tuple[str, str], dict] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in FIELDS if c not in (reader.fieldnames or [])]
        if missing:
            raise FactError(f"{path}: header: missing column(s) {', '.join(missing)}")
        for i, row in enumerate(reader, start=2):
            name = (row["settlement"] or "").strip()
            if not name:
                raise _row_error(str(path), i, "settlement", "empty")
            try:
                lon, lat = float(row["lon"]), float(row["lat"])
            except (TypeError, ValueError):
                raise _row_error(str(path), i, "lon/lat", f"not numbers: {row['lon']!r}, {row['lat']!r}") from None
            if not (UKRAINE_BBOX[0] <= lon <= UKRAINE_BBOX[2] and UKRAINE_BBOX[1] <= lat <= UKRAINE_BBOX[3]):
                raise _row_error(str(path), i, "lon/lat", f"{lon}, {lat} is not in Ukraine")
            try:
                date = dt.date.fromisoformat(row["date"].strip())
            except (AttributeError, ValueError):
                raise _row_error(str(path), i, "date", f"{row['date']!r} is not YYYY-MM-DD") from None
            control = (row["control"] or "").strip()
            if control not in CONTROLS:
                raise _row_error(str(path), i, "control", f"{control!r}; expected one of {', '.join(CONTROLS)}")
            basis = (row.get("basis") or "").strip() or "report"
            if basis not in BASES:
                raise _row_error(str(path), i, "basis", f"{basis!r}; expected one of {', '.join(BASES)}")
            if basis == "excluded":
                continue
            key = (name, row["oblast"].strip(), _place(by_key, name, row["oblast"].strip(), lon, lat))
            entry = by_key.setdefault(key, {"lon": lon, "lat": lat, "geonameid": (row["geonameid"] or "").strip(),
                                            "events": []})
            entry["events"].append(Event(date, control, row["event"].strip(), row["outlet"].strip(),
                                         (row["source_date"] or "").strip(), (row["url"] or "").strip(), basis))
    out = []
    for (name, oblast, _), e in by_key.items():
        events = tuple(sorted(e["events"], key=event_order))
        out.append(Settlement(name, oblast, e["geonameid"], e["lon"], e["lat"], events))
    return out


@dataclass(frozen=True)
class RiverStretch:
    """A stretch where the front follows a river: Russian-held on the left of the direction of travel."""

    name: str
    coords: tuple[tuple[float, float], ...]  # lon/lat
    since: dt.date
    source: str


def river_points(stretch: RiverStretch, spacing_km: float = 2.0, offset_km: float = 1.0
                 ) -> list[tuple[float, float, str]]:
    """(x, y, control) pairs in EPSG:3035 a little off each bank, every `spacing_km` along the river."""
    line = reproject(LineString(stretch.coords), GEOGRAPHIC, EQUAL_AREA)
    n = max(2, int(line.length / (spacing_km * 1000)) + 1)
    out = []
    for d in np.linspace(0, line.length, n):
        a = line.interpolate(max(d - 200, 0))
        b = line.interpolate(min(d + 200, line.length))
        tx, ty = b.x - a.x, b.y - a.y
        norm = math.hypot(tx, ty) or 1.0
        lx, ly = -ty / norm, tx / norm  # unit normal to the left of travel
        p = line.interpolate(d)
        off = offset_km * 1000
        out.append((p.x + lx * off, p.y + ly * off, "russia"))
        out.append((p.x - lx * off, p.y - ly * off, "ukraine"))
    return out


@dataclass(frozen=True)
class LabelledPoint:
    x: float
    y: float
    control: str
    name: str  # settlement name, or "river:<stretch>"
    event: Event | None
    stable: bool = True  # the same side in every event (never changed hands, never contested)


def labelled_points(settlements: list[Settlement], rivers: list[RiverStretch], date: dt.date) -> list[LabelledPoint]:
    """Every point with a known control on `date` (settlements and river banks), EPSG:3035.

    Two facts at the same spot keep the later-listed one only (Voronoi needs distinct sites)."""
    pts: dict[tuple[int, int], LabelledPoint] = {}
    for r in rivers:
        if r.since <= date:
            for x, y, c in river_points(r):
                pts[(round(x), round(y))] = LabelledPoint(x, y, c, f"river:{r.name}", None)
    for s in settlements:
        ev = s.event_on(date)
        if ev is None:
            continue
        p = reproject(Point(s.lon, s.lat), GEOGRAPHIC, EQUAL_AREA)
        stable = len({e.control for e in s.events}) == 1
        pts[(round(p.x), round(p.y))] = LabelledPoint(p.x, p.y, ev.control, s.name, ev, stable)
    return list(pts.values())


def voronoi_cells(points: list[LabelledPoint], extent: BaseGeometry) -> list[BaseGeometry]:
    """The Voronoi cell of each point, in the points' order, covering `extent`'s envelope."""
    sites = MultiPoint([(p.x, p.y) for p in points])
    cells = shapely.voronoi_polygons(sites, extend_to=extent.envelope.buffer(200_000), ordered=True)
    return list(shapely.get_parts(cells))


CONTESTED_RADIUS_KM = 2.5  # a contested report speaks of the settlement itself, not of the land around it
REACH_KM = 10.0  # how far a report about one settlement is taken to speak for the land around it


def _russian_cells(points: list[LabelledPoint], territory: BaseGeometry, reach_km: float | None
                   ) -> tuple[BaseGeometry, BaseGeometry]:
    """(Russian-held part, all land) covered by the points' Voronoi cells, each cell cut to
    `reach_km` around its settlement (river points are not cut: the river is the line)."""
    cells = voronoi_cells(points, territory)
    if reach_km is not None:
        cells = [
            c if p.name.startswith("river:") else c.intersection(Point(p.x, p.y).buffer(reach_km * 1000, quad_segs=8))
            for c, p in zip(cells, points)
        ]
    russian = [c for c, p in zip(cells, points) if p.control == "russia"]
    return (shapely.union_all(russian) if russian else shapely.Polygon()), shapely.union_all(cells)


def held_areas(points: list[LabelledPoint], territory: BaseGeometry,
               reach_km: float = REACH_KM) -> dict[str, BaseGeometry]:
    """Russian-held and contested areas (EPSG:3035) within `territory`.

    Land within `reach_km` of a settlement of known control goes to the side of the nearest
    such settlement (Voronoi cells). Land farther than that from every report takes the side
    of the nearest *stable* settlement — one held by the same side in every report (the rear
    towns, the long-held cities) — so one far-off village capture does not claim the empty land
    between it and a distant rear town. A settlement reported contested is a grey disc of
    2.5 km, counted as not Russian-held (as the published measurements count the grey zone);
    it does not decide the land between it and its neighbours."""
    known = [p for p in points if p.control != "contested"]
    near_russia, near = _russian_cells(known, territory, reach_km)
    far_russia, _ = _russian_cells([p for p in known if p.stable], territory, None)
    held = near_russia.union(far_russia.difference(near))
    sites = np.array([(p.x, p.y) for p in known])
    discs = []
    for p in points:
        if p.control == "contested":  # never over a settlement of known control: at most half-way to it
            gap = float(np.min(np.hypot(sites[:, 0] - p.x, sites[:, 1] - p.y))) if len(sites) else np.inf
            discs.append(Point(p.x, p.y).buffer(min(CONTESTED_RADIUS_KM * 1000, gap / 2), quad_segs=8))
    grey = shapely.union_all(discs).intersection(territory) if discs else shapely.Polygon()
    return {"russia": shapely.make_valid(held.intersection(territory).difference(grey)),
            "contested": shapely.make_valid(grey)}


@dataclass(frozen=True)
class FrontEdge:
    """One stretch of the line: the Voronoi edge between a Russian-held and a Ukrainian-held point."""

    geometry: BaseGeometry  # EPSG:3035
    russian_side: LabelledPoint
    ukrainian_side: LabelledPoint


def front_edges(points: list[LabelledPoint], territory: BaseGeometry) -> list[FrontEdge]:
    """The stretches of the line inside `territory`, each with the two facts it runs between."""
    points = [p for p in points if p.control != "contested"]
    cells = voronoi_cells(points, territory)
    tree = shapely.STRtree(cells)
    out = []
    for i, p in enumerate(points):
        if p.control != "russia":
            continue
        for j in tree.query(cells[i], predicate="intersects"):
            q = points[j]
            if q.control != "ukraine":
                continue
            shared = cells[i].intersection(cells[j])
            if shared.length <= 0:
                continue
            edge = shared.intersection(territory)
            if not edge.is_empty and edge.length > 0:
                out.append(FrontEdge(edge, p, q))
    return out


@dataclass(frozen=True)
class Accuracy:
    """How well the facts predict each other: each settlement against its nearest other fact."""

    settlements: int
    near_front_10km: int
    right_10km: int
    near_front_30km: int
    right_30km: int


def leave_one_out(points: list[LabelledPoint], line: BaseGeometry) -> Accuracy:
    """Leave-one-out check: would the line put each settlement on its recorded side if that one
    settlement were not in the table? (Its cell would go to its nearest other point.)

    Every fact lies on its own side of a line built from it by construction, so this is the
    honest measure of how well the line places settlements it was not told about. Counts
    Russian- and Ukrainian-held settlements within 10 and 30 km of `line`."""
    named = [p for p in points if not p.name.startswith("river:") and p.control != "contested"]
    known = [p for p in points if p.control != "contested"]  # a contested neighbour predicts neither side
    sites = np.array([(p.x, p.y) for p in known])
    n10 = r10 = n30 = r30 = 0
    for p in named:
        d = line.distance(Point(p.x, p.y))
        if d > 30_000:
            continue
        dist = np.hypot(sites[:, 0] - p.x, sites[:, 1] - p.y)
        dist[dist == 0] = np.inf
        nearest = known[int(np.argmin(dist))]
        right = nearest.control == p.control
        n30 += 1
        r30 += right
        if d <= 10_000:
            n10 += 1
            r10 += right
    return Accuracy(len(named), n10, r10, n30, r30)
