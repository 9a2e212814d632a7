"""Hostile-input probes (issue 17): each probe that failed on main, reproduced, then held.

Probes that used to hang or exhaust memory run in a child process with a timeout, so a
regression fails in seconds instead of pinning the test run.
"""
import json
import math
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
import yaml
from clirun import run_cli
from test_loader import DATES, errors, variant

from proposals.catalog import parse_text

ROOT = Path(__file__).resolve().parent.parent
KELLOGG = ROOT / "proposals/catalog/kellogg-2025-04.yaml"


def star(n: int = 300, cx: float = 36.0, cy: float = 48.5, r: float = 0.8, step: int = 137) -> list[list[float]]:
    """A closed ring of `n` positions on an ellipse, visited `step` apart: every edge crosses most others
    (a {299/137} star polygon crosses itself tens of thousands of times)."""
    pts = []
    for k in range(n - 1):
        a = 2 * math.pi * ((k * step) % (n - 1)) / (n - 1)
        pts.append([round(cx + r * math.cos(a), 5), round(cy + 0.7 * r * math.sin(a), 5)])
    return pts + [pts[0]]


def circle(n: int = 300, cx: float = 36.0, cy: float = 48.5, r: float = 0.8) -> list[list[float]]:
    pts = [[cx + r * math.cos(2 * math.pi * k / (n - 1)), cy + r * math.sin(2 * math.pi * k / (n - 1))]
           for k in range(n - 1)]
    return pts + [pts[0]]


def area_plan(ring: list, pid: str = "crossing") -> str:
    return variant(id=pid, rules__0__where={"area": {"type": "Polygon", "coordinates": [ring]}})


def child(code: str, timeout: float = 25, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`code` in a fresh Python (1 GB of memory at most); fails the test instead of hanging."""
    head = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"
    try:
        return subprocess.run([sys.executable, "-c", head + code], input=stdin, capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"no answer in {timeout} s")


# ---------- High: a self-crossing ring made the engine run unbounded ----------

def test_crossing_area_is_refused_by_the_loader_at_once():
    t = time.perf_counter()
    lines = errors(area_plan(star()))
    took = time.perf_counter() - t
    assert len(lines) == 1, lines
    assert lines[0].startswith("f.yaml: rules[0].where.area: the ring crosses itself at (")
    assert lines[0].endswith("); draw it without crossing edges")
    lon, lat = map(float, lines[0].split("at (")[1].split(")")[0].split(", "))
    assert 35.2 < lon < 36.8 and 47.9 < lat < 49.1  # a point of the star itself
    assert took < 1.0


def test_two_rings_that_cross_are_refused():
    a = [[36.0, 48.0], [37.0, 48.0], [37.0, 49.0], [36.0, 49.0], [36.0, 48.0]]
    b = [[36.5, 48.5], [37.5, 48.5], [37.5, 49.5], [36.5, 49.5], [36.5, 48.5]]
    text = variant(rules__0__where={"area": {"type": "MultiPolygon", "coordinates": [[a], [b]]}})
    assert errors(text)[0] in [f"f.yaml: rules[0].where.area: two rings cross at {at}; draw them without crossing edges"
                               for at in ("(37.0000, 48.5000)", "(36.5000, 49.0000)")]


def test_simple_rings_still_load():
    for ring in (circle(300), circle(5000)):
        p, errs = parse_text(area_plan(ring), "f.yaml", DATES)
        assert errs == [] and p is not None
    # a spike retracing an edge touches but does not cross: left to the engine's cheap repair
    spike = [[36, 48], [37, 48], [37, 48.5], [37.5, 48.5], [37, 48.5], [37, 49], [36, 49], [36, 48]]
    assert parse_text(area_plan(spike), "f.yaml", DATES)[1] == []


def test_crossing_check_is_fast_on_the_largest_area_allowed():
    from proposals.rings import first_crossing
    for ring in (circle(19_999), star(19_999)):
        t = time.perf_counter()
        first_crossing([ring])
        assert time.perf_counter() - t < 2.0


def test_cli_stats_of_a_crossing_area_answers(tmp_path):
    f = tmp_path / "crossing.yaml"
    f.write_text(area_plan(star()))
    r = child(f"import sys, cli; sys.exit(cli.main(['stats', {str(f)!r}]))")
    assert r.returncode == 1
    assert r.stderr.startswith(f"{f}: rules[0].where.area: the ring crosses itself at (")
    assert "Traceback" not in r.stderr


def test_engine_never_repairs_a_crossing_area_unbounded():
    """The engine's own guard, for areas that reach it without the loader (a script, a test)."""
    code = ("import sys; sys.path.insert(0, 'tests'); from test_probes import star\n"
            "from geo.engine.zones import explicit_area\n"
            "try:\n    explicit_area({'type': 'Polygon', 'coordinates': [star()]})\n"
            "except ValueError as e:\n    print('refused:', e)\n")
    r = child(code)
    assert r.stdout.startswith("refused: the ring crosses itself at ("), r.stderr[-500:]


def test_crossing_front_line_is_refused_naming_the_feature():
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [circle(50)]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [star()]}}]}
    code = ("import sys; from geo.inputs.frontline import baseline_from_geojson, FrontlineError\n"
            "try:\n    baseline_from_geojson(sys.stdin.read(), 'line.geojson')\n"
            "except FrontlineError as e:\n    print(e)\n")
    r = child(code, stdin=json.dumps(doc))
    assert r.stdout.startswith("line.geojson: features[1].geometry: the ring crosses itself at ("), r.stderr[-500:]
    assert r.stdout.strip().endswith("draw it without crossing edges")


