"""Leaflet in static/vendor and the maps' constant base in static/ppa before the first map:
`streamlit run app.py` on a fresh clone works without `make` (Streamlit serves ./static as it is on
disk, so files written now are served)."""
from __future__ import annotations

import logging

import streamlit as st

from proposals.paths import LEAFLET_DIR

log = logging.getLogger("peace_plan_atlas")


@st.cache_resource(show_spinner=False)
def ensure_assets() -> bool:
    """Copy Leaflet from the installed django-js-lib-leaflet package if it is not there yet; write
    the base layers' script (geo/maps/basemap.py) if it is missing or out of date."""
    from geo.maps.basemap import BASE_JS, write_base_script
    try:
        if write_base_script():
            log.info("map base layers written to %s", BASE_JS)
    except OSError as e:  # a read-only install: maps still draw, without their context
        log.warning("could not write the map base layers to %s: %s", BASE_JS, e)
    _ensure_side_by_side()
    if (LEAFLET_DIR / "leaflet.js").is_file() and (LEAFLET_DIR / "leaflet.css").is_file():
        return True
    from geo.maps.vendor import copy_leaflet
    copy_leaflet()
    log.info("Leaflet copied to %s at start-up", LEAFLET_DIR)
    return (LEAFLET_DIR / "leaflet.js").is_file()


def _ensure_side_by_side() -> None:
    """The swipe divider from npm/node_modules when npm installed it; else the swipe says it is unavailable."""
    from geo.maps.vendor import copy_side_by_side, side_by_side_available
    if side_by_side_available():
        return
    try:
        copy_side_by_side()
        log.info("leaflet-side-by-side copied to static/vendor at start-up")
    except (FileNotFoundError, OSError) as e:
        log.warning("swipe compare unavailable: %s", e)
