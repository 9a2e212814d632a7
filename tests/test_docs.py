"""Docs that cannot lag: data files described, statuses and CLI commands in the README."""
import re
import subprocess
import sys
from pathlib import Path

from proposals.model import STATUSES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_data_file_is_described_in_provenance():
    provenance = (ROOT / "data/PROVENANCE.md").read_text(encoding="utf-8")
    for path in (ROOT / "data").rglob("*"):
        if path.is_file() and path.name != "PROVENANCE.md":
            rel = path.relative_to(ROOT / "data").as_posix()
            dated = re.fullmatch(r"(frontline/(?:contested/|edges/)?)\d{4}-\d{2}-\d{2}\.geojson", rel)
            described = rel in provenance or bool(dated and f"{dated.group(1)}YYYY-MM-DD.geojson" in provenance)
            assert described, f"data/{rel} is not described in data/PROVENANCE.md"


def test_every_status_is_in_the_readme():
    for status in STATUSES:
        assert f"`{status}`" in README


def test_every_cli_command_in_the_readme_exists():
    import argparse

    from cli import parser
    commands = set(re.findall(r"^python cli\.py (\w+)", README, flags=re.M))
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert commands == set(sub.choices)  # every command documented, and nothing documented that is not one
    for cmd in commands:
        r = subprocess.run([sys.executable, str(ROOT / "cli.py"), cmd, "--help"], capture_output=True, text=True)
        assert r.returncode == 0, cmd


def test_readme_has_exactly_the_two_setup_commands():
    assert "make run" in README and "make test" in README
    ci = (ROOT / ".ci/run").read_text()
    assert "make test" in ci


def test_every_catalog_proposal_is_listed_in_the_readme():
    from geo.engine.evaluate import default_catalog
    for pid in default_catalog().proposals:
        assert f"`{pid}`" in README, pid


def test_readme_screenshots_exist():
    for shot in re.findall(r"\]\((docs/[^)]+\.png)\)", README):
        assert (ROOT / shot).is_file(), shot


def test_readme_states_the_catalogs_currency_and_the_recognition_values():
    assert "as of March 2026" in README
    from proposals.model import RECOGNITIONS
    for value in RECOGNITIONS:
        assert f"`{value}`" in README