def test_shipped_front_lines_pass_the_check_quickly():
    import shapely
    from shapely.geometry import shape

    from geo.inputs.frontline import check_geometry
    files = sorted((ROOT / "data/frontline").glob("*.geojson")) + sorted((ROOT / "data/frontline/contested").glob(
        "*.geojson"))
    assert len(files) >= 20
    for f in files:
        for feat in json.loads(f.read_text())["features"]:
            geom = shape(feat["geometry"])
            t = time.perf_counter()
            checked = check_geometry(geom, f.name, "features[0].geometry")
            assert time.perf_counter() - t < 0.5
            assert checked.equals(geom) and shapely.is_valid(checked)


# ---------- Medium: data lost, memory exhausted, hangs ----------

@pytest.mark.parametrize("out", ["data/frontline/2026-03-13.geojson", "data/x.geojson", "proposals/catalog/x.yaml",
                                 "./data/../proposals/catalog/new.geojson"])
def test_frontline_out_refuses_project_data(out):
    target = ROOT / out
    before = target.read_bytes() if target.exists() else None
    try:
        r = run_cli("frontline", "2024-06-14", "--out", out)
        assert r.returncode == 1
        assert r.stderr.startswith(f"{out}: --out: ") and "project's data" in r.stderr, r.stderr
        assert (target.read_bytes() if target.exists() else None) == before
    finally:  # a regression must not leave a shipped line replaced in the checkout
        if before is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(before)


def test_out_refuses_to_overwrite_without_force(tmp_path):
    f = tmp_path / "line.geojson"
    f.write_text("mine")
    r = run_cli("frontline", "2024-06-14", "--out", f)
    assert r.returncode == 1 and r.stderr == f"{f}: --out: exists; give --force to overwrite it\n"
    assert f.read_text() == "mine"
    r = run_cli("frontline", "2024-06-14", "--out", f, "--force")
    assert r.returncode == 0, r.stderr
    assert json.loads(f.read_text())["type"] == "FeatureCollection"


@pytest.mark.parametrize("args", [("render", "status-quo", "--out", "data/x.png"),
                                  ("compare", "status-quo", "status-quo", "--out", "proposals/catalog/x.html"),
                                  ("site", "data/site")])
def test_other_outputs_refuse_project_data(args):
    import shutil
    target = ROOT / args[-1]
    try:
        r = run_cli(*args)
        assert r.returncode == 1 and "project's data" in r.stderr, r.stderr
        assert not target.exists()
    finally:
        shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)


def test_validate_dev_zero_is_refused_at_once():
    r = child("import sys, cli; sys.exit(cli.main(['validate', '/dev/zero']))", timeout=15)
    assert r.returncode == 1
    assert r.stderr == "/dev/zero: (file): not a regular file\n", r.stderr[-500:]


def test_validate_named_pipe_and_links_are_refused(tmp_path):
    os.mkfifo(tmp_path / "x.yaml")
    (tmp_path / "z.yaml").symlink_to("/dev/zero")
    (tmp_path / "good.yaml").write_text(KELLOGG.read_text())
    r = child(f"import sys, cli; sys.exit(cli.main(['validate', {str(tmp_path)!r}]))", timeout=15)
    assert r.returncode == 1
    assert f"{tmp_path / 'x.yaml'}: (file): not a regular file" in r.stderr
    assert f"{tmp_path / 'z.yaml'}: (file): not a regular file" in r.stderr
    assert "good.yaml: ok" in r.stdout


def test_frontline_file_that_is_not_regular(tmp_path):
    r = child("import sys, cli; sys.exit(cli.main(['stats', 'status-quo', '--frontline-file', '/dev/zero']))",
              timeout=30)
    assert r.returncode == 1 and r.stderr == "/dev/zero: (file): not a regular file\n", r.stderr[-500:]


