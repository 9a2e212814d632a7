"""The obvious way, for comparison only (`make bench`): full-resolution zones straight into
folium.GeoJson and st_folium with default arguments. Not part of the app."""
import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.engine.evaluate import default_catalog, evaluate

proposal = default_catalog().proposals[st.query_params.get("proposal", "us-28-point-2025-11")]
zones = evaluate(proposal).zones.to_crs("EPSG:4326")
m = folium.Map(location=[48.5, 31.5], zoom_start=6)
folium.GeoJson(zones[["oblast", "status", "held_before", "km2", "geometry"]].to_json(),
               tooltip=folium.GeoJsonTooltip(["oblast", "status", "km2"])).add_to(m)
st_folium(m)
