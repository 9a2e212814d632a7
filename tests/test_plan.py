"""The builder's plan dicts: controls round-trip every catalog rule, errors land beside their rule."""
import datetime as dt

import pytest

from geo.inputs.frontline import available_dates
from proposals.catalog import load_catalog, parse_text
from proposals.model import Proposal
from proposals.oblasts import resolve_all
from proposals.plan import (
    canonical_oblasts,
    copy_of,
    form_from_rule,
    form_from_source,
    map_part,
    plain,
    plan_dict,
    problems,
    rule_from_form,
    scratch,
    source_from_form,
    terms_from_form,
    terms_to_form,
    to_yaml,
)

CATALOG = load_catalog()
DATES = available_dates()  # the shipped front lines


def through_controls(p: Proposal) -> dict:
    """A proposal taken apart into control values and put back together, as the builder does."""
    d = plan_dict(p)
    d["rules"] = [rule_from_form(*form_from_rule(r)) for r in d.get("rules", [])]
    d["sources"] = [source_from_form(form_from_source(s)) for s in d["sources"]]
    terms = terms_from_form(terms_to_form(d.get("terms", {})))
    d.pop("terms", None)
    if terms:
        d["terms"] = terms
    return d


@pytest.mark.parametrize("pid", list(CATALOG.proposals))
def test_every_catalog_proposal_survives_the_controls(pid):
    p = CATALOG.proposals[pid]
    back, errors = parse_text(to_yaml(through_controls(p)), "plan", DATES)
    assert errors == []
    # Same rules; oblast names may be rewritten as codes (donetsk -> UA-14), never to other land.
    for a, b in zip(p.rules, back.rules, strict=True):
        assert resolve_all(a.where.oblasts or ["all"]) == resolve_all(b.where.oblasts or ["all"])
        assert a.model_copy(update={"where": a.where.model_copy(update={"oblasts": None})}) == \
            b.model_copy(update={"where": b.where.model_copy(update={"oblasts": None})})
    assert back.model_copy(update={"rules": []}) == p.model_copy(update={"rules": []})


def test_oblast_names_become_codes_and_groups_stay_groups():
    assert canonical_oblasts(["donetsk", "Donetsk oblast", "UA-14"]) == ["UA-14"]
    assert canonical_oblasts(["Luhansk", "donbas", "crimea", "all"]) == ["UA-09", "donbas", "crimea", "all"]
    assert canonical_oblasts(["Запорізька"]) == ["UA-23"]


def test_a_band_off_writes_no_side_and_a_circle_writes_its_point():
    form, extras = form_from_rule({"id": "x", "status": "demilitarized", "unverified": True,
                                   "where": {"within_km_of_line": 15, "side": "russia"}})
    assert form["band"] and form["km"] == 15 and form["side"] == "russia"
    rule = rule_from_form(dict(form, band=False), extras)
    assert rule["where"] == {}
    rule = rule_from_form(dict(form, band=False, circle=True, lon=34.662, lat=47.4905, radius=6.0), extras)
    assert rule["where"] == {"area": {"around": {"lon": 34.662, "lat": 47.4905, "radius_km": 6.0}}}


def test_what_the_controls_do_not_know_is_kept():
    polygon = {"type": "Polygon", "coordinates": [[[30, 46], [31, 46], [31, 47], [30, 46]]]}
    rule = {"id": "x", "status": "returned", "sources": ["s"], "where": {"area": polygon},
            "recognition": "ukraine", "future_field": 1}  # a field a later version of the model may add
    form, extras = form_from_rule(rule)
    assert rule_from_form(form, extras) == rule


def test_terms_from_text_boxes():
    assert terms_from_form({"army_cap": " 800,000 ", "nato": "No membership", "elections": ""}) == \
        {"army_cap": 800000, "nato": "No membership"}
    assert terms_from_form({"army_cap": "about 600k"}) == {"army_cap": "about 600k"}  # the loader says why


