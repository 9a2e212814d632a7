"""The overview (landing page): every proposal in one table, a timeline by camp, small multiples."""
from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from geo.engine.overview import CAMP_COLORS, CAMPS, COLUMNS, FIGURES, camp_label, overview_row
from geo.maps.legend import esc
from proposals.i18n import DEFAULT_LANG, N_
from proposals.model import Proposal
from ui import cache, data
from ui.i18n import lang, t, tr
from ui.text import md

INTRO = N_("**Peace Plan Atlas** maps what each published Russia–Ukraine peace proposal would mean on the ground — "
           "which land changes hands, how many km² and how many people — from sourced rules on an approximate, "
           "dated front line.")


def map_link(pid: str) -> str:
    """A link to a proposal's map that keeps the reader's language (English, the default, is left out)."""
    language = lang()
    return f"?view=map&proposal={quote(pid, safe='')}" + ("" if language == DEFAULT_LANG else f"&lang={language}")


def rows(frontline: str) -> list[dict]:
    """One overview row per proposal (shipped and uploaded), oldest first."""
    props = data.proposals()
    out = [{**overview_row(p, data.stats(p, frontline)), "title": p.title_in(lang())} for p in props.values()]
    return sorted(out, key=lambda r: (r["date"], r["id"]))


def table(rs: list[dict]) -> None:
    df = pd.DataFrame(rs)
    df["camp"] = df["camp"].map(lambda c: t(camp_label(c)))
    df["map"] = df["id"].map(map_link)
    km2 = ["withdraws_km2", "russia_withdraws_km2", "returned_km2", "demilitarized_km2", "undecided_km2"]
    df[km2] = df[km2].round(0).astype(int)  # whole km²: the lines behind them are approximate
    headers = {k: t(v) for k, v in COLUMNS.items()}
    df = df[[*COLUMNS, "map"]].rename(columns=headers)  # readable headers, also in the table's CSV export
    num = {headers[k]: st.column_config.NumberColumn(format="localized")
           for k in ("withdraws_km2", "russia_withdraws_km2", "returned_km2", "demilitarized_km2", "undecided_km2",
                     "people")}
    pct = {headers[k]: st.column_config.NumberColumn(format="%.2f") for k in ("ukraine_pct", "russia_pct")}
    st.dataframe(df, hide_index=True, width="stretch", key="overview-table", height=35 * (len(df) + 1) + 3,
                 column_config={
        **num, **pct, "map": st.column_config.LinkColumn(t("map"), display_text=t("open map"))})
    st.caption(t("Click a column header to sort. km² are measured on the map (599,094 km² of Ukraine mapped); % are "
                 "of Ukraine's official area, 603,628 km². Each proposal is on its own front-line date unless another "
                 "is chosen in the sidebar. Land left to later talks stays with whoever holds it until they decide: "
                 "nobody withdraws from it. People are pre-war population (GeoNames), places of 500+ (a lower "
                 "bound); far fewer live near the front now. Figures are approximate."))


def timeline_spec(rs: list[dict], field: str) -> dict:
    """A Vega-Lite spec: one point per proposal at its date, a line per camp, coloured by camp."""
    values = [{"date": r["date"], "value": r[field], "camp": t(camp_label(r["camp"])), "title": r["title"]}
              for r in rs]
    figure_title = t(FIGURES[field])
    camps = [c for c in [*CAMPS, "other"] if any(r["camp"] == c for r in rs)]
    return {
        "data": {"values": values},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": t("date of the proposal"),
                  "axis": {"format": "%m.%Y" if lang() == "uk" else "%b %Y"}},  # Vega's month names are English
            "y": {"field": "value", "type": "quantitative", "title": figure_title},
            "color": {"field": "camp", "type": "nominal", "title": t("camp"),
                      "scale": {"domain": [t(camp_label(c)) for c in camps],
                                "range": [CAMP_COLORS[c] for c in camps]}},
        },
        "layer": [
            {"mark": {"type": "line", "opacity": 0.45}},
            {"mark": {"type": "point", "filled": True, "size": 80},
             "encoding": {"tooltip": [{"field": "title", "title": t("proposal")},
                                      {"field": "date", "type": "temporal", "title": t("date"),
                                       "format": "%d.%m.%Y" if lang() == "uk" else "%d %b %Y"},
                                      {"field": "camp", "title": t("camp")},
                                      {"field": "value", "title": figure_title, "format": ",.1f"}]}},
        ],
        "height": 320,
    }


def timeline(rs: list[dict]) -> None:
    field = st.selectbox(t("Figure on the timeline"), list(FIGURES), format_func=lambda f, tl=tr(): tl(FIGURES[f]),
                         key="overview-figure")
    st.vega_lite_chart(timeline_spec(rs, field), width="stretch")


def thumbnail(p: Proposal, frontline: str) -> bytes:
    return cache.thumbnail(*data.cache_key(p, frontline))


def small_multiples(rs: list[dict], frontline: str, per_row: int = 4) -> None:
    props = data.proposals()
    for start in range(0, len(rs), per_row):
        cols = st.columns(per_row)
        for col, r in zip(cols, rs[start:start + per_row]):
            with col:
                st.image(thumbnail(props[r["id"]], frontline), width="stretch",
                         alt=t("Thumbnail map: {title}", title=props[r["id"]].title_in(lang())))
                # our own link (ids are [a-z0-9-]); the title comes from a file: Markdown-escaped, so
                # neither Markdown (an image, a link) nor HTML in it is read as markup
                st.markdown(f'<a href="{esc(map_link(r["id"]))}" target="_self"><b>{md(r["title"])}</b></a>'
                            f'<br><span style="color:#555;font-size:.85em">{md(r["date"])} · '
                            f'{md(t(camp_label(r["camp"])))}</span>', unsafe_allow_html=True)


def overview(frontline: str) -> None:
    st.markdown(t(INTRO))
    with st.spinner(t("Applying every proposal…")):
        rs = rows(frontline)
    st.markdown("#### " + t("Every proposal"))
    table(rs)
    st.markdown("#### " + t("How the demands moved"))
    timeline(rs)
    st.markdown("#### " + t("Each proposal on the map"))
    st.caption(t("Open one for its interactive map, numbers, rules and sources."))
    small_multiples(rs, frontline)
