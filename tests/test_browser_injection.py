"""Issue 17 in Chromium: the hostile plan and front line (tests/hostile.py) shown by the app and by
every file it or the shell writes, with no script from a file ever running and no template code
ever printed. Tooltips are opened on every zone, since their HTML is set in the page.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.browser import ROOT, map_frames, require_browser, running_app
from tests.hostile import EVALUATED, assert_inert_html, hostile_proposal

sync_playwright = require_browser()
pytestmark = pytest.mark.browser

PWNED = "() => typeof window.__ppa_pwned === 'undefined' ? null : window.__ppa_pwned"
HOVER_ALL = ("() => { const ps = [...document.querySelectorAll('path.leaflet-interactive')];"
             " ps.forEach(p => { p.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));"
             " p.dispatchEvent(new MouseEvent('mouseout', {bubbles: true})); }); return ps.length; }")


@pytest.fixture(scope="module")
def files(hostile_files) -> dict[str, Path]:
    return hostile_files


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


def assert_nothing_ran(page, where: str) -> int:
    """Open every zone's tooltip in every frame; no frame may have run a script from the file.
    Returns the number of zones hovered."""
    hovered = 0
    for frame in page.frames:
        try:
            hovered += frame.evaluate(HOVER_ALL)
        except Exception:  # a frame that went away
            continue
    time.sleep(0.5)
    for frame in page.frames:
        try:
            assert frame.evaluate(PWNED) is None, f"{where}: a script from the file ran in {frame.url[:80]}"
            text = frame.evaluate("() => document.body ? document.body.innerText : ''")
        except AssertionError:
            raise
        except Exception:
            continue
        for mark in EVALUATED:
            assert mark not in text, f"{where}: template code ran ({mark} shown)"
    return hovered


def open_file(browser, path: Path, maps: int = 1, width: int = 1400, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    map_frames(page, count=maps, timeout_s=60)
    return page, dialogs


def test_shell_exports_in_the_browser(files, browser):
    outs = []
    for args, name, maps in (((  "render", files["plan"]), "map.html", 1),
                             (("compare", files["plan"], "us-28-point-2025-11"), "ab.html", 2),
                             (("compare", "us-28-point-2025-11", files["plan"]), "ba.html", 2),
                             (("render", "kellogg-2025-04", "--frontline-file", files["line"]), "line.html", 1)):
        out = files["dir"] / name
        r = subprocess.run([sys.executable, str(ROOT / "cli.py"), *map(str, args), "--out", str(out)],
                           capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert r.returncode == 0, r.stderr
        outs.append((out, maps))
    for out, maps in outs:
        page, dialogs = open_file(browser, out, maps=maps)
        assert assert_nothing_ran(page, out.name) > 0 and dialogs == []
        if out.name != "line.html":
            assert "{{ 'INJ' ~ 'ECTED' }}" in page.frames[-1].evaluate("() => document.body.innerText") or \
                any("{{ 'INJ' ~ 'ECTED' }}" in f.evaluate("() => document.body.innerText") for f in page.frames)
        page.close()


def test_static_site_in_the_browser(files, browser, tmp_path):
    from geo.site.static_site import build_site
    from proposals.catalog import load_catalog
    cat = tmp_path / "catalog"
    cat.mkdir()
    (cat / "hostile.yaml").write_text(hostile_proposal(), encoding="utf-8")
    (cat / "kellogg.yaml").write_text((ROOT / "proposals/catalog/kellogg-2025-04.yaml").read_text(encoding="utf-8"))
    out = tmp_path / "site"
    build_site(load_catalog(cat), out)
    for html in sorted(out.rglob("*.html")):
        if html.parent.name == "maps":
            continue  # map documents are opened inside their pages
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
        page.goto(html.as_uri())
        time.sleep(1.5)
        assert_nothing_ran(page, html.name)
        assert dialogs == []
        page.close()


def _download(page, name: str, dest: Path) -> Path:
    with page.expect_download(timeout=180_000) as info:
        page.get_by_role("button", name=name).first.click()
    path = dest / info.value.suggested_filename
    info.value.save_as(path)
    return path


def _pick(page, label: str, text: str) -> None:
    """Choose in a Streamlit selectbox by typing part of an option."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True)).first
    field = box.locator("input").first
    field.click()
    field.fill(text)
    page.keyboard.press("Enter")


def test_the_app_shows_the_upload_and_its_downloads_as_text(files, browser, tmp_path):
    with running_app() as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{url}/?view=map")
        map_frames(page, timeout_s=120)
        page.get_by_text("Your own files").first.click()
        page.locator("input[type=file]").first.set_input_files(str(files["plan"]))
        page.get_by_text("hostile.yaml").first.wait_for(timeout=60_000)
        time.sleep(2)
        _pick(page, "Proposal", "T {{ 'INJ'")
        page.get_by_text("{{ 'INJ' ~ 'ECTED' }}").first.wait_for(timeout=120_000)
        map_frames(page, timeout_s=120)
        assert assert_nothing_ran(page, "map view") > 0
        body = page.evaluate("() => document.body.innerText")
        assert "INJECTED" not in body and "STMTRAN" not in body
        page.get_by_role("tab", name="Downloads").first.click()
        got = {name: _download(page, name, tmp_path) for name in ("Map (HTML)", "Image (PNG)", "Numbers (CSV)",
                                                                  "Zones (GeoJSON)")}
        assert got["Image (PNG)"].read_bytes().startswith(b"\x89PNG")
        assert_inert_html(got["Map (HTML)"].read_text(encoding="utf-8"), "the app's Map (HTML)")
        for p in got.values():
            data = p.read_bytes()
            assert b"INJECTED" not in data and b"STMTRAN" not in data
        # the compare view, same session: the upload against a catalog plan
        page.get_by_text("Compare two").first.click()
        map_frames(page, count=2, timeout_s=120)
        _pick(page, "A", "T {{ 'INJ'")
        time.sleep(3)
        map_frames(page, count=2, timeout_s=120)
        assert assert_nothing_ran(page, "compare view") > 0
        page.get_by_role("tab", name="Download", exact=True).first.click()
        pair = _download(page, "Maps (HTML)", tmp_path)
        png = _download(page, "Image (PNG)", tmp_path)
        js = _download(page, "Comparison (JSON)", tmp_path)
        assert png.read_bytes().startswith(b"\x89PNG")
        assert_inert_html(pair.read_text(encoding="utf-8"), "the app's Maps (HTML)")
        assert b"INJECTED" not in js.read_bytes()
        assert dialogs == []
        page.close()
    page, dialogs = open_file(browser, pair, maps=2)  # the synced pair is one document
    assert assert_nothing_ran(page, "downloaded comparison") > 0 and dialogs == []
