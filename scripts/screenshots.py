"""Take the README screenshots from the real app in headless Chromium: docs/map.png, docs/compare.png,
docs/zoomed.png (the map alone, as it opens on the story), docs/overview.png, docs/map-uk.png (the
Ukrainian interface) and docs/phone.png (390 px wide).
`python -m scripts.screenshots overview.png` takes only the ones named; PORT=N picks the port.

docs/render.png is not a screenshot: `python cli.py render us-28-point-2025-11 --out docs/render.png`.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from bench.browser import CHROMIUM_FLAGS, chromium_path, map_frames, running_app

SHOTS = {
    "map.png": ("/?proposal=us-28-point-2025-11", 1, 1150),
    "compare.png": ("/?view=compare&a=ru-anchorage-2025-08&b=us-28-point-2025-11", 3, 1500),
    "zoomed.png": ("/?proposal=us-28-point-2025-11", 1, 1150),  # the map frame only
    "overview.png": ("/", 0, 2100),
    "map-uk.png": ("/?proposal=us-28-point-2025-11&lang=uk", 1, 1150),  # the Ukrainian interface
    "phone.png": ("/?proposal=us-28-point-2025-11", 1, 844),  # a phone's first screen
}
WIDTH = {"phone.png": 390}
# The overview has no map: wait until its first thumbnails have arrived.
THUMBS_LOADED = ("() => document.body.innerText.includes('Each proposal on the map') && "
                 "document.querySelectorAll('[data-testid=stImage] img').length >= 8 && "
                 "Array.from(document.querySelectorAll('[data-testid=stImage] img')).every(i => i.complete)")


def main(names: list[str]) -> None:
    from playwright.sync_api import sync_playwright
    if chromium_path() is None:
        raise SystemExit("needs Debian's chromium (make browser-deps)")
    port = int(os.environ["PORT"]) if os.environ.get("PORT") else None
    with running_app(port) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for name, (path, maps, height) in SHOTS.items():
            if names and name not in names:
                continue
            page = browser.new_page(viewport={"width": WIDTH.get(name, 1400 if maps else 1440), "height": height})
            page.goto(url + path)
            if not maps:
                page.wait_for_function(THUMBS_LOADED, timeout=180_000)
                time.sleep(1.5)
                page.screenshot(path=str(ROOT / "docs" / name))
                print("wrote", ROOT / "docs" / name)
                continue
            frames = map_frames(page, count=maps)
            time.sleep(3.0)  # the story fit waits for layout and the first zoom animation
            if name == "zoomed.png":
                frames[0].frame_element().screenshot(path=str(ROOT / "docs" / name))
            else:
                page.screenshot(path=str(ROOT / "docs" / name))
            print("wrote", ROOT / "docs" / name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
