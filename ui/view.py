"""The map view: one proposal, its map, its numbers, its rules and sources."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.engine.results import ProposalStats
from geo.inputs.boundaries import area_check
from geo.inputs.frontline_report import places_count, report_for
from geo.maps import export, render
from proposals.link import TOKEN as LINK_PLAN
from proposals.model import (
    CONTROL_LABELS,
    RECOGNITION_LABELS,
    STATUS_LABELS,
    TERM_FIELDS,
    Proposal,
    Rule,
)
from proposals.oblasts import oblasts as oblast_table
from proposals.oblasts import resolve_all
from ui import build_state, data, maps
from ui.compare import compare_from
from ui.i18n import lang, t, tr
from ui.panels import FROM_LINK, numbers, panel, proposal_map
from ui.text import md, md_link
from ui.url import show_notices, url_widget

DEFAULT_PROPOSAL = "us-28-point-2025-11"


def pick_proposal(key: str, label: str, default: str) -> Proposal:
    props = data.proposals()
    ids = list(props)
    tl = tr()
    pid = url_widget(
        st.selectbox,
        label,
        ids,
        key,
        default,
        what=t("proposal id"),
        format_func=lambda i: f"{props[i].title_in(tl.lang)} — {props[i].date}",
    )  # ISO: sorts, reads in both
    return props[pid]


def header(p: Proposal, stats: ProposalStats, baseline_label: str) -> None:
    st.markdown(f"### {md(p.title_in(lang()))}")
    st.caption(t("{proposer} · {date} · status: **{status}** · front line **{frontline}** ({baseline})",
                 proposer=md(p.proposer), date=tr().date(p.date), status=md(t(p.status)),
                 frontline=md(stats.frontline), baseline=md(t(baseline_label))))  # a shipped label translates


def describe_selector(rule: Rule) -> str:
    w = rule.where
    tl = tr()
    parts = []
    if w.oblasts:
        codes = resolve_all(w.oblasts)
        parts.append(t("all of Ukraine") if len(codes) == len(oblast_table()) else
                     ", ".join(tl.oblast(c, oblast_table()[c].name) for c in codes))
    else:
        parts.append(t("all of Ukraine"))
    if w.held_by != "any":
        parts.append(t("Ukrainian-held on the front-line date") if w.held_by == "ukraine"
                     else t("Russian-held on the front-line date"))
    if w.within_km_of_line:
        side = {"both": t("both sides"), "ukraine": t("Ukrainian side"), "russia": t("Russian side")}[w.side or "both"]
        parts.append(t("within {km} km of the line of contact ({side})", km=f"{w.within_km_of_line:g}", side=side))
    if w.area is not None:
        parts.append(t("within {km} km of {lat}, {lon}", km=f"{w.area.around.radius_km:g}",
                       lat=f"{w.area.around.lat:.3f}", lon=f"{w.area.around.lon:.3f}")
                     if w.area.around else t("inside a drawn area"))
    return "; ".join(parts)


def rules_tab(p: Proposal, zones) -> None:
    if not p.rules:
        st.write(t("No territorial rules: the front line as it is, with nothing agreed."))
        return
    km2 = zones.groupby("rule")["km2"].sum()
    sources = {s.id: s for s in p.sources}
    for i, rule in enumerate(p.rules, 1):
        flag = " · **" + t("unverified") + "**" if rule.unverified else ""
        rec = "" if rule.recognition is None else f", {md(t(RECOGNITION_LABELS[rule.recognition]))}"
        st.markdown(f"**{i}. {md(t(STATUS_LABELS[rule.status]))}{rec}** — {md(describe_selector(rule))} · "
                    + t("{area} on this map", area=tr().km2(float(km2.get(rule.id, 0.0)))) + flag)
        st.markdown(md(rule.note))
        st.caption(
            t("Sources:")
            + " "
            + "; ".join(
                md_link(
                    f"{sources[s].outlet}, {'≈' if sources[s].date_approximate else ''}{sources[s].date}",
                    sources[s].url,
                )
                for s in rule.sources
            )
        )
    st.caption(t("Rules apply in order; a later rule overrides an earlier one where both apply. Land no rule "
                 "touches keeps its front-line status: Ukrainian-held stays Ukrainian, Russian-held stays occupied."))


def terms_tab(p: Proposal) -> None:
    rows = [
        {
            t("term"): t(label),
            t("what the proposal says"): (tr().num(v) if isinstance(v, int) else v)
            if v is not None
            else t("— (silent)"),
        }
        for key, label in TERM_FIELDS.items()
        for v in [getattr(p.terms, key)]
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    for c in p.contradictions:
        st.warning(md(c), icon="⚖️")  # text from the file: escaped like every other


def sources_tab(p: Proposal) -> None:
    rows = [
        {
            t("outlet"): s.outlet,
            t("date"): f"≈ {s.date}" if s.date_approximate else str(s.date),
            "link": s.url,
            t("supports"): s.supports,
            t("quality"): t("low — corroboration only") if s.quality == "low" else t("good"),
        }
        for s in p.sources
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={"link": st.column_config.LinkColumn(t("link"), display_text=t("open"))})
    st.caption(t("≈ marks a page with no date of its own: the date of the event it reports."))


def accuracy_tab(result) -> None:
    st.markdown(t(
        "**Front line.** Built by this project from dated reports about places — captures, "
        "liberations, Russian claims next to Ukrainian confirmations or denials, governors' strike "
        "reports — for {places} settlements: land goes to the side of the nearest settlement of known "
        "control within 10 km, so the line runs halfway between two opposing settlements; the Dnipro "
        "is the line where the front follows it. Places reported **contested** are grey and not "
        "counted as Russian-held. Published line datasets are not used. The record we could check "
        "ends in March 2026, so no line is dated later. Accurate to a few kilometres, not to a "
        "village. **Areas** are computed on full-resolution boundaries in an equal-area projection "
        "(EPSG:3035); the map is drawn from simplified shapes. **People** are pre-war populations of "
        "GeoNames places of 500+ inhabitants: a lower bound.", places=places_count()))
    rep = report_for(result.baseline.date)
    if rep is not None and rep.shares:  # no published measurement for some dates (the latest line)
        n10, n30 = rep.leave_one_out_10km, rep.leave_one_out_30km
        tl = tr()
        st.markdown(t(
            "On {date}: {settlements} settlements of known state, {contested} km² contested. Left out one at a "
            "time, the line puts {pct10}% of the {n10} settlements within 10 km of it, and {pct30}% of the {n30} "
            "within 30 km, on their reported side. Russian-held share of each front-line oblast, measured from "
            "published maps (aggregate figures only) against ours:", date=md(rep.date),
            settlements=tl.num(rep.settlements), contested=tl.num(rep.contested_km2),
            pct10=f"{100 * n10[0] / n10[1]:.0f}", n10=n10[1], pct30=f"{100 * n30[0] / n30[1]:.0f}", n30=n30[1]))
        names = {o.iso: tl.oblast(o.iso, o.name) for o in oblast_table().values()}
        st.dataframe(pd.DataFrame([{t("oblast"): names.get(s.oblast, s.oblast), t("measured %"): s.measured_pct,
                                    t("ours %"): s.ours_pct, t("difference"): round(s.ours_pct - s.measured_pct, 1)}
                                   for s in rep.shares]), hide_index=True)
    st.markdown(t("**Boundaries** come from Natural Earth, which is coarse for a few units:"))
    df = area_check()
    df = df.assign(name=[tr().oblast(i, n) for i, n in zip(df["oblast"], df["name"])])
    st.dataframe(
        df[df.error_pct.abs() >= 2].rename(
            columns={
                "oblast": t("oblast code"),
                "name": t("oblast"),
                "km2": t("our km²"),
                "official_km2": t("official km²"),
                "error_pct": t("error %"),
            }
        ),
        hide_index=True,
    )
    st.caption(
        t("Baseline in use: {date} — {label}.", date=md(result.baseline.date), label=md(t(result.baseline.label)))
    )


def downloads(p: Proposal, result, stats: ProposalStats, frontline: str | None = None) -> None:
    """Files are built only when clicked (callables), not on every rerun."""
    name = f"{p.id}_{result.baseline.date}"
    st.download_button(t("Data behind the map (ZIP)"), data.data_zip_builder(p, frontline), f"{name}_data.zip",
                       "application/zip", on_click="ignore", icon=":material/folder_zip:",
                       help=t("Zones (GeoJSON, WGS84) and numbers (CSV) by oblast and status, with a README "
                              "giving the rules, their sources, the method and the licences."))
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button(t("Zones (GeoJSON)"), lambda: result.zones.to_crs("EPSG:4326").drop(columns=["note"])
                       .to_json(drop_id=True), f"{name}.geojson", "application/geo+json", on_click="ignore")
    c2.download_button(t("Numbers (CSV)"),
                       lambda: pd.DataFrame([r.model_dump() for r in stats.by_oblast])
                       .rename(columns={"population": "population_prewar_geonames"}).to_csv(index=False),
                       f"{name}.csv", "text/csv", on_click="ignore")
    language = lang()
    c3.download_button(
        t("Map (HTML)"),
        lambda: export.standalone_html(
            render.proposal_map(result, lang=language), title=f"{p.title_in(language)} — Peace Plan Atlas"
        ),
        f"{name}.html",
        "text/html",
        on_click="ignore",
    )
    c4.download_button(
        t("Image (PNG)"),
        lambda: map_png(result, language),
        f"{name}.png",
        "image/png",
        on_click="ignore",
        help=t("A print-quality image (1,800 px wide) with legend, dates and credits."),
    )
    st.caption(t("The same from the shell: {command} (or `map.png`, `map.svg`).",
                 command=f"`python cli.py render {p.id} --out map.html`") + " "
               + t("The data: {command}.", command=f"`python cli.py data {p.id} --out data.zip`"))


def map_png(result, lang: str = "en") -> bytes:
    from geo.images.figure import figure_bytes, proposal_figure
    return figure_bytes(proposal_figure(result, lang=lang))


def view(frontline: str) -> None:
    p = pick_proposal("proposal", t("Proposal"), DEFAULT_PROPOSAL)
    show_notices()
    result = data.result(p, frontline)
    stats = data.stats(p, frontline)
    header(p, stats, result.baseline.label)
    if st.session_state.get("proposal") == LINK_PLAN:
        st.info(t(FROM_LINK), icon=":material/link:")
    # map first: on a phone the columns stack, and the map must be on the first screen
    left, right = st.columns([3, 2], gap="medium")
    with left:
        proposal_map(maps.layer_data(p, frontline), key="map-view")
    with right:
        st.markdown(md(p.summary_in(lang())))
        if not p.rules and any(getattr(p.terms, k) is not None for k in TERM_FIELDS):
            st.info(t("This proposal has no territorial rule: its map is the front line as it stands (the status "
                      "quo). What it says is in its terms, shown here and in the *Terms* tab."),
                    icon=":material/description:")
            terms_tab(p)
        st.button("⇄ " + t("Compare with another proposal"), key="compare-from", on_click=compare_from, args=(p.id,))
        panel(stats)
        st.button(t("Edit a copy in the plan builder"), key="edit-copy", on_click=build_state.request_copy,
                  args=(p.id,),
                  help=t("Open the plan builder on a copy of this proposal: change its rules, share it as a link."))
    numbers(stats)
    tabs = st.tabs([t("Rules"), t("Terms"), t("Sources"), t("By oblast"), t("Data and accuracy"), t("Downloads")])
    with tabs[0]:
        rules_tab(p, result.zones)
    with tabs[1]:
        terms_tab(p)
    with tabs[2]:
        sources_tab(p)
    with tabs[3]:
        df = pd.DataFrame([r.model_dump() for r in stats.by_oblast])
        df["name"] = [tr().oblast(i, n) for i, n in zip(df["oblast"], df["name"])]
        df["status"] = df["status"].map(lambda s: t(STATUS_LABELS[s]))
        df["recognition"] = df["recognition"].map(lambda r: t(RECOGNITION_LABELS[r]))
        df["held_before"] = df["held_before"].map(lambda c: t(CONTROL_LABELS[c]))
        df["control"] = df["control"].map(lambda c: t(CONTROL_LABELS[c]))
        errors = area_check().set_index("oblast")["error_pct"]
        df["boundary error %"] = df["oblast"].map(errors)  # Natural Earth against the official area
        st.caption(t("*Boundary error %*: our (Natural Earth) area of the whole oblast against the official one — "
                     "km² in that oblast carry this error; shares do not."))
        st.dataframe(df, hide_index=True, width="stretch", column_config={
            "oblast": t("oblast code"), "name": t("oblast"), "status": t("status"), "held_before": t("held before"),
            "control": t("control after"), "recognition": t("recognition"),
            "boundary error %": t("boundary error %"),
            "km2": st.column_config.NumberColumn(t("km²"), format="localized"),
            "population": st.column_config.NumberColumn(t("people (pre-war, approx.)"), format="localized")})
    with tabs[4]:
        accuracy_tab(result)
    with tabs[5]:
        downloads(p, result, stats, frontline)
