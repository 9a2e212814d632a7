"""Take the README screenshots from the real app in headless Chromium: docs/map.png, docs/compare.png,
and docs/zoomed.png (the map alone, as it opens on the story)."""
from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from tests.browser import CHROMIUM_FLAGS, chromium_path, map_frames, running_app

SHOTS = {
    "map.png": ("/?proposal=us-28-point-2025-11", 1, 1150),
    "compare.png": ("/?view=compare&a=ru-anchorage-2025-08&b=us-28-point-2025-11", 3, 1500),
    "zoomed.png": ("/?proposal=us-28-point-2025-11", 1, 1150),  # the map frame only
}


def main() -> None:
    from playwright.sync_api import sync_playwright
    if chromium_path() is None:
        raise SystemExit("needs Debian's chromium (make browser-deps)")
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for name, (path, maps, height) in SHOTS.items():
            page = browser.new_page(viewport={"width": 1400, "height": height})
            page.goto(url + path)
            frames = map_frames(page, count=maps)
            time.sleep(3.0)  # the story fit waits for layout and the first zoom animation
            if name == "zoomed.png":
                frames[0].frame_element().screenshot(path=str(ROOT / "docs" / name))
            else:
                page.screenshot(path=str(ROOT / "docs" / name))
            print("wrote", ROOT / "docs" / name)
        browser.close()


if __name__ == "__main__":
    main()
