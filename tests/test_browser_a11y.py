"""Accessibility in a real browser: axe-core over every kind of page, the language, the text
alternatives of the maps, and a keyboard-only path with a visible focus.

axe-core (MPL-2.0) is a test-only npm dev dependency (npm/package-lock.json, installed by `make`); it
is injected from the local file, nothing is fetched. A missing copy fails here (`make test` installs
it). Focus screenshots go to /tmp/ppa/a11y-*.png.

What we assert: no `serious` or `critical` axe violation whose node is in our own content. Excluded,
as Streamlit's own framework chrome that the atlas neither writes nor can change (none of these
selectors matched a violation when this test was written; they are here so a Streamlit upgrade
that breaks its own chrome does not read as our fault):
- `[data-testid="stHeader"]`, `[data-testid="stToolbar"]`, `[data-testid="stDecoration"]`,
  `[data-testid="stStatusWidget"]`: the top bar, its menu and the "running" indicator;
- `[data-testid="stSidebarCollapseButton"]`, `[data-testid="stSidebarCollapsedControl"]`,
  `[data-testid="stExpandSidebarButton"]`: the buttons that fold the sidebar.
Everything else — our text, tables, legends, images, the maps' frames and what is inside them —
is checked.
"""
import time
from pathlib import Path

import pytest

from bench.browser import map_frames, require_browser
from geo.maps.vendor import axe_script

sync_playwright = require_browser()
pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/ppa")
STREAMLIT_CHROME = ('[data-testid="stHeader"]', '[data-testid="stToolbar"]', '[data-testid="stDecoration"]',
                    '[data-testid="stStatusWidget"]', '[data-testid="stSidebarCollapseButton"]',
                    '[data-testid="stSidebarCollapsedControl"]', '[data-testid="stExpandSidebarButton"]')
RUN_AXE = """async (chrome) => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  const inChrome = sel => { try { const el = document.querySelector(sel);
    return !!(el && chrome.some(c => el.closest(c))); } catch (e) { return false; } };
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    ours: v.nodes.filter(n => !(n.target.length === 1 && inChrome(n.target[0]))).map(n => n.html.slice(0, 200)),
    chrome: v.nodes.filter(n => n.target.length === 1 && inChrome(n.target[0])).map(n => n.html.slice(0, 120)),
  })); }"""


@pytest.fixture(scope="module")
def axe() -> str:
    try:
        return axe_script().read_text(encoding="utf-8")
    except FileNotFoundError as e:
        pytest.fail(f"{e}: `make` installs axe-core with npm for this test")


def settle(page, lang: str = "en", maps: int = 0, timeout_s: float = 60.0) -> None:
    """Wait for the maps, our page script (html lang) and the end of Streamlit's rerun (stale elements
    are faded, which axe would read as low contrast)."""
    if maps:
        map_frames(page, count=maps, timeout_s=timeout_s)
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        state = page.evaluate("""() => [document.documentElement.lang,
            document.querySelectorAll('[data-stale="true"]').length,
            !!document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')]""")
        if state[0] == lang and state[1] == 0 and not state[2]:
            time.sleep(1.0)
            return
        time.sleep(0.3)
    raise AssertionError(f"page did not settle (lang, stale, running): {state}")


def violations(target, axe: str) -> list[dict]:
    target.add_script_tag(content=axe)
    return target.evaluate(RUN_AXE, list(STREAMLIT_CHROME))


def assert_clean(page, axe: str, where: str) -> None:
    found = [v for v in violations(page, axe) if v["ours"]]
    for frame in page.frames[1:]:  # the maps' documents (st_folium frames)
        try:
            if not frame.locator(".leaflet-container").count():
                continue
        except Exception:  # a frame detached while Streamlit redrew
            continue
        found += [{**v, "frame": frame.url[-40:]} for v in violations(frame, axe) if v["ours"]]
    assert found == [], f"{where}: {found}"


PAGES = [  # (query, language, maps drawn)
    ("/", "en", 0),
    ("/?proposal=us-28-point-2025-11", "en", 1),
    ("/?view=compare&a=ru-anchorage-2025-08&b=us-28-point-2025-11", "en", 3),
    ("/?view=build", "en", 1),
    ("/?lang=uk", "uk", 0),
    ("/?proposal=us-28-point-2025-11&lang=uk", "uk", 1),
]


@pytest.mark.parametrize("query,lang,n_maps", PAGES, ids=[q for q, _, _ in PAGES])
def test_no_serious_axe_violation_in_our_content(app_url, chromium, axe, query, lang, n_maps):
    page = chromium.new_page(viewport={"width": 1280, "height": 1000})
    try:
        page.goto(app_url + query)
        settle(page, lang, n_maps)
        if query == "/":  # the overview draws its thumbnails after the table: wait for them
            page.wait_for_function("document.querySelectorAll('[data-testid=\"stImage\"] img').length >= 8",
                                   timeout=180_000)
            settle(page, lang)
        assert_clean(page, axe, query)
    finally:
        page.close()


def test_every_map_frame_is_titled_and_described(app_url, chromium):
    page = chromium.new_page(viewport={"width": 1280, "height": 1000})
    try:
        page.goto(app_url + "/?view=compare&a=ru-anchorage-2025-08&b=us-28-point-2025-11")
        settle(page, "en", 3)
        page.wait_for_function("[...document.querySelectorAll('iframe')].filter(f => f.getAttribute("
                               "'aria-describedby')).length >= 3", timeout=30_000)
        frames = page.evaluate("""() => [...document.querySelectorAll('iframe')]
          .filter(f => f.src.includes('streamlit_folium')).map(f => { const d = document.getElementById(
            f.getAttribute('aria-describedby') || '-'); return [f.title, d ? d.textContent : null]; })""")
        assert len(frames) == 3
        for title, summary in frames:
            assert title.startswith(("Map: ", "Map of what differs")), title
            assert summary and "front line of 2025-11-20" in summary, summary
        # the 28-point plan's headline figure, in words a screen reader reads out
        assert any(s.startswith("Map of US 28-point peace plan") and "Ukraine withdraws from" in s
                   for _, s in frames), frames
    finally:
        page.close()


