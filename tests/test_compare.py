"""Comparing two proposals: the ledger adds up, is symmetric, and agrees with the single view."""
import itertools
import json
import re
from pathlib import Path

import pytest

from geo.engine.compare import compare_results
from geo.engine.evaluate import default_catalog, evaluate
from geo.inputs.boundaries import ukraine_metric
from proposals.model import CONTROLS, RECOGNITIONS, STATUSES
from tests.clirun import ok, run_cli

ROOT = Path(__file__).resolve().parent.parent
P = default_catalog().proposals
IDS = list(P)
UKRAINE_KM2 = ukraine_metric().area / 1e6
_results = {}


def result(pid, date):
    if (pid, date) not in _results:
        _results[pid, date] = evaluate(P[pid], date)
    return _results[pid, date]


def comparison(a, b, date=None):
    date = date or max(str(P[a].baseline), str(P[b].baseline))
    return compare_results(result(a, date), result(b, date))


# Every proposal against the next one in the catalog, plus the pairs the issue names.
PAIRS = list(zip(IDS, IDS[1:])) + [("ru-anchorage-2025-08", "us-28-point-2025-11"),
                                    ("us-28-point-2025-11", "ukraine-position-2026")]


@pytest.mark.parametrize("a,b", PAIRS)
def test_matrix_sums_to_ukraine_and_swapping_transposes_it(a, b):
    ab, ba = comparison(a, b).matrix(), comparison(b, a).matrix()
    assert sum(sum(r.values()) for r in ab.values()) == pytest.approx(UKRAINE_KM2, rel=1e-3)
    for sa, sb in itertools.product(STATUSES, STATUSES):
        assert ab[sa][sb] == pytest.approx(ba[sb][sa], abs=0.2)


@pytest.mark.parametrize("a,b", PAIRS[:6])
def test_matrix_margins_are_each_proposals_own_numbers(a, b):
    c = comparison(a, b)
    m = c.matrix()
    for s in STATUSES:
        row = sum(m[s].values())
        col = sum(m[r][s] for r in STATUSES)
        assert row == pytest.approx(c.a.zones.query("status == @s").km2.sum(), abs=1.0)
        assert col == pytest.approx(c.b.zones.query("status == @s").km2.sum(), abs=1.0)


def test_28_point_against_ukraine_position_in_donetsk():
    c = comparison("us-28-point-2025-11", "ukraine-position-2026")
    assert c.frontline == "2026-02-27"  # the later of the two baseline dates
    dmz_to_ukraine = c.matrix()["demilitarized"]["ukraine"]
    single = ok(run_cli("stats", "us-28-point-2025-11", "--frontline",
                             "2026-02-27", "--json"))
    assert dmz_to_ukraine == pytest.approx(json.loads(single.stdout)["by_status"]["demilitarized"], abs=0.2)
    rows = [r for r in c.by_oblast() if r.status_a == "demilitarized"]
    assert {r.oblast for r in rows} == {"UA-14"} and all(r.status_b == "ukraine" for r in rows)
    cities = {x.name: (x.status_a, x.status_b) for x in c.cities()}
    assert cities["Kramatorsk"] == ("demilitarized", "ukraine")
    assert cities["Sloviansk"] == ("demilitarized", "ukraine")
    assert "Kyiv" not in cities


@pytest.mark.parametrize("a,b", PAIRS[:8])
def test_the_three_kinds_of_difference_add_up(a, b):
    c = comparison(a, b)
    assert c.changed_control_km2 + c.changed_recognition_km2 + c.changed_status_only_km2 == \
        pytest.approx(c.changed_km2, abs=0.3)
    cm = c.control_matrix()
    assert sum(sum(r.values()) for r in cm.values()) == pytest.approx(UKRAINE_KM2, rel=1e-3)
    off_diagonal = sum(cm[x][y] for x in CONTROLS for y in CONTROLS if x != y)
    assert off_diagonal == pytest.approx(c.changed_control_km2, abs=0.5)
    rm = c.recognition_matrix()
    off_diagonal = sum(rm[x][y] for x in RECOGNITIONS for y in RECOGNITIONS if x != y)
    assert off_diagonal == pytest.approx(c.changed_recognition_km2, abs=0.5)


