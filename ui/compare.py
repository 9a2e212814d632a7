"""Placeholder until the compare view lands."""
import streamlit as st


def compare(frontline: str) -> None:
    st.info("The compare view is coming next.")
