"""A plan being edited: plain dicts the builder's controls read and write, and the loader's
errors put back beside the rule (or source) they belong to, in plain words.

No streamlit and no geometry: the builder (ui/build.py) draws controls from these dicts, and a
plan is only ever accepted through the loader's `parse_text` (via `to_yaml`), so a plan built
here, a downloaded file and a plan from a link are checked by one and the same validation.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from proposals.catalog import LoadError
from proposals.model import Proposal, Terms
from proposals.oblasts import GROUPS, oblasts, resolve

# Options of the oblast multi-select: the groups first, then the 27 units by ISO code.
GROUP_OPTIONS: tuple[str, ...] = ("all", *GROUPS)


# What a control holds for one rule. `lon`/`lat` are the circle's centre (a settlement's point
# or the point a file gave); everything else of a rule is kept untouched in its `extras`.
NEW_RULE: dict[str, Any] = {
    "id": "", "oblasts": ["donbas"], "held_by": "ukraine", "band": False, "km": 15.0, "side": "both",
    "circle": False, "lon": None, "lat": None, "radius": 10.0, "status": "ceded", "note": "",
    "sources": [], "unverified": True, "recognition": "",  # "": as the status says
}
NEW_SOURCE: dict[str, Any] = {
    "id": "", "outlet": "", "date": None, "date_approximate": False, "url": "https://", "supports": "",
    "quality": "good",
}
HEADER_FIELDS = ("id", "title", "proposer", "date", "status", "baseline", "summary")


def plan_dict(p: Proposal) -> dict:
    """A proposal as plain data: defaults left out, dates as text (what a file would say)."""
    return p.model_dump(mode="json", exclude_defaults=True)


def to_yaml(data: dict) -> str:
    """Readable block YAML that `cli.py validate` (and `parse_text`) accepts back."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def canonical_oblasts(names: list[str]) -> list[str]:
    """Names as the multi-select shows them: groups kept, every other name as its ISO code.

    Raises UnknownOblast for a name the loader would reject (a validated plan never has one).
    """
    groups = {**{codes: group for group, codes in GROUPS.items()}, tuple(oblasts()): "all"}
    out: list[str] = []
    for name in names:
        codes = resolve(name)
        value = codes[0] if len(codes) == 1 else groups[codes]
        if value not in out:
            out.append(value)
    return out


def form_from_rule(rule: dict) -> tuple[dict, dict]:
    """(the controls' values, the rest of the rule kept as is) for one rule of a plan dict."""
    rule = dict(rule)
    where = dict(rule.pop("where", {}) or {})
    form = dict(NEW_RULE, oblasts=[], held_by="any", status=rule.pop("status", "undecided"))
    form["id"] = rule.pop("id", "")
    form["note"] = rule.pop("note", "")
    form["sources"] = list(rule.pop("sources", []))
    form["unverified"] = bool(rule.pop("unverified", False))
    form["recognition"] = rule.pop("recognition", None) or ""
    if "oblasts" in where:
        form["oblasts"] = canonical_oblasts(where.pop("oblasts") or [])
    form["held_by"] = where.pop("held_by", "any")
    if where.get("within_km_of_line") is not None:
        form.update(band=True, km=float(where.pop("within_km_of_line")))
    form["side"] = where.pop("side", "both")
    area = where.get("area") or {}
    if area.get("around"):
        around = where.pop("area")["around"]
        form.update(circle=True, lon=float(around["lon"]), lat=float(around["lat"]), radius=float(around["radius_km"]))
    extras = dict(rule)
    if where:
        extras["where"] = where  # a drawn polygon, or a selector this builder has no control for
    return form, extras


def rule_from_form(form: dict, extras: dict | None = None) -> dict:
    """A rule (as a file would write it) from the controls' values plus the kept extras."""
    extras = dict(extras or {})
    where: dict[str, Any] = dict(extras.pop("where", {}))
    if form["oblasts"]:
        where["oblasts"] = list(form["oblasts"])
    if form["held_by"] != "any":
        where["held_by"] = form["held_by"]
    if form["band"]:
        where["within_km_of_line"] = form["km"]
        where["side"] = form["side"]
    if form["circle"]:
        where["area"] = {"around": {"lon": form["lon"], "lat": form["lat"], "radius_km": form["radius"]}}
    rule: dict[str, Any] = {"id": form["id"], "where": where, "status": form["status"]}
    if form["note"]:
        rule["note"] = form["note"]
    if form["sources"]:
        rule["sources"] = list(form["sources"])
    if form["unverified"]:
        rule["unverified"] = True
    if form.get("recognition"):
        rule["recognition"] = form["recognition"]
    rule.update(extras)
    return rule


