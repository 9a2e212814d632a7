"""The plan builder under AppTest: open it, read its YAML, rule headers and notices, and hold
its numbers to the CLI's (shared by test_build and test_build_links)."""
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

import cli
from geo.engine.evaluate import default_catalog
from proposals.model import STATUS_LABELS
from tests.test_app import status_table

ROOT = Path(__file__).resolve().parent.parent
CATALOG = default_catalog()


def builder(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params.update({"view": "build", **params})
    return at.run()


def plan_yaml(at: AppTest) -> str:
    """The YAML the builder offers for download (shown beside the button)."""
    return next(c.value for c in at.code if c.language == "yaml")


def rule_headers(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "**Rule " in m.value]


def notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def cli_stats(target: str, capsys) -> dict:
    assert cli.main(["stats", target, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def assert_same_numbers(at: AppTest, stats: dict) -> None:
    table = status_table(at)
    for status, km2 in stats["by_status"].items():
        assert table.loc[STATUS_LABELS[status], "km²"] == round(km2), status
        assert table.loc[STATUS_LABELS[status], "pre-war population (GeoNames)"] == \
            stats["people_by_status"][status]["population"], status
