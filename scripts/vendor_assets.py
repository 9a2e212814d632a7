"""Copy Leaflet (from the django-js-lib-leaflet package) and the swipe divider (leaflet-side-by-side,
installed by `npm ci --prefix npm`) into static/vendor for local serving.

The map must make no third-party request: Streamlit serves ./static at /app/static/, and the
standalone HTML export inlines the same files. The copies themselves are geo/maps/vendor.py's.
"""
from __future__ import annotations

import sys

from geo.maps.vendor import copy_leaflet, copy_side_by_side
from proposals.paths import LEAFLET_DIR, SIDE_BY_SIDE_DIR


def main() -> None:
    src = copy_leaflet()
    print(f"Leaflet copied from {src} to {LEAFLET_DIR}")
    try:
        src = copy_side_by_side()
    except FileNotFoundError as e:  # npm missing: every map works, the swipe says it is unavailable
        print(f"swipe divider not copied: {e}", file=sys.stderr)
        return
    print(f"leaflet-side-by-side copied from {src} to {SIDE_BY_SIDE_DIR}")


if __name__ == "__main__":
    main()
