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


# Commands whose README line is added when the branch is merged (`data`, issue 21); empty it then.
PENDING_IN_README = {"data"}


def test_every_cli_command_in_the_readme_exists():
    import argparse

    from cli import parser
    commands = set(re.findall(r"^python cli\.py (\w+)", README, flags=re.M))
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    commands |= PENDING_IN_README
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


ARCHITECTURE = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")


def _anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    heads = re.findall(r"^#+ (.+)$", markdown, flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in heads}


def test_readme_is_for_users_and_short():
    assert len(README.encode()) <= 20 * 1024


def test_every_local_link_and_anchor_in_the_docs_resolves():
    for doc, text in (("README.md", README), ("docs/architecture.md", ARCHITECTURE)):
        base = (ROOT / doc).parent
        for target in re.findall(r"\]\(([^)#:\s]*)(#[^)\s]*)?\)", text):
            path, anchor = target
            file = (base / path) if path else ROOT / doc
            assert file.exists(), f"{doc}: link to {path} which does not exist"
            if anchor and file.suffix == ".md":
                assert anchor[1:] in _anchors(file.read_text(encoding="utf-8")), f"{doc}: no heading for {path}{anchor}"


def test_every_module_the_architecture_names_exists():
    """A renamed or moved module must take its description with it."""
    named = set(re.findall(r"`((?:geo|ui|proposals|tests|bench|scripts)/[\w/]+\.(?:py|html|md|yaml))`", ARCHITECTURE))
    assert len(named) > 20
    missing = sorted(p for p in named if not (ROOT / p).exists())
    assert not missing, missing


def _km2(text: str) -> int:
    return int(text.replace(",", ""))


def test_the_figures_quoted_in_the_docs_are_the_atlas_own():
    """The README and architecture quote a few headline figures; a rebuilt front line must not leave them stale."""
    from geo.engine.evaluate import default_catalog, evaluate

    catalog = default_catalog()
    plan = evaluate(catalog.proposals.get("us-28-point-2025-11")).stats()
    geneva = evaluate(catalog.proposals.get("geneva-19-point-2025-11")).stats()
    withdraw = round(plan.withdrawals.ukraine_withdraws_km2)
    people = plan.withdrawals.ukraine_withdraws_population_prewar
    dmz = round(sum(r.km2 for r in plan.by_status_and_recognition if r.status == "demilitarized"))
    share = round(100 * geneva.control_after.russia / geneva.official_ukraine_km2, 2)
    [ours] = re.findall(r"ours ([\d,]+) km²", README)
    assert _km2(ours) == withdraw
    [quoted] = re.findall(r"Russia still holds ([\d.]+)% of Ukraine", README)
    assert float(quoted) == share
    [dmz_quoted] = re.findall(r'\("([\d,]+) km²\s+demilitarised zone', README)
    assert _km2(dmz_quoted) == dmz
    callout = r"Ukraine withdraws from ([\d,]+) km² · pre-war population \(GeoNames\): ([\d,]+)"
    [(callout_km2, callout_people)] = re.findall(callout, ARCHITECTURE)
    assert (_km2(callout_km2), _km2(callout_people)) == (withdraw, people)
    assert f"our {withdraw:,} km²" in ARCHITECTURE
    assert f"({share}% of Ukraine's official area" in ARCHITECTURE
