"""The swipe compare without a browser: the vendored plugin, the map it builds, and the notice when
the plugin is missing (a pip-only install)."""
import pytest

from bench.apptest import app, map_args
from geo.maps import vendor


def test_browser_script_gives_the_plugin_the_pages_leaflet():
    js = vendor.browser_script("var L = require('leaflet')\nrequire('./layout.css')\nmodule.exports = 1")
    assert js.startswith("/* leaflet-side-by-side (MIT")
    assert "require = function (name) { return name === 'leaflet' ? window.L : {}; }" in js
    assert js.rstrip().endswith("})();")


def test_copy_needs_the_npm_package(tmp_path):
    with pytest.raises(FileNotFoundError, match="npm ci --prefix npm"):
        vendor.copy_side_by_side(tmp_path / "dest", modules=tmp_path / "no-node-modules")
    assert not vendor.side_by_side_available(tmp_path / "dest")


def test_copy_from_npm_makes_the_swipe_available(tmp_path):
    if not (vendor.NPM_MODULES / "leaflet-side-by-side" / "index.js").is_file():
        pytest.fail("npm/node_modules/leaflet-side-by-side is missing: run `make` (npm ci --prefix npm)")
    vendor.copy_side_by_side(tmp_path / "sbs")
    assert vendor.side_by_side_available(tmp_path / "sbs")
    assert "L.Control.SideBySide = L.Control.extend" in (tmp_path / "sbs" / vendor.SIDE_BY_SIDE_JS).read_text()


def test_swipe_map_loads_the_plugin_locally_and_draws_each_side_in_its_pane():
    at = app(view="compare", a="ru-anchorage-2025-08", b="us-28-point-2025-11")
    at.toggle(key="swipe").set_value(True).run()
    assert not at.exception
    swipe = map_args(at)[0]
    assert "/app/static/vendor/leaflet-side-by-side/leaflet-side-by-side.js" in swipe["js_links"]
    assert "/app/static/ppa/map-swipe.js" in swipe["js_links"]
    assert all(not link.startswith("http") for link in swipe["js_links"] + swipe["css_links"])
    assert not any(w.value.startswith("The swipe is unavailable") for w in at.warning)


def test_without_the_plugin_the_swipe_says_it_is_unavailable(monkeypatch):
    monkeypatch.setattr(vendor, "side_by_side_available", lambda folder=None: False)
    at = app(view="compare", a="ru-anchorage-2025-08", b="us-28-point-2025-11")
    at.toggle(key="swipe").set_value(True).run()
    assert not at.exception
    assert any(w.value.startswith("The swipe is unavailable on this server") for w in at.warning)
    assert len(map_args(at)) == 3  # the maps side by side and what differs are still drawn
