"""The compare view's swipe: A and B on one map, a divider the reader drags (mouse or touch).

Needs the vendored leaflet-side-by-side (static/vendor, from `npm ci --prefix npm`); a missing copy
fails here rather than skipping, since `make test` installs it. Screenshots go to /tmp/ppa/swipe-*.png.
"""
import time
from pathlib import Path

import pytest

from bench.browser import is_local, map_frames, require_browser
from geo.maps.vendor import side_by_side_available

sync_playwright = require_browser()
pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/ppa")
PAIR = "?view=compare&a=ru-anchorage-2025-08&b=us-28-point-2025-11"
CLIPS = """() => ['ppaA', 'ppaB'].map(n => document.querySelector('.leaflet-pane.leaflet-' + n + '-pane').style.clip)"""


def swipe_frame(page, timeout_s: float = 60.0):
    """The frame holding the swipe map: one Leaflet map with the divider and both sides drawn."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        for f in list(page.frames):
            try:
                if (f.locator(".leaflet-sbs-divider").count() == 1
                        and f.locator(".leaflet-ppaA-pane path.leaflet-interactive").count() > 5
                        and f.locator(".leaflet-ppaB-pane path.leaflet-interactive").count() > 5):
                    return f
            except Exception:  # frames detach while Streamlit reruns
                pass
        time.sleep(0.3)
    raise AssertionError("the swipe map did not appear")


def open_swipe(page, url):
    page.goto(f"{url}/{PAIR}")
    map_frames(page, count=3)
    page.get_by_text("Swipe: A and B on one map").click()
    return swipe_frame(page)


def clip_width(clip: str) -> float:
    """right - left of `rect(top, right, bottom, left)`, in px: where the divider cuts A's pane (a pan
    moves both edges, a drag of the divider only the right one)."""
    top, right, bottom, left = (float(v.strip().removesuffix("px")) for v in clip[clip.index("(") + 1:-1].split(","))
    return right - left


def drag(page, cdp, start: tuple[float, float], end: tuple[float, float], touch: bool = False) -> None:
    """Press, move in steps and release, as a hand would, through CDP input events (page coordinates)."""
    steps = [(start[0] + (end[0] - start[0]) * i / 10, start[1]) for i in range(11)]
    if touch:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": start[0], "y": start[1]}]})
        for x, y in steps[1:]:
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
            time.sleep(0.03)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        return
    cdp.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": start[0], "y": start[1]})
    cdp.send("Input.dispatchMouseEvent", {"type": "mousePressed", "x": start[0], "y": start[1], "button": "left",
                                          "clickCount": 1})
    for x, y in steps[1:]:
        cdp.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y, "button": "left", "buttons": 1})
        time.sleep(0.03)
    cdp.send("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": end[0], "y": end[1], "button": "left",
                                          "clickCount": 1})


def test_swipe_files_are_vendored():
    assert side_by_side_available(), "static/vendor/leaflet-side-by-side is missing: run `make` (npm ci --prefix npm)"


@pytest.mark.parametrize("width,touch", [(1280, False), (390, True)])
def test_dragging_the_divider_moves_the_clip(app_url, chromium, width, touch):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": width, "height": 1000}, has_touch=touch, is_mobile=touch)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        frame = open_swipe(page, app_url)
        frame.frame_element().scroll_into_view_if_needed()
        time.sleep(1.5)
        divider = frame.locator(".leaflet-sbs-divider")
        assert divider.count() == 1
        assert frame.locator("input.leaflet-sbs-range").get_attribute("aria-label")
        left_before, right_before = frame.evaluate(CLIPS)
        assert left_before.startswith("rect(") and right_before.startswith("rect(")
        d = divider.bounding_box()  # page coordinates, as CDP input events take them
        r = frame.locator("input.leaflet-sbs-range").bounding_box()
        size = frame.evaluate("() => [document.querySelector('.leaflet-container').clientWidth,"
                              " document.querySelector('.leaflet-container').clientHeight]")
        start = (d["x"] + d["width"] / 2, r["y"] + r["height"] / 2)  # the thumb: on the divider, mid-height
        page.screenshot(path=str(SHOTS / f"swipe-{width}.png"))
        cdp = context.new_cdp_session(page)
        drag(page, cdp, start, (start[0] - size[0] * 0.3, start[1]), touch=touch)
        time.sleep(0.5)
        left_after, right_after = frame.evaluate(CLIPS)
        moved = clip_width(left_before) - clip_width(left_after)
        assert moved > size[0] * 0.15, (left_before, left_after)  # A's side shrank with the drag
        assert right_after != right_before
        assert frame.locator(".leaflet-sbs-divider").bounding_box()["x"] < d["x"] - size[0] * 0.15
        page.screenshot(path=str(SHOTS / f"swipe-{width}-dragged.png"))
        assert [u for u in requests if not is_local(u)] == []
    finally:
        context.close()


def test_the_comparison_export_swipes_offline(chromium, tmp_path):
    """The standalone HTML export carries the swipe too, inlined: opened from file://, it drags."""
    import cli
    out = tmp_path / "pair.html"
    assert cli.main(["compare", "ru-anchorage-2025-08", "us-28-point-2025-11", "--out", str(out)]) == 0
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(out.as_uri())
        frame = swipe_frame(page)
        frame.frame_element().scroll_into_view_if_needed()
        time.sleep(1.0)
        before = frame.evaluate(CLIPS)[0]
        d = frame.locator(".leaflet-sbs-divider").bounding_box()
        r = frame.locator("input.leaflet-sbs-range").bounding_box()
        start = (d["x"] + d["width"] / 2, r["y"] + r["height"] / 2)
        drag(page, context.new_cdp_session(page), start, (start[0] + 250, start[1]))
        time.sleep(0.5)
        assert clip_width(frame.evaluate(CLIPS)[0]) - clip_width(before) > 150  # A's side grew
        assert [u for u in requests if not u.startswith(("file://", "data:", "about:"))] == []
    finally:
        context.close()
