"""The plan builder through AppTest: a plan built with controls has the CLI's numbers, links open
the same plan (every catalog file via `cli.py link`), bad links give a notice, not a traceback."""
import json
from urllib.parse import parse_qsl

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from bench.apptest import map_args
from proposals import link
from tests.buildpage import CATALOG, ROOT, assert_same_numbers, builder, notices, plan_yaml, rule_headers
from tests.clirun import ok, run_cli
from tests.test_app import status_table

# The example, written by hand: Ukraine withdraws from Donetsk, and a 15 km band on both
# sides of the line is demilitarised (on the latest front line, the builder's default).
DONETSK_AND_BAND = """\
id: donetsk-and-band
title: Donetsk withdrawal and a 15 km demilitarised band
proposer: A test
date: 2026-03-01
status: draft
baseline: 2026-03-13
summary: Ukraine leaves Donetsk; 15 km on both sides of the line are demilitarised.
rules:
  - id: rule-1
    where: {oblasts: [donetsk], held_by: ukraine}
    status: ceded
    unverified: true
  - id: rule-2
    where: {within_km_of_line: 15, side: both}
    status: demilitarized
    unverified: true
sources:
  - {id: s1, outlet: Test, date: 2026-03-01, url: "https://example.org/", supports: the front line}
"""


@pytest.fixture(scope="module")
def built():
    """Donetsk withdrawal plus a 15 km band on both sides, demilitarised, made with the controls."""
    at = builder()
    assert not at.exception and rule_headers(at) == []
    at.button(key="b:add_rule").click().run()          # a new rule: Donbas, held by Ukraine, ceded
    at.multiselect(key="b:r:0:oblasts").set_value(["UA-14"]).run()
    at.button(key="b:add_rule").click().run()
    at.multiselect(key="b:r:1:oblasts").set_value([]).run()
    at.selectbox(key="b:r:1:held_by").set_value("any").run()
    at.checkbox(key="b:r:1:band").check().run()
    at.number_input(key="b:r:1:km").set_value(15.0).run()
    at.selectbox(key="b:r:1:side").set_value("both").run()
    at.selectbox(key="b:r:1:status").set_value("demilitarized").run()
    assert not at.exception and not at.error
    return at


def test_plan_built_with_controls_has_the_cli_numbers_of_the_same_file(built, tmp_path):
    f = tmp_path / "donetsk-and-band.yaml"
    f.write_text(DONETSK_AND_BAND, encoding="utf-8")
    r = ok(run_cli("stats", str(f), "--json"))
    stats = json.loads(r.stdout)
    assert stats["by_status"]["ceded"] > 0 and stats["by_status"]["demilitarized"] > 0
    assert_same_numbers(built, stats)
    assert len(map_args(built)) == 1


def test_each_rule_shows_the_km2_it_claims(built):
    heads = rule_headers(built)
    assert len(heads) == 2
    assert "Ceded" in heads[0] and "km² on this map" in heads[0]
    assert "Demilitarised zone" in heads[1] and "km² on this map" in heads[1]
    ceded = status_table(built).loc["Ceded: Ukraine withdraws", "km²"]
    assert f"claims {ceded:,} km²" in heads[0]  # the only ceded land is what rule 1 claims


def test_downloaded_yaml_passes_validate_and_has_the_built_rules(built, tmp_path):
    text = plan_yaml(built)
    f = tmp_path / "plan.yaml"
    f.write_text(text, encoding="utf-8")
    r = run_cli("validate", str(f))
    assert r.returncode == 0 and "ok (my-plan, 2 rules" in r.stdout, r.stderr
    rules = yaml.safe_load(text)["rules"]
    assert rules[0]["where"] == {"oblasts": ["UA-14"], "held_by": "ukraine"}
    assert rules[1]["where"] in ({"within_km_of_line": 15.0}, {"within_km_of_line": 15.0, "side": "both"})
    assert [r["status"] for r in rules] == ["ceded", "demilitarized"]


def test_link_reopens_the_same_plan_and_numbers(built):
    payload = built.query_params["plan"]
    again = builder(plan=payload)
    assert not again.exception and not notices(again)
    assert plan_yaml(again) == plan_yaml(built)              # building, sharing, reopening, downloading
    assert status_table(again).equals(status_table(built))
    assert map_args(again)[0]["feature_group"] == map_args(built)[0]["feature_group"]  # the same map


