"""Each proposal pinned to facts from its sources, checked at places, not against engine output.

Points are GeoNames coordinates of real places; the expected status follows from what the
sources say about the land those places stand on.
"""
from pathlib import Path

import pytest

from geo.engine.evaluate import evaluate
from geo.engine.stats import changes_hands
from tests.catalog_places import CATALOG, P, recognition_at, source_text, status_at, zones

REQUIRED = [
    "eu-core-interests-2026-02",
    "paris-declaration-2026-01",
    "ru-halt-offer-2025-04",
    "status-quo",
    "putin-2024-06",
    "us-framework-2025-04",
    "kellogg-2025-04",
    "ru-anchorage-2025-08",
    "putin-call-2025-10",
    "trump-2025-10-stop",
    "us-28-point-2025-11",
    "eu-24-point-2025-11",
    "geneva-19-point-2025-11",
    "us-fez-2025-12",
    "ua-us-20-point-2025-12-a",
    "ua-us-20-point-2025-12-b",
    "ukraine-position-2026",
    "anchorage-formula-2026-01",
    "ru-offer-2026-02",
    # catalog review 2 (shared/reference/catalog-review-2.md): the missing entries
    "trump-2025-09-original-borders",
    "ru-buffer-zone-2025-05",
    "witkoff-moscow-readout-2025-08",
    "us-guarantees-donbas-2026-01",
    "us-recognition-pitch-2025-04",
    "jeddah-ceasefire-2025-03",
    "ua-memorandum-2025-06",
    "trump-team-dmz-2024-11",
]


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

    from geo.inputs.frontline import available_dates
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
    from geo.engine.stats import key_cities_by_status, locate_settlements
    from geo.inputs.settlements import load_settlements
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
    assert all(v == 0 for v in moved.model_dump().values())
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
    # "a small area" of Kharkiv (Axios): the land east of the Oskil is not given back by name
    assert status_at("us-framework-2025-04", "Kharkiv pocket") == "undecided"


def test_vague_sources_give_undecided():
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
        assert changes_hands(zones(pid)).ukraine_to_russia == 0, pid


def test_anchorage_formula_and_russian_offer():
    assert status_at("anchorage-formula-2026-01", "Kramatorsk") == "ceded"
    assert status_at("anchorage-formula-2026-01", "Melitopol") == "frozen"
    assert status_at("ru-offer-2026-02", "Kramatorsk") == "ceded"
    assert status_at("ru-offer-2026-02", "Kharkiv pocket") == "returned"
    # The offer as reported names Donetsk only: the Luhansk land Ukraine held is not given to anyone.
    z = zones("ru-offer-2026-02")
    sliver = z[(z.oblast == "UA-09") & (z.held_before == "ukraine")]
    assert set(sliver.status) == {"undecided"} and 10 < sliver.km2.sum() < 500


def test_transitions_of_the_28_point_plan():
    from geo.engine.evaluate import evaluate
    from geo.engine.stats import transitions
    stats = evaluate(P["us-28-point-2025-11"]).stats()
    moves = {m.change: m for m in transitions(stats.by_oblast)}
    assert moves["Ukrainian-held land demilitarised"].oblasts == "Donetsk"
    assert "Russian-held land demilitarised" not in moves          # Russian troops simply stay out
    assert set(moves["From Russia back to Ukraine"].oblasts.split(", ")) == {
        "Kharkiv", "Sumy", "Dnipropetrovsk", "Mykolaiv"}
    assert moves["From Ukraine to Russia"].oblasts == "Luhansk"  # the sliver of Luhansk Ukraine held


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


# ---------- corrections from the catalog review (shared/reference/catalog-review.md) ----------


def test_twenty_point_b_point_14_line_of_contact_in_all_four_regions():
    # Point 14 as read out (Tag24/AFP): "In the Donetsk, Lugansk, Zaporizhzhia, and Kherson regions, the
    # line of troop deployment ... is de facto recognized as the line of contact" — Luhansk included.
    for pid in ("ua-us-20-point-2025-12-a", "ua-us-20-point-2025-12-b"):
        assert status_at(pid, "Luhansk city") == "frozen", pid
        assert status_at(pid, "Melitopol") == "frozen", pid
    z = zones("ua-us-20-point-2025-12-b")
    assert z[(z.oblast == "UA-09") & (z.status == "undecided")].empty       # Luhansk is not "undecided"
    assert "tag24.com" in source_text("ua-us-20-point-2025-12-b")


def test_twenty_point_b_pull_back_only_as_far_as_a_source_states():
    # Glavnoe (Suspilne): heavy forces withdrawn "to a distance of between 5 and 40 kilometers";
    # LIGA: "if we withdraw five kilometers, they withdraw five; we withdraw 10, they withdraw 10".
    # Review 2: a mirrored pull-back, drawn demilitarised on each side, not a 5-40 km undecided band.
    p = P["ua-us-20-point-2025-12-b"]
    widest = max(r.where.within_km_of_line or 0 for r in p.rules)
    assert widest == 5
    for r in p.rules:
        if r.where.within_km_of_line == 5:
            assert r.status == "demilitarized" and "liga-2025-12-20" in r.sources
    assert "withdraw five" in p.source("liga-2025-12-20").supports
    assert "40 kilometers" in p.source("glavnoe-fez-2025-12").supports      # the range stays cited
    assert any("5 and 40 km" in c for c in p.contradictions)
    # the zone Ukraine leaves stays under Ukrainian administration and police
    assert recognition_at("ua-us-20-point-2025-12-b", "Kramatorsk") == "ukraine"


