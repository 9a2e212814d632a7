"""Turns a proposal and a baseline front line into zones and numbers. No streamlit here."""
