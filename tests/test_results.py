"""The typed results (geo/engine/results.py) are the `--json` contract: their dump has exactly the keys the
README and DESIGN document (stated here, not read from the models), they survive the caches
(pickle, JSON), and they refuse values outside the domain."""
import json
import pickle
import re
from pathlib import Path

import geopandas as gpd
import pytest
from pydantic import ValidationError

import cli
from geo.engine.results import PEOPLE_AFFECTED, ChangesHands, ProposalStats
from geo.engine.stats import locate_settlements, summary
from geo.engine.zones import zones_for
from geo.testing import baseline, square, units
from proposals.model import Proposal

ROOT = Path(__file__).resolve().parent.parent

# `stats --json`: DESIGN's CLI contract (proposal, frontline, total_km2, by_status, by_oblast), the
# README's recognition section (by_recognition, by_status_and_recognition, control/recognition per
# row) and the keys the command printed before the results were typed.
STATS_KEYS = ["proposal", "frontline", "frontline_label", "total_km2", "official_ukraine_km2", "by_status",
              "by_recognition", "by_status_and_recognition", "control_after", "changes_hands", "people_by_status",
              "people_affected", "people_affected_definition", "population_note", "by_oblast", "key_cities",
              "withdrawals", "current_residents", "published_figures"]
NINE = ["ukraine", "returned", "occupied", "frozen", "russia_de_facto", "russia_de_jure", "ceded", "demilitarized",
        "undecided"]
FIVE = ["ukraine", "not_addressed", "russia_de_facto", "russia_de_jure", "to_talks"]
FOUR = ["ukraine", "russia", "neutral", "unknown"]
OBLAST_ROW = {"oblast", "name", "status", "held_before", "control", "recognition", "km2", "population"}
CHANGES = ["ukraine_to_russia", "russia_to_ukraine", "ukraine_to_neutral", "russia_to_neutral", "ukraine_to_unknown",
           "russia_to_unknown", "ukraine_held_left_to_talks", "russia_held_left_to_talks"]
WITHDRAWALS = ["ukraine_withdraws_km2", "russia_withdraws_km2", "left_to_talks_km2",
               "ukraine_withdraws_population_prewar", "left_to_talks_population_prewar"]

# `compare --json`: DESIGN (a, b, frontline, matrix, changed_km2, by_oblast) and the README
# (changed_control_km2, changed_recognition_km2, changed_status_only_km2, control_matrix, recognition_matrix).
COMPARE_KEYS = ["a", "b", "frontline", "matrix", "changed_km2", "changed_control_km2", "changed_recognition_km2",
                "changed_status_only_km2", "control_matrix", "recognition_matrix", "by_oblast", "headline", "cities",
                "terms"]
HEADLINE_KEYS = ["ukraine_controls", "russia_controls", "demilitarized", "undecided", "changed_km2",
                 "changed_control_km2", "changed_recognition_km2", "changed_status_only_km2",
                 "population_in_changed_land"]
COMPARE_ROW = {"oblast", "name", "held_before", "status_a", "status_b", "control_a", "control_b", "recognition_a",
               "recognition_b", "kind", "km2", "population"}


def cede_west() -> ProposalStats:
    """Two 10 km squares (100 km² each): the western one Ukrainian-held and ceded, the eastern one
    Russian-held and left occupied; a key city of 1,234 people in the west, a town of 99 in the east."""
    u = units(**{"UA-14": square(0, 0, 10), "UA-09": square(10, 0, 10)})
    p = Proposal.model_validate({
        "id": "p", "title": "t", "proposer": "x", "date": "2025-01-01", "status": "draft", "baseline": "2025-01-01",
        "summary": "s", "rules": [{"id": "r", "where": {"oblasts": ["UA-14"]}, "status": "ceded", "unverified": True}],
        "sources": [{"id": "s", "outlet": "o", "date": "2025-01-01", "url": "https://x.org", "supports": "s"}]})
    zones = zones_for(p, baseline(square(10, 0, 10)), units=u)
    towns = gpd.GeoDataFrame({"geonameid": [1, 2], "name": ["W", "E"], "population": [1234, 99], "key": [True, False],
                              "role": ["city", ""], "lon": [0, 0], "lat": [0, 0]},
                             geometry=[square(0, 0, 10).centroid, square(10, 0, 10).centroid], crs="EPSG:3035")
    return summary(zones, locate_settlements(zones, towns), proposal="p", frontline="2025-01-01",
                   frontline_label="test")


