"""The plan builder's draft: every control's value in session state under a `b:` key, loaded
from a plan (a catalog copy, a link, scratch), read back as a plan dict, and the buttons'
callbacks. Streamlit drops a widget's state when the widget is not drawn, so values are also
kept in `b:saved` and put back when the builder is drawn again (ui/build.py draws them)."""
from __future__ import annotations

import datetime as dt
import logging
from typing import get_args

import streamlit as st

from geo.inputs import places
from geo.inputs.frontline import available_dates
from proposals import link
from proposals.i18n import N_
from proposals.model import (
    ProposalStatus,
    Terms,
)
from proposals.oblasts import oblasts as oblast_table
from proposals.plan import (
    HEADER_FIELDS,
    NEW_RULE,
    NEW_SOURCE,
    copy_of,
    form_from_rule,
    form_from_source,
    next_id,
    plan_dict,
    rule_from_form,
    scratch,
    source_from_form,
    terms_from_form,
    terms_to_form,
)
from ui import data

log = logging.getLogger("peace_plan_atlas")
P = "b:"
RULE_FIELDS = tuple(NEW_RULE)
SOURCE_FIELDS = tuple(NEW_SOURCE)
OBLAST_OPTIONS = ("all", "donbas", "crimea", *oblast_table())
GROUP_LABELS = {"all": N_("All of Ukraine"), "donbas": N_("Donbas (Donetsk + Luhansk)"),
                "crimea": N_("Crimea + Sevastopol")}
HELD_BY = {"any": N_("Anyone"), "ukraine": N_("Ukraine"), "russia": N_("Russia")}
SIDES = {"both": N_("Both sides"), "ukraine": N_("Ukrainian side"), "russia": N_("Russian side")}
SCRATCH = ""
PLAN_STATUSES = get_args(ProposalStatus)


def _k(*parts: object) -> str:
    return P + ":".join(str(p) for p in parts)


def _ss():
    return st.session_state


def _saved() -> dict:
    return _ss().setdefault(_k("saved"), {})


def _set(key: str, value) -> None:
    _ss()[key] = value
    _saved()[key] = value


def _control_keys() -> list[str]:
    ss = _ss()
    keys = [_k("h", f) for f in HEADER_FIELDS] + [_k("t", t) for t in Terms.model_fields]
    for uid in ss.get(_k("rules"), []):
        keys += [_k("r", uid, f) for f in (*RULE_FIELDS, "place", "find")]
    for uid in ss.get(_k("sources"), []):
        keys += [_k("s", uid, f) for f in SOURCE_FIELDS]
    return keys


# ---------- loading a plan into the controls ----------

def _uid(kind: str) -> int:
    """A new number for a rule ("r") or a source ("s"): its controls' keys are `b:r:N:field`."""
    n = _ss().get(_k("uid", kind), 0)
    _ss()[_k("uid", kind)] = n + 1
    return n


def _place_key(form: dict) -> str | None:
    if not form["circle"] or form["lon"] is None:
        return None
    found = places.at(form["lon"], form["lat"])
    return found.key if found else f"pt:{form['lon']},{form['lat']}"


def _add_rule(form: dict, extras: dict) -> None:
    uid = _uid("r")
    for f in RULE_FIELDS:
        _set(_k("r", uid, f), form[f])
    _set(_k("r", uid, "place"), _place_key(form))
    _set(_k("r", uid, "find"), "")
    _ss()[_k("extras")][uid] = extras
    _ss()[_k("rules")].append(uid)


def _add_source(form: dict) -> None:
    uid = _uid("s")
    for f in SOURCE_FIELDS:
        _set(_k("s", uid, f), form[f])
    _ss()[_k("sources")].append(uid)


def load(plan: dict) -> None:
    """Replace the draft with `plan` (a plan dict, already validated): every control set from it."""
    ss = _ss()
    ss[_k("from_link")] = False
    for key in _control_keys():
        ss.pop(key, None)
    ss[_k("saved")] = {}
    ss[_k("rules")], ss[_k("sources")], ss[_k("extras")] = [], [], {}
    ss[_k("uid", "r")] = ss[_k("uid", "s")] = 0
    for f in HEADER_FIELDS:
        value = plan.get(f, "")
        _set(_k("h", f), dt.date.fromisoformat(value) if f == "date" else str(value))
    for term, text in terms_to_form(plan.get("terms") or {}).items():
        _set(_k("t", term), text)
    for rule in plan.get("rules") or []:
        _add_rule(*form_from_rule(rule))
    for source in plan.get("sources") or []:
        _add_source(form_from_source(source))
    ss[_k("plan_extras")] = {k: v for k, v in plan.items()
                             if k not in (*HEADER_FIELDS, "rules", "sources", "terms")}
    ss[_k("loaded")] = True


