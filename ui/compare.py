"""The compare view: two proposals on one front line, side by side, and exactly what differs."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from geo.engine.results import ComparisonStats
from geo.maps import display, export, legend, palette
from proposals import link
from proposals.i18n import N_
from proposals.model import CONTROL_LABELS, CONTROLS, RECOGNITION_LABELS, RECOGNITIONS, STATUSES
from ui import data, maps
from ui.i18n import lang, t, tr
from ui.text import md
from ui.url import show_notices, url_widget

DEFAULT_A, DEFAULT_B = "ru-anchorage-2025-08", "us-28-point-2025-11"


def partner(a: str) -> str:
    """B when Compare starts from A: the default pair, never A itself."""
    return DEFAULT_B if a != DEFAULT_B else DEFAULT_A


def compare_from(pid: str) -> None:
    """Button callback: open Compare with the proposal being read as A."""
    st.session_state["view"] = "compare"
    st.session_state["a"] = pid
    if st.session_state.get("b") in (None, pid):
        st.session_state["b"] = partner(pid)


def _start_from_reading() -> None:
    """Switching to Compare from a proposal (no A in the link yet): that proposal is A."""
    reading = st.session_state.get("proposal")
    if reading and "a" not in st.session_state and "a" not in st.query_params:
        st.session_state["a"] = reading
        if "b" not in st.session_state and "b" not in st.query_params:
            st.session_state["b"] = partner(reading)


def _swap() -> None:
    st.session_state["a"], st.session_state["b"] = st.session_state["b"], st.session_state["a"]


def pickers():
    props = data.proposals()
    ids = list(props)
    tl = tr()
    label = lambda i: (f"{t('Plan from the link:') + ' ' if i == link.TOKEN else ''}"  # noqa: E731
                       f"{props[i].title_in(tl.lang)} — {props[i].date}")
    _start_from_reading()
    c1, c2, c3 = st.columns([10, 10, 2], vertical_alignment="bottom")
    with c1:
        a = url_widget(st.selectbox, "A", ids, "a", DEFAULT_A, what=t("proposal id"), format_func=label)
    with c2:
        b = url_widget(st.selectbox, "B", ids, "b", DEFAULT_B, what=t("proposal id"), format_func=label)
    c3.button("⇄", on_click=_swap, help=t("Swap A and B"))
    return props[a], props[b]


def delta(value: float) -> str:
    if abs(value) < 0.5:
        return t("no change")
    return ("+" if value > 0 else "-") + tr().area(abs(value))  # Streamlit reads the sign: ASCII


def headline(j: ComparisonStats) -> None:
    h = j.headline
    km2 = tr().km2
    cols = st.columns(4)
    cols[0].metric(t("Ukraine controls in B"), km2(h.ukraine_controls.b),
                   delta(h.ukraine_controls.b_minus_a), help=t("B minus A: land under Ukrainian control after."))
    cols[1].metric(t("Russia controls in B"), km2(h.russia_controls.b),
                   delta(h.russia_controls.b_minus_a), delta_color="inverse")
    cols[2].metric(t("Demilitarised in B"), km2(h.demilitarized.b), delta(h.demilitarized.b_minus_a),
                   delta_color="off")
    cols[3].metric(t("Land whose status differs"), km2(h.changed_km2),
                   help=t("Pre-war population (GeoNames) there: about {people} (places of 500+ people; approximate).",
                          people=tr().num(h.population_in_changed_land)))
    kinds = st.columns(3)
    kinds[0].metric(
        t("Changes hands"),
        km2(h.changed_control_km2),
        help=t(
            "Land controlled by a different side in B than in A (or neutral in one). Land left to later "
            "talks stays with whoever holds it, so it changes hands only where the other plan moves it."
        ),
    )
    kinds[1].metric(t("Same control, recognition differs"), km2(h.changed_recognition_km2),
                    help=t("Land held by the same side in A and B whose legal label differs — e.g. Crimea recognised "
                           "as Russian de jure in A and de facto in B. Not land changing hands."))
    kinds[2].metric(t("Same control and recognition, status differs"), km2(h.changed_status_only_km2),
                    help=t("E.g. occupied with nothing agreed in A, frozen on an agreed line in B."))
    if h.undecided.a or h.undecided.b:
        st.caption(t("Left to later talks (control unchanged until they decide): A {a}, B {b}.",
                     a=km2(h.undecided.a), b=km2(h.undecided.b)))


SHORT = {"ukraine": N_("Ukraine"), "returned": N_("Returned"), "occupied": N_("Occupied"), "frozen": N_("Frozen"),
         "russia_de_facto": N_("Russian de facto"), "russia_de_jure": N_("Russian de jure"), "ceded": N_("Ceded"),
         "demilitarized": N_("Demilitarised"), "undecided": N_("Undecided")}
SHORT_RECOGNITION = {"ukraine": N_("Ukrainian"), "not_addressed": N_("not addressed"),
                     "russia_de_facto": N_("Russian de facto"), "russia_de_jure": N_("Russian de jure"),
                     "to_talks": N_("to talks")}
SHORT_KIND = {"control": N_("changes hands"), "recognition": N_("legal label only"), "status": N_("arrangement only")}


def change(status_a: str, status_b: str, names: dict[str, str] = SHORT) -> str:
    """One short "A → B" cell, so the tables fit a phone without sideways scrolling."""
    return f"{t(names[status_a])} → {t(names[status_b])}"


def long_frame(m: dict[str, dict[str, float]], values: tuple[str, ...] = STATUSES,
               names: dict[str, str] = SHORT) -> pd.DataFrame:
    """A km² matrix in long form, one row per (A → B), what differs first: two columns fit any screen
    (the square matrices need sideways scrolling on a phone; the JSON download keeps them whole)."""
    same, unit = t("(same)"), t("km²")
    rows = [{"A → B": change(ra, rb, names) if ra != rb else f"{t(names[ra])} {same}", "km2": round(m[ra][rb]),
             "_same": ra == rb} for ra in values for rb in values if m[ra][rb] >= 0.5]
    rows.sort(key=lambda r: (r["_same"], -r["km2"]))
    return pd.DataFrame([{"A → B": r["A → B"], unit: tr().num(r["km2"])} for r in rows], columns=["A → B", unit])


def terms_frame(j: ComparisonStats):
    differs = t("differs")
    rows = [{t("term"): t(term.term), "A": _term(term.a), "B": _term(term.b), differs: "≠" if term.differs else ""}
            for term in j.terms]
    df = pd.DataFrame(rows)
    return df.style.apply(lambda r: ["background-color:#fff3cd" if r[differs] else "" for _ in r], axis=1)


def _term(v) -> str:
    return t("— (silent)") if v is None else (tr().num(v) if isinstance(v, int) else str(v))


def transitions_legend(j: ComparisonStats) -> None:
    """What differs, grouped by kind (changes hands / legal label / status only), largest first."""
    seen: dict[tuple, float] = {}
    for r in j.by_oblast:
        key = (r.kind, r.status_a, r.status_b, r.recognition_a, r.recognition_b)
        seen[key] = seen.get(key, 0) + r.km2
    rows = []
    for kind, label in legend.DIFF_KIND_LABELS.items():
        group = sorted(((k, v) for k, v in seen.items() if k[0] == kind), key=lambda kv: -kv[1])
        if not group:
            continue
        rows.append(f'<div style="font-weight:600;margin-top:.4em">{legend.esc(t(label))}</div>')
        for (_, sa, sb, ra, rb), km2 in group:
            text = legend.transition_label(sa, sb, lang())
            if ra != rb:
                text += f" ({t(RECOGNITION_LABELS[ra])} → {t(RECOGNITION_LABELS[rb])})"
            rows.append(f'<div style="display:flex;gap:.5em;align-items:center;font-size:.9em">'
                        f'{legend.swatch(sb, outline=palette.PALETTE[sa])}'
                        f'<span style="flex:1">{legend.esc(text)}</span>'
                        f'<span style="color:#555">{tr().km2(km2)}</span></div>')
    st.markdown("".join(rows), unsafe_allow_html=True)  # our own labels and numbers only


def compare(frontline: str) -> None:
    st.markdown("### " + t("Compare two proposals"))
    a, b = pickers()
    show_notices()
    j = data.comparison_stats(a, b, frontline)
    date = j.frontline
    st.caption(t("Both applied to the front line of **{date}** (built from reports, approximate)", date=md(date))
               + (t(" — the later of their two baseline dates.") if frontline == data.OWN else "."))
    if a == b:  # not just the id: a plan from a link may keep the id of the proposal it was copied from
        st.info(t("A and B are the same proposal: nothing differs."))
    diff = maps.difference_data(a, b, date) if j.changed_km2 else None
    bounds = diff["story"]["bounds"] if diff else None  # both maps open on what differs
    layers_a = display.with_bounds(maps.layer_data(a, date), bounds)
    layers_b = display.with_bounds(maps.layer_data(b, date), bounds)
    swipe = st.toggle(t("Swipe: A and B on one map, with a divider to drag"), key="swipe", value=False,
                      help=t("A left of the divider, B right of it; drag it (or focus it and use the arrow keys)."))
    synced = not swipe and st.toggle(t("Keep pan and zoom in step (one wide map pair)"), key="sync", value=False,
                                     help=t("Needs a wide screen; without it the two maps stack on narrow screens."))
    title_a, title_b = a.title_in(lang()), b.title_in(lang())
    if swipe and not maps.swipe_available():
        st.warning(t("The swipe is unavailable on this server: its script (leaflet-side-by-side) is not installed. "
                     "`make run` installs it with npm; the maps side by side below work without it."))
        swipe = False
    if swipe:
        st.markdown(f"**◀ A:** {md(title_a)} &nbsp;&nbsp;|&nbsp;&nbsp; **B:** {md(title_b)} **▶**")
        maps.show_swipe_map(layers_a, layers_b, title_a, title_b, key="map-swipe")
    elif synced:
        st.markdown(f"**A:** {md(title_a)} &nbsp;&nbsp;|&nbsp;&nbsp; **B:** {md(title_b)}")
        maps.show_dual_map(layers_a, layers_b, key="map-dual")
    else:
        ca, cb = st.columns(2)
        with ca:
            st.markdown(f"**A: {md(title_a)}**")
            maps.show_map(layers_a, key="map-a", height=460)
        with cb:
            st.markdown(f"**B: {md(title_b)}**")
            maps.show_map(layers_b, key="map-b", height=460)
    maps.legend({}, 1.0, inline=True)
    st.markdown("#### " + t("What differs"))
    headline(j)
    left, right = st.columns([3, 2])
    with left:
        if j.changed_km2:
            maps.show_difference_map(diff, key="map-diff")
        else:
            st.success(t("Every piece of land has the same status in A and B."))
    with right:
        st.caption(t("Fill: what the land is in B. Outline: what it is in A. Solid: it changes hands; pale with a "
                     "dashed outline: same control, only its recognition (legal label) differs; pale: only the "
                     "arrangement differs."))
        transitions_legend(j)
        if j.cities:
            st.markdown("**" + t("Cities whose status differs") + "**")
            # a plain table: wraps instead of truncating or scrolling (phone and 1,400 px desktop alike)
            tl = tr()
            st.table(pd.DataFrame([{t("city"): tl.city(c.name), t("people"): tl.num(c.population),
                                    "A → B": f"{change(c.status_a, c.status_b)} ({t(SHORT_KIND[c.kind])})"}
                                   for c in j.cities]), hide_index=True)
            st.caption(t("People: pre-war population (GeoNames), approximate."))
    tabs = st.tabs([t("Status matrix"), t("Control and recognition"), t("By oblast"), t("Terms side by side"),
                    t("Download")])
    with tabs[0]:
        st.caption(t("km² of land by its status in A and in B, what differs first; *(same)* is land whose status A "
                     "and B agree on. The full matrices are in the JSON download."))
        st.table(long_frame(j.matrix), hide_index=True)
    with tabs[1]:
        st.caption(t("Who controls the land after A and after B, km²: where they differ, land changes hands."))
        st.table(long_frame(j.control_matrix, CONTROLS, CONTROL_LABELS), hide_index=True)
        st.caption(t("On land whose control is the same in A and B: how its sovereignty is treated in A and in B, "
                     "km². Where they differ, only the legal label changes."))
        st.table(long_frame(j.recognition_matrix, RECOGNITIONS, SHORT_RECOGNITION), hide_index=True)
    with tabs[2]:
        tl = tr()
        rows = [{t("oblast"): tl.oblast(r.oblast, r.name), t("held before"): t(CONTROL_LABELS[r.held_before]),
                 "A → B": f"{change(r.status_a, r.status_b)} ({t(SHORT_KIND[r.kind])})",
                 t("recognition A → B"): change(r.recognition_a, r.recognition_b, SHORT_RECOGNITION),
                 t("km²"): tl.num(r.km2), t("people"): tl.num(r.population)} for r in j.by_oblast]
        if rows:
            st.table(pd.DataFrame(rows), hide_index=True)
            st.caption(t("People: pre-war population (GeoNames places of 500+), approximate."))
        else:
            st.write(t("No difference."))
    with tabs[3]:
        st.table(terms_frame(j), hide_index=True)
    with tabs[4]:
        name = f"{a.id}_vs_{b.id}_{date}"
        st.download_button(t("Data behind the maps (ZIP)"), data.comparison_zip_builder(a, b, frontline),
                           f"{name}_data.zip", "application/zip", on_click="ignore", icon=":material/folder_zip:",
                           help=t("Every piece of land with its status in A and in B (GeoJSON, WGS84, and CSV, "
                                  "by oblast), with a README giving both proposals' rules, their sources, the "
                                  "method and the licences."))
        st.download_button(t("Comparison (JSON)"), json.dumps(j.model_dump(mode="json"), ensure_ascii=False, indent=1),
                           f"{name}.json", "application/json", on_click="ignore")
        comp = data.comparison(a, b, date)
        language = lang()
        st.download_button(t("Maps (HTML)"), lambda: export.comparison_html(comp.a, comp.b, comp, language),
                           f"{name}.html", "text/html", on_click="ignore")
        st.download_button(t("Image (PNG)"), lambda: _png(comp, language), f"{name}.png", "image/png",
                           on_click="ignore", help=t("A, B and what differs side by side (2,250 px wide), with "
                                                     "legend, dates and credits."))
        st.caption(t("From the shell: {command} (or `--out pair.png`).",
                     command=f"`python cli.py compare {a.id} {b.id} --json`") + " "
                   + t("The data: {command}.", command=f"`python cli.py data {a.id} {b.id} --out data.zip`"))


def _png(comparison, lang: str = "en") -> bytes:
    from geo.images.figure import comparison_figure, figure_bytes
    return figure_bytes(comparison_figure(comparison, lang=lang))
