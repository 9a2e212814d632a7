"""One place that turns (proposal id, front-line date) into zones and numbers, for every face."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd

from geo import store
from geo.engine.results import ProposalStats
from geo.engine.stats import locate_settlements, summary
from geo.engine.zones import zones_for
from geo.inputs.frontline import Baseline, available_dates, load_baseline
from geo.inputs.settlements import load_settlements
from proposals.catalog import Catalog, load_catalog
from proposals.model import Proposal


@dataclass(frozen=True)
class Result:
    proposal: Proposal
    baseline: Baseline
    zones: gpd.GeoDataFrame

    @cached_property
    def located(self) -> gpd.GeoDataFrame:
        """Settlements with the zone each falls in; computed once, used by numbers and maps."""
        return locate_settlements(self.zones, load_settlements())

    @cached_property
    def _stats(self) -> ProposalStats:
        return summary(self.zones, self.located, proposal=self.proposal.id, frontline=self.baseline.date,
                       frontline_label=self.baseline.label)

    def stats(self) -> ProposalStats:
        """The proposal's numbers (computed once per result; the value is frozen, so it can be shared)."""
        return self._stats


def default_catalog() -> Catalog:
    return load_catalog(frontline_dates=available_dates())


def evaluate(proposal: Proposal, frontline: str | None = None, baseline: Baseline | None = None) -> Result:
    """Zones of `proposal` on its own baseline date, another date, or a given baseline; read from
    the disk store when this engine already computed them for this proposal and front line."""
    base = baseline or load_baseline(frontline or str(proposal.baseline))
    if not base.digest or not store.enabled():
        return Result(proposal, base, zones_for(proposal, base))
    k = store.key(proposal.model_dump_json(), base.digest)
    zones = store.get_zones(k)
    if zones is None:
        zones = zones_for(proposal, base)
        store.put_zones(k, zones)
    return Result(proposal, base, zones)
