"""The plan builder (`?view=build`): a plan made with ordinary controls, its map and numbers at
once, errors beside the rule that has them, and the plan shared as a link, downloaded as YAML or
compared with any proposal.

The controls are the draft: every value lives in session state under a `b:` key. Streamlit
drops a widget's state when the widget is not drawn (another view), so the values are also kept
in `b:saved` and put back when the builder is drawn again. A plan is only accepted through the
loader's `parse_text`, the same check as for an uploaded file or a link.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

import streamlit as st

from geo.engine.results import ProposalStats
from geo.inputs import places
from geo.inputs.frontline import available_dates
from geo.maps import legend
from proposals import link
from proposals.catalog import parse_text
from proposals.i18n import translator
from proposals.model import (
    DEFAULT_RECOGNITION,
    RECOGNITION_LABELS,
    RECOGNITIONS,
    STATUS_LABELS,
    STATUSES,
    TERM_FIELDS,
    Proposal,
)
from proposals.oblasts import oblasts as oblast_table
from proposals.plan import (
    map_part,
    plan_dict,
    problems,
    to_yaml,
)
from ui import data, maps, panels
from ui.build_state import (  # the draft's state and callbacks
    GROUP_LABELS,
    HELD_BY,
    OBLAST_OPTIONS,
    PLAN_STATUSES,
    SCRATCH,
    SIDES,
    _control_keys,
    _drop,
    _k,
    _move,
    _new_rule,
    _new_source,
    _on_start,
    _open_compare,
    _open_plan_from_url,
    _saved,
    _ss,
    current_plan,
)
from ui.i18n import lang, t, tr
from ui.text import md

log = logging.getLogger("peace_plan_atlas")

# ---------- drawing ----------

def _oblast_label(option: str, language: str = "en") -> str:
    tl = translator(language)
    if option in GROUP_LABELS:
        return tl(GROUP_LABELS[option])
    return tl.oblast(option, oblast_table()[option].name)


def _place_label(key: str, language: str = "en") -> str:
    tl = translator(language)
    if key.startswith("gn:"):
        p = places.places().get(key)
        if not p:
            return key
        return tl("{name} ({oblast}) — pre-war population {people}", name=tl.city(p.name),
                  oblast=tl.oblast_by_name(p.oblast), people=tl.num(p.population))
    lon, lat = (float(v) for v in key.removeprefix("pt:").split(","))
    near, km = places.nearest(lon, lat)
    return tl("The file's point {lat}° N, {lon}° E — {km} km from {place}", lat=f"{lat:.3f}", lon=f"{lon:.3f}",
              km=f"{km:.1f}", place=tl.city(near.name))


def rule_controls(i: int, uid: int, km2: float | None, notes: list[str], source_ids: list[str]) -> None:
    """One rule: its controls, the km² it claims on the map, and its errors in plain words.

    The band's and the circle's inputs are drawn only when switched on; their values are kept
    (see `build`), so switching a band off and on again brings back its width."""
    ss = _ss()
    r = lambda f: _k("r", uid, f)  # noqa: E731
    extras = ss[_k("extras")].get(uid, {})
    tl = tr()
    with st.container(border=True):
        status = ss.get(r("status"), "undecided")
        claim = (t("left off the map until its errors are fixed") if km2 is None else
                 t("claims {area} on this map", area=tl.km2(km2)) if km2 > 0 else
                 t("claims no land on this map (nothing selected, or later rules override it)"))
        st.markdown(f"{legend.swatch(status)} **{t('Rule {rule}', rule=i + 1)}** · {md(t(STATUS_LABELS[status]))} · "
                    f"{claim}", unsafe_allow_html=True)  # our own swatch, words and numbers; the label is escaped
        for note in notes:
            st.error(md(note), icon="⚠️")
        c1, c2, c3, c4 = st.columns([3, 1, 1, 1], vertical_alignment="bottom")
        c1.selectbox(t("Status after the plan"), STATUSES, key=r("status"), format_func=lambda s: tl(STATUS_LABELS[s]))
        c2.button(
            "↑",
            key=r("up"),
            on_click=_move,
            args=(uid, -1),
            help=t("Move up (a later rule wins where both apply)"),
            width="stretch",
        )
        c3.button("↓", key=r("down"), on_click=_move, args=(uid, 1), help=t("Move down"), width="stretch")
        c4.button("✕", key=r("del"), on_click=_drop, args=("r", uid), help=t("Delete this rule"), width="stretch")
        default = tl(RECOGNITION_LABELS[DEFAULT_RECOGNITION[status]])
        st.selectbox(t("Sovereignty after the plan"), ["", *RECOGNITIONS], key=r("recognition"),
                     format_func=lambda v: tl("As the status says: {recognition}", recognition=default) if not v
                     else tl(RECOGNITION_LABELS[v]),
                     help=t("How the land's sovereignty is treated, apart from who controls it. A choice the "
                            "status contradicts is refused, beside this rule."))
        c1, c2 = st.columns([3, 2])
        c1.multiselect(t("Oblasts (none: all of Ukraine)"), OBLAST_OPTIONS, key=r("oblasts"),
                       format_func=lambda o: _oblast_label(o, tl.lang))
        c2.selectbox(t("Held by (on the front-line date)"), list(HELD_BY), key=r("held_by"),
                     format_func=lambda h: tl(HELD_BY[h]))
        if st.checkbox(t("A band along the line of contact"), key=r("band")):
            c1, c2 = st.columns(2)
            c1.number_input(t("Band width (km)"), key=r("km"), step=5.0)
            c2.selectbox(t("Side of the line"), list(SIDES), key=r("side"), format_func=lambda v: tl(SIDES[v]))
        if "where" in extras:
            st.caption(t("This rule also has a drawn area (or another selector) from its file; it is kept as is."))
        elif st.checkbox(t("A circle around a settlement"), key=r("circle")):
            c1, c2, c3 = st.columns([2, 4, 1.5], vertical_alignment="bottom")
            find = c1.text_input(t("Find by name"), key=r("find"), placeholder=t("e.g. Enerhodar"))
            current = ss.get(r("place"))
            options = list(dict.fromkeys(([current] if current else []) + [p.key for p in places.find(find or "")]))
            c2.selectbox(t("Settlement (pre-war population)"), options, key=r("place"),
                         format_func=lambda k: _place_label(k, tl.lang), index=None,
                         placeholder=t("Pick a settlement"))
            c3.number_input(t("Radius (km)"), key=r("radius"), step=1.0)
        c1, c2 = st.columns([2, 3], vertical_alignment="bottom")
        c1.text_input(
            t("Rule name"), key=r("id"), help=t("Lower-case letters, digits and hyphens; unique in the plan.")
        )
        chosen = ss.get(r("sources")) or []
        c2.multiselect(t("Sources it rests on"), list(dict.fromkeys(source_ids + list(chosen))), key=r("sources"))
        st.checkbox(t("Unverified — no source states this rule outright"), key=r("unverified"))
        st.text_area(t("Note (why; what the sources leave open)"), key=r("note"), height=68)


def source_controls(uid: int, notes: list[str]) -> None:
    s = lambda f: _k("s", uid, f)  # noqa: E731
    with st.container(border=True):
        c1, c2, c3, c4 = st.columns([2, 3, 2, 0.9], vertical_alignment="bottom")
        c1.text_input(t("Source name"), key=s("id"))
        c2.text_input(t("Outlet"), key=s("outlet"))
        c3.date_input(t("Date"), key=s("date"), min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))
        c4.button("✕", key=s("del"), on_click=_drop, args=("s", uid), help=t("Delete this source"), width="stretch")
        c1, c2, c3 = st.columns([4, 1.5, 1.5], vertical_alignment="bottom")
        c1.text_input(t("Link"), key=s("url"))
        c2.selectbox(t("Quality"), ["good", "low"], key=s("quality"), format_func=lambda q, tl=tr(): tl(q))
        c3.checkbox(t("Date approximate"), key=s("date_approximate"))
        st.text_input(t("What it supports"), key=s("supports"))
        for note in notes:
            st.error(md(note), icon="⚠️")


def header_controls(notes: list[str]) -> None:
    h = lambda f: _k("h", f)  # noqa: E731
    st.text_input(t("Title"), key=h("title"))
    c1, c2 = st.columns(2)
    c1.text_input(t("Plan id (lower-case, hyphens)"), key=h("id"))
    c2.text_input(t("Proposer"), key=h("proposer"))
    c1, c2, c3 = st.columns(3)
    c1.date_input(t("Date"), key=h("date"), min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))
    c2.selectbox(t("Kind"), PLAN_STATUSES, key=h("status"), format_func=lambda k, tl=tr(): tl(k))
    c3.selectbox(t("Front line it is drawn on"), available_dates(), key=h("baseline"))
    st.text_area(t("Summary (in your own words)"), key=h("summary"), height=90)
    for note in notes:
        st.error(md(note), icon="⚠️")


def terms_controls() -> None:
    st.caption(t("Non-territorial terms; leave a box empty where the plan is silent."))
    cols = st.columns(2)
    for n, (term, label) in enumerate(TERM_FIELDS.items()):
        cols[n % 2].text_input(t(label), key=_k("t", term))


def check(plan: dict) -> tuple[Proposal | None, dict[int, list[str]], dict[int, list[str]], list[str]]:
    """The plan through the loader's `parse_text`: the proposal when valid, and every error in
    plain words, by rule index, by source index, and for the plan as a whole."""
    proposal, errors = parse_text(to_yaml(plan), "plan", available_dates())
    by_rule: dict[int, list[str]] = {}
    by_source: dict[int, list[str]] = {}
    general: list[str] = []
    for p in problems(errors, plan):
        if p.rule is not None:
            by_rule.setdefault(p.rule, []).append(p.text)
        elif p.source is not None:
            by_source.setdefault(p.source, []).append(p.text)
        else:
            general.append(p.text)
    return proposal, by_rule, by_source, general


@dataclass
class Shown:
    """What the map and the numbers show: the rules without errors, evaluated (cached)."""

    result: object | None = None
    stats: ProposalStats | None = None
    layers: dict | None = None
    errors: list[str] = field(default_factory=list)


def draw(plan: dict, keep: list[int], frontline: str) -> Shown:
    drawn, errors = parse_text(to_yaml(map_part(plan, keep)), "plan", available_dates())
    if drawn is None:
        return Shown(errors=[str(e) for e in errors])
    try:
        return Shown(data.result(drawn, frontline), data.stats(drawn, frontline), maps.layer_data(drawn, frontline))
    except Exception as e:  # keep the controls usable so the plan can be changed back
        log.exception("builder: the plan could not be evaluated")
        return Shown(errors=[t("the map could not be drawn ({error})", error=f"{type(e).__name__}: {e}")])


def share(proposal: Proposal | None, frontline: str) -> None:
    """Link, file and comparison of a valid plan; a plan too large for a link offers the file."""
    st.markdown("#### " + t("Share, download, compare"))
    query = link.query_string(proposal) if proposal is not None else ""
    reason = link.too_long(query)
    if (proposal is None or reason) and link.PARAM in st.query_params:
        del st.query_params[link.PARAM]  # the address bar must not keep an older plan
    if proposal is None:
        st.info(t("Fix the errors marked above to share, download or compare this plan."), icon="ℹ️")
        return
    base = (st.context.url or "").rstrip("/") + "/"
    payload = link.encode(proposal)
    if reason:
        st.warning(t("This plan cannot travel as a link: {reason}.", reason=reason), icon="⚠️")
    else:
        st.markdown(t("**Link to this plan** — anyone who opens it sees the same plan, map and numbers:"))
        st.code(base + query, language=None)
        st.caption(t("{count} characters (at most {limit}). From the shell: `python cli.py link FILE.yaml`.",
                     count=tr().num(len(query)), limit=tr().num(link.MAX_LINK_CHARS)))
        if st.query_params.get(link.PARAM) != payload:
            st.query_params[link.PARAM] = payload
        _ss()[_k("ours")] = payload
        data.remember_link_plan(payload, proposal)
    text = to_yaml(plan_dict(proposal))
    st.download_button(t("Download the plan (YAML)"), text, f"{proposal.id}.yaml", "application/x-yaml",
                       on_click="ignore", key=_k("download"))
    with st.expander(t("The plan as YAML (what the download holds; `python cli.py validate` accepts it)")):
        st.code(text, language="yaml")
    if reason:
        return
    props = data.proposals()
    others = [pid for pid in props if pid != link.TOKEN]
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    language = lang()
    b = c1.selectbox(t("Compare this plan with"), others, key=_k("compare_with"),
                     format_func=lambda i: f"{props[i].title_in(language)} — {props[i].date}")
    c2.button(t("Open the comparison"), key=_k("compare"), on_click=_open_compare, args=(b,))
    st.caption(t("Comparison link:") + " ")
    st.code(base + link.query_string(proposal, view="compare", a=link.TOKEN, b=b), language=None)


def build(frontline: str) -> None:
    """The builder view."""
    ss = _ss()
    for key, value in _saved().items():  # controls of another view's run come back
        if key not in ss:
            ss[key] = value
    _open_plan_from_url()
    st.markdown("### " + t("Build your own plan"))
    for notice in ss.get(_k("notice"), []):
        st.warning(t("The plan in this link could not be opened — {error}", error=md(notice[:300])), icon="⚠️")
    if ss.get(_k("from_link")):
        st.info(t(panels.FROM_LINK), icon=":material/link:")
    props = data.proposals()
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    tl = tr()
    c1.selectbox(t("Start again from"), [SCRATCH, *props], key=_k("start"),
                 format_func=lambda i: tl("An empty plan (the front line as it is)") if i == SCRATCH
                 else tl("A copy of: {title}", title=f"{props[i].title_in(tl.lang)} — {props[i].date}"))
    c2.button(t("Start"), key=_k("start_button"), on_click=_on_start, help=t("Replaces the plan below"))

    plan = current_plan()
    proposal, by_rule, by_source, general = check(plan)
    keep = [i for i in range(len(plan["rules"])) if i not in by_rule]
    shown = draw(plan, keep, frontline)
    stats = shown.stats
    claimed = shown.result.zones.groupby("rule")["km2"].sum().to_dict() if shown.result is not None else {}

    left, right = st.columns([5, 6], gap="medium")
    with left:
        with st.expander(t("Title, summary and front line"), expanded=bool(general)):
            header_controls(general)
        with st.expander(t("Terms (NATO, army, elections…)")):
            terms_controls()
        with st.expander(t("Sources ({count})", count=len(ss[_k('sources')])), expanded=bool(by_source)):
            for i, uid in enumerate(ss[_k("sources")]):
                source_controls(uid, by_source.get(i, []))
            st.button(t("Add a source"), key=_k("add_source"), on_click=_new_source)
        st.markdown(t("**Rules** — applied in order, later over earlier, on top of the front line"))
        source_ids = [ss.get(_k("s", uid, "id")) or "" for uid in ss[_k("sources")]]
        for i, uid in enumerate(ss[_k("rules")]):
            rule_id = plan["rules"][i]["id"]
            km2 = None if i in by_rule else claimed.get(rule_id, 0.0)
            rule_controls(i, uid, km2, by_rule.get(i, []), [s for s in source_ids if s])
        st.button(t("Add a rule"), key=_k("add_rule"), on_click=_new_rule, type="primary")
    with right:
        if shown.layers is None:
            st.warning(t("The map waits for these errors to be fixed:") + " "
                       + "; ".join(md(str(e)) for e in shown.errors), icon="⚠️")
        else:
            st.markdown(f"##### {md(plan.get('title') or t('Your plan'))}")
            panels.proposal_map(shown.layers, key="map-build", height=520)
            panels.panel(stats)
    if stats is not None:
        panels.numbers(stats)
    share(proposal, frontline)
    saved = _saved()
    for key in _control_keys():
        if key in ss:
            saved[key] = ss[key]

