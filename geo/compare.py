"""Two proposals on one front line: the overlay of their zones and the ledger of what differs.

Both results partition the same country on the same baseline, so intersecting zones that share
an (oblast, held_before) piece gives a partition whose every part has one status in A and one
in B. All areas EPSG:3035.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd

from geo.evaluate import Result
from geo.measure import EQUAL_AREA
from geo.settlements import load_settlements
from geo.stats import control_after, locate_settlements
from geo.zones import MIN_PIECE_M2, _polygonal
from proposals.model import STATUSES, TERM_FIELDS


def overlay(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """oblast, name, held_before, status_a, status_b, rule_a, rule_b, km2, geometry."""
    rows = []
    for (oblast, held), za in a.groupby(["oblast", "held_before"]):
        zb = b[(b.oblast == oblast) & (b.held_before == held)]
        for ra in za.itertuples():
            for rb in zb.itertuples():
                if not ra.geometry.intersects(rb.geometry):
                    continue
                geom = _polygonal(ra.geometry.intersection(rb.geometry))
                if geom.is_empty or geom.area < MIN_PIECE_M2:
                    continue
                rows.append({"oblast": oblast, "name": ra.name, "held_before": held, "status_a": ra.status,
                             "status_b": rb.status, "rule_a": ra.rule, "rule_b": rb.rule,
                             "km2": geom.area / 1e6, "geometry": geom})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=EQUAL_AREA)


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
        """Only the land whose status differs between A and B."""
        p = self.pieces
        return p[p.status_a != p.status_b].reset_index(drop=True)

    def matrix(self) -> dict[str, dict[str, float]]:
        """km² by status in A (rows) and status in B (columns), all nine × nine."""
        sums = self.pieces.groupby(["status_a", "status_b"])["km2"].sum()
        return {sa: {sb: round(float(sums.get((sa, sb), 0.0)), 1) for sb in STATUSES} for sa in STATUSES}

    @property
    def changed_km2(self) -> float:
        return round(float(self.changed["km2"].sum()), 1)

    @cached_property
    def located(self) -> gpd.GeoDataFrame:
        """Settlements in the pieces whose status differs."""
        cols = ["oblast", "status_a", "held_before", "status_b", "geometry"]
        changed = self.changed[cols].rename(columns={"status_a": "status"})
        if changed.empty:
            return load_settlements().iloc[0:0].assign(status="", status_b="")
        return locate_settlements(changed, load_settlements())

    def by_oblast(self) -> list[dict]:
        """Per oblast and transition: km² and pre-war population of the land that differs."""
        ch = self.changed
        if ch.empty:
            return []
        keys = ["oblast", "name", "held_before", "status_a", "status_b"]
        area = ch.groupby(keys, as_index=False)["km2"].sum()
        loc = self.located.rename(columns={"status": "status_a"})
        pop = loc.groupby(["oblast", "held_before", "status_a", "status_b"], as_index=False)["population"].sum()
        merged = area.merge(pop, on=["oblast", "held_before", "status_a", "status_b"], how="left").fillna({"population": 0})
        merged = merged.sort_values(["oblast", "km2"], ascending=[True, False])
        return [{"oblast": r.oblast, "name": r.name, "held_before": r.held_before, "status_a": r.status_a,
                 "status_b": r.status_b, "km2": round(float(r.km2), 1), "population": int(r.population)}
                for r in merged.itertuples()]

    def headline(self) -> dict:
        """Who controls what in A against B (km²), and how much land and how many people change status."""
        ca, cb = control_after(self.a.zones), control_after(self.b.zones)
        names = {"ukraine": "ukraine_controls", "russia": "russia_controls", "neutral": "demilitarized",
                 "unknown": "undecided"}
        out = {name: {"a": ca[c], "b": cb[c], "b_minus_a": round(cb[c] - ca[c], 1)} for c, name in names.items()}
        out["changed_km2"] = self.changed_km2
        out["population_in_changed_land"] = int(self.located["population"].sum()) if len(self.located) else 0
        return out

    def cities(self) -> list[dict]:
        """Key cities whose status differs."""
        loc = self.located
        if loc.empty:
            return []
        k = loc[loc["key"]].sort_values("population", ascending=False)
        return [{"name": r.name, "oblast": r.oblast, "population": int(r.population), "status_a": r.status,
                 "status_b": r.status_b} for r in k.itertuples()]

    def terms(self) -> list[dict]:
        """Non-territorial terms of A and B side by side, with a flag where they differ."""
        rows = []
        for key, label in TERM_FIELDS.items():
            va, vb = getattr(self.a.proposal.terms, key), getattr(self.b.proposal.terms, key)
            rows.append({"term": label, "a": va, "b": vb, "differs": va != vb})
        return rows

    def to_json(self) -> dict:
        return {"a": self.a.proposal.id, "b": self.b.proposal.id, "frontline": self.frontline,
                "matrix": self.matrix(), "changed_km2": self.changed_km2, "by_oblast": self.by_oblast(),
                "headline": self.headline(), "cities": self.cities(), "terms": self.terms()}


def compare_results(a: Result, b: Result) -> Comparison:
    return Comparison(a, b)