def test_a_copy_has_its_own_id_and_the_same_rules():
    p = CATALOG.proposals["us-28-point-2025-11"]
    c, errors = parse_text(to_yaml(copy_of(p)), "copy", DATES)
    assert errors == [] and c.id == "us-28-point-2025-11-edit" and c.rules == p.rules
    assert c.title.endswith("(edited copy)") and c.status == "draft"


def test_an_empty_plan_is_valid_and_draws_the_front_line():
    d = scratch("2026-03-13", CATALOG.proposals["status-quo"], dt.date(2026, 3, 1))
    p, errors = parse_text(to_yaml(d), "plan", DATES)
    assert errors == [] and p.rules == [] and str(p.baseline) == "2026-03-13"


def test_map_part_keeps_only_what_draws_the_map():
    d = plan_dict(CATALOG.proposals["us-28-point-2025-11"])
    part = map_part(d)
    m, errors = parse_text(to_yaml(map_part(dict(d, title="Another title", summary="Other words"))), "m", DATES)
    assert errors == [] and to_yaml(part) == to_yaml(map_part(dict(d, title="Another title")))
    assert [r.where for r in m.rules] == [r.where for r in CATALOG.proposals["us-28-point-2025-11"].rules]
    assert [r.status for r in m.rules] == [r.status for r in CATALOG.proposals["us-28-point-2025-11"].rules]
    assert len(map_part(d, keep_rules=[0])["rules"]) == 1


def errors_of(plan: dict):
    proposal, errors = parse_text(to_yaml(plan), "plan", DATES)
    assert proposal is None
    return problems(errors, plan)


def base_plan(*rules):
    d = scratch("2026-03-13", CATALOG.proposals["status-quo"], dt.date(2026, 3, 1))
    d["rules"] = list(rules)
    return d


def test_errors_land_beside_their_rule_in_plain_words():
    ok = {"id": "ok", "status": "ceded", "unverified": True, "where": {"oblasts": ["UA-14"]}}
    no_width = {"id": "band", "status": "demilitarized", "unverified": True, "where": {"within_km_of_line": 0}}
    wide = {"id": "circle", "status": "returned", "unverified": True,
            "where": {"area": {"around": {"lon": 34.6, "lat": 47.5, "radius_km": 900}}}}
    unsourced = {"id": "nosrc", "status": "ceded"}
    found = errors_of(base_plan(ok, no_width, wide, unsourced))
    by_rule = {p.rule: p.text for p in found}
    assert 0 not in by_rule
    assert by_rule[1] == "Band width (km): must be more than 0"
    assert by_rule[2] == "Circle radius (km): must be at most 500"
    assert by_rule[3].startswith("no sources: cite at least one source id")


def test_a_repeated_rule_name_is_put_on_the_later_rule():
    r = {"id": "same", "status": "ceded", "unverified": True}
    found = errors_of(base_plan(r, dict(r), {**r, "id": "other"}, dict(r)))
    assert [(p.rule, p.text) for p in found] == [(1, "Rule name: 'same' is used by an earlier one"),
                                                 (3, "Rule name: 'same' is used by an earlier one")]


def test_plan_level_errors_are_named_in_plain_words():
    d = base_plan()
    d["title"] = ""
    d["sources"] = []
    texts = {p.text for p in errors_of(d)}
    assert "Title: must not be empty" in texts
    assert "Sources: needs at least one" in texts


def test_plain_words():
    assert plain("Input should be greater than 0") == "must be more than 0"
    assert plain("Input should be less than or equal to 300") == "must be at most 300"
    assert plain("String should match pattern '^[a-z0-9][a-z0-9-]*$'").startswith("use lower-case letters")


def test_a_band_without_a_side_comes_back_as_both_sides():
    # The model reads a band with no side as both sides; the controls write it out.
    form, extras = form_from_rule({"id": "x", "status": "demilitarized", "unverified": True,
                                   "where": {"within_km_of_line": 10}})
    assert form["side"] == "both"
    assert rule_from_form(form, extras)["where"] == {"within_km_of_line": 10.0, "side": "both"}
