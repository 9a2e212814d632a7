"""The CLI contract of DESIGN.md, run as a user would run it."""
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from proposals.model import CONTROL_AFTER, RECOGNITIONS, STATUSES
from tests.clirun import run_cli

ROOT = Path(__file__).resolve().parent.parent


def subprocess_cli(*args, ok=True):
    """The real entry point, as a shell runs it (a few tests: exit codes and stderr)."""
    r = subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True, cwd=ROOT,
                       timeout=300)
    assert "Traceback" not in r.stderr
    if ok:
        assert r.returncode == 0, r.stderr
    return r


def cli(*args, ok=True):
    """In-process (tests/clirun.py): same main(), without a new interpreter per call."""
    r = run_cli(*args)
    if ok:
        assert r.returncode == 0, r.stderr
    return r


@pytest.fixture(scope="module")
def ids():
    return [p["id"] for p in json.loads(cli("list", "--json").stdout)]


def test_list_json(ids):
    rows = json.loads(subprocess_cli("list", "--json").stdout)
    assert {"status-quo", "ru-anchorage-2025-08", "us-28-point-2025-11"} <= set(ids)
    assert all(set(r) == {"id", "title", "proposer", "date"} for r in rows)


def test_stats_json_for_every_proposal(ids, capsys):
    import cli as cli_module
    for pid in ids:  # in-process: the subprocess path is covered by the other tests
        assert cli_module.main(["stats", pid, "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["proposal"] == pid
        assert list(data["by_status"]) == list(STATUSES)
        assert data["total_km2"] == pytest.approx(sum(data["by_status"].values()), rel=1e-4)
        row = data["by_oblast"][0]
        assert set(row) == {"oblast", "name", "status", "held_before", "control", "recognition", "km2", "population"}
        assert row["oblast"].startswith("UA-")
        assert list(data["by_recognition"]) == list(RECOGNITIONS)
        assert sum(data["by_recognition"].values()) == pytest.approx(data["total_km2"], rel=1e-4)
        # a status moves land to its side; land left to talks stays with whoever held it (#18)
        assert all(r["control"] == (r["held_before"] if r["status"] == "undecided" else CONTROL_AFTER[r["status"]])
                   for r in data["by_oblast"])


def test_stats_on_another_front_line():
    data = json.loads(cli("stats", "status-quo", "--frontline", "2025-08-15", "--json").stdout)
    assert data["frontline"] == "2025-08-15"


def test_unknown_id_and_date_give_one_line_and_exit_1():
    r = subprocess_cli("stats", "us-28-points", ok=False)
    assert r.returncode == 1 and r.stderr.strip().count("\n") == 0
    assert "did you mean 'us-28-point-2025-11'" in r.stderr
    r = cli("stats", "status-quo", "--frontline", "1999-01-01", ok=False)
    assert r.returncode == 1 and r.stderr.startswith("1999-01-01: frontline: ")


def test_validate(tmp_path):
    good = ROOT / "proposals/catalog/status-quo.yaml"
    assert "ok (status-quo" in cli("validate", str(good)).stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: [\n")
    r = subprocess_cli("validate", str(good), str(bad), ok=False)
    assert r.returncode == 1
    assert r.stderr.strip().startswith(f"{bad}: (file): invalid YAML at line 3, column 1: ")
    assert r.stderr.count("\n") == 1


def test_frontline_list_and_export(tmp_path):
    rows = json.loads(cli("frontline", "--json").stdout)
    assert [r["date"] for r in rows] == ["2024-06-14", "2024-11-20", "2025-04-17", "2025-06-02", "2025-08-15",
                                         "2025-10-16", "2025-11-20", "2026-01-20", "2026-02-27", "2026-03-13"]
    by_date = {r["date"]: r for r in rows}
    # Russia held about 114,500 km² (19%) in August 2025 (Reuters) and 116,165 km² on 2026-01-01 (DeepState).
    assert by_date["2025-08-15"]["russian_held_km2"] == pytest.approx(114_500, rel=0.02)
    assert by_date["2026-01-20"]["russian_held_km2"] == pytest.approx(116_165, rel=0.02)
    assert all(r["facts"] >= 100 and r["approximate"] is True for r in rows)
    # every line names the newest report it rests on, at most 31 days before its label
    assert all((dt.date.fromisoformat(r["date"]) - dt.date.fromisoformat(r["latest_fact"])).days <= 31 for r in rows)
    out = tmp_path / "f.geojson"
    cli("frontline", "2026-03-13", "--out", str(out))
    doc = json.loads(out.read_text())
    assert doc["features"][0]["geometry"]["type"] == "MultiPolygon"
    assert doc["features"][0]["properties"]["approximate"] is True


def test_own_front_line_file(tmp_path):
    # A 1° × 1° cell from 47.5° to 48.5° N, 37.3° to 38.3° E: 8,273 km², all inside Donetsk oblast.
    box = {"type": "Polygon", "coordinates": [[[37.3, 47.5], [38.3, 47.5], [38.3, 48.5], [37.3, 48.5], [37.3, 47.5]]]}
    f = tmp_path / "box.geojson"
    f.write_text(json.dumps(box))
    data = json.loads(cli("stats", "status-quo", "--frontline-file", str(f), "--json").stdout)
    assert data["by_status"]["occupied"] == pytest.approx(8_273, rel=0.005)
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    r = cli("stats", "status-quo", "--frontline-file", str(bad), ok=False)
    assert r.returncode == 1 and r.stderr.startswith(f"{bad}: geojson: not valid JSON")


def test_stats_all_lists_every_catalog_proposal_on_its_own_line(ids):
    rows = json.loads(cli("stats", "--all", "--json").stdout)
    assert [r["proposal"] for r in rows] == ids
    # The 28-point plan (Nov 2025) is drawn on the 2025-11-20 line; Putin's June 2024 demand on 2024-06-14.
    by_id = {r["proposal"]: r for r in rows}
    assert by_id["us-28-point-2025-11"]["frontline"] == "2025-11-20"
    assert by_id["putin-2024-06"]["frontline"] == "2024-06-14"
    r = cli("stats", ok=False)
    assert r.returncode == 1 and r.stderr.startswith("stats: ID: ")
