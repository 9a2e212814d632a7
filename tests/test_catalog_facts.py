"""Each proposal pinned to facts from its sources, checked at places, not against engine output.

Points are GeoNames coordinates of real places; the expected status follows from what the
sources say about the land those places stand on.
"""
import pytest
from shapely.geometry import Point

from geo.evaluate import default_catalog, evaluate
from geo.measure import EQUAL_AREA, GEOGRAPHIC, reproject
from geo.stats import changes_hands

CATALOG = default_catalog()
P = CATALOG.proposals
PLACES = {  # lon, lat
    "Kramatorsk": (37.568, 48.731), "Sloviansk": (37.597, 48.850), "Druzhkivka": (37.525, 48.620),
    "Kostiantynivka": (37.706, 48.527), "Zaporizhzhia": (35.117, 47.852), "Kherson": (32.60, 46.66),  # northern Kherson: the GeoNames point sits on the river
    "Simferopol": (34.111, 44.957), "Sevastopol": (33.521, 44.608), "Melitopol": (35.382, 46.847),
    "Nova Kakhovka": (33.356, 46.760), "Donetsk": (37.802, 48.023), "Luhansk": (39.306, 48.568),
    "Enerhodar": (34.662, 47.490), "ZNPP": (34.586, 47.512), "Kinburn spit": (31.56, 46.55),
    "Dnipro": (35.041, 48.467), "Kyiv": (30.524, 50.455),
    # inside the Russian-held part of Kharkiv region east of the Oskil, near the border (Dvorichna area)
    "Kharkiv pocket": (37.80, 49.95),
}
REQUIRED = ["status-quo", "putin-2024-06", "us-framework-2025-04", "kellogg-2025-04", "ru-anchorage-2025-08",
            "putin-call-2025-10", "trump-2025-10-stop", "us-28-point-2025-11", "eu-24-point-2025-11",
            "geneva-19-point-2025-11", "us-fez-2025-12", "ua-us-20-point-2025-12-a", "ua-us-20-point-2025-12-b",
            "ukraine-position-2026", "anchorage-formula-2026-01", "ru-offer-2026-02"]
_cache = {}


def zones(pid):
    if pid not in _cache:
        _cache[pid] = evaluate(P[pid]).zones
    return _cache[pid]


def status_at(pid, place):
    z = zones(pid)
    pt = reproject(Point(*PLACES[place]), GEOGRAPHIC, EQUAL_AREA)
    hit = z[z.geometry.contains(pt)]
    assert len(hit) == 1, f"{place} in {len(hit)} zones"
    return hit.iloc[0].status


def test_catalog_has_every_required_proposal():
    assert set(REQUIRED) <= set(P)
    assert CATALOG.errors == []


@pytest.mark.parametrize("pid", list(P))
def test_every_rule_cites_a_listed_source(pid):
    proposal = P[pid]
    ids = {s.id for s in proposal.sources}
    for rule in proposal.rules:
        assert rule.sources and set(rule.sources) <= ids, f"{pid}: {rule.id}"


@pytest.mark.parametrize("pid", list(P))
def test_baseline_is_the_nearest_front_line(pid):
    from datetime import date
    from geo.frontline import available_dates
    proposal = P[pid]
    dates = [date.fromisoformat(d) for d in available_dates()]
    nearest = min(dates, key=lambda d: abs((d - proposal.date).days))
    assert proposal.baseline == nearest or pid == "status-quo"


def test_putin_2024_cedes_both_regional_capitals():
    # "withdrawal to the administrative borders", regional capitals included (Kyiv Independent, Reuters)
    assert status_at("putin-2024-06", "Zaporizhzhia") == "ceded"
    assert status_at("putin-2024-06", "Kherson") == "ceded"
    assert status_at("putin-2024-06", "Kramatorsk") == "ceded"
    assert status_at("putin-2024-06", "Simferopol") == "russia_de_jure"
    assert status_at("putin-2024-06", "Dnipro") == "ukraine"


def test_coastal_cities_are_counted():
    # Kherson's GeoNames point lies ~1 km off the coarse coastline; its 279,131 people must count.
    from geo.settlements import load_settlements
    from geo.stats import key_cities_by_status, locate_settlements
    located = locate_settlements(zones("putin-2024-06"), load_settlements())
    kherson = key_cities_by_status(located).set_index("name").loc["Kherson"]
    assert kherson.status == "ceded" and kherson.population == 279_131


def test_us_28_point_plan():
    assert status_at("us-28-point-2025-11", "Kramatorsk") == "demilitarized"
    assert status_at("us-28-point-2025-11", "Sloviansk") == "demilitarized"
    assert status_at("us-28-point-2025-11", "Simferopol") == "russia_de_facto"
    assert status_at("us-28-point-2025-11", "Donetsk") == "russia_de_facto"
    assert status_at("us-28-point-2025-11", "Melitopol") == "frozen"
    assert status_at("us-28-point-2025-11", "Kharkiv pocket") == "returned"
    assert status_at("us-28-point-2025-11", "Zaporizhzhia") == "ukraine"
    assert P["us-28-point-2025-11"].terms.army_cap == 600_000


def test_european_caps():
    assert P["e3-counter-2025-11"].terms.army_cap == 800_000      # E3 mark-up (Reuters)
    assert P["eu-24-point-2025-11"].terms.army_cap is None        # 24-point text: no limits at all
    assert "No limits" in P["eu-24-point-2025-11"].terms.army_limits
    assert P["ua-us-20-point-2025-12-a"].terms.army_cap == 800_000


