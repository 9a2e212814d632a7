"""Recognition apart from control, on hand-made squares whose areas are known exactly.

Two 10 km × 10 km oblasts; Russia holds the east half of the eastern one (50 km²).
"""
import json

import pytest
import shapely

from geo.engine.compare import Comparison, difference_kind
from geo.engine.evaluate import Result
from geo.engine.stats import by_recognition, by_status_and_recognition, oblast_table, phrase
from geo.engine.zones import zones_for
from geo.maps.patterns import lined_zones, pattern_lines
from geo.measure import EQUAL_AREA, GEOGRAPHIC, reproject
from geo.testing import baseline, rect, square, units
from proposals.model import (
    CONTROL_AFTER,
    DEFAULT_RECOGNITION,
    RECOGNITIONS,
    STATUS_INFO,
    STATUSES,
    Proposal,
    control_of,
    recognition_of,
)

SRC = [{"id": "s", "outlet": "test", "date": "2025-01-01", "url": "https://example.org", "supports": "test"}]
WEST, EAST = square(0, 0, 10), square(10, 0, 10)
UNITS = units(**{"UA-12": WEST, "UA-14": EAST})
BASE = baseline(rect(15, 0, 5, 10))


def proposal(*rules, pid="t") -> Proposal:
    return Proposal.model_validate({
        "id": pid, "title": pid, "proposer": "t", "date": "2025-01-01", "status": "draft",
        "baseline": "2025-01-01", "summary": "t", "sources": SRC,
        "rules": [dict(r, id=r.get("id", f"r{i}"), sources=["s"]) for i, r in enumerate(rules)],
    })


def km2(zones, **where):
    for k, v in where.items():
        zones = zones[zones[k] == v]
    return zones.geometry.area.sum() / 1e6


# the 28-point plan's Donetsk buffer in miniature: Ukrainian-held Donetsk demilitarised, recognised as Russian
BUFFER = {"where": {"oblasts": ["donetsk"], "held_by": "ukraine"}, "status": "demilitarized",
          "recognition": "russia_de_facto"}


def test_the_derivation_table():
    # the documented defaults: the status says it, or nothing is said
    assert DEFAULT_RECOGNITION == {
        "ukraine": "ukraine", "returned": "ukraine", "occupied": "not_addressed", "frozen": "not_addressed",
        "russia_de_facto": "russia_de_facto", "russia_de_jure": "russia_de_jure", "ceded": "not_addressed",
        "demilitarized": "not_addressed", "undecided": "to_talks"}
    assert CONTROL_AFTER["demilitarized"] == "neutral"
    # land left to talks stays with whoever holds it on the line's date (#18)
    assert control_of("undecided", "russia") == "russia" and control_of("undecided", "ukraine") == "ukraine"
    assert list(STATUS_INFO) == list(STATUSES) and len(STATUSES) == 9
    assert recognition_of("frozen", "russia_de_facto") == "russia_de_facto"


def test_zone_carries_control_and_explicit_recognition():
    z = zones_for(proposal(BUFFER), BASE, UNITS)
    buffer = z[z.status == "demilitarized"]
    assert km2(buffer) == pytest.approx(50, rel=1e-9)
    assert set(buffer.control) == {"neutral"} and set(buffer.recognition) == {"russia_de_facto"}
    # untouched land keeps the status's own recognition
    assert set(z[z.status == "ukraine"].recognition) == {"ukraine"}
    assert set(z[z.status == "occupied"].recognition) == {"not_addressed"}


def test_same_status_two_recognitions_stay_apart():
    # frozen everywhere Russia holds, but recognised de facto only in the east oblast's northern half
    north = reproject(rect(15, 5, 5, 5), EQUAL_AREA, GEOGRAPHIC)   # the northern 25 km² of the held half
    p = proposal({"where": {"held_by": "russia"}, "status": "frozen"},
                 {"where": {"held_by": "russia", "area": json.loads(shapely.to_geojson(north))},
                  "status": "frozen", "recognition": "russia_de_facto"})
    z = zones_for(p, BASE, UNITS)
    frozen = z[z.status == "frozen"]
    assert km2(frozen) == pytest.approx(50, rel=1e-6)
    assert km2(frozen, recognition="russia_de_facto") == pytest.approx(25, rel=1e-3)
    assert km2(frozen, recognition="not_addressed") == pytest.approx(25, rel=1e-3)


def test_stats_by_recognition_and_the_phrase():
    z = zones_for(proposal(BUFFER), BASE, UNITS).assign(km2=lambda f: f.geometry.area / 1e6)
    rec = by_recognition(z)
    assert list(rec) == list(RECOGNITIONS)
    assert rec == {"ukraine": 100.0, "not_addressed": 50.0, "russia_de_facto": 50.0, "russia_de_jure": 0.0,
                   "to_talks": 0.0}
    pairs = {(r.status, r.recognition): r.km2 for r in by_status_and_recognition(z)}
    assert pairs == {("ukraine", "ukraine"): 100.0, ("occupied", "not_addressed"): 50.0,
                     ("demilitarized", "russia_de_facto"): 50.0}
    assert phrase("demilitarized", "russia_de_facto", 6200.9) == \
        "6,201 km² demilitarised zone, recognised as Russian de facto"


