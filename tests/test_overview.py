"""The overview's figures and camps: an explicit, tested reading of each proposer."""
import pytest

from geo.engine.evaluate import default_catalog
from geo.engine.overview import CAMPS, camp_of, overview_row, predecessor
from geo.engine.results import ProposalStats
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
                       "russia_to_neutral": 10.0, "ukraine_to_unknown": 0.0, "russia_to_unknown": 0.0,
                       "ukraine_held_left_to_talks": 0.0, "russia_held_left_to_talks": 0.0},
        people_by_status={s: {"settlements": 0, "population": 0} for s in STATUSES},
        people_affected=1200, by_oblast=[], key_cities=[],
        withdrawals={"ukraine_withdraws_km2": 120.0, "russia_withdraws_km2": 15.0, "left_to_talks_km2": 0.0,
                     "ukraine_withdraws_population_prewar": 1200, "left_to_talks_population_prewar": 0},
        current_residents=[], published_figures=[])


STATS = hand_made_stats()


def test_withdrawal_counts_only_land_ukraine_held():
    assert STATS.changes_hands.ukraine_withdraws_km2 == 120.0   # 100 ceded + 20 demilitarised, not Russia's 10
    assert STATS.changes_hands.demilitarized_km2 == 30.0


def test_overview_row_shares():
    row = overview_row(CATALOG["us-28-point-2025-11"], STATS)
    # national shares are of the official 603,628 km², not of the 1,000 km² drawn: 600 and 370 km²
    assert (row["ukraine_pct"], row["russia_pct"]) == (0.1, 0.06)
    assert (row["returned_km2"], row["demilitarized_km2"], row["russia_withdraws_km2"]) == (5.0, 30.0, 15.0)
    assert row["camp"] == "united_states" and row["date"] == "2025-11-20"
    assert (row["withdraws_km2"], row["people"]) == (120.0, 1200)   # people: the one "people affected"


def test_plans_that_leave_land_to_talks_leave_control_where_the_line_puts_it():
    from geo.engine.catalog_stats import stored_stats
    for pid in ("geneva-19-point-2025-11", "russia-position-2025-12"):
        s = stored_stats(CATALOG[pid])
        row = overview_row(CATALOG[pid], s)
        assert row["withdraws_km2"] == s.changes_hands.ukraine_to_russia + s.changes_hands.ukraine_to_neutral
        assert row["undecided_km2"] == pytest.approx(s.by_status["undecided"], abs=0.2)  # sums rounded apart
        assert s.by_status["undecided"] > 0
    geneva = stored_stats(CATALOG["geneva-19-point-2025-11"])
    held = sum(r.km2 for r in geneva.by_oblast if r.held_before == "russia")
    # Geneva brackets the status of all Russian-held land: Russia still holds it on the line (115,194 km²)
    assert geneva.control_after.russia == pytest.approx(held, abs=0.5) and held > 110_000
    assert overview_row(CATALOG["geneva-19-point-2025-11"], geneva)["russia_pct"] == round(100 * held / 603_628, 2)
    assert geneva.withdrawals.ukraine_withdraws_km2 == 0 and geneva.control_after.unknown == 0
    rp = stored_stats(CATALOG["russia-position-2025-12"])
    south = sum(r.km2 for r in rp.by_oblast if r.held_before == "russia" and r.oblast in ("UA-23", "UA-65"))
    assert south > 39_000   # Russian-held Zaporizhzhia and Kherson, left to talks, still Russian-controlled
    assert rp.control_after.russia == pytest.approx(sum(r.km2 for r in rp.by_oblast if r.control == "russia"), abs=1)
    assert all(
        r.control == "russia" for r in rp.by_oblast if r.held_before == "russia" and r.oblast in ("UA-23", "UA-65")
    )
