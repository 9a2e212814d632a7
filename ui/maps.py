"""Showing folium maps in Streamlit without remounts: a constant base map, proposal layers on top."""
from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from geo.maps import legend as styles
from geo.maps import patterns, render
from proposals import model
from proposals.model import Proposal
from ui import a11y, cache, data
from ui.i18n import lang, t, tr


def base_map():
    """A fresh base map each run (folium maps grow when re-rendered); its script is the same every
    time (per language), so st_folium keeps the iframe and only swaps the proposal layers."""
    return render.base_map(lang=lang())


def layer_data(proposal: Proposal, choice: str) -> dict:
    return cache.layer_data(*data.cache_key(proposal, choice), lang())


def show_map(layers: dict, key: str, height: int = 620, prefix: str = "") -> None:
    """Draw the base map with a proposal's layers; pan and zoom do not rerun the script."""
    st_folium(base_map(), key=key, height=height, use_container_width=True, returned_objects=[],
              feature_group_to_add=render.layers_from_data(layers, prefix))
    describe(layers, key)


def describe(layers: dict, key: str, title: str | None = None, summary: str | None = None) -> None:
    """The map's title and one-sentence summary under it, linked to its frame (ui/a11y.py)."""
    story = layers.get("story") or {}
    if summary or story.get("summary"):
        a11y.describe_map(key, title or story.get("title", ""), summary or story["summary"])


def legend(by_status: dict[str, float], total_km2: float, inline: bool = False) -> None:
    """The nine statuses in fixed order with colours, then the recognition lines (the map's legend)."""
    rows = []
    tl = tr()
    for status, label in model.STATUS_LABELS.items():
        km2 = by_status.get(status, 0.0)
        share = tl.pct(100 * km2 / total_km2) if km2 else ""
        numbers = f"{tl.km2(km2)} {share}" if by_status else ""
        rows.append(f'<div style="display:flex;gap:.5em;align-items:center;font-size:.9em">'
                    f'{styles.swatch(status)}<span style="flex:1">{styles.esc(t(label))}</span>'
                    f'<span style="color:#555">{numbers}</span></div>')
    rows.append('<div style="display:flex;gap:.5em;align-items:center;font-size:.9em">'
                '<span style="width:1.1em;border-top:2px dashed #111;flex:none"></span>'
                f'<span>{styles.esc(t("Line of contact (approximate)"))}</span></div>')
    rows.append('<div style="display:flex;gap:.5em;align-items:center;font-size:.9em">'
                f'<span style="width:1.1em;height:.8em;flex:none;{styles.CONTESTED_STYLE_CSS}"></span>'
                f'<span>{styles.esc(t("Contested: fighting reported, not counted as Russian-held"))}</span></div>')
    for css, label in patterns.legend_rows(lang()):  # recognition lines, where the colour does not say it
        rows.append('<div style="display:flex;gap:.5em;align-items:center;font-size:.9em">'
                    f'<span style="display:inline-block;flex:none;width:14px;height:11px;background:#fff;{css}"></span>'
                    f'<span>{styles.esc(label)}</span></div>')
    box = '<div style="display:flex;flex-wrap:wrap;column-gap:1.4em">' if inline else "<div>"
    st.markdown(box + "".join(rows) + "</div>", unsafe_allow_html=True)  # our own labels and numbers only


def difference_data(a: Proposal, b: Proposal, choice: str) -> dict:
    return cache.difference_data(*data.comparison_keys(a, b, choice), lang())


def show_difference_map(diff: dict, key: str, height: int = 560) -> None:
    st_folium(base_map(), key=key, height=height, use_container_width=True, returned_objects=[],
              feature_group_to_add=render.difference_layers(diff))
    describe(diff, key)


def swipe_available() -> bool:
    """The swipe divider's files are in static/vendor (npm installs them; a pip-only install has none)."""
    from geo.maps.vendor import side_by_side_available
    return side_by_side_available()


def show_swipe_map(layers_a: dict, layers_b: dict, title_a: str, title_b: str, key: str, height: int = 560) -> None:
    """A and B on one map with a draggable divider (remounts when the pair changes)."""
    st_folium(render.swipe_map(layers_a, layers_b, title_a, title_b), key=key, height=height,
              use_container_width=True, returned_objects=[])
    describe(layers_a, key, t("Swipe map: A, {a}, left of the divider; B, {b}, right of it", a=title_a, b=title_b),
             " ".join(x["story"]["summary"] for x in (layers_a, layers_b) if x.get("story")))


def show_dual_map(layers_a: dict, layers_b: dict, key: str, height: int = 560) -> None:
    """A and B in one component with pan and zoom kept in step (remounts when the pair changes)."""
    st_folium(render.dual_map(layers_a, layers_b), key=key, height=height, use_container_width=True,
              returned_objects=[])
    describe(layers_a, key, t("Maps A and B side by side, pan and zoom in step"),
             " ".join(x["story"]["summary"] for x in (layers_a, layers_b) if x.get("story")))
