"""The data zip's button in the real app, on a desktop (1,280 px) and a phone (390 px): visible,
inside the page, and a click downloads the zip with no exception shown. Screenshots of the button
go to tests/artifacts/ (and /tmp/ppa/ when that folder exists) to be looked at."""
from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

import pytest

from bench.browser import ROOT, map_frames, require_browser
from geo.exports.data_zip import MEMBERS

ARTIFACTS = ROOT / "tests" / "artifacts"
SHARED = Path("/tmp/ppa")
sync_playwright = require_browser()

pytestmark = pytest.mark.browser

VIEWS = {
    "map": ("/?proposal=us-28-point-2025-11", "Downloads", "Data behind the map (ZIP)", 1),
    "compare": ("/?view=compare&a=status-quo&b=us-28-point-2025-11", "Download", "Data behind the maps (ZIP)", 3),
}


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_zip_button_is_visible_and_downloads(app_url, chromium, tmp_path, view, width, height):
    path, tab, label, maps = VIEWS[view]
    phone = width < 500
    page = chromium.new_page(viewport={"width": width, "height": height}, has_touch=phone, is_mobile=phone,
                             accept_downloads=True)
    try:
        page.goto(app_url + path)
        map_frames(page, count=maps, timeout_s=120)
        page.get_by_role("tab", name=tab, exact=True).first.click()
        button = page.get_by_role("button", name=label).first
        button.scroll_into_view_if_needed()
        time.sleep(0.8)
        assert button.is_visible()
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box  # not cut off at the side
        assert box["width"] >= 100 and box["height"] >= 30, box            # a button one can tap
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"download-{view}-{width}.png"
        top = max(0.0, box["y"] - 180)
        page.screenshot(path=str(shot), clip={"x": 0, "y": top, "width": width, "height": min(420.0, height - top)})
        if SHARED.is_dir():
            shutil.copy2(shot, SHARED / shot.name)
        with page.expect_download(timeout=120_000) as info:
            button.click()
        assert info.value.suggested_filename.endswith("_data.zip")
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        with zipfile.ZipFile(saved) as z:
            assert z.namelist() == list(MEMBERS)
        time.sleep(0.5)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1
    finally:
        page.close()
