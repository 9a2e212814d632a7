"""In Chromium (issue 21): the sidebar's front-line uploader takes a KMZ — the browser's own file
filter lets it through, the app reads it, and it becomes a choice that draws the map."""
from __future__ import annotations

import time

from bench.browser import map_frames
from tests.test_browser_injection import _pick
from tests.test_line_formats import BOX, kml, placemark, zipped


def test_a_kmz_uploaded_in_the_sidebar_draws(chromium, app_url, tmp_path):
    f = tmp_path / "mine.kmz"
    f.write_bytes(zipped({"doc.kml": kml(placemark(BOX))}))
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{app_url}/?proposal=status-quo")
        map_frames(page, timeout_s=120)
        page.get_by_text("Your own files").first.click()
        uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="KMZ").first
        uploader.locator("input[type=file]").set_input_files(str(f))
        page.get_by_text("Your front line is now a choice").first.wait_for(timeout=60_000)
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        _pick(page, "Front line (baseline)", "custom: mine")
        time.sleep(2)
        map_frames(page, timeout_s=120)
        assert "custom: mine.kmz" in page.evaluate("() => document.body.innerText")
    finally:
        page.close()
