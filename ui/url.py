"""Widgets whose value lives in the URL as an id or a date, so a link opens the same view.

Streamlit's `bind="query-params"` puts the *formatted label* in the URL (a proposal's title),
which breaks links that name ids; here the URL carries the raw option instead.

The URL and the widget are kept in step both ways: a choice in the widget writes the URL (and
Streamlit adds a browser-history entry), and a URL that changed under the widget — the browser's
Back or Forward, a pasted link — sets the widget. A value in a link that is not an option gives
a notice naming it; the rest of the link still applies.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from ui.i18n import t
from ui.text import md

MAX_SHOWN = 80  # characters of an unknown value quoted back in a notice (URLs are untrusted)


def _synced(key: str) -> str:
    return f"_url_synced_{key}"


def unknown_notice(what: str, value: str, fallback: str) -> str:
    """The one-line notice for a link naming something that does not exist (Markdown, escaped)."""
    shown = value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"
    return t("The link asks for {what} **{value}**, which does not exist here; showing **{fallback}** instead.",
             what=what, value=md(shown), fallback=md(fallback))


def url_widget(widget: Callable, label: str, options: Sequence[str], key: str, default: str,
               what: str | None = None, **kwargs) -> str:
    """Draw `widget` (st.selectbox, st.radio…) seeded from ?key=…, and write its value back."""
    options = list(options)
    if default not in options:
        default = options[0]
    wanted = st.query_params.get(key, default)
    if key not in st.session_state or wanted != st.session_state.get(_synced(key), wanted):
        # first run, or the URL changed under us (Back/Forward): the URL wins
        if wanted in options:
            st.session_state[key] = wanted
        else:
            fmt = kwargs.get("format_func", str)
            st.session_state["_url_notices"] = st.session_state.get("_url_notices", []) + [
                unknown_notice(what or label.lower(), wanted, fmt(default))]
            st.session_state[key] = st.session_state.get(key, default) if key in st.session_state else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    value = widget(label, options, key=key, **kwargs)
    pending = st.session_state.setdefault("_url_pending", {})
    pending[key] = None if value == default else value   # written once per run by write_url()
    st.session_state[_synced(key)] = value
    return value


def set_widget(key: str, value: str, default: str) -> None:
    """Set a URL widget's value from code before it is drawn (a callback, or the time view's play
    step): the URL, not written yet, must not count as changed under the widget and win."""
    st.session_state[key] = value
    st.session_state[_synced(key)] = st.query_params.get(key, default)


def write_url() -> None:
    """Write every widget's value into the URL at once, at the end of a run: one user action is
    one browser-history entry, so Back returns to the previous proposal in one step."""
    pending = st.session_state.pop("_url_pending", {})
    current = {k: st.query_params.get(k) for k in st.query_params}
    wanted = {k: v for k, v in current.items() if k not in pending}
    wanted.update({k: v for k, v in pending.items() if v is not None})
    if wanted != current:
        st.query_params.from_dict(wanted)


def show_notices() -> None:
    """Notices collected while reading the URL (unknown ids or dates), shown once."""
    for text in st.session_state.pop("_url_notices", []):
        st.warning(text, icon="🔗")