def test_stats_json_has_the_documented_keys_and_exact_numbers():
    j = cede_west().model_dump(mode="json")
    assert list(j) == STATS_KEYS
    assert list(j["by_status"]) == NINE and list(j["by_recognition"]) == FIVE
    assert list(j["control_after"]) == FOUR and list(j["changes_hands"]) == CHANGES
    assert list(j["withdrawals"]) == WITHDRAWALS
    assert j["total_km2"] == pytest.approx(200.0, abs=0.05) and j["official_ukraine_km2"] == 603_628
    assert j["by_status"]["ceded"] == pytest.approx(100.0, abs=0.05)
    assert j["by_status"]["occupied"] == pytest.approx(100.0, abs=0.05)
    assert j["control_after"] == {"ukraine": 0.0, "russia": pytest.approx(200.0, abs=0.05), "neutral": 0.0,
                                  "unknown": 0.0}
    assert j["changes_hands"]["ukraine_to_russia"] == pytest.approx(100.0, abs=0.05)
    assert sum(j["changes_hands"].values()) == pytest.approx(100.0, abs=0.05)   # the occupied east does not move
    assert j["withdrawals"]["ukraine_withdraws_km2"] == pytest.approx(100.0, abs=0.05)
    assert j["withdrawals"]["ukraine_withdraws_population_prewar"] == 1234
    assert j["people_by_status"]["ceded"] == {"settlements": 1, "population": 1234}
    assert j["people_affected"] == 1234 and j["people_affected_definition"] == PEOPLE_AFFECTED
    assert all(set(r) == OBLAST_ROW for r in j["by_oblast"])
    assert {(r["oblast"], r["status"], r["control"], r["population"]) for r in j["by_oblast"]} == {
        ("UA-14", "ceded", "russia", 1234), ("UA-09", "occupied", "russia", 99)}
    assert j["key_cities"] == [{"geonameid": 1, "name": "W", "oblast": "UA-14", "status": "ceded",
                                "held_before": "ukraine", "population": 1234, "role": "city"}]


def test_headline_figures_are_computed_in_geo():
    s = cede_west()
    assert s.changes_hands.ukraine_withdraws_km2 == pytest.approx(100.0, abs=0.05)
    ch = ChangesHands(ukraine_to_russia=10.0, russia_to_ukraine=1.0, ukraine_to_neutral=2.5, russia_to_neutral=4.0,
                      ukraine_to_unknown=0.0, russia_to_unknown=0.0, ukraine_held_left_to_talks=0.3,
                      russia_held_left_to_talks=8.0)
    assert ch.ukraine_withdraws_km2 == 12.5 and ch.demilitarized_km2 == 6.5  # Russia's own land is not withdrawn from
    assert ch.russia_withdraws_km2 == 5.0 and ch.left_to_talks_km2 == 8.3  # land left to talks is nobody's withdrawal


def test_results_survive_the_caches_unchanged():
    s = cede_west()
    assert pickle.loads(pickle.dumps(s)) == s                              # st.cache_data pickles what it keeps
    assert ProposalStats.model_validate_json(s.model_dump_json()) == s     # and the JSON reads back typed


