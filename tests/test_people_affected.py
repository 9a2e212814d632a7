"""'People affected' has one definition, in geo/: pre-war people on land Ukraine held before and withdraws
from (to Russia or out of a demilitarised zone). Land left to talks is not withdrawn: Ukraine keeps it until the
talks decide (#18), so its people are counted apart."""
import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.engine.stats import PEOPLE_AFFECTED, people_affected, summary
from geo.engine.zones import zones_for
from geo.testing import baseline as make_baseline
from geo.testing import square, units
from proposals.model import Proposal


def located(*rows):
    return gpd.GeoDataFrame([{"held_before": h, "status": s, "population": p} for h, s, p in rows],
                            geometry=[Point(0, 0)] * len(rows), crs="EPSG:3035")


def test_counts_every_status_ukraine_loses_and_nothing_it_did_not_hold():
    frame = located(("ukraine", "ukraine", 1000),          # stays
                    ("ukraine", "ceded", 200),             # lost
                    ("ukraine", "demilitarized", 30),      # lost
                    ("ukraine", "undecided", 4),           # not withdrawn: Ukraine keeps it until talks
                    ("ukraine", "russia_de_facto", 600),   # lost
                    ("russia", "undecided", 50_000),       # Ukraine did not hold it
                    ("russia", "returned", 7),             # gained, not lost
                    ("russia", "occupied", 9000))
    assert people_affected(frame) == 830
    assert people_affected(frame.iloc[:0]) == 0


@pytest.mark.parametrize("status, people", [("ceded", 1234), ("undecided", 0)])
def test_summary_carries_the_number_and_its_definition(status, people):
    # Two 10 km squares; the eastern one (Russian-held) stays occupied, the western one is ceded or left undecided.
    u = units(**{"UA-14": square(0, 0, 10), "UA-09": square(10, 0, 10)})
    p = Proposal.model_validate({
        "id": "p", "title": "t", "proposer": "x", "date": "2025-01-01", "status": "draft", "baseline": "2025-01-01",
        "summary": "s", "rules": [{"id": "r", "where": {"oblasts": ["UA-14"]}, "status": status, "unverified": True}],
        "sources": [{"id": "s", "outlet": "o", "date": "2025-01-01", "url": "https://x.org", "supports": "s"}]})
    zones = zones_for(p, make_baseline(square(10, 0, 10)), units=u)
    c = square(0, 0, 10).centroid
    towns = gpd.GeoDataFrame({"geonameid": [1, 2], "name": ["W", "E"], "population": [1234, 99], "key": [False, False],
                              "role": ["", ""], "lon": [0, 0], "lat": [0, 0]},
                             geometry=[c, square(10, 0, 10).centroid], crs="EPSG:3035")
    from geo.engine.stats import locate_settlements
    out = summary(zones, locate_settlements(zones, towns), proposal="p", frontline="2025-01-01", frontline_label="t")
    assert out.people_affected == people
    assert out.withdrawals.left_to_talks_population_prewar == (1234 if status == "undecided" else 0)
    assert out.people_affected_definition == PEOPLE_AFFECTED
    assert "withdraws" in PEOPLE_AFFECTED and "pre-war" in PEOPLE_AFFECTED


def test_the_app_shows_the_number_from_geo_with_its_definition():
    from bench.apptest import app
    from geo.engine.evaluate import default_catalog, evaluate
    at = app(proposal="russia-position-2025-12")
    assert not at.exception
    stats = evaluate(default_catalog().proposals["russia-position-2025-12"]).stats()
    metric = next(m for m in at.metric if m.label == "Pre-war population (GeoNames)")
    assert metric.value == f"{stats.people_affected:,}"
    assert PEOPLE_AFFECTED in metric.proto.help   # the UI states the one definition
    # Russia's December 2025 position: Ukraine withdraws from the rest of Donetsk oblast. The fortress belt alone
    # (Sloviansk ~107k, Kramatorsk ~150k, Kostiantynivka ~67k, Druzhkivka ~55k pre-war) is about 380,000 people.
    assert stats.people_affected > 380_000
    assert any("People affected" in c.value and "withdraws" in c.value for c in at.caption)