def test_kinburn_spit_demilitarised_and_the_disagreement_shown():
    # 24 Kanal / news.mail.ru: point 16, a maritime agreement under which the Kinburn Spit is demilitarised;
    # other summaries list Mykolaiv among the regions Russia leaves.
    for pid in ("ua-us-20-point-2025-12-a", "ua-us-20-point-2025-12-b"):
        assert status_at(pid, "Kinburn spit") == "demilitarized", pid
        assert recognition_at(pid, "Kinburn spit") == "ukraine", pid
        assert any("Kinburn" in c for c in P[pid].contradictions), pid
        assert "24tv.ua" in source_text(pid) and "news.mail.ru" in source_text(pid)


def test_28_point_buffer_recognised_as_russian_and_south_de_facto():
    # Point 21(d): the withdrawal zone is a neutral demilitarised buffer "internationally recognized as
    # territory belonging to the Russian Federation"; 21(b): the freeze in Kherson and Zaporizhzhia "will
    # mean de facto recognition along the line of contact".
    assert status_at("us-28-point-2025-11", "Kramatorsk") == "demilitarized"
    assert recognition_at("us-28-point-2025-11", "Kramatorsk") == "russia_de_facto"
    assert status_at("us-28-point-2025-11", "Melitopol") == "frozen"
    assert recognition_at("us-28-point-2025-11", "Melitopol") == "russia_de_facto"
    assert recognition_at("us-28-point-2025-11", "Zaporizhzhia") == "ukraine"
    # point 20: EU rules on religious tolerance and the protection of linguistic minorities
    assert "EU rules on religious tolerance" in P["us-28-point-2025-11"].terms.language_and_church


def test_28_point_numbers_say_demilitarised_and_recognised_as_russian():
    from geo.engine.stats import phrase
    stats = evaluate(P["us-28-point-2025-11"]).stats()
    row = next(r for r in stats.by_status_and_recognition if r.status == "demilitarized")
    assert row.recognition == "russia_de_facto"
    assert row.km2 == pytest.approx(stats.by_status["demilitarized"])   # all of the buffer
    assert phrase(row.status, row.recognition, row.km2).endswith(
        "km² demilitarised zone, recognised as Russian de facto")


def test_march_2025_ask_alone_and_the_april_offer_its_own_file():
    ask, offer = P["ru-recognition-ask-2025-03"], P["ru-halt-offer-2025-04"]
    # Kommersant, 18-19 March 2025: formal US recognition of the four regions and Crimea as Russian
    assert all(s.date.year == 2025 and s.date.month == 3 for s in ask.sources)
    assert "oafnation" not in source_text("ru-recognition-ask-2025-03")
    assert status_at("ru-recognition-ask-2025-03", "Donetsk") == "russia_de_jure"
    assert recognition_at("ru-recognition-ask-2025-03", "Kramatorsk") == "russia_de_jure"
    assert ask.terms.nato is None            # Naryshkin's terms came from a third source
    # FT, 22 April 2025: halt on the current line, drop the claim to the Kyiv-held parts of the four regions
    assert offer.date.isoformat() == "2025-04-11"      # the St Petersburg meeting the FT reported
    assert {s.date.isoformat() for s in offer.sources} >= {"2025-04-22"}
    assert status_at("ru-halt-offer-2025-04", "Melitopol") == "frozen"
    assert status_at("ru-halt-offer-2025-04", "Kramatorsk") == "ukraine"
    assert status_at("ru-halt-offer-2025-04", "Zaporizhzhia") == "ukraine"


def test_putin_call_portions_are_not_all_russian_held_land():
    # WaPo: Putin "open to giving up portions" of Zaporizhzhia and Kherson; no reading returns all of it.
    z = zones("putin-call-2025-10")
    assert z[z.status == "undecided"].empty
    assert status_at("putin-call-2025-10", "Melitopol") == "frozen"
    assert status_at("putin-call-2025-10", "Nova Kakhovka") == "frozen"
    assert status_at("putin-call-2025-10", "Zaporizhzhia") == "ukraine"
    assert status_at("putin-call-2025-10", "Kramatorsk") == "ceded"


def test_anchorage_returns_only_the_named_pockets():
    # Reuters via Ukrainska Pravda: "comparatively small tracts" in northern Sumy and northeastern Kharkiv,
    # about 440 km² (DeepState); the 21 August version added small parts of Dnipropetrovsk.
    z = zones("ru-anchorage-2025-08")
    returned = z[z.status == "returned"]
    assert set(returned.oblast) == {"UA-63", "UA-59", "UA-12"}        # Kharkiv, Sumy, Dnipropetrovsk
    assert 150 < returned.km2.sum() <= 440 + 20  # not the 1,473 km² of every pocket
    assert (
        status_at("ru-anchorage-2025-08", "Vovchansk pocket") == "returned"
    )  # Pletenivka, Russian-held since May 2024
    assert status_at("ru-anchorage-2025-08", "Sumy border pocket") == "returned"
    assert status_at("ru-anchorage-2025-08", "Kharkiv pocket") == "occupied"   # east of the Oskil: not named


