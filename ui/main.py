"""Temporary landing page until the map view lands: lists the catalog."""
import streamlit as st

from geo.evaluate import default_catalog


def main() -> None:
    st.title("Peace Plan Atlas")
    catalog = default_catalog()
    for p in catalog.proposals.values():
        st.write(f"**{p.title}** — {p.proposer}, {p.date}")
    for e in catalog.errors:
        st.error(str(e))
