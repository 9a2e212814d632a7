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


def protected_folder(path: Path) -> Path | None:
    """The project's own folder (its data, or the package with the catalog and translations) that
    `path` lies in once links and `..` are resolved, or None: outputs are never written there."""
    target = Path(path).expanduser().resolve()
    for folder in (DATA_DIR, PACKAGE_DIR):
        root = folder.resolve()
        if target == root or target.is_relative_to(root):
            return root
    return None


def output_problem(path: Path, force: bool = True, folder: bool = False) -> str | None:
    """Why the CLI may not write `path` (a file, or a folder when `folder`), or None: never inside
    the project's data or catalog, into a folder that exists, and (unless `force`) not over a file."""
    try:
        inside = protected_folder(path)
    except (OSError, RuntimeError) as e:  # a name too long, a loop of links
        return f"cannot be used ({getattr(e, 'strerror', None) or type(e).__name__})"
    if inside is not None:
        return f"inside the project's data ({inside}); write it somewhere else"
    if folder:
        return None
    try:
        if path.is_dir():
            return "is a folder; give a file name"
        if path.exists() and not force:
            return "exists; give --force to overwrite it"
        if not path.parent.is_dir():
            return f"no folder {path.parent}"
    except OSError as e:
        return f"cannot be used ({e.strerror or type(e).__name__})"
    return None
