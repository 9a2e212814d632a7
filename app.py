"""Peace Plan Atlas — Streamlit entry point: page wiring only."""
import streamlit as st

st.set_page_config(page_title="Peace Plan Atlas", layout="wide")
from ui.main import main  # noqa: E402

main()