def test_results_refuse_values_outside_the_domain_and_cannot_be_changed():
    j = cede_west().model_dump(mode="json")
    with pytest.raises(ValidationError, match="by_status.ukrainian"):
        ProposalStats.model_validate({**j, "by_status": {**j["by_status"], "ukrainian": 1.0}})
    with pytest.raises(ValidationError, match="changes_hands.russia_to_ukraine"):
        ProposalStats.model_validate({**j, "changes_hands": {"ukraine_to_russia": 1.0}})
    with pytest.raises(ValidationError):
        cede_west().people_affected = 0    # frozen: one cached value is shared by every session


def test_cli_json_keys_are_the_documented_ones(capsys):
    assert cli.main(["stats", "status-quo", "--json"]) == 0
    assert list(json.loads(capsys.readouterr().out)) == STATS_KEYS
    assert cli.main(["compare", "ru-anchorage-2025-08", "us-28-point-2025-11", "--json"]) == 0
    c = json.loads(capsys.readouterr().out)
    assert list(c) == COMPARE_KEYS and list(c["headline"]) == HEADLINE_KEYS
    assert all(list(c["headline"][k]) == ["a", "b", "b_minus_a"] for k in HEADLINE_KEYS[:4])
    assert c["by_oblast"] and all(set(r) == COMPARE_ROW for r in c["by_oblast"])
    assert c["cities"] and all(set(x) == {"name", "oblast", "population", "status_a", "status_b", "recognition_a",
                                          "recognition_b", "kind"} for x in c["cities"])
    assert [set(t) for t in c["terms"]] == [{"term", "a", "b", "differs"}] * 10
    assert list(c["matrix"]) == NINE and list(c["control_matrix"]) == FOUR and list(c["recognition_matrix"]) == FIVE


# Keys only a result has: reading one by string means a face went around the typed value.
RESULT_KEY_READ = re.compile(r"""\[["'](changes_hands|control_after|by_status_and_recognition|people_by_status|"""
                             r"""people_affected\w*|population_note|key_cities|headline|ukraine_controls|"""
                             r"""russia_controls|population_in_changed_land|changed_\w*km2|by_recognition|"""
                             r"""ukraine_to_\w+|russia_to_\w+|b_minus_a)["']\]""")


def test_faces_read_results_by_attribute():
    faces = [*sorted((ROOT / "ui").glob("*.py")), ROOT / "cli.py", ROOT / "geo/engine/overview.py",
             ROOT / "geo/site/static_site.py", ROOT / "geo/images/figure.py", ROOT / "geo/maps/mapview.py"]
    found = [f"{f.relative_to(ROOT)}:{i}: {line.strip()}" for f in faces
             for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if RESULT_KEY_READ.search(line)]
    assert found == []


def test_the_disk_store_gives_back_typed_numbers_and_drops_entries_that_no_longer_fit(tmp_path, monkeypatch):
    from geo import store
    from geo.engine.catalog_stats import stored_stats
    from geo.engine.evaluate import default_catalog
    monkeypatch.setattr(store, "STORE_DIR", tmp_path)
    p = default_catalog().proposals["status-quo"]
    first = stored_stats(p)                                  # computed, then stored as JSON
    [entry] = tmp_path.glob("*.stats")
    assert stored_stats(p) == first                          # read back: the same typed value
    doc = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({**doc, "changes_hands": {"ukraine_to_russia": 1.0}}), encoding="utf-8")
    assert stored_stats(p) == first                          # an entry of an older shape is a miss, not a crash