def source_from_form(form: dict) -> dict:
    out = {k: form[k] for k in ("id", "outlet", "date", "url", "supports")}
    if isinstance(out["date"], dt.date):
        out["date"] = out["date"].isoformat()
    if form["date_approximate"]:
        out["date_approximate"] = True
    if form["quality"] != "good":
        out["quality"] = form["quality"]
    return out


def form_from_source(source: dict) -> dict:
    form = dict(NEW_SOURCE)
    form.update({k: v for k, v in source.items() if k in NEW_SOURCE})
    if isinstance(form["date"], str):
        try:
            form["date"] = dt.date.fromisoformat(form["date"])
        except ValueError:
            form["date"] = None
    return form


def terms_from_form(values: dict[str, str]) -> dict:
    """Terms from text boxes: empty means silent; the army cap is read as a whole number if it is one."""
    out: dict[str, Any] = {}
    for key, text in values.items():
        text = (text or "").strip()
        if not text:
            continue
        if key == "army_cap":
            digits = re.sub(r"[\s,_]", "", text)
            out[key] = int(digits) if digits.isdigit() else text  # anything else: the loader says why
        else:
            out[key] = text
    return out


def terms_to_form(terms: dict) -> dict[str, str]:
    return {k: "" if terms.get(k) is None else str(terms[k]) for k in Terms.model_fields}


def next_id(prefix: str, taken: list[str]) -> str:
    """`rule-1`, `rule-2`…: the first one not taken."""
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"


def copy_of(p: Proposal) -> dict:
    """A plan dict to edit, made from a proposal: same rules and sources, its own id and title."""
    d = plan_dict(p)
    d["id"] = f"{p.id[:55]}-edit"
    d["title"] = f"{p.title[:185]} (edited copy)"
    d.pop("title_uk", None)  # the copy is the reader's own: the catalog's translation no longer fits it
    d.pop("summary_uk", None)
    d["status"] = "draft"
    return d


def scratch(baseline: str, basis: Proposal | None, today: dt.date) -> dict:
    """An empty plan on a front line. Its sources are those of `basis` (the status quo: who holds
    what on the front line), since the what-if is drawn on that line; its own rules are unverified."""
    return {
        "id": "my-plan", "title": "My plan", "proposer": "A reader's what-if", "date": today.isoformat(),
        "status": "draft", "baseline": baseline,
        "summary": f"A what-if plan drawn on the front line of {baseline}.",
        "rules": [], "sources": plan_dict(basis)["sources"] if basis is not None else [],
    }


def map_part(plan: dict, keep_rules: list[int] | None = None) -> dict:
    """Only what decides the map and the numbers: the baseline and the rules (all, or those in
    `keep_rules`), with the text that does not change a zone replaced by fixed words. Editing a
    title, a summary or a source then re-uses the cached map instead of recomputing it."""
    rules = [r for i, r in enumerate(plan.get("rules") or []) if keep_rules is None or i in keep_rules]
    rules = [{**{k: v for k, v in r.items() if k not in ("sources", "unverified")}, "unverified": True}
             for r in rules if isinstance(r, dict)]
    return {"id": "plan-map", "title": "plan", "proposer": "plan", "date": plan.get("baseline"), "status": "draft",
            "baseline": plan.get("baseline"), "summary": "plan", "rules": rules,
            "sources": [{"id": "plan", "outlet": "plan", "date": plan.get("baseline"), "url": "https://plan",
                         "supports": "plan"}]}


# ---------- the loader's errors, in plain words, beside what they are about ----------

@dataclass(frozen=True)
class Problem:
    """One error of a plan: the rule or source it belongs to (or neither), and what to fix."""

    rule: int | None
    source: int | None
    text: str

    def __str__(self) -> str:
        return self.text