def test_crimea_de_jure_to_de_facto_is_a_label_change_not_land_changing_hands():
    # Anchorage: Crimea recognised de jure (formal recognition sought); 28 points: de facto (point 21a).
    # Same control (Russia) in both: it must count as recognition, never as land that changes hands.
    c = comparison("ru-anchorage-2025-08", "us-28-point-2025-11")
    rows = {r.oblast: r for r in c.by_oblast() if r.oblast in ("UA-43", "UA-40")}
    assert {r.kind for r in rows.values()} == {"recognition"}
    assert all((r.recognition_a, r.recognition_b) == ("russia_de_jure", "russia_de_facto") for r in rows.values())
    crimea_km2 = sum(r.km2 for r in rows.values())
    assert crimea_km2 == pytest.approx(26_081 + 864, rel=0.03)   # official areas: Crimea 26,081, Sevastopol 864 km²
    # the fortress belt: ceded in A, a demilitarised buffer in B — that is land changing hands
    donetsk = [r for r in c.by_oblast() if r.oblast == "UA-14" and r.held_before == "ukraine"]
    assert {r.kind for r in donetsk} == {"control"}
    assert c.changed_control_km2 < c.changed_recognition_km2
    assert {x.name: x.kind for x in c.cities()}["Simferopol"] == "recognition"
    assert {x.name: x.kind for x in c.cities()}["Kramatorsk"] == "control"


def test_same_proposal_shows_no_difference():
    c = comparison("kellogg-2025-04", "kellogg-2025-04")
    assert c.changed_km2 == 0 and c.by_oblast() == [] and c.cities() == []
    m = c.matrix()
    assert all(m[a][b] == 0 for a in STATUSES for b in STATUSES if a != b)
    assert not any(t.differs for t in c.terms())


def test_terms_side_by_side():
    t = {x.term: x for x in comparison("us-28-point-2025-11", "e3-counter-2025-11").terms()}
    assert t["Army cap (troops)"].a == 600_000 and t["Army cap (troops)"].b == 800_000
    assert t["Army cap (troops)"].differs


def test_cli_compare_json_and_html(tmp_path):
    r = ok(run_cli("compare", "ru-anchorage-2025-08", "us-28-point-2025-11",
                        "--json"))
    data = json.loads(r.stdout)
    assert {"a", "b", "frontline", "matrix", "changed_km2", "by_oblast", "changed_control_km2",
            "changed_recognition_km2", "control_matrix", "recognition_matrix"} <= set(data)
    assert list(data["control_matrix"]) == list(CONTROLS) and list(data["recognition_matrix"]) == list(RECOGNITIONS)
    assert data["frontline"] == "2025-11-20" and list(data["matrix"]) == list(STATUSES)
    out = tmp_path / "c.html"
    ok(run_cli("compare", "putin-2024-06", "eu-24-point-2025-11",
                    "--frontline", "2026-03-13", "--out", str(out)))
    page = out.read_text()
    assert "<iframe" in page and "L.map" in page
    # no tag that loads something from elsewhere (Leaflet's own attribution <a> link is not a load)
    unescaped = page.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)=["']https?://""", unescaped)
    r = run_cli("compare", "status-quo", "nope")
    assert r.returncode == 1 and r.stderr.startswith("nope: id: no such proposal")


def test_one_common_front_line_for_every_face():
    """Anchorage (Aug 2025, line 2025-08-15) against the 28-point plan (Nov 2025, line 2025-11-20):
    both are drawn on 2025-11-20 by the CLI, the app and the static site, from one function."""
    from proposals.model import common_frontline
    a, b = P["ru-anchorage-2025-08"], P["us-28-point-2025-11"]
    assert common_frontline(a, b) == common_frontline(b, a) == "2025-11-20"
    import ast
    for f in ("cli.py", "ui/data.py", "geo/site/static_site.py"):
        tree = ast.parse((ROOT / f).read_text())
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "max"
                    and "baseline" in ast.unparse(n)], f"{f} picks the common front line itself"


def test_a_town_held_by_ukraine_in_both_is_not_counted_as_changing():
    """Kherson city (Ukrainian-held since November 2022) stays Ukrainian under the status quo and under
    the 28-point plan (which freezes the Kherson front); Kupiansk, Ukrainian-held on 20 November 2025,
    too. Neither is a city whose status differs, nor are their people in land that differs (a town near
    changed land used to be snapped into it)."""
    comp = compare_results(evaluate(P["status-quo"], "2025-11-20"), evaluate(P["us-28-point-2025-11"], "2025-11-20"))
    names = {c.name for c in comp.cities()}
    assert "Kherson" not in names and "Kupiansk" not in names
    assert {"Kramatorsk", "Sloviansk", "Donetsk"} <= names  # Ukraine leaves the first two; the third is recognised
    assert "Kherson" not in set(comp.located["name"])
    # every person counted in land that differs is in a piece whose status or recognition differs
    by_oblast = sum(r.population for r in comp.by_oblast())
    assert by_oblast == comp.headline().population_in_changed_land
