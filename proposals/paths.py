"""Where the atlas finds its data, in one place: a source checkout, or an installed copy.

In a checkout (make run, make test) everything sits beside the packages. `pip install .` puts the
packages in site-packages and data/ and static/ under <prefix>/share/peace-plan-atlas (see
pyproject.toml). PEACE_PLAN_ATLAS_HOME points at another tree with data/ and static/.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CATALOG_DIR = PACKAGE_DIR / "catalog"  # package data: installed with the package


def _home() -> Path:
    env = os.environ.get("PEACE_PLAN_ATLAS_HOME")
    if env:
        return Path(env)
    checkout = PACKAGE_DIR.parent
    if (checkout / "data" / "tables").is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "peace-plan-atlas"


HOME = _home()
DATA_DIR = HOME / "data"
BOUNDARIES = DATA_DIR / "boundaries" / "oblasts.geojson"
FRONTLINE_DIR = DATA_DIR / "frontline"
OBLAST_TABLE = DATA_DIR / "tables" / "oblasts.csv"
KEY_CITIES = DATA_DIR / "tables" / "key_cities.csv"
CALIBRATION = DATA_DIR / "tables" / "calibration.csv"
CURRENT_POPULATION = DATA_DIR / "tables" / "current_population.csv"
PUBLISHED_FIGURES = DATA_DIR / "tables" / "published_figures.csv"
STATIC_DIR = HOME / "static"
LEAFLET_DIR = STATIC_DIR / "vendor" / "leaflet"   # copied by scripts/vendor_assets.py
SIDE_BY_SIDE_DIR = STATIC_DIR / "vendor" / "leaflet-side-by-side"  # the swipe divider (geo/maps/vendor.py)
NPM_MODULES = HOME / "npm" / "node_modules"       # `npm ci --prefix npm` (make's vendor step), a checkout only
SYNC_JS = STATIC_DIR / "ppa" / "map-sync.js"
SWIPE_JS = STATIC_DIR / "ppa" / "map-swipe.js"    # the swipe's wiring of our layers to the divider
UI_JS = STATIC_DIR / "ppa" / "map-ui.js"          # story fit, labels, tooltips, locator (geo/maps/mapview.py)
CONTEXT_DIR = DATA_DIR / "context"                # neighbours, rivers, reservoirs (scripts/build_context.py)
# Derived files (the GeoNames extract): beside a checkout, else the user's cache directory.
CACHE_DIR = (HOME / ".cache" if HOME == PACKAGE_DIR.parent
             else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "peace-plan-atlas")


def frontline_dates(directory: Path = FRONTLINE_DIR) -> list[str]:
    """ISO dates with a shipped front-line file, oldest first (no geometry library needed, so
    `cli.py list` and `validate` start without importing geopandas)."""
    import datetime as dt
    out = []
    for p in directory.glob("*.geojson"):
        try:
            dt.date.fromisoformat(p.stem)
        except ValueError:
            continue
        out.append(p.stem)
    return sorted(out)