def test_oblast_rows_gain_control_and_recognition():
    z = zones_for(proposal(BUFFER), BASE, UNITS).assign(km2=lambda f: f.geometry.area / 1e6)
    located = z.iloc[0:0].assign(population=[])  # no settlements in the test squares
    rows = oblast_table(z, located)
    dmz = next(r for r in rows if r.status == "demilitarized")
    assert dmz.model_dump() == {"oblast": "UA-14", "name": "UA-14", "status": "demilitarized", "held_before": "ukraine",
                   "control": "neutral", "recognition": "russia_de_facto", "km2": 50.0, "population": 0}


@pytest.mark.parametrize("ca,cb,ra,rb,sa,sb,kind", [
    ("russia", "russia", "russia_de_jure", "russia_de_facto", "russia_de_jure", "russia_de_facto", "recognition"),
    ("russia", "neutral", "not_addressed", "russia_de_facto", "ceded", "demilitarized", "control"),
    ("russia", "russia", "not_addressed", "not_addressed", "occupied", "frozen", "status"),
    ("russia", "russia", "not_addressed", "russia_de_facto", "frozen", "frozen", "recognition"),
    ("ukraine", "ukraine", "ukraine", "ukraine", "ukraine", "ukraine", None),
])
def test_difference_kinds(ca, cb, ra, rb, sa, sb, kind):
    assert difference_kind(ca, cb, ra, rb, sa, sb) == kind


def test_comparison_separates_changing_hands_from_a_label_change():
    # A: all Russian-held land de jure, Ukrainian-held Donetsk ceded. B: Russian-held de facto,
    # Ukrainian-held Donetsk a demilitarised buffer recognised as Russian.
    a = proposal({"where": {"held_by": "russia"}, "status": "russia_de_jure"},
                 {"where": {"oblasts": ["donetsk"], "held_by": "ukraine"}, "status": "ceded"}, pid="a")
    b = proposal({"where": {"held_by": "russia"}, "status": "russia_de_facto"}, BUFFER, pid="b")
    ra, rb = (Result(p, BASE, zones_for(p, BASE, UNITS)) for p in (a, b))
    c = Comparison(ra, rb)
    assert c.changed_control_km2 == pytest.approx(50.0)       # Ukrainian-held Donetsk: Russia → neutral
    assert c.changed_recognition_km2 == pytest.approx(50.0)   # Russian-held: de jure → de facto, same control
    assert c.changed_status_only_km2 == 0.0
    assert c.changed_km2 == pytest.approx(100.0)
    cm = c.control_matrix()
    assert cm["russia"]["neutral"] == pytest.approx(50.0) and cm["russia"]["russia"] == pytest.approx(50.0)
    assert cm["ukraine"]["ukraine"] == pytest.approx(100.0)
    rm = c.recognition_matrix()   # over land whose control is the same only
    assert rm["russia_de_jure"]["russia_de_facto"] == pytest.approx(50.0)
    assert sum(sum(r.values()) for r in rm.values()) == pytest.approx(150.0)


def test_recognition_lines_only_where_the_colour_does_not_say_it():
    z = zones_for(proposal({"where": {"held_by": "russia"}, "status": "russia_de_facto"}, BUFFER), BASE, UNITS)
    lined = lined_zones(z)
    # the Russian-held half is coloured "Russian de facto" already; only the buffer gets lines
    assert set(lined) == {"russia_de_facto"}
    assert lined["russia_de_facto"].area / 1e6 == pytest.approx(50, rel=1e-9)


def test_pattern_lines_are_spaced_and_clipped():
    sq = square(0, 0, 10)
    lines = pattern_lines(sq, (0.0,), spacing_m=1000)   # horizontal lines 1 km apart over 10 km
    assert lines.length / 1000 == pytest.approx(100, abs=10.5)   # 10 or 11 lines of 10 km
    assert lines.difference(sq.buffer(1)).is_empty
    grid = pattern_lines(sq, (0.0, 90.0), spacing_m=1000)
    assert grid.length == pytest.approx(2 * lines.length, rel=0.11)


def test_proposal_map_legend_and_tooltip_say_recognition():
    from geo.maps.display import zone_features
    from geo.maps.legend import legend_html
    z = zones_for(proposal(BUFFER), BASE, UNITS).assign(km2=lambda f: f.geometry.area / 1e6)
    tips = [f["properties"]["tip"] for f in zone_features(z)["features"]]
    assert any("Demilitarised zone" in t and "Recognition: recognised as Russian de facto" in t for t in tips)
    html = legend_html("t", {})
    for label in ("recognised as Russian de facto", "recognised as Russian de jure", "sovereignty stays Ukrainian",
                  "sovereignty left to talks"):
        assert label in html


def test_patterns_drawn_over_zones_are_the_hatch_and_recognition_where_the_colour_does_not_say_it():
    # the web map draws these as SVG patterns (static/ppa/map-ui.js); the same rule as lined_zones
    from geo.maps.patterns import svg_patterns, zone_patterns
    assert zone_patterns("demilitarized", "russia_de_facto") == ["hatch", "russia_de_facto"]
    assert zone_patterns("russia_de_facto", "russia_de_facto") == []     # the colour says it
    assert zone_patterns("occupied", "russia_de_jure") == ["russia_de_jure"]
    assert zone_patterns("ukraine", "ukraine") == []
    specs = svg_patterns()
    assert specs["russia_de_jure"]["angles"] == [0.0, 90.0]              # a grid: lines both ways
    assert specs["to_talks"]["dash"] and specs["to_talks"]["tile"] % 5 == 0   # whole "2 3" dash periods
