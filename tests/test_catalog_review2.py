"""Catalog review 2 (shared/reference/catalog-review-2.md): each correction and each added entry
pinned to its sourced fact, checked at places, not against engine output."""


from geo.engine.stats import changes_hands
from tests.catalog_places import P, recognition_at, rule, source_text, status_at, zones

# ---------- second review (shared/reference/catalog-review-2.md): encodings to correct ----------

RUSSIAN_HELD_STATUSES = {"occupied", "frozen", "russia_de_facto", "russia_de_jure", "ceded"}
OBLAST = {"Kherson": "UA-65", "Mykolaiv": "UA-48", "Kharkiv": "UA-63", "Sumy": "UA-59",
          "Dnipropetrovsk": "UA-12", "Donetsk": "UA-14"}


def test_twenty_point_b_mirrored_pull_back_is_demilitarised_on_both_sides():
    # LIGA, 20 Dec 2025: mirrored steps, "if we withdraw five kilometers, they withdraw five"; the zone
    # keeps its governing bodies and police (LIGA; Glavnoe). Nothing in Donetsk is left to talks.
    z = zones("ua-us-20-point-2025-12-b")
    donetsk = z[z.oblast == OBLAST["Donetsk"]]
    assert donetsk[donetsk.status == "undecided"].empty
    band = donetsk[donetsk.status == "demilitarized"]
    assert set(band.held_before) == {"ukraine", "russia"}                 # both sides step back
    assert set(band[band.held_before == "ukraine"].recognition) == {"ukraine"}   # administration stays
    assert "police" in P["ua-us-20-point-2025-12-b"].source("liga-2025-12-20").supports
    assert status_at("ua-us-20-point-2025-12-b", "Sloviansk") == "ukraine"  # ~40 km from the line (Dec 2025)


def test_kellogg_zone_runs_along_the_eastern_land_front_only():
    # The Times via Ukrainska Pravda: Russian forces "where they are in the east", the reassurance force
    # west of the Dnipro: the river stays the line in the south, no band along it.
    z = zones("kellogg-2025-04")
    dmz = z[z.status == "demilitarized"]
    assert not dmz.empty and not set(dmz.oblast) & {OBLAST["Kherson"], OBLAST["Mykolaiv"]}
    assert OBLAST["Donetsk"] in set(dmz.oblast)
    for place in ("Nova Kakhovka", "Enerhodar"):        # left bank of the Dnipro / the Kakhovka reservoir
        assert status_at("kellogg-2025-04", place) == "frozen", place
    assert status_at("kellogg-2025-04", "Kherson") == "ukraine"
    band = rule("kellogg-2025-04", "dmz-band").where
    assert band.within_km_of_line == 15 and band.side == "both"   # "both sides back up 15 kilometres each"


def test_us_framework_returns_only_a_small_part_of_kharkiv():
    # Axios via Protothema: "the return of a small area in Kharkiv region"; neither extent nor place given.
    z = zones("us-framework-2025-04")
    kharkiv = z[z.oblast == OBLAST["Kharkiv"]]
    russian_held = kharkiv[kharkiv.held_before == "russia"].km2.sum()
    returned = kharkiv[kharkiv.status == "returned"].km2.sum()
    assert 0 < returned < 0.5 * russian_held and returned < 1_140
    assert set(kharkiv[(kharkiv.held_before == "russia") & (kharkiv.status != "returned")].status) == {"undecided"}
    assert rule("us-framework-2025-04", "kharkiv-small-part-returned").unverified     # the place is ours
    assert "small area" in P["us-framework-2025-04"].source("protothema-axios-2025-04").supports


def test_march_2025_ask_changes_recognition_not_hands():
    # Kommersant via Reuters / The Moscow Times: formal US recognition asked; no withdrawal reported.
    moved = changes_hands(zones("ru-recognition-ask-2025-03"))
    assert moved.ukraine_to_russia == 0 and moved.ukraine_to_neutral == 0
    assert recognition_at("ru-recognition-ask-2025-03", "Kramatorsk") == "russia_de_jure"
    assert status_at("ru-recognition-ask-2025-03", "Kramatorsk") not in ("ceded", "demilitarized")
    assert "no withdrawal" in P["ru-recognition-ask-2025-03"].summary.lower()


