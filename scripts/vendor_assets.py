"""Copy Leaflet (from the django-js-lib-leaflet package) into static/vendor for local serving.

The map must make no third-party request: Streamlit serves ./static at /app/static/, and the
standalone HTML export inlines the same files. The copy itself is geo/maps/vendor.py's.
"""
from __future__ import annotations

from geo.maps.vendor import copy_leaflet
from proposals.paths import LEAFLET_DIR


def main() -> None:
    src = copy_leaflet()
    print(f"Leaflet copied from {src} to {LEAFLET_DIR}")


if __name__ == "__main__":
    main()
