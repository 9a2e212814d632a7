"""Every catalog proposal, on its own baseline and on every other date, partitions Ukraine."""
import pytest

from geo.engine.evaluate import default_catalog, evaluate
from geo.inputs.boundaries import ukraine_metric
from geo.inputs.frontline import available_dates
from geo.testing import assert_partition

CATALOG = default_catalog()


@pytest.mark.parametrize("pid", list(CATALOG.proposals))
def test_zones_partition_ukraine(pid):
    result = evaluate(CATALOG.proposals[pid])
    assert_partition(result.zones, ukraine_metric(), rel_tol=1e-3)
    assert set(result.zones.status) <= {"ukraine", "returned", "occupied", "frozen", "russia_de_facto",
                                        "russia_de_jure", "ceded", "demilitarized", "undecided"}


@pytest.mark.parametrize("date", available_dates())
def test_partition_on_every_front_line(date):
    for proposal in CATALOG.proposals.values():
        zones = evaluate(proposal, date).zones
        assert abs(zones.km2.sum() - ukraine_metric().area / 1e6) < 1e-3 * ukraine_metric().area / 1e6


@pytest.mark.parametrize("date", available_dates())
def test_every_proposal_draws_on_every_front_line(date):
    # Display geometry (simplify + round) must not fail for any zone shape.
    from geo.maps.display import layer_data
    for proposal in CATALOG.proposals.values():
        data = layer_data(evaluate(proposal, date))
        assert data["zones"]["features"]
