"""Hostile proposal files (issue 11): each is refused with one bounded line naming file and field,
quickly, and never takes the loader, the catalog or `cli.py validate` down with it."""
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from test_loader import DATES, GOOD, errors, variant

from proposals.catalog import MAX_NODES, load_catalog, parse_text
from proposals.model import MAX_RULES, MAX_SPATIAL_RULES

ROOT = Path(__file__).resolve().parent.parent


def bomb(levels: int, width: int = 9, field: str = "status") -> str:
    """A YAML alias bomb: `levels` nested `width`-way anchors, the last one used in `field`."""
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    body = yaml.safe_dump({k: v for k, v in GOOD.items() if k != field}, sort_keys=False)
    return "x:\n" + "\n".join("  " + line for line in lines) + f"\n{body}{field}: *a{levels - 1}\n"


def test_alias_bomb_is_refused_with_a_short_message():
    # 9**6 = 531,441 leaves: enough to show expansion (the old message repr'd all of them), small enough to fail fast
    t = time.perf_counter()
    lines = errors(bomb(6))
    assert time.perf_counter() - t < 10.0  # generous: the old loader built a 3.8 MB message
    assert all(len(line) < 300 for line in lines), max(map(len, lines))
    assert any(line.startswith(f"f.yaml: (file): more than {MAX_NODES:,} values (aliases counted") for line in lines), (
        lines
    )


def test_full_alias_bomb_does_not_exhaust_memory():
    # The file of the issue: nine nested 9-way anchors (2.8 KB, 387 M leaves once expanded), run in a child
    # process limited to 1 GB and 60 s; before the fix it reached 5.6 GB and did not finish.
    text = bomb(9)
    assert len(text) < 3000
    code = ("import resource,sys; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30));"
            "from proposals.catalog import parse_text; p, e = parse_text(sys.stdin.read(), 'bomb.yaml');"
            "print(p, [str(x) for x in e])")
    r = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, timeout=60,
                       cwd=ROOT)  # `python -c` imports from the working directory
    assert r.returncode == 0, r.stderr[-500:]
    assert r.stdout.startswith("None ['bomb.yaml: (file): ") and len(r.stdout) < 500


def test_recursive_alias_is_refused():
    lines = errors("a: &a [*a]\n" + yaml.safe_dump(GOOD))
    assert any(line.startswith("f.yaml: (file): ") and "refers to itself" in line for line in lines), lines


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_thousands_of_nested_brackets(opener):
    lines = errors(opener * 5000)
    assert len(lines) == 1 and lines[0].startswith("f.yaml: (file): nested more than ") and len(lines[0]) < 200


def test_deep_nesting_through_aliases_is_refused():
    chain = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 200)]
    lines = errors("x:\n" + "\n".join("  " + c for c in chain) + "\n" + yaml.safe_dump(GOOD))
    assert any("nested more than" in line for line in lines), lines


def test_impossible_date_names_the_field():
    lines = errors(variant().replace("date: '2025-11-20'", "date: 2025-13-01"))
    assert any(line.startswith("f.yaml: date: ") and "month" in line for line in lines), lines


def test_huge_integer_is_one_line():
    lines = errors(variant().replace("status: draft", "status: " + "9" * 5000))
    assert len(lines) == 1 and lines[0].startswith("f.yaml: ") and len(lines[0]) < 300, lines


def test_echoed_input_is_truncated():
    long_name = "A" * 100_000
    lines = errors(variant(rules__0__where__oblasts=[long_name]))
    assert any(line.startswith("f.yaml: rules[0].where.oblasts: unknown oblast 'AAAA") for line in lines), lines
    assert all(len(line) < 400 for line in lines)
    lines = errors(variant(rules__0__status="x" * 100_000))
    assert all(len(line) < 400 for line in lines)
    lines = errors(variant(**{"y" * 100_000: 1}))
    assert all(len(line) < 400 for line in lines)


def _rules(n: int, spatial: bool = False) -> list[dict]:
    where = {"area": {"around": {"lon": 30.5, "lat": 50.4, "radius_km": 5}}} if spatial else {"oblasts": ["kyiv"]}
    return [{"id": f"r{i}", "where": where, "status": "ceded", "unverified": True} for i in range(n)]


