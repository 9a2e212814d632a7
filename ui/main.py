"""Routes between the views; the sidebar is shared."""
import streamlit as st

from ui.sidebar import sidebar


def main() -> None:
    view, frontline = sidebar()
    if view == "compare":
        from ui.compare import compare
        compare(frontline)
    else:
        from ui.view import view as map_view
        map_view(frontline)
    st.caption("Peace Plan Atlas · boundaries: Natural Earth (public domain) · settlements: GeoNames (CC BY 4.0) "
               "· front lines: authored from public reporting, approximate.")
