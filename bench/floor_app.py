"""The floor for the load test: a one-line Streamlit page (no map, no data).

`python -m bench.load_test --floor` sends the same crowd here, so the atlas's figures can be read
against what Streamlit itself costs on this machine with one Chromium.
"""
import streamlit as st

st.write("Load-test floor: one line of text")