def test_huge_integer_names_the_field():
    text = variant() + "terms:\n  army_cap: " + "9" * 10_000 + "\n"
    lines = errors(text)
    assert len(lines) == 1 and lines[0].startswith("f.yaml: terms.army_cap: "), lines
    assert len(lines[0]) < 300


# ---------- Low: unclear errors, silent acceptance ----------

def test_duplicate_keys_are_reported():
    text = variant() + "rules: []\n"
    assert errors(text) == ["f.yaml: rules: duplicate key (line 23)"]
    assert text.splitlines()[22] == "rules: []"
    nested = variant().replace("status: ceded", "status: ceded\n  status: ukraine")
    assert errors(nested)[0].startswith("f.yaml: rules[0].status: duplicate key (line ")


def test_id_plan_is_reserved():
    assert errors(variant(id="plan")) == [
        "f.yaml: id: 'plan' is reserved for the plan carried by a link; choose another id"]


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x0c", "\x7f", "\x9b"])
def test_control_characters_are_refused_naming_the_field(char):
    lines = errors(variant(title=f"a{char}b"))
    assert lines == [f"f.yaml: title: control character U+{ord(char):04X} in the text; remove it"], lines
    lines = errors(variant(rules__0__note=f"x{char}y"))
    assert lines[0].startswith("f.yaml: rules[0].note: control character"), lines
    assert parse_text(variant(title="tab\tand\nnewline"), "f.yaml", DATES)[1] == []


def test_exports_strip_control_characters():
    from matplotlib.figure import Figure

    from geo.images.shapes import _text
    fig = Figure()
    assert _text(fig, 0, 0, "a\x00b\x1bc\x0cd").get_text() == "abcd"


def test_echoed_input_is_clipped_in_every_error_line():
    long = "a" * 100_000
    for args in (("stats", long), ("render", long, "--out", "x.png"), ("stats", "status-quo", "--frontline", long),
                 ("validate", long + ".yaml"), ("stats", "status-quo", "--frontline-file", long),
                 ("render", "status-quo", "--out", long)):
        r = run_cli(*args)
        assert r.returncode == 1 and r.stderr
        assert all(len(line) <= 1000 for line in r.stderr.splitlines()), (args[0], max(map(len, r.stderr.split())))


def test_frontline_file_folder_is_named_as_a_folder(tmp_path):
    r = run_cli("stats", "status-quo", "--frontline-file", tmp_path)
    assert r.returncode == 1 and r.stderr == f"{tmp_path}: (file): is a folder, not a GeoJSON file\n"


def test_unwritable_out_names_the_output_file(tmp_path, monkeypatch):
    missing = tmp_path / "no-such-folder" / "x.geojson"
    r = run_cli("frontline", "2024-06-14", "--out", missing)
    assert r.returncode == 1 and r.stderr.startswith(f"{missing}: --out: "), r.stderr
    import errno

    def full(self, *a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    out = tmp_path / "full.geojson"
    r = run_cli("frontline", "2024-06-14", "--out", out)
    assert r.returncode == 1 and r.stderr == f"{out}: --out: cannot write (No space left on device)\n", r.stderr


def test_empty_polygon_says_empty():
    from geo.inputs.frontline import FrontlineError, baseline_from_geojson
    for coords in ([], [[]]):
        with pytest.raises(FrontlineError) as e:
            baseline_from_geojson(json.dumps({"type": "Polygon", "coordinates": coords}), "line.geojson")
        assert str(e.value) == "line.geojson: features[0].geometry: the geometry is empty (no coordinates)"
        assert "nan" not in str(e.value)
    assert errors(variant(rules__0__where={"area": {"type": "Polygon", "coordinates": []}})) == [
        "f.yaml: rules[0].where.area: the geometry is empty (no coordinates)"]


def test_emoji_title_renders_without_warnings(capsys, caplog):
    from geo.engine.evaluate import evaluate
    from geo.images.figure import figure_bytes, proposal_figure
    from proposals.catalog import load_file
    p, _ = load_file(ROOT / "proposals/catalog/trump-2025-10-stop.yaml")
    odd = p.model_copy(update={"title": "Peace 🕊️ plan \U0001F600 ꙮ \u0fd5"})
    result = evaluate(odd, str(odd.baseline))
    capsys.readouterr()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        figure_bytes(proposal_figure(result), "svg")
    assert [str(w.message) for w in seen] == []
    assert capsys.readouterr().err == ""
    assert [r.getMessage() for r in caplog.records if r.levelno >= 30] == []


def test_yaml_of_the_probes_is_plain():
    """The probe files are what a user could write: a plan with a crossing area is valid YAML."""
    assert yaml.safe_load(area_plan(star()))["rules"][0]["where"]["area"]["type"] == "Polygon"
