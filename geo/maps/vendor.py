"""Leaflet and the swipe divider, served from our own folder: the maps make no third-party request.
Streamlit serves ./static at /app/static/; exports and the static site inline or copy the same files.

Leaflet comes from a PyPI package (django-js-lib-leaflet), so `pip install -r requirements.txt` is
enough for every map. The swipe divider (leaflet-side-by-side, MIT) is only on npm: `make` runs
`npm ci --prefix npm` (npm/package-lock.json pins it) and `copy_side_by_side` puts it in
static/vendor. Without it (a pip-only install) the compare view says the swipe is unavailable.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from proposals.paths import LEAFLET_DIR, NPM_MODULES, SIDE_BY_SIDE_DIR

SIDE_BY_SIDE_JS = "leaflet-side-by-side.js"
SIDE_BY_SIDE_CSS = ("layout.css", "range.css")
SIDE_BY_SIDE_FILES = ("index.js", *SIDE_BY_SIDE_CSS, "range-icon.png", "LICENSE", "package.json")


def package_leaflet() -> Path:
    """Leaflet's folder inside the installed django-js-lib-leaflet package (BSD-2)."""
    import js_lib_leaflet
    base = Path(js_lib_leaflet.__file__).resolve().parent
    hits = sorted(base.rglob("leaflet.js"))
    if not hits:
        raise FileNotFoundError(f"leaflet.js not found under {base}")
    return hits[0].parent


def leaflet_dir() -> Path:
    """The vendored copy when there is one, else the package it is copied from."""
    return LEAFLET_DIR if (LEAFLET_DIR / "leaflet.js").is_file() else package_leaflet()


def copy_leaflet(dest: Path = LEAFLET_DIR) -> Path:
    """Copy the package's Leaflet to dest (static/vendor/leaflet by default), replacing it."""
    src = package_leaflet()
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    return src


def side_by_side_available(folder: Path = SIDE_BY_SIDE_DIR) -> bool:
    """True when the swipe divider's script and styles are in static/vendor (after `make` or start-up)."""
    return all((folder / name).is_file() for name in (SIDE_BY_SIDE_JS, *SIDE_BY_SIDE_CSS, "range-icon.png"))


def browser_script(index_js: str) -> str:
    """The npm package ships CommonJS source (`require('leaflet')`, `require('./layout.css')`), not a
    browser build: wrap it so `require` gives the page's Leaflet and the styles load as <link>s."""
    return ("/* leaflet-side-by-side (MIT, see LICENSE beside this file), wrapped by geo/maps/vendor.py */\n"
            "(function () {\n  if (!window.L || window.L.Control.SideBySide) { return; }\n"
            "  var module = {exports: {}};\n"
            "  var require = function (name) { return name === 'leaflet' ? window.L : {}; };\n"
            f"{index_js}\n}})();\n")


def copy_side_by_side(dest: Path = SIDE_BY_SIDE_DIR, modules: Path = NPM_MODULES) -> Path:
    """Copy leaflet-side-by-side from npm/node_modules to dest (static/vendor/leaflet-side-by-side),
    replacing it, with its CommonJS index.js wrapped for the browser. FileNotFoundError when npm has
    not installed it (`npm ci --prefix npm`)."""
    src = modules / "leaflet-side-by-side"
    missing = [name for name in SIDE_BY_SIDE_FILES if not (src / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{src}: {', '.join(missing)} missing (run `npm ci --prefix npm`)")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in SIDE_BY_SIDE_FILES[1:]:
        shutil.copy2(src / name, dest / name)
    (dest / SIDE_BY_SIDE_JS).write_text(browser_script((src / "index.js").read_text(encoding="utf-8")),
                                        encoding="utf-8")
    return src


def axe_script(modules: Path = NPM_MODULES) -> Path:
    """axe-core's axe.min.js (MPL-2.0; a test-only npm dev dependency, never served to readers)."""
    path = modules / "axe-core" / "axe.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"{path} missing (run `npm ci --prefix npm`)")
    return path
