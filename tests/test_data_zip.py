"""The data zip (geo/exports/data_zip.py): zones.geojson, numbers.csv and README.txt, checked against
facts known apart from the code — hand-made squares of known area, the official oblast areas, the
sources a proposal cites — and offered by the CLI and both app views."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest

from geo.engine.compare import compare_results
from geo.engine.evaluate import Result, default_catalog, evaluate
from geo.engine.stats import locate_settlements
from geo.engine.zones import zones_for
from geo.exports.data_zip import MEMBERS, comparison_zip, proposal_zip
from geo.testing import baseline, square, units
from proposals.model import Proposal
from tests.clirun import ok, run_cli
from tests.test_boundaries import KNOWN_COARSE

ROOT = Path(__file__).resolve().parent.parent
NE_UKRAINE_KM2 = 599_094  # Ukraine measured on the Natural Earth boundaries (README, docs/architecture.md)
HOSTILE = 'Evil "plan"\n\nCredits: none\u202e{{ 7*7 }} </script> ../../etc/passwd'
SOURCE = {"id": "s", "outlet": "Some outlet", "date": "2025-01-01", "url": "https://example.org/a", "supports": "s"}


def official_km2() -> dict[str, float]:
    """The State Statistics Service areas, read from the data table itself."""
    with (ROOT / "data/tables/oblasts.csv").open(encoding="utf-8") as f:
        return {r["iso"]: float(r["official_km2"]) for r in csv.DictReader(f)}


def within_boundary_tolerance(iso: str, km2: float, official: float) -> bool:
    """The tolerance tests/test_boundaries.py allows Natural Earth: 2%, or the known coarse range."""
    err = 100 * (km2 / official - 1)
    lo, hi = KNOWN_COARSE.get(iso, (-2.0, 2.0))
    return lo <= err <= hi


def unzip(content: bytes) -> tuple[list[str], gpd.GeoDataFrame, list[dict], str]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        names = z.namelist()
        zones = gpd.read_file(io.BytesIO(z.read("zones.geojson")))
        rows = list(csv.DictReader(io.StringIO(z.read("numbers.csv").decode("utf-8-sig"))))
        readme = z.read("README.txt").decode("utf-8")
    return names, zones, rows, readme


def plan(rules: list[dict], **fields) -> Proposal:
    return Proposal.model_validate({"id": "hand-made", "title": "Hand-made", "proposer": "tests", "date": "2025-01-01",
                                    "status": "draft", "baseline": "2025-01-01", "summary": "s", "rules": rules,
                                    "sources": [SOURCE], **fields})


def square_result(proposal: Proposal) -> Result:
    """Two 10 km squares (UA-14 west, UA-09 east); the eastern one Russian-held; a town of 1,234 people
    in the west, one of 99 in the east."""
    u = units(**{"UA-14": square(0, 0, 10), "UA-09": square(10, 0, 10)})
    base = baseline(square(10, 0, 10), date="2025-01-01")
    result = Result(proposal, base, zones_for(proposal, base, units=u))
    towns = gpd.GeoDataFrame({"geonameid": [1, 2], "name": ["W", "E"], "population": [1234, 99],
                              "key": [False, False], "role": ["", ""], "lon": [0, 0], "lat": [0, 0]},
                             geometry=[square(0, 0, 10).centroid, square(10, 0, 10).centroid], crs="EPSG:3035")
    result.__dict__["located"] = locate_settlements(result.zones, towns)  # instead of the real GeoNames places
    return result


@pytest.fixture(scope="module")
def catalog():
    return default_catalog().proposals


@pytest.fixture(scope="module")
def status_quo(catalog):
    return unzip(proposal_zip(evaluate(catalog["status-quo"])))


def test_members_are_the_three_fixed_names(status_quo):
    names, *_ = status_quo
    assert names == list(MEMBERS) == ["README.txt", "zones.geojson", "numbers.csv"]


def test_hand_made_squares_give_their_exact_km2_and_people():
    result = square_result(plan([{"id": "cede", "where": {"oblasts": ["UA-14"]}, "status": "ceded",
                                  "unverified": True}]))
    _, zones, rows, _ = unzip(proposal_zip(result))
    assert zones.crs.to_epsg() == 4326
    got = {(r["oblast"], r["status"]): (float(r["km2"]), int(r["population_prewar_geonames"])) for r in rows}
    assert got == {("UA-14", "ceded"): (100.0, 1234), ("UA-09", "occupied"): (100.0, 99)}
    # the exported shapes are the same land: measured again in an equal-area CRS, 100 km² each
    assert list(zones.to_crs("EPSG:3035").area / 1e6) == pytest.approx([100.0, 100.0], rel=1e-4)
    assert dict(zip(zones["oblast"], zip(zones["held_before"], zones["control"]))) == {
        "UA-14": ("ukraine", "russia"), "UA-09": ("russia", "russia")}


def test_land_left_to_talks_on_both_sides_keeps_each_sides_part_apart():
    # one oblast × status, but Ukraine held half and Russia half: control differs, so two features
    u = units(**{"UA-23": square(0, 0, 10)})
    p = plan([{"id": "talks", "where": {"oblasts": ["UA-23"]}, "status": "undecided", "unverified": True}])
    base = baseline(square(5, 0, 10).intersection(square(0, 0, 10)), date="2025-01-01")
    result = Result(p, base, zones_for(p, base, units=u))
    result.__dict__["located"] = locate_settlements(result.zones, gpd.GeoDataFrame(
        {"geonameid": [1], "population": [10], "key": [False]}, geometry=[square(0, 0, 1).centroid], crs="EPSG:3035"))
    _, zones, rows, _ = unzip(proposal_zip(result))
    got = {(r["held_before"], r["control"]): float(r["km2"]) for r in rows}
    assert got == {("ukraine", "ukraine"): 50.0, ("russia", "russia"): 50.0}
    assert len(zones) == 2 and set(zones["status"]) == {"undecided"}


def test_status_quo_sums_to_ukraine_and_each_oblast_to_its_official_area(status_quo):
    _, zones, rows, _ = status_quo
    assert zones.crs.to_epsg() == 4326
    assert len(zones) == len({(o, s) for o, s in zip(zones["oblast"], zones["status"])})  # one per oblast × status
    assert set(zones["status"]) == {"ukraine", "occupied"}
    assert sum(zones["km2"]) == pytest.approx(NE_UKRAINE_KM2, rel=1e-3)
    official = official_km2()
    by_oblast: dict[str, float] = {}
    for r in rows:
        by_oblast[r["oblast"]] = by_oblast.get(r["oblast"], 0.0) + float(r["km2"])
    assert set(by_oblast) == set(official)
    for iso, km2 in by_oblast.items():
        assert within_boundary_tolerance(iso, km2, official[iso]), (iso, km2, official[iso])
    crimea = [r for r in rows if r["oblast"] == "UA-43"]  # Russian-held since 2014, whole
    assert [r["status"] for r in crimea] == ["occupied"] and crimea[0]["oblast_name"] == "Crimea"


def test_donbas_withdrawal_puts_all_of_donbas_under_russia_at_its_official_area(catalog):
    p = plan([{"id": "donbas", "where": {"oblasts": ["donbas"], "held_by": "ukraine"}, "status": "ceded",
               "unverified": True}], baseline="2025-11-20")
    _, zones, rows, _ = unzip(proposal_zip(evaluate(p)))
    official = official_km2()
    for iso in ("UA-14", "UA-09"):
        mine = [r for r in rows if r["oblast"] == iso]
        assert {r["control"] for r in mine} == {"russia"}
        assert {r["status"] for r in mine} == {"ceded", "occupied"}
        assert within_boundary_tolerance(iso, sum(float(r["km2"]) for r in mine), official[iso])
    assert len(zones) == len(rows) == len({(r["oblast"], r["status"]) for r in rows})


def test_csv_is_plain_numbers_with_named_units(status_quo):
    _, zones, rows, _ = status_quo
    assert {"km2", "population_prewar_geonames", "oblast", "oblast_name", "status", "control",
            "recognition"} <= set(rows[0])
    for r in rows:
        assert "," not in r["km2"] and float(r["km2"]) > 0  # dot decimal, no thousands separator
        assert int(r["population_prewar_geonames"]) >= 0
    kyiv = [r for r in rows if r["oblast"] == "UA-30"]  # Kyiv's pre-war population was about 2.9 million
    assert int(kyiv[0]["population_prewar_geonames"]) > 2_500_000
    assert [float(r["km2"]) for r in rows] == pytest.approx(list(zones["km2"]))  # the same rows in both files


def test_readme_names_the_proposal_its_front_line_sources_and_licences(catalog):
    p = catalog["us-28-point-2025-11"]
    result = evaluate(p)
    _, _, _, readme = unzip(proposal_zip(result))
    for words in (p.title, p.id, str(p.date), result.baseline.date, result.baseline.latest_fact,
                  "approximate", "Natural Earth", "public domain", "GeoNames", "CC BY 4.0", "EPSG:3035",
                  "km2", "population_prewar_geonames"):
        assert words in readme, words
    for s in p.sources:
        assert s.url in readme, s.url
        assert s.outlet in readme, s.outlet


def test_untrusted_text_is_plain_text_in_the_readme_and_data_in_the_geojson():
    p = plan([{"id": "cede", "where": {"oblasts": ["UA-14"]}, "status": "ceded", "note": HOSTILE,
               "sources": ["s"]}], title=HOSTILE,
             sources=[{**SOURCE, "outlet": HOSTILE, "url": "https://example.org/x\u202e"}])
    content = proposal_zip(square_result(p))
    names, zones, _, readme = unzip(content)
    assert names == list(MEMBERS)  # no name comes from the file
    assert "\u202e" not in readme  # control characters are refused by the model itself (tests/test_probes.py)
    assert "\nCredits: none" not in readme  # the title cannot start a line of its own
    assert readme.count("Credits and licences") == 1
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        meta = json.loads(z.read("zones.geojson"))["peace_plan_atlas"]
    assert meta["proposal"]["title"] == HOSTILE  # in JSON it is data, exactly as written
    assert len(zones) == 2


def test_comparison_zip_overlays_a_and_b(catalog):
    a, b = catalog["status-quo"], catalog["us-28-point-2025-11"]
    comp = compare_results(evaluate(a, "2025-11-20"), evaluate(b, "2025-11-20"))
    names, zones, rows, readme = unzip(comparison_zip(comp))
    assert names == list(MEMBERS) and zones.crs.to_epsg() == 4326
    assert {"status_a", "status_b", "control_a", "control_b", "difference"} <= set(zones.columns)
    assert set(zones["status_a"]) == {"ukraine", "occupied"}  # the status quo changes nothing
    assert sum(zones["km2"]) == pytest.approx(NE_UKRAINE_KM2, rel=1e-3)
    # the 28-point plan: Ukraine leaves the part of Donetsk it holds, which becomes demilitarised
    donetsk = [r for r in rows if r["oblast"] == "UA-14" and r["held_before"] == "ukraine"]
    assert {(r["status_a"], r["status_b"], r["difference"]) for r in donetsk} == {("ukraine", "demilitarized",
                                                                                   "control")}
    unchanged = [r for r in rows if r["status_a"] == r["status_b"] and r["recognition_a"] == r["recognition_b"]]
    assert unchanged and {r["difference"] for r in unchanged} == {"none"}
    for s in (*a.sources, *b.sources):
        assert s.url in readme
    assert a.title in readme and b.title in readme and "CC BY 4.0" in readme


def test_cli_writes_the_zip_and_a_bad_id_is_one_line(tmp_path):
    out = tmp_path / "sq.zip"
    run = ok(run_cli("data", "status-quo", "--frontline", "2025-11-20", "--out", out))
    assert run.stdout.strip() == f"wrote {out}"
    names, zones, _, readme = unzip(out.read_bytes())
    assert names == list(MEMBERS) and "2025-11-20" in readme
    pair = tmp_path / "pair.zip"
    ok(run_cli("data", "status-quo", "us-28-point-2025-11", "--out", pair))
    assert "status_b" in unzip(pair.read_bytes())[1].columns
    bad = run_cli("data", "no-such-plan", "--out", tmp_path / "x.zip")
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
    assert bad.stderr.startswith("no-such-plan: id: no such proposal")
    wrong = run_cli("data", "status-quo", "--out", tmp_path / "x.csv")
    assert wrong.returncode == 1 and wrong.stderr.strip() == f"{tmp_path / 'x.csv'}: --out: give a file ending in .zip"
    assert not (tmp_path / "x.zip").exists() and not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("params, label", [({"proposal": "status-quo"}, "Data behind the map (ZIP)"),
                                           ({"view": "compare", "a": "status-quo", "b": "us-28-point-2025-11"},
                                            "Data behind the maps (ZIP)")])
def test_both_views_offer_the_zip_built_on_click(params, label):
    from bench.apptest import app, download_buttons, recording_downloads
    with recording_downloads() as seen:
        at = app(**params)
    assert not at.exception
    buttons = download_buttons(at, seen)
    mime, name, build = buttons[label]
    assert mime == "application/zip" and name.endswith("_data.zip")
    assert unzip(build())[0] == list(MEMBERS)  # what a click downloads