def test_land_left_to_talks_stays_left_to_talks_and_moves_nobody():
    # Geneva (FT): territory bracketed for the presidents. Russia, December 2025: two conflicting
    # statements on Zaporizhzhia and Kherson; the claim to land Russia does not hold is a demand.
    for place in ("Kramatorsk", "Melitopol"):
        assert status_at("geneva-19-point-2025-11", place) == "undecided", place
    for pid in ("geneva-19-point-2025-11", "russia-position-2025-12"):
        z = zones(pid)
        assert z[z.status.isin(["demilitarized"])].empty, pid
    assert changes_hands(zones("geneva-19-point-2025-11")).ukraine_to_russia == 0
    assert status_at("russia-position-2025-12", "Zaporizhzhia") == "undecided"
    assert status_at("russia-position-2025-12", "Kramatorsk") == "ceded"     # Donbas in both versions
    claim = rule("russia-position-2025-12", "south-claim-on-ukrainian-held-land")
    assert claim.where.held_by == "ukraine" and "demand" in claim.note


def test_eu_core_interests_draws_no_neutral_zone():
    # RFE/RL via Euromaidan Press: demilitarisation of occupied territories and no de jure recognition,
    # as demands on Russia; the paper names no zone, line or administration.
    z = zones("eu-core-interests-2026-02")
    assert z[z.status == "demilitarized"].empty
    assert set(z[z.held_before == "russia"].recognition) == {"ukraine"}
    assert "demilitarised" in P["eu-core-interests-2026-02"].terms.army_limits


def test_russian_offer_dnipropetrovsk_return_is_not_in_the_bloomberg_text():
    # The Straits Times (Bloomberg): a memorandum if Ukraine leaves Donetsk; Dnipropetrovsk only in
    # derivative summaries (Hvylya, cccv.info).
    r = rule("ru-offer-2026-02", "dnipropetrovsk-returned")
    assert r.unverified and "straitstimes-2026-02" not in r.sources
    assert r.where.oblasts == ["dnipropetrovsk"]


def test_anchorage_formula_returns_nothing_and_names_the_august_figure():
    # Reuters' Kremlin-close source (23 Jan 2026): all of Donbas to Russia, lines frozen elsewhere; the
    # ~440 km² of Sumy and Kharkiv pockets (DeepState via Reuters) belong to the August 2025 position.
    z = zones("anchorage-formula-2026-01")
    assert z[z.status == "returned"].empty
    assert status_at("anchorage-formula-2026-01", "Sumy border pocket") == "frozen"
    assert "440 km²" in rule("anchorage-formula-2026-01", "frozen-elsewhere").note
    returned = zones("ru-anchorage-2025-08").query("status == 'returned'").km2.sum()
    assert returned <= 440 + 20


def test_smaller_wording_fixes_of_review_2():
    # the status quo's line carries March 2026 forward (PROVENANCE: no reports after March 2026)
    assert "March 2026" in P["status-quo"].summary
    # the 28-point plan: which reading of point 21(d) and why
    note = rule("us-28-point-2025-11", "donetsk-withdrawal-buffer").note
    assert "internationally recognized" in note and "de facto, not de jure" in note
    # Kremlin sources, November 2024: no broken sentence
    assert "., " not in P["ru-sources-2024-11"].summary


# ---------- second review: entries that were missing ----------

def test_trump_september_2025_is_the_maximal_ukrainian_outcome():
    # Truth Social, 23 Sep 2025 (Ukrainska Pravda, AP): "WIN all of Ukraine back in its original form".
    z = zones("trump-2025-09-original-borders")
    assert not set(z.status) & RUSSIAN_HELD_STATUSES
    for place in ("Donetsk", "Melitopol", "Simferopol", "Luhansk city"):
        assert status_at("trump-2025-09-original-borders", place) == "returned", place
    assert "original form" in source_text("trump-2025-09-original-borders")
    assert any("Crimea" in c for c in P["trump-2025-09-original-borders"].contradictions)