def test_html_lang_follows_the_interface_language(app_url, chromium):
    page = chromium.new_page()
    try:
        for query, lang in (("/?lang=uk", "uk"), ("/?view=overview", "en")):
            page.goto(app_url + query)
            settle(page, lang)
            assert page.evaluate("document.documentElement.lang") == lang
    finally:
        page.close()


# ---------- the static site ----------

@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    from geo.engine.evaluate import default_catalog
    from geo.site.static_site import build_site
    from proposals.catalog import Catalog
    full = default_catalog().proposals
    out = tmp_path_factory.mktemp("a11y-site")
    build_site(Catalog(proposals={k: full[k] for k in ("status-quo", "us-28-point-2025-11")}), out)
    return out


def test_static_site_page_is_clean_and_its_map_described(small_site, chromium, axe):
    page = chromium.new_page(viewport={"width": 1280, "height": 1000})
    try:
        page.goto((small_site / "proposal-us-28-point-2025-11.html").as_uri())
        map_frames(page)
        assert page.evaluate("document.documentElement.lang") == "en"
        frame_lang = [f.evaluate("document.documentElement.lang") for f in page.frames[1:]]
        assert frame_lang == ["en"]
        summary = page.evaluate("document.getElementById(document.querySelector('iframe.map')"
                                ".getAttribute('aria-describedby')).textContent")
        assert "Under this proposal: Ukraine withdraws from" in summary
        assert_clean(page, axe, "static site proposal page")
    finally:
        page.close()


# ---------- keyboard only ----------

def key(cdp, name: str, code: str, vk: int) -> None:
    """One key press as the keyboard sends it (CDP Input.dispatchKeyEvent)."""
    base = {"key": name, "code": code, "windowsVirtualKeyCode": vk}
    cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", **base})
    if name == "Enter":
        cdp.send("Input.dispatchKeyEvent", {"type": "char", "text": "\r", **base})
    cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **base})


TAB, ENTER, RIGHT = ("Tab", "Tab", 9), ("Enter", "Enter", 13), ("ArrowRight", "ArrowRight", 39)
FOCUSED = """() => { const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  return {tag: el.tagName, text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 80),
          href: el.getAttribute('href') || '', role: el.getAttribute('role') || '',
          download: !!el.closest('[data-testid="stDownloadButton"]'), visible: el.matches(':focus-visible'),
          outline: [cs.outlineStyle, parseFloat(cs.outlineWidth)]}; }"""


def tab_to(page, cdp, wanted, limit: int = 250) -> dict:
    """Press Tab until the focused element of the page satisfies `wanted`; its description."""
    for _ in range(limit):
        key(cdp, *TAB)
        time.sleep(0.04)
        el = page.evaluate(FOCUSED)
        if el and wanted(el):
            return el
    raise AssertionError(f"not reached with {limit} presses of Tab (last focus: {page.evaluate(FOCUSED)})")


def assert_focus_visible(el: dict) -> None:
    assert el["visible"], el
    style, width = el["outline"]
    assert style != "none" and width >= 2, el  # our focus ring (ui/a11y.py), not the browser's faint default


def test_keyboard_only_pick_compare_download(app_url, chromium):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page(viewport={"width": 1280, "height": 1000})
    cdp = page.context.new_cdp_session(page)
    try:
        page.goto(app_url + "/")
        settle(page, "en")
        page.wait_for_function("document.querySelectorAll('a[href*=\"proposal=\"]').length >= 8", timeout=180_000)
        el = tab_to(page, cdp, lambda e: e["tag"] == "A" and "proposal=us-28-point-2025-11" in e["href"])
        assert_focus_visible(el)
        page.screenshot(path=str(SHOTS / "a11y-focus-proposal-link.png"))
        key(cdp, *ENTER)
        page.wait_for_url("**proposal=us-28-point-2025-11**", timeout=30_000)
        settle(page, "en", 1)
        el = tab_to(page, cdp, lambda e: e["tag"] == "BUTTON" and "Compare with another proposal" in e["text"])
        assert_focus_visible(el)
        page.screenshot(path=str(SHOTS / "a11y-focus-compare-button.png"))
        key(cdp, *ENTER)
        page.wait_for_function("document.body.innerText.includes('Compare two proposals')", timeout=30_000)
        settle(page, "en", 3)
        el = tab_to(page, cdp, lambda e: e["role"] == "tab")
        assert_focus_visible(el)
        for _ in range(8):  # along the tabs to "Download"
            if page.evaluate(FOCUSED)["text"] == "Download":
                break
            key(cdp, *RIGHT)
            time.sleep(0.2)
        assert page.evaluate(FOCUSED)["text"] == "Download"
        key(cdp, *ENTER)
        time.sleep(0.5)
        el = tab_to(page, cdp, lambda e: e["download"], limit=20)
        assert_focus_visible(el)
        el["tag"] == "BUTTON" or pytest.fail(f"the download control is not a button: {el}")
        page.screenshot(path=str(SHOTS / "a11y-focus-download.png"))
    finally:
        page.close()