def test_trump_stop_where_they_are_moves_nothing():
    moved = changes_hands(zones("trump-2025-10-stop"))
    assert all(v == 0 for v in moved.values())
    assert status_at("trump-2025-10-stop", "Melitopol") == "frozen"


def test_anchorage_cedes_the_fortress_belt_about_6600_km2():
    for town in ("Sloviansk", "Kramatorsk", "Druzhkivka", "Kostiantynivka"):
        assert status_at("ru-anchorage-2025-08", town) == "ceded"
    assert status_at("ru-anchorage-2025-08", "Melitopol") == "frozen"
    assert status_at("ru-anchorage-2025-08", "Zaporizhzhia") == "ukraine"
    ceded = zones("ru-anchorage-2025-08").query("status == 'ceded'").km2.sum()
    assert ceded == pytest.approx(6_600, rel=0.1)  # DeepState via Reuters: Ukraine held ~6,600 km² of Donbas


def test_framework_and_european_plans_return_znpp_and_kinburn():
    for pid in ("us-framework-2025-04", "eu-24-point-2025-11"):
        assert status_at(pid, "ZNPP") == "returned"
        assert status_at(pid, "Kinburn spit") == "returned"
    assert status_at("us-framework-2025-04", "Simferopol") == "russia_de_jure"
    assert status_at("us-framework-2025-04", "Kharkiv pocket") == "returned"


def test_vague_sources_give_undecided():
    assert status_at("putin-call-2025-10", "Melitopol") == "undecided"
    assert status_at("putin-call-2025-10", "Kramatorsk") == "ceded"
    assert status_at("geneva-19-point-2025-11", "Kramatorsk") == "undecided"
    assert status_at("geneva-19-point-2025-11", "Melitopol") == "undecided"


def test_twenty_point_options():
    assert status_at("ua-us-20-point-2025-12-a", "Kramatorsk") == "ukraine"
    assert status_at("ua-us-20-point-2025-12-a", "Donetsk") == "frozen"
    assert status_at("ua-us-20-point-2025-12-b", "Enerhodar") == "demilitarized"
    assert status_at("ua-us-20-point-2025-12-b", "Sloviansk") in ("ukraine", "undecided")


def test_kellogg_band_is_30_km_wide():
    rule = next(r for r in P["kellogg-2025-04"].rules if r.status == "demilitarized")
    assert rule.where.within_km_of_line == 15 and rule.where.side == "both"


def test_positions_that_cede_nothing():
    for pid in ("ukraine-position-2026", "eu-24-point-2025-11", "e3-counter-2025-11", "status-quo"):
        assert changes_hands(zones(pid))["ukraine_to_russia"] == 0, pid


def test_anchorage_formula_and_russian_offer():
    assert status_at("anchorage-formula-2026-01", "Kramatorsk") == "ceded"
    assert status_at("anchorage-formula-2026-01", "Melitopol") == "frozen"
    assert status_at("ru-offer-2026-02", "Kramatorsk") == "ceded"
    assert status_at("ru-offer-2026-02", "Kharkiv pocket") == "returned"


def test_transitions_of_the_28_point_plan():
    from geo.evaluate import evaluate
    from geo.stats import transitions
    stats = evaluate(P["us-28-point-2025-11"]).stats()
    moves = {m["change"]: m for m in transitions(stats["by_oblast"])}
    assert moves["Ukrainian-held land demilitarised"]["oblasts"] == "Donetsk"
    assert "Russian-held land demilitarised" not in moves          # Russian troops simply stay out
    assert set(moves["From Russia back to Ukraine"]["oblasts"].split(", ")) == {
        "Kharkiv", "Sumy", "Dnipropetrovsk", "Mykolaiv"}
    assert moves["From Ukraine to Russia"]["oblasts"] == "Luhansk"  # the sliver of Luhansk Ukraine held


def test_more_positions_from_their_sources():
    # Bürgenstock: territorial integrity within recognised borders, ZNPP under Ukrainian control
    assert status_at("burgenstock-2024", "Melitopol") == "returned"
    assert P["burgenstock-2024"].terms.znpp.startswith("Under Ukraine's full sovereign control")
    # Istanbul memorandum: withdrawal from the four regions, recognition de jure
    assert status_at("ru-memorandum-2025-06", "Zaporizhzhia") == "ceded"
    assert status_at("ru-memorandum-2025-06", "Simferopol") == "russia_de_jure"
    # March 2025: recognition asked for the Russian-held land; the Kyiv-held parts contradictory
    assert status_at("ru-recognition-ask-2025-03", "Donetsk") == "russia_de_jure"
    assert status_at("ru-recognition-ask-2025-03", "Kramatorsk") == "undecided"
    # December 2025: Donbas to Russia in both versions, the south contradictory
    assert status_at("russia-position-2025-12", "Kramatorsk") == "ceded"
    assert status_at("russia-position-2025-12", "Melitopol") == "undecided"
    assert status_at("russia-position-2025-12", "Zaporizhzhia") == "undecided"
    # Kremlin sources, November 2024: a general freeze, small areas of Kharkiv handed back
    assert status_at("ru-sources-2024-11", "Kharkiv pocket") == "returned"
    assert status_at("ru-sources-2024-11", "Melitopol") == "frozen"
