"""The static site built by `cli.py site OUT/`, opened from file:// in headless Chromium: maps are
drawn, thumbnails load, tables sort, and no request leaves the machine.

Skipped (with the reason) where Debian's chromium is missing; PPA_REQUIRE_BROWSER=1 makes that a failure.
"""
import subprocess
import sys
import time

import pytest

from bench.browser import ROOT, map_frames, require_browser
from geo.engine.evaluate import default_catalog

sync_playwright = require_browser()

pytestmark = pytest.mark.browser
IDS = list(default_catalog().proposals)


def on_machine(url: str) -> bool:
    return url.startswith(("file://", "data:", "about:", "blob:"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "atlas"
    start = time.perf_counter()
    r = subprocess.run([sys.executable, str(ROOT / "cli.py"), "site", str(out)], capture_output=True, text=True,
                       cwd=ROOT, timeout=900)
    assert r.returncode == 0, r.stderr
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"site built in {time.perf_counter() - start:.0f} s, {size / 1e6:.1f} MB: {r.stdout.strip()}")
    return out


@pytest.fixture(scope="module")
def page(chromium):
    pg = chromium.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    yield pg, requests
    pg.close()


def test_one_page_per_proposal_named_by_id(site):
    assert (site / "index.html").is_file()
    missing = [pid for pid in IDS if not (site / f"proposal-{pid}.html").is_file()]
    assert missing == []


def test_index_lists_every_proposal_with_its_thumbnail(site, page):
    pg, requests = page
    requests.clear()
    pg.goto((site / "index.html").as_uri())
    pg.wait_for_load_state("load")
    rows = pg.locator("table.sortable tbody tr")
    assert rows.count() == len(IDS)
    headers = pg.locator("table.sortable thead th").all_inner_texts()
    col = {h.replace("⇅", "").strip(): i + 1 for i, h in enumerate(headers)}
    titles = set(pg.locator(f"table.sortable tbody tr td:nth-child({col['proposal']})").all_inner_texts())
    assert titles == {p.title for p in default_catalog().proposals.values()}
    imgs = pg.locator(".grid img")
    imgs.evaluate_all("is => is.forEach(i => { i.loading = 'eager'; })")  # 35 lazy thumbnails: load them all
    imgs.last.scroll_into_view_if_needed()
    pg.wait_for_function(
        "Array.from(document.querySelectorAll('.grid img')).every(i => i.complete && i.naturalWidth > 0)",
        timeout=30_000,
    )
    assert imgs.count() == len(IDS)
    assert pg.locator("figure svg").count() == 1  # the timeline, inline
    # Sorting by "Ukraine withdraws from": descending puts a plan with the largest withdrawal first.
    header = pg.locator("th.c-withdraws_km2")  # "Ukraine withdraws from (km², to Russia or demilitarised)"
    header.click()
    header.click()
    values = [
        float(v)
        for v in pg.locator(
            f"table.sortable tbody tr td:nth-child({col['Ukraine withdraws from (km², to Russia or demilitarised)']})"
        ).evaluate_all("tds => tds.map(td => td.dataset.v)")
    ]
    assert values == sorted(values, reverse=True) and values[0] > values[-1]
    pg.screenshot(path=str(ROOT / "tests" / "artifacts" / "site-index.png"), full_page=False)
    assert [u for u in requests if not on_machine(u)] == []


@pytest.mark.parametrize("name,min_paths", [("proposal-us-28-point-2025-11.html", 20),
                                            ("proposal-status-quo.html", 20),
                                            ("compare-status-quo--us-28-point-2025-11.html", 5)])
def test_pages_draw_their_map_from_file_with_no_outside_request(site, page, name, min_paths):
    pg, requests = page
    requests.clear()
    pg.goto((site / name).as_uri())
    frame = map_frames(pg, min_paths=min_paths, timeout_s=60)[0]
    assert frame.locator("path.leaflet-interactive").count() >= min_paths
    assert "GeoNames (CC BY 4.0)" in frame.locator("body").inner_text()
    embed = pg.locator("pre.embed").inner_text()
    assert embed.startswith('<iframe src="file://') and "/maps/" in embed
    assert [u for u in requests if not on_machine(u)] == []