def test_too_many_rules_refused_before_validation(monkeypatch):
    # 20,000 rules in about 1 MB: the old loader spent ~16 s on quadratic duplicate checks.
    # Now the count is checked first and no rule is validated at all.
    from proposals.model import Proposal

    def no_validation(*args, **kwargs):
        raise AssertionError("validated a proposal over the rule limit")

    rules = "".join(f"- {{id: r{i}, status: ceded, unverified: true}}\n" for i in range(20_000))
    text = yaml.safe_dump({k: v for k, v in GOOD.items() if k != "rules"}) + "rules:\n" + rules
    assert 800_000 < len(text) < 1024 * 1024
    monkeypatch.setattr(Proposal, "model_validate", no_validation)
    assert errors(text.encode()) == [f"f.yaml: rules: 20000 rules; a proposal may have at most {MAX_RULES}"]


def test_too_many_spatial_selectors_refused():
    # 2,000 circles kept `cli.py stats` busy past 120 s
    lines = errors(yaml.safe_dump({**GOOD, "rules": _rules(MAX_SPATIAL_RULES + 1, spatial=True)}))
    assert any(line.startswith("f.yaml: rules: ") and f"at most {MAX_SPATIAL_RULES}" in line for line in lines), lines
    proposal, errs = parse_text(
        yaml.safe_dump({**GOOD, "rules": _rules(MAX_SPATIAL_RULES, spatial=True)}), "f.yaml", DATES
    )
    assert errs == [] and len(proposal.rules) == MAX_SPATIAL_RULES


def test_too_many_area_positions_refused():
    from proposals.model import MAX_AREA_POSITIONS
    ring = ",".join(f"[{30 + i * 1e-4:.4f}, 50.0]" for i in range(MAX_AREA_POSITIONS)) + ",[30, 50.1],[30, 50.0]"
    rule = (
        f"- {{id: big, where: {{area: {{type: Polygon, coordinates: [[{ring}]]}}}}, status: ceded, unverified: true}}\n"
    )
    lines = errors(yaml.safe_dump({k: v for k, v in GOOD.items() if k != "rules"}) + "rules:\n" + rule)
    assert any(line.startswith("f.yaml: rules[0].where.area: ") and "positions" in line for line in lines), lines


def test_side_without_band_is_refused():
    # `side` alone was ignored, so `status: ceded` ceded all of Ukraine
    lines = errors(variant(rules__0__where={"side": "russia"}))
    assert any(line.startswith("f.yaml: rules[0].where.side: ") and "within_km_of_line" in line for line in lines), (
        lines
    )


def test_catalog_skips_a_deeply_nested_file(tmp_path):
    (tmp_path / "a-good.yaml").write_text(variant())
    (tmp_path / "b-deep.yaml").write_text("[" * 10_000)
    catalog = load_catalog(tmp_path, DATES)
    assert list(catalog.proposals) == ["good"]
    assert len(catalog.errors) == 1
    assert str(catalog.errors[0]).startswith(f"{tmp_path / 'b-deep.yaml'}: (file): nested more than ")


def test_validate_reports_each_hostile_file_by_name_and_checks_the_rest(tmp_path, capsys):
    import cli
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a-deep.yaml").write_text("[" * 10_000)
    (folder / "b-date.yaml").write_text(variant().replace("date: '2025-11-20'", "date: 2025-13-01"))
    (folder / "c-bomb.yaml").write_text(bomb(9))
    (folder / "d-good.yaml").write_text(variant())
    extra = ROOT / "proposals/catalog/status-quo.yaml"
    assert cli.main(["validate", str(folder), str(extra)]) == 1
    out, err = capsys.readouterr()
    assert f"{folder / 'd-good.yaml'}: ok (good" in out and f"{extra}: ok (status-quo" in out
    lines = err.strip().split("\n")
    assert [line.split(": ")[0] for line in lines] == [
        str(folder / n) for n in ("a-deep.yaml", "b-date.yaml", "c-bomb.yaml")
    ]
    assert "Traceback" not in err and all(len(line) < 300 for line in lines)


def test_validate_names_an_empty_folder(tmp_path, capsys):
    import cli
    assert cli.main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip() == f"{tmp_path}: (folder): no .yaml files"


def test_cli_list_skips_a_hostile_catalog_file(tmp_path, monkeypatch, capsys):
    import functools
    import json

    import cli
    import proposals.catalog
    (tmp_path / "a-good.yaml").write_text(variant())
    (tmp_path / "b-deep.yaml").write_text("[" * 10_000)
    monkeypatch.setattr(proposals.catalog, "load_catalog", functools.partial(load_catalog, tmp_path))
    assert cli.main(["list", "--json"]) == 0
    out, err = capsys.readouterr()
    assert [r["id"] for r in json.loads(out)] == ["good"]
    assert err.startswith(f"{tmp_path / 'b-deep.yaml'}: (file): nested more than ") and err.count("\n") == 1
