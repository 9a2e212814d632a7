"""One error boundary for everything a user's input reaches: the views and the sidebar's uploads.

Whatever goes wrong inside is one escaped line on the page (the log keeps the traceback); the
rest of the page still draws.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ui.i18n import t
from ui.text import clip_text, md

log = logging.getLogger("peace_plan_atlas")


@contextmanager
def boundary(what: str, hint: str | None = None) -> Iterator[None]:
    """Run a block; on an exception show one line naming `what` failed, and carry on (`what` and
    `hint` are already in the reader's language)."""
    try:
        yield
    except Exception as e:
        log.exception("%s failed", what)
        hint = t("Try another front-line date or proposal") if hint is None else hint
        st.error(t("Sorry — {what} could not be drawn ({error}). {hint}; the problem has been logged.",
                   what=md(what), error=f"{type(e).__name__}: {md(clip_text(e, 200))}", hint=md(hint)), icon="⚠️")
