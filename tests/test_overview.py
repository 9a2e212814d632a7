"""The overview's figures and camps: an explicit, tested reading of each proposer."""
import pytest

from geo.evaluate import default_catalog
from geo.overview import CAMPS, camp_of, overview_row, predecessor
from geo.results import ProposalStats
from proposals.model import RECOGNITIONS, STATUSES

CATALOG = default_catalog().proposals


@pytest.mark.parametrize("pid,camp", [
    ("putin-2024-06", "russia"),
    ("ru-sources-2024-11", "russia"),
    ("ru-anchorage-2025-08", "russia"),          # relayed "by US and European officials": still Putin's
    ("anchorage-formula-2026-01", "russia"),
    ("us-28-point-2025-11", "united_states"),    # "Russian input reported" does not make it Russian
    ("kellogg-2025-04", "united_states"),
    ("trump-2025-10-stop", "united_states"),
    ("burgenstock-2024", "ukraine_europe"),
    ("e3-counter-2025-11", "ukraine_europe"),
    ("eu-24-point-2025-11", "ukraine_europe"),
    ("eu-ua-counter-2025-08", "ukraine_europe"),
    ("ukraine-position-2026", "ukraine_europe"),
    ("paris-declaration-2026-01", "ukraine_europe"),  # the Coalition of the Willing
    ("geneva-19-point-2025-11", "joint"),
    ("ua-us-20-point-2025-12-a", "joint"),
    ("status-quo", "none"),
])
def test_camp_of_catalog_proposers(pid, camp):
    assert camp_of(CATALOG[pid].proposer) == camp


def test_every_catalog_proposal_has_a_known_camp():
    assert {pid: camp_of(p.proposer) for pid, p in CATALOG.items() if camp_of(p.proposer) not in CAMPS} == {}


def test_unknown_proposer_is_other():
    assert camp_of("A think tank in Geneva") == "other"
    assert camp_of("Russia and the United States") == "other"


def _rows():
    return [{"id": pid, "date": str(p.date), "camp": camp_of(p.proposer)} for pid, p in CATALOG.items()]


def test_predecessor_is_the_same_camps_previous_proposal():
    rows = _rows()
    # Russia: the Istanbul memorandum (2 June 2025) came before the Anchorage position (15 August 2025).
    assert predecessor(rows, "ru-anchorage-2025-08") == "ru-memorandum-2025-06"
    # United States: Trump's "stop where they are" (17 October 2025) before the 28 points (20 November).
    assert predecessor(rows, "us-28-point-2025-11") == "trump-2025-10-stop"
    assert predecessor(rows, "putin-2024-06") is None          # Russia's first in the catalog
    assert predecessor(rows, "status-quo") is None


def hand_made_stats() -> ProposalStats:
    """100 km² of Ukrainian-held land ceded, 20 demilitarised, 5 returned, 10 Russian-held demilitarised;
    1,200 people on the land Ukraine leaves."""
    zero = {s: 0.0 for s in STATUSES}
    return ProposalStats(
        proposal="x", frontline="2025-11-20", frontline_label="t", total_km2=1000.0, official_ukraine_km2=603_628,
        by_status={**zero, "ukraine": 595.0, "returned": 5.0, "ceded": 100.0, "occupied": 270.0,
                   "demilitarized": 30.0},
        by_recognition={r: 0.0 for r in RECOGNITIONS}, by_status_and_recognition=[],
        control_after={"ukraine": 600.0, "russia": 370.0, "neutral": 30.0, "unknown": 0.0},
        changes_hands={"ukraine_to_russia": 100.0, "russia_to_ukraine": 5.0, "ukraine_to_neutral": 20.0,
                       "russia_to_neutral": 10.0, "ukraine_to_unknown": 0.0, "russia_to_unknown": 0.0},
        people_by_status={s: {"settlements": 0, "population": 0} for s in STATUSES},
        people_affected=1200, by_oblast=[], key_cities=[])


STATS = hand_made_stats()


def test_withdrawal_counts_only_land_ukraine_held():
    assert STATS.changes_hands.ukraine_withdraws_km2 == 120.0   # 100 ceded + 20 demilitarised, not Russia's 10
    assert STATS.changes_hands.demilitarized_km2 == 30.0


def test_overview_row_shares():
    row = overview_row(CATALOG["us-28-point-2025-11"], STATS)
    assert (row["ukraine_pct"], row["russia_pct"], row["returned_km2"], row["demilitarized_km2"]) == (60.0, 37.0, 5.0, 30.0)
    assert row["camp"] == "united_states" and row["date"] == "2025-11-20"
    assert (row["withdraws_km2"], row["people"]) == (120.0, 1200)   # people: the one "people affected"
