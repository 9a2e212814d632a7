"""Hostile text for every field a user can hand the atlas, and the checks that it stayed text.

Shared by tests/test_injection.py (every export from the shell) and tests/test_browser_injection.py
(the same files and the app's download buttons in Chromium). The payload is built so that running
it leaves a mark no honest page contains: Jinja would print INJECTED and STMTRAN (the source holds
neither word whole) and drop the CMT comment; a browser would set window.__ppa_pwned.
"""
from __future__ import annotations

import html.parser
import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "proposals/catalog/kellogg-2025-04.yaml"  # rules with bands and notes, sources, terms

TEMPLATE = "{{ 'INJ' ~ 'ECTED' }} {% set s = 'STM' ~ 'TRAN' %}{{ s }} {# CMT #}"
MARKUP = "<script>window.__ppa_pwned=1</script> \"><img src=x onerror=\"window.__ppa_pwned=2\">"
ODD = "javascript:alert(1) $5 and $6 \u202eRTL\u200bZW"
PAYLOAD = f"{TEMPLATE} {MARKUP} {ODD}"
EVALUATED = ("INJECTED", "STMTRAN")               # what running the template would print
RAW_MARKUP = ("<script>window.__ppa_pwned", "<img src=x onerror")  # what would run in a browser
URL = 'https://example.org/?q="><script>window.__ppa_pwned=3</script>'


def hostile_proposal(pid: str = "hostile-plan") -> str:
    """The Kellogg file with the payload in every text field: title, title_uk, summary, summary_uk,
    proposer, rule notes, source outlets, `supports`, URLs, terms, contradictions."""
    d = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    d["id"] = pid
    d["title"] = ("T " + PAYLOAD)[:200]
    d["title_uk"] = ("Т " + PAYLOAD)[:200]
    d["proposer"] = ("P " + PAYLOAD)[:200]
    d["summary"] = ("S " + PAYLOAD + " ") * 20                       # long: ~4,000 characters
    d["summary"] = d["summary"][:4000]
    d["summary_uk"] = "С " + PAYLOAD
    for r in d["rules"]:
        r["note"] = "N " + PAYLOAD
    for s in d["sources"]:
        s["outlet"] = ("O " + PAYLOAD)[:200]
        s["supports"] = "W " + PAYLOAD
        s["url"] = URL
    d["terms"] = {k: ("X " + PAYLOAD) for k in ("nato", "army_limits", "foreign_troops", "security_guarantees",
                                                "language_and_church", "elections", "znpp", "sanctions_and_assets",
                                                "amnesty")}
    d["contradictions"] = ["C " + PAYLOAD]
    return yaml.safe_dump(d, allow_unicode=True, sort_keys=False)


def hostile_frontline(date: str = "2025-04-17") -> str:
    """A shipped front line with the payload in every feature's properties (names included)."""
    fc = json.loads((ROOT / "data/frontline" / f"{date}.geojson").read_text(encoding="utf-8"))
    fc["name"] = PAYLOAD
    for f in fc["features"]:
        f["properties"] = {"name": PAYLOAD, "label": PAYLOAD, "date": PAYLOAD, "description": PAYLOAD}
    return json.dumps(fc, ensure_ascii=False)


FRONTLINE_NAME = "line {{ 'INJ' ~ 'ECTED' }} <b>x<b>.geojson"  # the file's own name is shown too


def write_files(d: Path) -> dict[str, Path]:
    """The hostile plan and front line written into folder `d`: {"dir", "plan", "line"}."""
    plan = d / "hostile.yaml"
    plan.write_text(hostile_proposal(), encoding="utf-8")
    line = d / FRONTLINE_NAME
    line.write_text(hostile_frontline(), encoding="utf-8")
    return {"dir": d, "plan": plan, "line": line}


class _Docs(html.parser.HTMLParser):
    """The srcdoc documents nested in a page (the comparison export nests whole pages)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nested: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "srcdoc" and v:
                self.nested.append(v)


def documents(page: str) -> list[str]:
    """The page and every document nested in it, unescaped as a browser would read them."""
    out, todo = [], [page]
    while todo:
        doc = todo.pop()
        out.append(doc)
        p = _Docs()
        p.feed(doc)
        todo += p.nested
    return out


def assert_inert_html(page: str, where: str) -> None:
    """Neither template syntax ran nor markup from a file became markup, at any nesting level;
    and the payload is still there as text (the comment was not eaten)."""
    docs = documents(page)
    for doc in docs:
        for mark in EVALUATED:
            assert mark not in doc, f"{where}: template code ran ({mark} printed)"
        for mark in RAW_MARKUP:
            assert mark not in doc, f"{where}: markup from a file is live ({mark})"
    assert any("CMT" in d for d in docs), f"{where}: the payload is missing (a template comment ate it?)"
