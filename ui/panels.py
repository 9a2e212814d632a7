"""What the map view and the plan builder both show beside and under a map: the legend and
headline numbers, the changes-hands and status tables, the key cities. Both views import it, so
neither imports the other."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.engine.results import PEOPLE_AFFECTED, ProposalStats
from geo.engine.stats import phrase, transitions
from geo.inputs.boundaries import OFFICIAL_UKRAINE_KM2
from geo.maps.mapview import residents_text
from proposals.i18n import N_
from proposals.model import (
    CONTROL_AFTER,
    CONTROL_LABELS,
    DEFAULT_RECOGNITION,
    RECOGNITION_LABELS,
    RECOGNITIONS,
    STATUS_LABELS,
    STATUSES,
)
from ui import maps
from ui.i18n import lang, t, tr
from ui.text import md, md_link

FROM_LINK = N_("This plan was opened from a link: it is someone's own plan, not a catalog proposal. "
               "Its words are shown as written; check its sources.")



def status_table(stats: ProposalStats) -> pd.DataFrame:
    total = OFFICIAL_UKRAINE_KM2
    recognised: dict[str, list[str]] = {}
    for r in stats.by_status_and_recognition:
        recognised.setdefault(r.status, []).append(t(RECOGNITION_LABELS[r.recognition]))
    rows = []
    for s in STATUSES:
        km2 = stats.by_status[s]
        people = stats.people_by_status[s]
        rows.append({t("status"): t(STATUS_LABELS[s]), t("km²"): round(km2),
                     t("% of Ukraine (603,628 km², official)"): round(100 * km2 / total, 2),
                     t("control after"): t(CONTROL_LABELS[CONTROL_AFTER[s]]),
                     t("recognition"): "; ".join(recognised.get(s, [])),
                     t("settlements"): people.settlements, t("pre-war population (GeoNames)"): people.population})
    return pd.DataFrame(rows)


def headline(stats: ProposalStats) -> None:
    ch, w = stats.changes_hands, stats.withdrawals
    km2 = tr().km2
    c1, c2 = st.columns(2)
    c1.metric(t("Ukraine withdraws from"), km2(w.ukraine_withdraws_km2),
              help=t("Land Ukraine held on the front-line date that it withdraws from: to Russia {russia}, "
                     "out of a demilitarised zone {neutral}. Land left to later talks is not counted: nobody "
                     "withdraws from it until the talks decide.", russia=km2(ch.ukraine_to_russia),
                     neutral=km2(ch.ukraine_to_neutral)))
    c2.metric(t("Russia withdraws from"), km2(w.russia_withdraws_km2),
              help=t("Russian-held on the front-line date: back under Ukrainian control {returned}, "
                     "out of a demilitarised zone {neutral}.", returned=km2(ch.russia_to_ukraine),
                     neutral=km2(ch.russia_to_neutral)))
    c3, c4 = st.columns(2)
    c3.metric(t("Left to later talks"), km2(w.left_to_talks_km2),
              help=t("Control unchanged until the talks decide: Ukrainian-held {ukraine}, Russian-held {russia}.",
                     ukraine=km2(ch.ukraine_held_left_to_talks), russia=km2(ch.russia_held_left_to_talks)))
    moved = stats.people_affected
    definition = t(PEOPLE_AFFECTED)
    c4.metric(t("Pre-war population (GeoNames)"), tr().num(moved) if moved else "—",
              help=t("Of the land Ukraine withdraws from: {definition}; GeoNames places of 500+ people, approximate "
                     "(a lower bound).", definition=definition))
    if w.left_to_talks_population_prewar:
        st.caption(t("Pre-war population (GeoNames) of Ukrainian-held land left to talks: {people}.",
                     people=tr().num(w.left_to_talks_population_prewar)))
    if moved or w.left_to_talks_population_prewar:
        for r in stats.current_residents:
            st.caption(md(residents_text(r, lang())) + " " + md_link(t("source"), r.url))
    ctrl = stats.control_after.model_dump()  # km² by side, in the order of CONTROLS
    names = {"ukraine": t("Ukraine controls"), "russia": t("Russia controls"), "neutral": t("Neutral"),
             "unknown": t("Undecided")}
    pct = tr().pct
    st.caption(
        " · ".join(f"{names[k]} {km2(v)} ({pct(100 * v / OFFICIAL_UKRAINE_KM2, 2)})" for k, v in ctrl.items() if v)
        + ". "
        + t("% of Ukraine's official area, 603,628 km².")
        + " "
        + t("*People affected*: {definition}.", definition=definition)
    )
    published(stats)
    recognition_lines(stats)


def published(stats: ProposalStats) -> None:
    """Others' published figures for this proposal beside ours, with date, source and method."""
    if not stats.published_figures:
        return
    ours = stats.withdrawals
    lines = [t("**Published elsewhere:** {outlet}, {date}: {figure} {value} ({ours_label} {ours}). {method}.",
               outlet=md(f.outlet), date=md(tr().date(f.date, long=False)), figure=md(f.figure),
               value=md(f"{tr().num(f.value)} {f.unit}"), ours_label=t("ours:"),
               ours=md(tr().km2(getattr(ours, f.ours))), method=md(f.method)) + " " + md_link(t("source"), f.url)
             for f in stats.published_figures]
    st.caption("  \n".join(lines) + "  \n" + t("Figures differ with the front line's date and source, what "
                                                "counts as Russian-held (contested or claimed land) and the oblast "
                                                "boundaries used."))


