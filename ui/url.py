"""Widgets whose value lives in the URL as an id or a date, so a link opens the same view.

Streamlit's `bind="query-params"` puts the *formatted label* in the URL (a proposal's title),
which breaks links that name ids; here the URL carries the raw option instead.
"""
from __future__ import annotations

from typing import Callable, Sequence

import streamlit as st


def url_widget(widget: Callable, label: str, options: Sequence[str], key: str, default: str, **kwargs) -> str:
    """Draw `widget` (st.selectbox, st.radio…) seeded from ?key=…, and write its value back."""
    options = list(options)
    if default not in options:
        default = options[0]
    if key not in st.session_state:
        wanted = st.query_params.get(key)
        st.session_state[key] = wanted if wanted in options else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    value = widget(label, options, key=key, **kwargs)
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
    return value
