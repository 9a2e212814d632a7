"""The reader's language in the app: chosen in the sidebar, carried by the URL (`?lang=uk`).

`t("…")` translates an interface text (proposals/i18n.py holds the catalog and the rules);
`tr()` gives the translator itself for numbers, dates and place names.
"""
from __future__ import annotations

import streamlit as st

from proposals.i18n import DEFAULT_LANG, Translator, normalise, translator


def lang() -> str:
    """The language of this run: the sidebar's switch, else the link's `lang`, else English."""
    return normalise(st.session_state.get("lang") or st.query_params.get("lang", DEFAULT_LANG))


def tr() -> Translator:
    return translator(lang())


def t(msgid: str, **values: object) -> str:
    """`msgid` in the reader's language, placeholders filled (values are not escaped here)."""
    return tr()(msgid, **values)