def test_an_error_is_shown_beside_its_rule_and_the_rest_still_draws(built):
    at = builder(plan=built.query_params["plan"])
    at.number_input(key="b:r:1:km").set_value(0.0).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Band width \\(km\\)\\: must be more than 0"]
    heads = rule_headers(at)
    assert "left off the map until its errors are fixed" in heads[1]
    assert "claims" in heads[0] and map_args(at)            # rule 1 is still drawn
    assert any("Fix the errors" in i.value for i in at.info)  # no link or file for a plan with errors
    assert "plan" not in at.query_params


def test_rules_move_and_go():
    at = builder()
    for _ in range(3):
        at.button(key="b:add_rule").click().run()
    ids = lambda: [r["id"] for r in yaml.safe_load(plan_yaml(at))["rules"]]  # noqa: E731
    assert ids() == ["rule-1", "rule-2", "rule-3"]
    at.button(key="b:r:2:up").click().run()
    assert ids() == ["rule-1", "rule-3", "rule-2"]
    at.button(key="b:r:0:del").click().run()
    assert ids() == ["rule-3", "rule-2"]


def test_circle_around_a_settlement_picked_by_name():
    at = builder()
    at.button(key="b:add_rule").click().run()
    at.multiselect(key="b:r:0:oblasts").set_value([]).run()
    at.selectbox(key="b:r:0:held_by").set_value("any").run()
    at.checkbox(key="b:r:0:circle").check().run()
    assert [e.value.replace("\\", "") for e in at.error] == ["Circle centre: pick a settlement"]
    at.text_input(key="b:r:0:find").input("Kramatorsk").run()
    place = at.selectbox(key="b:r:0:place")
    assert place.options[0].startswith("Kramatorsk (Donetsk) — pre-war population ")  # labelled pre-war
    assert place.options[0][-1].isdigit()
    place.set_value("gn:704508").run()                              # GeoNames 704508 = Kramatorsk
    at.number_input(key="b:r:0:radius").set_value(10.0).run()
    at.selectbox(key="b:r:0:status").set_value("demilitarized").run()
    assert not at.exception and not at.error
    around = yaml.safe_load(plan_yaml(at))["rules"][0]["where"]["area"]["around"]
    assert around["radius_km"] == 10.0
    assert around["lat"] == pytest.approx(48.72, abs=0.02) and around["lon"] == pytest.approx(37.56, abs=0.02)
    head = rule_headers(at)[0]
    # a 10 km circle is π·10² = 314.2 km² (drawn as a 128-gon, 0.04% less), all inside Ukraine
    assert "claims 314 km²" in head


def test_edit_a_copy_from_the_map_view():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["proposal"] = "ua-us-20-point-2025-12-b"
    at.run()
    at.button(key="edit-copy").click().run()
    assert not at.exception
    assert at.radio(key="view").value == "build"
    p = CATALOG.proposals["ua-us-20-point-2025-12-b"]
    assert at.text_input(key="b:h:title").value == f"{p.title} (edited copy)"
    built = yaml.safe_load(plan_yaml(at))
    assert [r["id"] for r in built["rules"]] == [r.id for r in p.rules]
    assert_same_numbers(at, catalog_stats(p.id))


def catalog_stats(pid: str) -> dict:
    from geo.engine.evaluate import evaluate
    return evaluate(CATALOG.proposals[pid]).stats().model_dump(mode="json")


def test_compare_the_plan_from_a_link_with_a_catalog_proposal(built):
    q = link.query_string(link.decode(built.query_params["plan"])[0], view="compare", a="plan",
                          b="us-28-point-2025-11")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params.update(dict(parse_qsl(q[1:])))
    at.run()
    assert not at.exception and not notices(at)
    assert at.selectbox(key="a").value == "plan" and at.selectbox(key="b").value == "us-28-point-2025-11"
    assert len(map_args(at)) == 3
    assert at.selectbox(key="a").options[at.selectbox(key="a").index].startswith("Plan from the link: My plan")


def test_the_builder_button_opens_the_comparison(built):
    at = builder(plan=built.query_params["plan"])
    at.selectbox(key="b:compare_with").set_value("ru-anchorage-2025-08").run()
    at.button(key="b:compare").click().run()
    assert not at.exception
    assert at.radio(key="view").value == "compare"
    assert at.selectbox(key="a").value == "plan" and at.selectbox(key="b").value == "ru-anchorage-2025-08"


def test_plan_is_a_reserved_id():
    assert link.TOKEN not in CATALOG.proposals
    text = (ROOT / "proposals/catalog/status-quo.yaml").read_text(encoding="utf-8").replace(
        "id: status-quo", "id: plan", 1)
    at = builder()
    at.file_uploader(key="upload_proposals").set_value([("plan.yaml", text.encode(), "application/x-yaml")]).run()
    assert not at.exception
    assert any(
        e.value.replace("\\", "").startswith("plan.yaml: id: 'plan' is reserved for the plan carried by a link")
        for e in at.error
    )


