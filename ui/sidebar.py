"""The sidebar every view shares: which view, which front line, and the user's own files."""
from __future__ import annotations

import streamlit as st

from geo.inputs.frontline import available_dates
from geo.inputs.frontline_report import places_count
from proposals import link
from proposals.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, N_, translator
from ui import data
from ui.boundary import boundary
from ui.i18n import t, tr
from ui.own_line import own_line_uploader
from ui.text import clip_text, md
from ui.url import url_widget

VIEWS = {"overview": N_("All proposals at a glance"), "map": N_("One proposal on the map"),
         "compare": N_("Compare two proposals"), "build": N_("Build your own plan"),
         "time": N_("The front line through time")}


def infer_view() -> None:
    """The overview is the landing page, but a link naming a proposal, a pair or a plan and no view
    opens its map, the comparison or the builder, so links made before the overview existed still
    work. Only on a session's first run: later the URL's `view` is the widget's own."""
    if st.session_state.get("_view_inferred"):
        return
    st.session_state["_view_inferred"] = True
    qp = st.query_params
    if "view" in qp:
        return
    inferred = ("map" if "proposal" in qp else "compare" if ("a" in qp or "b" in qp)
                else "build" if link.PARAM in qp else None)
    if inferred:
        qp["view"] = inferred


def frontline_label(choice: str, lang: str = "en") -> str:
    tl = translator(lang)
    if choice == data.OWN:
        return tl("Each proposal's own date")
    if choice in available_dates():
        return tl("{date} (approximate)", date=choice)
    return clip_text(choice, 80)  # an uploaded file's name (widget labels are plain text)


def sidebar() -> tuple[str, str]:
    """Draw the sidebar; return (view, front-line choice)."""
    with st.sidebar:
        # first, so everything below is drawn in the chosen language; the label is in both
        url_widget(st.radio, "Мова · Language", list(LANGS), "lang", DEFAULT_LANG, what="language",
                   format_func=LANG_NAMES.get, horizontal=True)
        st.header(t("Peace Plan Atlas"))
        infer_view()
        view = url_widget(st.radio, t("View"), list(VIEWS), "view", "overview", what=t("view"),
                          format_func=lambda v, tl=tr(): tl(VIEWS[v]))  # bound now: format_func may run later
        frontline_slot = st.container()  # drawn after the uploads, so a new file is a choice at once
        with st.expander(t("Your own files")):
            ups = st.file_uploader(t("Proposals (YAML)"), type=["yaml", "yml"], accept_multiple_files=True,
                                   key="upload_proposals", max_upload_size=1)
            with boundary(t("your proposal files"), hint=t("Check the files")):
                for err in data.add_uploads(ups):
                    st.error(md(err), icon="⚠️")  # the message echoes the file: escaped
            with boundary(t("your front line"), hint=t("Check the file")):
                own_line_uploader()
        choices = data.frontline_choices()
        if view == "time":  # its own slider picks the line; the URL's `frontline` is kept for the other views
            frontline_slot.caption(t("In this view the date slider picks the front line."))
            return view, data.OWN
        frontline = url_widget(frontline_slot.selectbox, t("Front line (baseline)"), choices, "frontline", data.OWN,
                               what=t("front-line date"),
                               format_func=lambda c, language=tr().lang: frontline_label(c, language),
                               help=t("The Russian-held area the rules are applied to. Each proposal names the "
                                      "date it was made against; you can apply it to another date."))
        frontline_slot.caption(t("Front lines are built by this project from dated reports about {places} places "
                                 "(to March 2026) and are approximate: see *Data and accuracy* below the map.",
                                 places=places_count()))
    return view or "overview", frontline or data.OWN