def test_russian_buffer_zone_is_a_border_strip_of_about_10_km():
    # Putin, 22 May 2025: a buffer zone along the border, no depth; Zelenskyy (Reuters/The Moscow Times,
    # 28 May): about 10 km deep into Ukraine.
    pid = "ru-buffer-zone-2025-05"
    assert status_at(pid, "Velyka Pysarivka") == "ceded"          # a few km from the border
    for city in ("Sumy", "Kharkiv"):                              # about 30 km from it
        assert status_at(pid, city) == "ukraine", city
    z = zones(pid)
    assert set(z[z.status == "ceded"].oblast) == {OBLAST["Sumy"], OBLAST["Kharkiv"]}
    assert "10 km" in source_text(pid)


def test_witkoff_readout_is_dated_and_carries_its_retraction():
    # Reuters (28 Aug 2025): on 7 Aug Witkoff said Russia would leave Zaporizhzhia and Kherson; on 8 Aug he
    # said Putin offered no such withdrawal, only no demand for Western recognition.
    pid = "witkoff-moscow-readout-2025-08"
    assert P[pid].date.isoformat() == "2025-08-07"
    assert status_at(pid, "Melitopol") != "returned"              # the retracted reading is not drawn
    assert recognition_at(pid, "Melitopol") == "not_addressed"
    assert status_at(pid, "Kramatorsk") == "ceded"
    assert any("retract" in c or "8 August" in c for c in P[pid].contradictions)


def test_us_guarantees_linked_to_leaving_donbas():
    # FT via Reuters and Babel, 27 Jan 2026: guarantees depend on a deal likely ceding Donbas; denied.
    pid = "us-guarantees-donbas-2026-01"
    assert status_at(pid, "Kramatorsk") == "ceded"
    assert status_at(pid, "Zaporizhzhia") == "ukraine"
    assert {s.date.isoformat() for s in P[pid].sources} >= {"2026-01-27"}
    assert any("White House" in c for c in P[pid].contradictions)


def test_spring_2025_recognition_pitch():
    # Reuters, 11 Apr 2025: Witkoff's "ownership" of the four regions; the framework and Time: Crimea.
    pid = "us-recognition-pitch-2025-04"
    assert status_at(pid, "Simferopol") == "russia_de_jure"
    assert status_at(pid, "Donetsk") == "russia_de_facto"
    assert status_at(pid, "Melitopol") == "russia_de_facto"
    assert status_at(pid, "Kramatorsk") == "undecided"            # "ownership" of the regions: extent unsaid
    assert changes_hands(zones(pid)).ukraine_to_russia == 0
    assert "ownership" in source_text(pid)


def test_same_map_entries():
    # Jeddah joint statement (11 Mar 2025): an interim 30-day ceasefire, nothing on territory.
    assert status_at("jeddah-ceasefire-2025-03", "Melitopol") == "frozen"
    assert all(v == 0 for v in changes_hands(zones("jeddah-ceasefire-2025-03")).model_dump().values())
    assert "30-day" in source_text("jeddah-ceasefire-2025-03")
    # Ukraine's memorandum (2 Jun 2025): the contact line is the starting point for territorial talks
    # after a ceasefire; Russian gains since 2014 not recognised.
    assert status_at("ua-memorandum-2025-06", "Melitopol") == "undecided"
    assert recognition_at("ua-memorandum-2025-06", "Melitopol") == "ukraine"
    assert changes_hands(zones("ua-memorandum-2025-06")).ukraine_to_russia == 0
    assert P["ua-memorandum-2025-06"].terms.army_limits.startswith("No limits")
    # Trump team, Nov 2024 (WSJ): a freeze and an 800-mile demilitarised zone of unreported width
    z = zones("trump-team-dmz-2024-11")
    assert status_at("trump-team-dmz-2024-11", "Melitopol") == "frozen"
    assert z[z.status == "demilitarized"].empty                   # no width reported: not drawn
    assert "20 years" in P["trump-team-dmz-2024-11"].terms.nato