RULE_LABELS = {
    "": "", "id": "Rule name", "where": "Where", "where.oblasts": "Oblasts", "where.held_by": "Held by",
    "where.within_km_of_line": "Band width (km)", "where.side": "Side of the line", "where.area": "Area",
    "where.area.around": "Circle", "where.area.around.radius_km": "Circle radius (km)",
    "where.area.around.lon": "Circle centre", "where.area.around.lat": "Circle centre", "status": "Status",
    "note": "Note", "sources": "Sources", "unverified": "Unverified", "recognition": "Sovereignty",
}
SOURCE_LABELS = {"": "", "id": "Source name", "outlet": "Outlet", "date": "Date", "url": "Link",
                 "supports": "What it supports", "quality": "Quality"}
PLAN_LABELS = {"id": "Plan id", "title": "Title", "proposer": "Proposer", "date": "Date", "status": "Status",
               "baseline": "Front line", "summary": "Summary", "sources": "Sources", "rules": "Rules",
               "(file)": "Plan"}
PLAN_LABELS.update({f"terms.{k}": f"Terms: {k.replace('_', ' ')}" for k in Terms.model_fields})

_PLAIN = (
    (r"^Input should be greater than or equal to (.+)$", r"must be at least \1"),
    (r"^Input should be greater than (.+)$", r"must be more than \1"),
    (r"^Input should be less than or equal to (.+)$", r"must be at most \1"),
    (r"^Input should be less than (.+)$", r"must be less than \1"),
    (r"^Input should be a valid number.*$", "must be a number"),
    (r"^Input should be a valid integer.*$", "must be a whole number"),
    (r"^Input should be a valid date.*$", "must be a date (YYYY-MM-DD)"),
    (r"^String should match pattern '\^\[a-z0-9\]\[a-z0-9-\]\*\$'$",
     "use lower-case letters, digits and hyphens only, starting with a letter or digit"),
    (r"^String should match pattern .*https.*$", "must be a web address starting with http:// or https://"),
    (r"^String should have at least 1 character$", "must not be empty"),
    (r"^String should have at most (\d+) characters?$", r"must be at most \1 characters long"),
    (r"^List should have at least 1 item.*$", "needs at least one"),
    (r"^Field required$", "is missing"),
    (r"^Input should be ", "must be "),
)


def plain(message: str) -> str:
    """A pydantic message as a reader would say it ("must be more than 0", not "Input should be…")."""
    for pattern, repl in _PLAIN:
        new = re.sub(pattern, repl, message)
        if new != message:
            return new
    return message


def _labelled(label: str, message: str) -> str:
    return f"{label}: {plain(message)}" if label else plain(message)


def _label(labels: dict[str, str], sub: str) -> str:
    sub = re.sub(r"\[\d+\]", "", sub)
    while sub and sub not in labels:
        sub = sub.rpartition(".")[0]
    return labels.get(sub, "")


def problems(errors: list[LoadError], plan: dict) -> list[Problem]:
    """Each loader error beside the rule or source it is about (by index), in plain words.

    A duplicate id is put beside every rule (or source) that repeats an earlier one's id.
    """
    out: list[Problem] = []
    rules = [r.get("id") if isinstance(r, dict) else None for r in plan.get("rules") or []]
    sources = [s.get("id") if isinstance(s, dict) else None for s in plan.get("sources") or []]
    for e in errors:
        m = re.match(r"^(rules|sources)\[(\d+)\]\.?(.*)$", e.field)
        dup = re.match(r"^duplicate id '(.*)'$", e.message)
        if m:
            i, sub = int(m.group(2)), m.group(3)
            if m.group(1) == "rules":
                label = _label(RULE_LABELS, sub)
                text = f"{label}: pick a settlement" if label == "Circle centre" else _labelled(label, e.message)
                out.append(Problem(i, None, text))
            else:
                out.append(Problem(None, i, _labelled(_label(SOURCE_LABELS, sub), e.message)))
        elif e.field in ("rules", "sources") and dup:
            ids = rules if e.field == "rules" else sources
            first = ids.index(dup.group(1)) if dup.group(1) in ids else -1
            for i, value in enumerate(ids):
                if value == dup.group(1) and i != first:
                    text = f"{'Rule' if e.field == 'rules' else 'Source'} name: '{value}' is used by an earlier one"
                    out.append(Problem(i, None, text) if e.field == "rules" else Problem(None, i, text))
        else:
            label = PLAN_LABELS.get(re.sub(r"\[\d+\]", "", e.field), e.field)
            out.append(Problem(None, None, _labelled(label, e.message)))
    return list(dict.fromkeys(out))  # a circle without a centre misses both lon and lat: say it once
