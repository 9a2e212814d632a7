"""The plan builder in a real browser: build a small plan, open its link in a new page, see the same map.

Skipped (with the reason) where Debian's chromium is missing, like tests/test_browser.py.
"""
import time

import pytest

from bench.browser import ROOT, is_local, map_frames, require_browser
from geo.maps.palette import PALETTE

ARTIFACTS = ROOT / "tests" / "artifacts"
CEDED = PALETTE["ceded"].lower()  # the one palette (geo/maps/palette.py)

sync_playwright = require_browser()

pytestmark = pytest.mark.browser


def drawn(frame) -> list[tuple[str, str]]:
    """Every drawn zone path of a map frame: (fill, outline as drawn), sorted."""
    paths = frame.locator("path.leaflet-interactive")
    return sorted(((paths.nth(i).get_attribute("fill") or "").lower(), paths.nth(i).get_attribute("d") or "")
                  for i in range(paths.count()))


def wait_for_fill(page, fill: str, timeout_s: float = 60.0):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        for frame in page.frames:
            try:
                if frame.locator(f'path.leaflet-interactive[fill="{fill.upper()}"], '
                                 f'path.leaflet-interactive[fill="{fill}"]').count():
                    return frame
            except Exception:  # frames come and go while Streamlit reruns
                pass
        time.sleep(0.3)
    raise AssertionError(f"no zone filled {fill} after {timeout_s:.0f} s")


def test_a_built_plan_opens_from_its_link_with_the_same_map(app_url, chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url, browser = app_url, chromium
    # the shared app and browser (tests/conftest.py)
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{url}/?view=build")
    map_frames(page)
    page.get_by_role("button", name="Add a rule").click()   # Donbas, held by Ukraine: ceded
    frame = wait_for_fill(page, CEDED)
    code = page.locator("code").filter(has_text="?view=build&plan=1.")
    code.first.wait_for(timeout=60_000)
    time.sleep(1.5)  # let the last rerun settle
    shared = code.first.inner_text().strip()
    assert shared.startswith(f"{url}/?view=build&plan=1.")
    before = drawn(wait_for_fill(page, CEDED))
    page.screenshot(path=str(ARTIFACTS / "build.png"), full_page=True)

    other = browser.new_page(viewport={"width": 1500, "height": 1100})
    other.on("request", lambda r: requests.append(r.url))
    other.goto(shared)
    frame = wait_for_fill(other, CEDED)
    time.sleep(1.5)
    after = drawn(frame)
    assert len(after) >= 20 and after == before               # the same zones, drawn the same way
    assert other.get_by_text("This plan was opened from a link").count() == 1
    other.screenshot(path=str(ARTIFACTS / "build-from-link.png"), full_page=True)
    page.close()
    other.close()
    assert [u for u in requests if not is_local(u)] == []