# The form of recognition each Russian demand's own sources name for the land Russia would get:
# formal / legal / international recognition -> de jure; none named -> de facto (README, "Recognition
# convention"). Ceded land carries the same recognition as the Russian-held land of its region.
RUSSIAN_DEMANDS = {
    "putin-2024-06": "russia_de_jure",              # "fundamental international agreements"
    "ru-recognition-ask-2025-03": "russia_de_jure",  # formal US recognition (Kommersant)
    "ru-memorandum-2025-06": "russia_de_jure",       # international legal recognition
    "ru-anchorage-2025-08": "russia_de_facto",       # "withdraw from Donbas": no form named
    "putin-call-2025-10": "russia_de_facto",         # "full control of Donetsk": no form named
    "russia-position-2025-12": "russia_de_jure",     # 19 December: the June 2024 terms restated (ISW)
    "anchorage-formula-2026-01": "russia_de_facto",  # "Russia controls all of Donbas"
    "witkoff-moscow-readout-2025-08": "russia_de_facto",  # Donetsk and Luhansk to Russia: no form named
    "ru-offer-2026-02": "russia_de_facto",           # "if Ukraine withdraws from Donetsk"
}
FOUR_REGIONS = {"UA-14", "UA-09", "UA-23", "UA-65"}


@pytest.mark.parametrize("pid,expected", RUSSIAN_DEMANDS.items())
def test_one_recognition_convention_for_russian_demands(pid, expected):
    z = zones(pid)
    given = z[z.oblast.isin(FOUR_REGIONS) & z.status.isin(["ceded", "russia_de_facto", "russia_de_jure"])]
    assert not given.empty
    assert set(given.recognition) == {expected}, pid
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "### Recognition convention" in readme


def test_smaller_term_fixes():
    # Kellogg to The Times: "Take both sides back up 15 kilometres each"; no elections term in those reports
    kellogg = P["kellogg-2025-04"]
    assert kellogg.terms.elections is None
    band = next(r for r in kellogg.rules if r.status == "demilitarized")
    assert "uanews-pravda-2025-04-12" in band.sources
    assert "15 kilometres each" in kellogg.source("uanews-pravda-2025-04-12").supports
    # US framework (Reuters text): Ukraine fully reconstructed and compensated; the minerals deal
    framework = P["us-framework-2025-04"].terms.sanctions_and_assets
    assert "fully reconstructed" in framework and "minerals" in framework
    # London counter-proposal: Russian sovereign assets frozen until Russia compensates Ukraine
    assert "frozen until Russia compensates" in P["ua-eu-counter-2025-04"].terms.sanctions_and_assets
    # the 800,000 cap in December 2025 came from the European leaders' Berlin statement, not the US idea
    assert P["us-fez-2025-12"].terms.army_cap is None
    assert "Berlin statement" in P["us-fez-2025-12"].terms.army_limits
    # DeepState, 1 January 2026: 116,165 km², 19.25% of Ukraine
    assert "116,165 km²" in source_text("status-quo") and "19.25%" in source_text("status-quo")


def test_eu_core_interests_paper():
    # RFE/RL via RBC-Ukraine and Militarnyi: no de jure recognition, occupied land demilitarised, mirrored
    # limits, Russian forces out of Belarus, Transnistria, Georgia and Armenia, no amnesty for war crimes.
    p = P["eu-core-interests-2026-02"]
    assert p.date.isoformat() == "2026-02-17"
    # review 2: principles, not a map — the demilitarisation demand is a term, no neutral zone is drawn
    assert status_at("eu-core-interests-2026-02", "Melitopol") == "occupied"
    assert recognition_at("eu-core-interests-2026-02", "Melitopol") == "ukraine"
    assert status_at("eu-core-interests-2026-02", "Kramatorsk") == "ukraine"
    assert changes_hands(zones("eu-core-interests-2026-02")).ukraine_to_russia == 0
    for country in ("Belarus", "Transnistria", "Georgia", "Armenia"):
        assert country in p.terms.foreign_troops
    assert "mirrored" in p.terms.army_limits
    assert p.terms.amnesty.startswith("No amnesty")


def test_paris_declaration_is_guarantees_only():
    # 6 January 2026: a multinational force after a ceasefire, an 800,000 army; no territorial rule.
    from geo.engine.compare import compare_results
    p = P["paris-declaration-2026-01"]
    assert p.rules == [] and p.terms.army_cap == 800_000
    date = str(p.baseline)
    c = compare_results(evaluate(p, date), evaluate(P["status-quo"], date))
    assert c.changed_km2 == 0                       # its map is the status quo
    assert any(t.differs for t in c.terms())     # its substance is its terms
