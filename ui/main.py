"""Routes between the views; the sidebar is shared. Both run inside one error boundary."""
import time

import streamlit as st

from ui import a11y, data
from ui.assets import ensure_assets
from ui.boundary import boundary
from ui.i18n import lang, t
from ui.sidebar import sidebar
from ui.text import md
from ui.url import write_url


def app() -> None:
    """The Streamlit page: configured first, as Streamlit requires, then drawn."""
    st.set_page_config(page_title="Peace Plan Atlas", layout="wide")
    main()


def main() -> None:
    ensure_assets()
    view, frontline = sidebar()
    if view != "time":
        st.session_state.pop("_time_playing", None)  # leaving the time view stops its play
    a11y.page_setup(lang(), t("Map (interactive)"))  # before the views: a slow view still gets its language
    with boundary(t("this view")):
        if view != "build":  # the builder shows its own notice and starts afresh
            for err in data.link_plan()[1]:
                st.warning(t("The plan in this link could not be opened — {error}", error=md(str(err)[:300])), icon="⚠️")
        if view == "overview":
            from ui.overview import overview
            overview(frontline)
        elif view == "build":
            from ui.build import build
            build(frontline)
        elif view == "compare":
            from ui.compare import compare
            compare(frontline)
        elif view == "time":
            from ui.through_time import through_time
            through_time(frontline)
        else:
            from ui.view import view as map_view
            map_view(frontline)
    rerun_after = st.session_state.pop("_rerun_after", None)  # the time view is playing
    if rerun_after is None:
        write_url()  # once per run, after every URL widget: one user action, one history entry
    st.caption(t("Peace Plan Atlas · catalog current as of March 2026: the public record it was checked against "
                 "ends there · boundaries: Natural Earth (public domain) · settlements: GeoNames (CC BY 4.0) "
                 "· front lines: built from dated reports about places, approximate."))
    if rerun_after is not None:  # a play step: the page is drawn; the next date after a pause
        time.sleep(rerun_after)
        st.rerun()