def recognition_lines(stats: ProposalStats) -> None:
    """How sovereignty is treated, where the status alone does not say it ('demilitarised,
    recognised as Russian'), then km² by recognition."""
    special = [phrase(r.status, r.recognition, r.km2, lang()) for r in stats.by_status_and_recognition
               if r.recognition != DEFAULT_RECOGNITION[r.status]]
    for line in special:
        st.markdown(f"**{md(line[0].upper() + line[1:])}**")
    rec = stats.by_recognition
    st.caption(t("Sovereignty after:") + " " + " · ".join(
        f"{t(RECOGNITION_LABELS[r])} {tr().km2(rec[r])}" for r in RECOGNITIONS if rec[r]))


def changes_table(stats: ProposalStats) -> None:
    moves = transitions(stats.by_oblast, lang())
    if not moves:
        st.caption(t("Nothing changes hands: all land stays with whoever held it on the front-line date."))
        return
    st.dataframe(pd.DataFrame([m.model_dump() for m in moves]), hide_index=True, width="stretch", column_config={
        "change": t("what changes hands"), "km2": st.column_config.NumberColumn(t("km²"), format="localized"),
        "population": st.column_config.NumberColumn(t("pre-war population (GeoNames)"), format="localized"),
        "oblasts": t("where")})


def cities(stats: ProposalStats) -> None:
    by = {}
    tl = tr()
    for c in stats.key_cities:
        by.setdefault(c.status, []).append(f"{tl.city(c.name)} ({tl.num(c.population)})")
    for s in STATUSES:
        if s in by:
            st.markdown(f"**{md(t(STATUS_LABELS[s]))}:** " + ", ".join(md(x) for x in by[s]))


def proposal_map(layers: dict, key: str, height: int = 620) -> None:
    """A proposal's map (the builder shows its plan with the same function)."""
    maps.show_map(layers, key=key, height=height)
    st.caption(
        t(
            "Hover or tap a zone for its oblast, status, km² and the rule behind it. The map opens where the "
            "proposal changes something; *All of Ukraine* shows the whole country. Lines and areas are approximate."
        )
    )


def panel(stats: ProposalStats) -> None:
    """Beside the map: the legend with km², the headline numbers and the key cities."""
    maps.legend(stats.by_status, stats.total_km2)
    st.divider()
    headline(stats)
    cities(stats)


def numbers(stats: ProposalStats) -> None:
    """Under the map: what changes hands, and km² and people by status."""
    st.markdown("#### " + t("What changes hands, and what is left to talks"))
    changes_table(stats)
    st.markdown("#### " + t("Numbers by status"))
    st.dataframe(status_table(stats), hide_index=True, width="stretch", column_config={
        t("km²"): st.column_config.NumberColumn(format="localized"),
        t("settlements"): st.column_config.NumberColumn(format="localized"),
        t("pre-war population (GeoNames)"): st.column_config.NumberColumn(format="localized")})
    note = t(stats.population_note)
    st.caption(note[:1].upper() + note[1:] + ". " + t("Percentages are of Ukraine's official area ({official}); "
                                                      "km² are measured on the map ({drawn} of Ukraine mapped).",
                                                      drawn=tr().km2(stats.total_km2), official=tr().km2(603_628)))
