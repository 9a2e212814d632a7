"""The Ukrainian interface in a real browser: the map's own controls and callout in Ukrainian,
the language kept in the address bar when the view changes, nothing fetched from outside."""
import time

import pytest

from bench.browser import ROOT, is_local, map_frames, require_browser

ARTIFACTS = ROOT / "tests" / "artifacts"
sync_playwright = require_browser()

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(app_url, chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return app_url, chromium


@pytest.mark.parametrize("width,height", [(1400, 1150), (390, 1800)])
def test_map_view_in_ukrainian(browser, width, height):
    url, b = browser
    page = b.new_page(viewport={"width": width, "height": height})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{url}/?view=map&proposal=us-28-point-2025-11&lang=uk")
    frame = map_frames(page, timeout_s=120)[0]
    time.sleep(2.0)
    assert frame.locator(".ppa-btn").all_inner_texts() == ["Уся Україна", "Назад до головного"]
    assert frame.locator(".ppa-callout-main").first.inner_text().startswith("Україна відходить з ")
    labels = frame.locator(".ppa-label span").all_inner_texts()
    assert "Краматорськ" in labels and "Донецька" in labels and "Чорне море" in labels
    assert "Мирний план США з 28 пунктів" in page.locator("h3").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / f"map-uk-{width}.png"))
    assert [u for u in requests if not is_local(u)] == []
    page.close()


def test_switching_view_keeps_the_language(browser):
    url, b = browser
    page = b.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(f"{url}/?view=map&proposal=kellogg-2025-04&lang=uk")
    map_frames(page, timeout_s=120)
    page.locator("[data-testid=stSidebar] label").filter(has_text="Порівняти дві пропозиції").click()
    page.wait_for_url(lambda u: "view=compare" in u, timeout=120_000)
    assert "lang=uk" in page.url
    page.get_by_text("Порівняти дві пропозиції", exact=True).first.wait_for(timeout=120_000)
    assert page.locator("h3").first.inner_text() == "Порівняти дві пропозиції"
    page.close()
