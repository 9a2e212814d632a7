"""Routes between the views; the sidebar is shared."""
import logging

import streamlit as st

from ui.sidebar import sidebar


log = logging.getLogger("peace_plan_atlas")


def main() -> None:
    view, frontline = sidebar()
    try:
        if view == "compare":
            from ui.compare import compare
            compare(frontline)
        else:
            from ui.view import view as map_view
            map_view(frontline)
    except Exception as e:  # a user sees one clear line, the log keeps the traceback
        log.exception("view %s failed", view)
        st.error(f"Sorry — this view could not be drawn ({type(e).__name__}: {e}). "
                 "Try another front-line date or proposal; the problem has been logged.", icon="⚠️")
    st.caption("Peace Plan Atlas · catalog current as of March 2026: the public record it was checked against "
               "ends there · boundaries: Natural Earth (public domain) · settlements: GeoNames (CC BY 4.0) "
               "· front lines: authored from public reporting, approximate.")
