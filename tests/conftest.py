"""Fixtures more than one test module needs: one Chromium and one running app for the whole
browser suite (each module started its own), and the hostile plan and front line on disk."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.browser import CHROMIUM_FLAGS, chromium_path, require_browser, running_app


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium through Playwright, launched once; tests open and close their own pages."""
    sync_playwright = require_browser()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def app_url() -> str:
    """`streamlit run app.py` on a free loopback port, shared by the browser tests of the app."""
    with running_app() as url:
        yield url


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    """The hostile plan and front line (tests/hostile.py), written once per module."""
    from tests.hostile import write_files
    return write_files(tmp_path_factory.mktemp("hostile"))
