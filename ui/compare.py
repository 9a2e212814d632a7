"""The compare view: two proposals on one front line, side by side, and exactly what differs."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from geo import render
from proposals.model import STATUS_LABELS, STATUSES
from ui import data, maps
from ui.text import md
from ui.url import url_widget

DEFAULT_A, DEFAULT_B = "ru-anchorage-2025-08", "us-28-point-2025-11"


def _swap() -> None:
    st.session_state["a"], st.session_state["b"] = st.session_state["b"], st.session_state["a"]


def pickers():
    props = data.proposals()
    ids = list(props)
    label = lambda i: f"{props[i].title} — {props[i].date}"  # noqa: E731
    c1, c2, c3 = st.columns([10, 10, 2], vertical_alignment="bottom")
    with c1:
        a = url_widget(st.selectbox, "A", ids, "a", DEFAULT_A, format_func=label)
    with c2:
        b = url_widget(st.selectbox, "B", ids, "b", DEFAULT_B, format_func=label)
    c3.button("⇄", on_click=_swap, help="Swap A and B")
    return props[a], props[b]


def delta(value: float) -> str:
    return f"{value:+,.0f} km²" if abs(value) >= 0.5 else "no change"


def headline(j: dict) -> None:
    h = j["headline"]
    cols = st.columns(4)
    cols[0].metric("Ukraine controls in B", render.fmt_km2(h["ukraine_controls"]["b"]),
                   delta(h["ukraine_controls"]["b_minus_a"]), help="B minus A: land under Ukrainian control after.")
    cols[1].metric("Russia controls in B", render.fmt_km2(h["russia_controls"]["b"]),
                   delta(h["russia_controls"]["b_minus_a"]), delta_color="inverse")
    cols[2].metric("Demilitarised in B", render.fmt_km2(h["demilitarized"]["b"]), delta(h["demilitarized"]["b_minus_a"]),
                   delta_color="off")
    cols[3].metric("Land whose status differs", render.fmt_km2(h["changed_km2"]),
                   help=f"Pre-war population there: about {h['population_in_changed_land']:,} (GeoNames places of "
                        "500+ people; approximate).")
    if h["undecided"]["a"] or h["undecided"]["b"]:
        st.caption(f"Left to later talks: A {render.fmt_km2(h['undecided']['a'])}, B {render.fmt_km2(h['undecided']['b'])}.")


def matrix_frame(j: dict) -> pd.DataFrame:
    m = j["matrix"]
    rows = [s for s in STATUSES if any(m[s].values())]
    cols = [s for s in STATUSES if any(m[r][s] for r in STATUSES)]
    df = pd.DataFrame([[round(m[r][c]) for c in cols] for r in rows],
                      index=[f"A: {STATUS_LABELS[r]}" for r in rows], columns=[f"B: {STATUS_LABELS[c]}" for c in cols])
    return df


def terms_frame(j: dict):
    rows = [{"term": t["term"], "A": _term(t["a"]), "B": _term(t["b"]), "differs": "≠" if t["differs"] else ""}
            for t in j["terms"]]
    df = pd.DataFrame(rows)
    return df.style.apply(lambda r: ["background-color:#fff3cd" if r["differs"] else "" for _ in r], axis=1)


def _term(v) -> str:
    return "— (silent)" if v is None else (f"{v:,}" if isinstance(v, int) else str(v))


def transitions_legend(j: dict) -> None:
    seen: dict[tuple, float] = {}
    for r in j["by_oblast"]:
        seen[(r["status_a"], r["status_b"])] = seen.get((r["status_a"], r["status_b"]), 0) + r["km2"]
    rows = []
    for (sa, sb), km2 in sorted(seen.items(), key=lambda kv: -kv[1]):
        rows.append(f'<div style="display:flex;gap:.5em;align-items:center;font-size:.9em">'
                    f'{render.swatch(sb, outline=render.PALETTE[sa])}'
                    f'<span style="flex:1">{render.esc(render.transition_label(sa, sb))}</span>'
                    f'<span style="color:#555">{render.fmt_km2(km2)}</span></div>')
    st.markdown("".join(rows), unsafe_allow_html=True)  # our own labels and numbers only


def compare(frontline: str) -> None:
    st.markdown("### Compare two proposals")
    a, b = pickers()
    j = data.comparison_json(a, b, frontline)
    date = j["frontline"]
    st.caption(f"Both applied to the front line of **{md(date)}** (authored, approximate)"
               + (" — the later of their two baseline dates." if frontline == data.OWN else "."))
    if a.id == b.id:
        st.info("A and B are the same proposal: nothing differs.")
    layers_a, layers_b = maps.layer_data(a, date), maps.layer_data(b, date)
    synced = st.toggle("Keep pan and zoom in step (one wide map pair)", key="sync", value=False,
                       help="Needs a wide screen; without it the two maps stack on narrow screens.")
    if synced:
        st.markdown(f"**A:** {md(a.title)} &nbsp;&nbsp;|&nbsp;&nbsp; **B:** {md(b.title)}")
        maps.show_dual_map(layers_a, layers_b, key="map-dual")
    else:
        ca, cb = st.columns(2)
        with ca:
            st.markdown(f"**A: {md(a.title)}**")
            maps.show_map(layers_a, key="map-a", height=460)
        with cb:
            st.markdown(f"**B: {md(b.title)}**")
            maps.show_map(layers_b, key="map-b", height=460)
    maps.legend({}, 1.0, inline=True)
    st.markdown("#### What differs")
    headline(j)
    left, right = st.columns([3, 2])
    with left:
        if j["changed_km2"]:
            maps.show_difference_map(maps.difference_data(a, b, date), key="map-diff")
        else:
            st.success("Every piece of land has the same status in A and B.")
    with right:
        st.caption("Fill: what the land is in B. Outline: what it is in A.")
        transitions_legend(j)
        if j["cities"]:
            st.markdown("**Cities whose status differs**")
            st.dataframe(pd.DataFrame([{"city": c["name"], "people (pre-war)": c["population"],
                                        "A": STATUS_LABELS[c["status_a"]], "B": STATUS_LABELS[c["status_b"]]}
                                       for c in j["cities"]]), hide_index=True, width="stretch",
                         column_config={"people (pre-war)": st.column_config.NumberColumn(format="localized")})
    tabs = st.tabs(["Status matrix", "By oblast", "Terms side by side", "Download"])
    with tabs[0]:
        st.caption("km² of land by its status in A (rows) and in B (columns); the diagonal is what stays the same.")
        st.dataframe(matrix_frame(j).style.format(lambda v: f"{v:,}" if v else ""), width="stretch")
    with tabs[1]:
        rows = [{"oblast": r["name"], "held before": r["held_before"], "A": STATUS_LABELS[r["status_a"]],
                 "B": STATUS_LABELS[r["status_b"]], "km²": round(r["km2"]), "people (pre-war, approx.)": r["population"]}
                for r in j["by_oblast"]]
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={
                "km²": st.column_config.NumberColumn(format="localized"),
                "people (pre-war, approx.)": st.column_config.NumberColumn(format="localized")})
        else:
            st.write("No difference.")
    with tabs[2]:
        st.dataframe(terms_frame(j), hide_index=True, width="stretch")
    with tabs[3]:
        name = f"{a.id}_vs_{b.id}_{date}"
        st.download_button("Comparison (JSON)", json.dumps(j, ensure_ascii=False, indent=1), f"{name}.json",
                           "application/json", on_click="ignore")
        comp = data.comparison(a, b, date)
        st.download_button("Maps (HTML)", lambda: render.comparison_html(comp.a, comp.b, comp), f"{name}.html",
                           "text/html", on_click="ignore")
        st.caption(f"From the shell: `python cli.py compare {a.id} {b.id} --json`.")
