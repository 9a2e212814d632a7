"""Leaflet, served from our own folder: the maps make no third-party request. Streamlit serves
./static at /app/static/; exports and the static site inline or copy the same files."""
from __future__ import annotations

import shutil
from pathlib import Path

from proposals.paths import LEAFLET_DIR


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