def test_land_left_to_talks_is_not_withdrawn_and_stays_with_its_holder():
    """A 10 km square of Ukrainian-held land left to talks: nobody withdraws from it (0 km²), it is
    left to talks with exactly its 100 km², and Ukraine still controls it."""
    u = units(**{"UA-14": square(0, 0, 10), "UA-09": square(10, 0, 10)})
    p = Proposal.model_validate({
        "id": "p", "title": "t", "proposer": "x", "date": "2025-01-01", "status": "draft", "baseline": "2025-01-01",
        "summary": "s", "rules": [{"id": "r", "where": {"oblasts": ["UA-14"]}, "status": "undecided",
                                   "unverified": True}],
        "sources": [{"id": "s", "outlet": "o", "date": "2025-01-01", "url": "https://x.org", "supports": "s"}]})
    zones = zones_for(p, baseline(square(10, 0, 10)), units=u)
    towns = gpd.GeoDataFrame({"geonameid": [1], "name": ["W"], "population": [1234], "key": [False], "role": [""],
                              "lon": [0], "lat": [0]}, geometry=[square(0, 0, 10).centroid], crs="EPSG:3035")
    s = summary(zones, locate_settlements(zones, towns), proposal="p", frontline="2025-01-01", frontline_label="t")
    assert s.withdrawals.ukraine_withdraws_km2 == 0.0 and s.changes_hands.ukraine_withdraws_km2 == 0.0
    assert s.withdrawals.left_to_talks_km2 == pytest.approx(100.0, abs=0.05)
    assert s.changes_hands.ukraine_held_left_to_talks == pytest.approx(100.0, abs=0.05)
    assert s.control_after.ukraine == pytest.approx(100.0, abs=0.05) and s.control_after.unknown == 0.0
    assert s.control_after.russia == pytest.approx(100.0, abs=0.05)           # the Russian-held east stays Russian
    assert {r.control for r in s.by_oblast if r.status == "undecided"} == {"ukraine"}
    assert s.people_affected == 0 and s.withdrawals.left_to_talks_population_prewar == 1234


def test_geneva_cli_json_withdraws_nothing_and_russia_keeps_what_it_holds(capsys):
    assert cli.main(["stats", "geneva-19-point-2025-11", "--json"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert j["withdrawals"]["ukraine_withdraws_km2"] == 0
    assert j["changes_hands"]["ukraine_to_russia"] + j["changes_hands"]["ukraine_to_neutral"] == 0
    held = sum(r["km2"] for r in j["by_oblast"] if r["held_before"] == "russia")
    assert j["control_after"]["russia"] == pytest.approx(held, abs=0.5) and held > 110_000
    assert j["withdrawals"]["left_to_talks_km2"] == pytest.approx(j["by_status"]["undecided"], abs=0.2)
    assert j["by_status"]["undecided"] > 0
    assert [r["residents"] for r in j["current_residents"]] == [200_500]      # Donetsk, latest published count


def test_people_figures_say_pre_war_everywhere():
    from geo.engine.overview import COLUMNS
    assert "pre-war population (GeoNames)" in PEOPLE_AFFECTED
    assert "pre-war population (GeoNames)" in ProposalStats.model_fields["population_note"].default
    assert "pre-war" in COLUMNS["people"]


def test_current_population_table_parses_with_a_source_and_date_on_every_row():
    import csv
    import datetime as dt

    from geo.engine.published import current_population, latest_residents
    with (ROOT / "data/tables/current_population.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["url"].startswith("https://") and dt.date.fromisoformat(r["date"]) for r in rows)
    assert {(r["date"][:7], int(r["residents"])) for r in rows} >= {("2025-06", 273_200), ("2025-08", 255_500),
                                                                     ("2025-10", 200_500)}
    assert len(current_population()) == len(rows)
    assert [r.residents for r in latest_residents(["UA-14", "UA-46"])] == [200_500]   # none published for Lviv


def test_published_figures_name_their_outlet_date_and_our_figure():
    from geo.engine.published import published_figures
    from geo.engine.results import Withdrawals
    figures = [f for fs in published_figures().values() for f in fs]
    assert figures and all(f.url.startswith("https://") and f.method and f.ours in Withdrawals.model_fields
                           for f in figures)
    assert any(f.value == 5000 and "AFP" in f.outlet for f in published_figures()["us-28-point-2025-11"])
