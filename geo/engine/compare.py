"""Two proposals on one front line: the overlay of their zones and the ledger of what differs.

Both results partition the same country on the same baseline, so intersecting zones that share
an (oblast, held_before) piece gives a partition whose every part has one status (and one
control and recognition) in A and one in B. All areas EPSG:3035.

Land that differs is one of three kinds, so a comparison can say what it is:
- `control`: who holds it after differs (it changes hands between A and B);
- `recognition`: same control, but its sovereignty is treated differently (a legal label:
  Crimea de jure in A, de facto in B);
- `status`: same control and recognition, only the arrangement differs (occupied against frozen).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import numpy as np
import shapely

from geo.engine.evaluate import Result
from geo.engine.results import ComparisonCity, ComparisonOblastRow, ComparisonStats, Headline, SidePair, TermRow
from geo.engine.stats import control_after
from geo.engine.zones import MIN_PIECE_M2, _polygonal
from geo.measure import EQUAL_AREA
from proposals.model import CONTROLS, RECOGNITIONS, STATUSES, TERM_FIELDS

KINDS = ("control", "recognition", "status")  # what differs, most consequential first


def difference_kind(control_a: str, control_b: str, recognition_a: str, recognition_b: str,
                    status_a: str, status_b: str) -> str | None:
    """Which kind of difference a piece shows (see the module docstring), or None if none."""
    if control_a != control_b:
        return "control"
    if recognition_a != recognition_b:
        return "recognition"
    if status_a != status_b:
        return "status"
    return None


def overlay(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """oblast, name, held_before, status_a/b, control_a/b, recognition_a/b, rule_a/b, kind, km2, geometry."""
    rows = []
    for (oblast, held), za in a.groupby(["oblast", "held_before"]):
        zb = b[(b.oblast == oblast) & (b.held_before == held)]
        for ra in za.itertuples():
            for rb in zb.itertuples():
                if shapely.equals_exact(ra.geometry, rb.geometry, 0.0):
                    geom = ra.geometry  # the same zone in both (untouched land): no overlay needed
                elif not ra.geometry.intersects(rb.geometry):
                    continue
                else:
                    geom = _polygonal(ra.geometry.intersection(rb.geometry))
                if geom.is_empty or geom.area < MIN_PIECE_M2:
                    continue
                rows.append({"oblast": oblast, "name": ra.name, "held_before": held, "status_a": ra.status,
                             "status_b": rb.status, "control_a": ra.control, "control_b": rb.control,
                             "recognition_a": ra.recognition, "recognition_b": rb.recognition,
                             "rule_a": ra.rule, "rule_b": rb.rule,
                             "kind": difference_kind(ra.control, rb.control, ra.recognition, rb.recognition,
                                                     ra.status, rb.status),
                             "km2": geom.area / 1e6, "geometry": geom})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=EQUAL_AREA)


def _matrix(pieces: gpd.GeoDataFrame, column: str, values: tuple[str, ...]) -> dict[str, dict[str, float]]:
    sums = pieces.groupby([f"{column}_a", f"{column}_b"])["km2"].sum()
    return {va: {vb: round(float(sums.get((va, vb), 0.0)), 1) for vb in values} for va in values}


def _talks_km2(zones: gpd.GeoDataFrame) -> float:
    """km² left to later talks (status `undecided`; control stays with whoever holds it)."""
    return round(float(zones.loc[zones["status"] == "undecided", "km2"].sum()), 1)


@dataclass(frozen=True)
class Comparison:
    a: Result
    b: Result

    def __post_init__(self) -> None:
        if self.a.baseline.date != self.b.baseline.date:
            raise ValueError("compare two results on the same front line")

    @property
    def frontline(self) -> str:
        return self.a.baseline.date

    @cached_property
    def pieces(self) -> gpd.GeoDataFrame:
        return overlay(self.a.zones, self.b.zones)

    @cached_property
    def changed(self) -> gpd.GeoDataFrame:
        """Only the land whose status or recognition differs between A and B (any `kind`)."""
        p = self.pieces
        return p[p.kind.notna()].reset_index(drop=True)

    def matrix(self) -> dict[str, dict[str, float]]:
        """km² by status in A (rows) and status in B (columns), all nine × nine."""
        return _matrix(self.pieces, "status", STATUSES)

    def control_matrix(self) -> dict[str, dict[str, float]]:
        """km² by who controls the land after A (rows) and after B (columns), four × four."""
        return _matrix(self.pieces, "control", CONTROLS)

    def recognition_matrix(self) -> dict[str, dict[str, float]]:
        """km² by recognition in A (rows) and in B (columns), five × five, over the land whose control
        is the same in A and B: a label change, not land changing hands."""
        p = self.pieces
        return _matrix(p[p.control_a == p.control_b], "recognition", RECOGNITIONS)

    def _kind_km2(self, kind: str) -> float:
        return round(float(self.changed.loc[self.changed.kind == kind, "km2"].sum()), 1)

    @property
    def changed_km2(self) -> float:
        """km² whose status or recognition differs; the sum of the three kinds below."""
        return round(float(self.changed["km2"].sum()), 1)

    @property
    def changed_control_km2(self) -> float:
        """km² that change hands: controlled by a different side (or neutral) in B than in A."""
        return self._kind_km2("control")

    @property
    def changed_recognition_km2(self) -> float:
        """km² with the same control in A and B whose sovereignty is treated differently."""
        return self._kind_km2("recognition")

    @property
    def changed_status_only_km2(self) -> float:
        """km² with the same control and recognition whose status still differs (occupied vs frozen)."""
        return self._kind_km2("status")

    @cached_property
    def located(self) -> gpd.GeoDataFrame:
        """Settlements on land whose status or recognition differs: each side's own located settlements
        (`Result.located`) joined by GeoNames id, so a town is where A and B each put it. (Snapping towns
        to the nearest *changed* piece counted Kherson, Ukrainian-held in both, as changing hands.)"""
        a = self.a.located.drop(columns=["rule"]).rename(columns={"control": "control_a",
                                                                  "recognition": "recognition_a"})
        b = self.b.located[["geonameid", "status", "control", "recognition"]].rename(
            columns={"status": "status_b", "control": "control_b", "recognition": "recognition_b"})
        both = a.merge(b, on="geonameid", how="inner")
        kind = np.select([both.control_a != both.control_b, both.recognition_a != both.recognition_b,
                          both.status != both.status_b], list(KINDS), default="")
        both = both.assign(kind=kind)
        return both[both.kind != ""].reset_index(drop=True)

    def by_oblast(self) -> list[ComparisonOblastRow]:
        """Per oblast and transition: what kind of difference, km² and pre-war population of the land."""
        ch = self.changed
        if ch.empty:
            return []
        keys = ["oblast", "name", "held_before", "status_a", "status_b", "control_a", "control_b",
                "recognition_a", "recognition_b", "kind"]
        area = ch.groupby(keys, as_index=False)["km2"].sum()
        loc = self.located.rename(columns={"status": "status_a"})
        join = [k for k in keys if k != "name"]
        pop = loc.groupby(join, as_index=False)["population"].sum()
        merged = area.merge(pop, on=join, how="left").fillna({"population": 0})
        merged = merged.sort_values(["oblast", "km2"], ascending=[True, False])
        return [ComparisonOblastRow(oblast=r.oblast, name=r.name, held_before=r.held_before, status_a=r.status_a,
                                    status_b=r.status_b, control_a=r.control_a, control_b=r.control_b,
                                    recognition_a=r.recognition_a, recognition_b=r.recognition_b, kind=r.kind,
                                    km2=round(float(r.km2), 1), population=int(r.population))
                for r in merged.itertuples()]

    def headline(self) -> Headline:
        """Who controls what in A against B (km²), and how much land and how many people change status."""
        ca, cb = control_after(self.a.zones), control_after(self.b.zones)
        return Headline(
            ukraine_controls=SidePair.of(ca.ukraine, cb.ukraine),
            russia_controls=SidePair.of(ca.russia, cb.russia),
            demilitarized=SidePair.of(ca.neutral, cb.neutral),
            undecided=SidePair.of(_talks_km2(self.a.zones), _talks_km2(self.b.zones)),
            changed_km2=self.changed_km2,
            changed_control_km2=self.changed_control_km2,
            changed_recognition_km2=self.changed_recognition_km2,
            changed_status_only_km2=self.changed_status_only_km2,
            population_in_changed_land=int(self.located["population"].sum()) if len(self.located) else 0)

    def cities(self) -> list[ComparisonCity]:
        """Key cities whose status or recognition differs, with the kind of difference."""
        loc = self.located
        if loc.empty:
            return []
        k = loc[loc["key"]].sort_values("population", ascending=False)
        return [ComparisonCity(name=r.name, oblast=r.oblast, population=int(r.population), status_a=r.status,
                               status_b=r.status_b, recognition_a=r.recognition_a, recognition_b=r.recognition_b,
                               kind=r.kind) for r in k.itertuples()]

    def terms(self) -> list[TermRow]:
        """Non-territorial terms of A and B side by side, with a flag where they differ."""
        rows = []
        for key, label in TERM_FIELDS.items():
            va, vb = getattr(self.a.proposal.terms, key), getattr(self.b.proposal.terms, key)
            rows.append(TermRow(term=label, a=va, b=vb, differs=va != vb))
        return rows

    @cached_property
    def _stats(self) -> ComparisonStats:
        return ComparisonStats(
            a=self.a.proposal.id, b=self.b.proposal.id, frontline=self.frontline,
            matrix=self.matrix(), changed_km2=self.changed_km2,
            changed_control_km2=self.changed_control_km2,
            changed_recognition_km2=self.changed_recognition_km2,
            changed_status_only_km2=self.changed_status_only_km2,
            control_matrix=self.control_matrix(), recognition_matrix=self.recognition_matrix(),
            by_oblast=self.by_oblast(), headline=self.headline(), cities=self.cities(), terms=self.terms())

    def stats(self) -> ComparisonStats:
        """Every number of the comparison (what `compare --json` prints), computed once; frozen, so shareable."""
        return self._stats


def compare_results(a: Result, b: Result) -> Comparison:
    return Comparison(a, b)