def _start_plan(pid: str) -> dict:
    props = data.proposals()
    if pid in props:
        return copy_of(props[pid])
    dates = available_dates()
    basis = data.catalog().proposals.get("status-quo")
    return scratch(dates[-1], basis, dt.date.today())


def request_copy(pid: str) -> None:
    """Button callback of other views: open the builder on a copy of proposal `pid`."""
    _ss()[_k("from")] = pid
    _ss()["view"] = "build"


def _on_start() -> None:
    load(_start_plan(_ss().get(_k("start"), SCRATCH)))
    _ss()[_k("notice")] = []


def _open_plan_from_url() -> None:
    """On entry: a copy asked for by another view or by `?from=ID`, else a plan carried by the
    link (`?plan=…`) that this session did not write itself, else (first time) an empty plan."""
    ss, qp = _ss(), st.query_params
    pid = ss.pop(_k("from"), None) or qp.get("from")
    if "from" in qp:
        del qp["from"]
    if pid:
        load(_start_plan(pid))
        ss[_k("notice")] = [] if pid in data.proposals() else [f"from: no proposal '{pid}'; here is an empty plan"]
        return
    payload = qp.get(link.PARAM)
    if payload and payload not in (ss.get(_k("ours")), ss.get(_k("seen"))):
        ss[_k("seen")] = payload
        proposal, errors = data.link_plan()
        if proposal is not None:
            load(plan_dict(proposal))
            ss[_k("ours")] = payload
            ss[_k("notice")] = []
            ss[_k("from_link")] = True
            return
        ss[_k("notice")] = [str(e) for e in errors]
    if not ss.get(_k("loaded")):
        load(_start_plan(SCRATCH))


# ---------- the draft as a plan dict ----------

def _circle_point(uid: int) -> tuple[float | None, float | None]:
    key = _ss().get(_k("r", uid, "place"))
    if not key:
        return None, None
    if key.startswith("gn:"):
        p = places.places().get(key)
        return (p.lon, p.lat) if p else (None, None)
    lon, lat = key.removeprefix("pt:").split(",")
    return float(lon), float(lat)


def current_plan() -> dict:
    """The plan the controls hold now, as a file would write it."""
    ss = _ss()
    plan: dict = {}
    for f in HEADER_FIELDS:
        value = ss.get(_k("h", f))
        plan[f] = value.isoformat() if isinstance(value, dt.date) else value
    rules = []
    for uid in ss[_k("rules")]:
        form = {f: ss.get(_k("r", uid, f), NEW_RULE[f]) for f in RULE_FIELDS}
        form["lon"], form["lat"] = _circle_point(uid)
        rules.append(rule_from_form(form, ss[_k("extras")].get(uid)))
    plan["rules"] = rules
    terms = terms_from_form({t: ss.get(_k("t", t), "") for t in Terms.model_fields})
    if terms:
        plan["terms"] = terms
    plan["sources"] = [source_from_form({f: ss.get(_k("s", uid, f), NEW_SOURCE[f]) for f in SOURCE_FIELDS})
                       for uid in ss[_k("sources")]]
    plan.update(ss.get(_k("plan_extras"), {}))
    return plan


# ---------- callbacks ----------

def _move(uid: int, step: int) -> None:
    order = _ss()[_k("rules")]
    i = order.index(uid)
    j = max(0, min(len(order) - 1, i + step))
    order[i], order[j] = order[j], order[i]


def _drop(kind: str, uid: int) -> None:
    fields = (*RULE_FIELDS, "place", "find") if kind == "r" else SOURCE_FIELDS
    _ss()[_k("rules" if kind == "r" else "sources")].remove(uid)
    for key in (_k(kind, uid, f) for f in fields):
        _ss().pop(key, None)
        _saved().pop(key, None)


def _new_rule() -> None:
    taken = [_ss().get(_k("r", u, "id")) for u in _ss()[_k("rules")]]
    _add_rule(dict(NEW_RULE, id=next_id("rule", taken)), {})


def _new_source() -> None:
    taken = [_ss().get(_k("s", u, "id")) for u in _ss()[_k("sources")]]
    _add_source(dict(NEW_SOURCE, id=next_id("source", taken)))


def _open_compare(b: str) -> None:
    _ss()["view"], _ss()["a"], _ss()["b"] = "compare", link.TOKEN, b
