"""Copy Leaflet (from the django-js-lib-leaflet package) into static/vendor for local serving.

The map must make no third-party request: Streamlit serves ./static at /app/static/, and the
standalone HTML export inlines the same files.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import js_lib_leaflet

ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "static" / "vendor" / "leaflet"


def leaflet_dir() -> Path:
    base = Path(js_lib_leaflet.__file__).resolve().parent
    hits = sorted(base.rglob("leaflet.js"))
    if not hits:
        raise SystemExit(f"leaflet.js not found under {base}")
    return hits[0].parent


def main() -> None:
    src = leaflet_dir()
    if DEST.exists():
        shutil.rmtree(DEST)
    shutil.copytree(src, DEST)
    print(f"Leaflet copied from {src} to {DEST}")


if __name__ == "__main__":
    main()
