"""The real app in a real browser: the map is drawn, and nothing is fetched from outside.

Runs where Debian's chromium is installed (CI installs it); elsewhere it is skipped with the
reason printed. PPA_REQUIRE_BROWSER=1 (set by .ci/run) turns a missing browser into a failure.
"""
import os
import time
from pathlib import Path

import pytest

from tests.browser import CHROMIUM_FLAGS, ROOT, chromium_path, is_local, map_frames, running_app

ARTIFACTS = ROOT / "tests" / "artifacts"
REQUIRED = os.environ.get("PPA_REQUIRE_BROWSER") == "1"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover
    sync_playwright = None

if chromium_path() is None or sync_playwright is None:
    why = "Debian chromium is not installed (make browser-deps installs it)" if chromium_path() is None \
        else "the playwright package is missing"
    if REQUIRED:
        raise RuntimeError(f"browser tests are required here but {why}")
    pytest.skip(f"browser tests skipped: {why}", allow_module_level=True)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_page():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        yield url, page, requests
        browser.close()


def test_map_view_draws_zones_with_no_outside_request(browser_page):
    url, page, requests = browser_page
    start = time.time()
    page.goto(f"{url}/?proposal=us-28-point-2025-11")
    frame = map_frames(page)[0]
    print(f"first map after {time.time() - start:.1f} s")
    paths = frame.locator("path.leaflet-interactive")
    assert paths.count() >= 20  # zones of one proposal across the oblasts
    fills = {paths.nth(i).get_attribute("fill") for i in range(paths.count())}
    assert "#DDCC77".lower() in {f.lower() for f in fills if f}  # the demilitarised zone is drawn
    assert frame.locator(".ppa-label").count() >= 20              # oblast names
    time.sleep(1.0)
    page.screenshot(path=str(ARTIFACTS / "map.png"))
    outside = [u for u in requests if not is_local(u)]
    assert outside == [], outside


def test_switching_proposal_keeps_the_map(browser_page):
    url, page, requests = browser_page
    page.goto(f"{url}/?proposal=ru-anchorage-2025-08")
    frame = map_frames(page)[0]
    fills = {(frame.locator("path.leaflet-interactive").nth(i).get_attribute("fill") or "").lower()
             for i in range(frame.locator("path.leaflet-interactive").count())}
    assert "#ee7733" in fills  # ceded land (Anchorage: Ukraine leaves Donbas)
    assert [u for u in requests if not is_local(u)] == []


def test_compare_view_draws_three_maps(browser_page):
    url, page, requests = browser_page
    page.goto(f"{url}/?view=compare&a=us-28-point-2025-11&b=ukraine-position-2026")
    frames = map_frames(page, count=3)
    assert len(frames) >= 3
    time.sleep(1.0)
    page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
    assert [u for u in requests if not is_local(u)] == []