def test_from_parameter_opens_a_copy():
    at = builder(**{"from": "kellogg-2025-04"})
    assert not at.exception
    assert at.text_input(key="b:h:title").value == f"{CATALOG.proposals['kellogg-2025-04'].title} (edited copy)"
    assert "from" not in at.query_params  # used once, not again on every rerun
    at = builder(**{"from": "no-such-plan"})
    assert not at.exception and rule_headers(at) == []
    assert any("no proposal 'no\\-such\\-plan'" in n for n in notices(at)), notices(at)


def test_a_new_source_says_what_it_still_needs():
    at = builder()
    at.button(key="b:add_source").click().run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]
    assert "Outlet: must not be empty" in errors
    assert "Date: is missing" in errors or "Date: must be a date (YYYY-MM-DD)" in errors
    assert "Link: must be a web address starting with http:// or https://" in errors
    n = at.session_state["b:sources"][-1]  # the new source's number (after the status quo's sources)
    at.text_input(key=f"b:s:{n}:outlet").input("Reuters").run()
    at.date_input(key=f"b:s:{n}:date").set_value(__import__("datetime").date(2026, 2, 1)).run()
    at.text_input(key=f"b:s:{n}:url").input("https://www.reuters.com/world/").run()
    at.text_input(key=f"b:s:{n}:supports").input("the band").run()
    assert not at.error
    assert yaml.safe_load(plan_yaml(at))["sources"][-1] == {
        "id": "source-1", "outlet": "Reuters", "date": "2026-02-01", "url": "https://www.reuters.com/world/",
        "supports": "the band"}


def test_sovereignty_is_a_control():
    from proposals.model import RECOGNITIONS
    at = builder()
    at.button(key="b:add_rule").click().run()
    # DESIGN.md: the 28-point plan's Donetsk buffer is demilitarised and recognised as Russian
    at.selectbox(key="b:r:0:status").set_value("demilitarized").run()
    choice = "russia_de_jure" if "russia_de_jure" in RECOGNITIONS else RECOGNITIONS[-1]
    at.selectbox(key="b:r:0:recognition").set_value(choice).run()
    assert not at.exception and not at.error
    assert yaml.safe_load(plan_yaml(at))["rules"][0]["recognition"] == choice
    at.selectbox(key="b:r:0:recognition").set_value("").run()        # back to what the status says
    assert "recognition" not in yaml.safe_load(plan_yaml(at))["rules"][0]
    at.selectbox(key="b:r:0:status").set_value("russia_de_facto").run()
    at.selectbox(key="b:r:0:recognition").set_value("ukraine").run()  # contradicts the status
    assert [e.value.replace("\\", "") for e in at.error] == [
        "Sovereignty: 'ukraine' contradicts status 'russia_de_facto'"
    ]


def test_a_map_that_fails_leaves_the_controls_usable(monkeypatch):
    import ui.data

    def boom(*args, **kwargs):
        raise RuntimeError("engine failed")
    monkeypatch.setattr(ui.data, "result", boom)
    at = builder()
    at.button(key="b:add_rule").click().run()
    assert not at.exception
    assert any("the map could not be drawn (RuntimeError: engine failed)" in w.value.replace("\\", "")
               for w in at.warning)
    assert at.multiselect(key="b:r:0:oblasts").value == ["donbas"]  # the rule can still be changed


def test_the_map_view_shows_a_plan_from_a_link_as_such(built):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params.update({"proposal": "plan", "plan": built.query_params["plan"]})
    at.run()
    assert not at.exception
    assert at.selectbox(key="proposal").value == "plan"
    assert any("opened from a link" in i.value for i in at.info)
    assert status_table(at).equals(status_table(built))


def test_an_edited_plan_with_a_catalog_id_is_not_called_the_same_proposal(capsys):
    # A link made from a catalog file keeps that file's id; once edited it differs from the entry.
    p = CATALOG.proposals["kellogg-2025-04"]
    edited = p.model_copy(update={"rules": p.rules[:1]})
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params.update({"view": "compare", "plan": link.encode(edited), "a": "plan", "b": "kellogg-2025-04"})
    at.run()
    assert not at.exception
    assert not any("same proposal" in i.value for i in at.info)
    assert len(map_args(at)) == 3  # A, B and what differs
