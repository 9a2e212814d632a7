"""The real app in a real browser: the map is drawn, and nothing is fetched from outside.

Runs where Debian's chromium is installed (CI installs it); elsewhere it is skipped with the
reason printed. PPA_REQUIRE_BROWSER=1 (set by .ci/run) turns a missing browser into a failure.
"""
import time

import pytest

from bench.browser import ROOT, is_local, map_frames, require_browser
from geo.maps.palette import PALETTE

ARTIFACTS = ROOT / "tests" / "artifacts"
sync_playwright = require_browser()

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_page(app_url, chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page(viewport={"width": 1500, "height": 1100})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    yield app_url, page, requests
    page.close()


def test_map_view_draws_zones_with_no_outside_request(browser_page):
    url, page, requests = browser_page
    start = time.time()
    page.goto(f"{url}/?proposal=us-28-point-2025-11")
    frame = map_frames(page)[0]
    print(f"first map after {time.time() - start:.1f} s")
    paths = frame.locator("path.leaflet-interactive")
    assert paths.count() >= 20  # zones of one proposal across the oblasts
    fills = {paths.nth(i).get_attribute("fill") for i in range(paths.count())}
    assert PALETTE["demilitarized"].lower() in {f.lower() for f in fills if f}  # the demilitarised zone is drawn
    assert frame.locator(".ppa-label").count() >= 20              # oblast names
    time.sleep(1.0)
    page.screenshot(path=str(ARTIFACTS / "map.png"))
    outside = [u for u in requests if not is_local(u)]
    assert outside == [], outside


def test_patterns_front_line_discs_and_base_are_drawn(browser_page):
    # compact layers (geo/maps/encode.py) decoded in the browser: the 28-point plan's Donetsk buffer is
    # hatched and lined "recognised as Russian de facto" by SVG patterns; the line of contact is the
    # dashed line, contested settlements grey discs; the base (static script) has neighbours and water
    from geo.maps.patterns import PATTERNS
    url, page, _ = browser_page
    page.goto(f"{url}/?proposal=us-28-point-2025-11")
    frame = map_frames(page)[0]
    time.sleep(1.0)
    drawn = frame.evaluate("""() => {
      const svgPaths = [...document.querySelectorAll('path')];
      const box = p => { const r = p.getBoundingClientRect(); return r.width * r.height; };
      const pat = id => { const p = document.getElementById(id);
        return p ? [...p.querySelectorAll('line')].map(l => l.getAttribute('stroke')) : null; };
      return {
        overlays: [...document.querySelectorAll('path.ppa-pattern')].filter(p => box(p) > 0)
                  .map(p => p.getAttribute('fill')),
        rec: pat('ppa-pat-russia_de_facto'), hatch: pat('ppa-pat-hatch'),
        dashed: svgPaths.filter(p => p.getAttribute('stroke-dasharray') === '6 4' && box(p) > 0).length,
        discs: svgPaths.filter(p => p.getAttribute('fill') === '#9a9a9a').length,
        tilePane: document.querySelectorAll('.leaflet-tile-pane path').length,
        water: document.querySelectorAll('.leaflet-ppaWater-pane path').length,
      }; }""")
    assert "url(#ppa-pat-russia_de_facto)" in drawn["overlays"] and "url(#ppa-pat-hatch)" in drawn["overlays"]
    assert drawn["rec"] == [PATTERNS["russia_de_facto"].color] and drawn["hatch"]
    assert drawn["dashed"] == 1 and drawn["discs"] == 1
    assert drawn["tilePane"] >= 5 and drawn["water"] >= 2   # neighbours; reservoirs and rivers


def test_switching_proposal_keeps_the_map(browser_page):
    url, page, requests = browser_page
    page.goto(f"{url}/?proposal=ru-anchorage-2025-08")
    frame = map_frames(page)[0]
    fills = {(frame.locator("path.leaflet-interactive").nth(i).get_attribute("fill") or "").lower()
             for i in range(frame.locator("path.leaflet-interactive").count())}
    assert PALETTE["ceded"].lower() in fills  # ceded land (Anchorage: Ukraine leaves Donbas)
    assert [u for u in requests if not is_local(u)] == []


def test_compare_view_draws_three_maps(browser_page):
    url, page, requests = browser_page
    page.goto(f"{url}/?view=compare&a=us-28-point-2025-11&b=ukraine-position-2026")
    frames = map_frames(page, count=3)
    assert len(frames) >= 3
    time.sleep(1.0)
    page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
    assert [u for u in requests if not is_local(u)] == []


def test_synced_pair_follows_zoom(browser_page):
    url, page, requests = browser_page
    page.goto(f"{url}/?view=compare&a=ru-anchorage-2025-08&b=us-28-point-2025-11")
    map_frames(page, count=3)
    page.get_by_text("Keep pan and zoom in step").click()
    frame = None
    deadline = time.time() + 60
    while frame is None and time.time() < deadline:
        for f in list(page.frames):
            try:
                if f.locator(".leaflet-container").count() == 2 and f.locator("path.leaflet-interactive").count() > 10:
                    frame = f
            except Exception:  # frames detach while Streamlit reruns
                pass
        time.sleep(0.3)
    assert frame is not None, "the synced pair of maps did not appear"
    scales = "() => [...document.querySelectorAll('.leaflet-control-scale-line')].map(e => e.textContent)"
    before = frame.evaluate(scales)
    assert before[0] == before[2]
    frame.locator(".leaflet-control-zoom-in").first.click()
    time.sleep(1.0)
    frame.locator(".leaflet-control-zoom-in").first.click()
    time.sleep(1.0)
    after = frame.evaluate(scales)
    assert after[0] != before[0]    # map A zoomed in
    assert after[2] == after[0]     # and map B followed
    assert [u for u in requests if not is_local(u)] == []
