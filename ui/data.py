"""What this session sees: the catalog plus its uploads and link plan, its front-line choice,
and the cache keys those make. The caches themselves are in ui/cache.py; this module turns
session state into their plain-value keys, so no cached function reads session state.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from geo.engine.evaluate import Result
from geo.engine.results import ComparisonStats, ProposalStats
from geo.inputs.frontline import available_dates
from geo.inputs.line_formats import LayerChoice, LineFile, LineFilter, baseline_from_line, load_line_bytes, read_line
from proposals import link
from proposals.catalog import Catalog, LoadError, parse_uploads
from proposals.model import Proposal, common_frontline
from proposals.paths import CATALOG_DIR
from proposals.untrusted import clip_text
from ui import cache
from ui.cache import Key

OWN = "own"  # front-line choice: each proposal's own baseline date


def catalog_signature(directory: Path = CATALOG_DIR) -> tuple:
    """Name, size and modification time of every catalog file, and the front-line dates: a
    change to any of them is a new catalog (a few dozen stat calls per rerun)."""
    files = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in directory.glob("*.yaml"))
    return tuple(files), tuple(available_dates())


def catalog() -> Catalog:
    """The shipped catalog, shared by every session; reloaded when one of its files changes."""
    return cache.catalog(catalog_signature())


def proposals() -> dict[str, Proposal]:
    """The shipped catalog, what this user uploaded in this session, and the plan in the link
    (under the id `plan`, so `?view=compare&plan=…&a=plan&b=ID` compares it)."""
    out = dict(catalog().proposals)
    out.update(st.session_state.get("uploaded_proposals", {}))
    plan, _ = link_plan()
    if plan is not None:
        out[link.TOKEN] = plan
    return out


def link_plan() -> tuple[Proposal | None, list[LoadError]]:
    """The plan carried by `?plan=…`, checked like an uploaded file (once per distinct link)."""
    payload = st.query_params.get(link.PARAM)
    if not payload:
        return None, []
    seen = st.session_state.get("link_plan")
    if seen is not None and seen[0] == payload:
        return seen[1], seen[2]
    proposal, errors = link.decode(payload, available_dates())
    st.session_state["link_plan"] = (payload, proposal, errors)
    return proposal, errors


def remember_link_plan(payload: str, proposal: Proposal) -> None:
    """The builder wrote `payload` for `proposal` into the link: no need to decode it again."""
    st.session_state["link_plan"] = (payload, proposal, [])


def add_uploads(files) -> list[LoadError]:
    """Parse uploaded YAML proposals; good ones join this session's catalog, bad ones (and a second
    file with an id already used) are reported."""
    cat = catalog()
    taken = {pid: f"the catalog ({cat.files.get(pid, pid)})" for pid in cat.proposals}
    taken[link.TOKEN] = "the plan carried by a link"  # `plan` in a link's a, b or proposal means that plan
    uploaded, errors = parse_uploads(((f.name, f.getvalue()) for f in files or []), tuple(available_dates()),
                                     taken, parse=cache.parsed_upload)
    st.session_state["uploaded_proposals"] = uploaded
    return errors


def read_line_upload(name: str, raw: bytes, layer: str | None) -> LineFile:
    """An uploaded front-line file read once per content and layer (this session keeps the last)."""
    key = (hashlib.sha256(raw).hexdigest(), layer)
    seen = st.session_state.get("custom_line")
    if seen is not None and seen[0] == key:
        if isinstance(seen[1], LayerChoice):
            raise seen[1]  # several polygon layers: the question is remembered, not the file re-read
        return seen[1]
    try:
        line = read_line(raw, name, layer)
    except LayerChoice as e:
        st.session_state["custom_line"] = (key, e)
        raise
    st.session_state["custom_line"] = (key, line)
    return line


def set_custom_frontline(upload, line: LineFile | None = None, line_filter: LineFilter | None = None) -> str | None:
    """Register an uploaded front line (read as `line`, its polygons picked by `line_filter`) for this
    session; returns an error line or None. A bad file leaves the line registered before."""
    if upload is None:
        for k in ("custom_frontline", "custom_baseline", "custom_line"):
            st.session_state.pop(k, None)
        return None
    raw = upload.getvalue()
    picked = "" if line_filter is None else repr(line_filter)
    digest = hashlib.sha256(raw + (line.digest if line else "").encode() + picked.encode()).hexdigest()
    registry = cache.custom_baselines()
    base = registry.get(digest)
    if base is None:
        date = f"custom: {clip_text(upload.name, 80)}"
        try:
            if line is None or (line.kind == "GeoJSON" and line_filter is None):
                base = load_line_bytes(raw, upload.name, date=date)  # GeoJSON as it always was
            else:
                base = baseline_from_line(line, line_filter, date=date)
        except ValueError as e:
            return str(e)
        registry.put(digest, base)
    st.session_state["custom_frontline"] = (base.date, digest)
    st.session_state["custom_baseline"] = base  # held by the session, so the registry keeps it while shown
    return None


def frontline_choices() -> list[str]:
    custom = st.session_state.get("custom_frontline")
    return [OWN, *available_dates(), *([custom[0]] if custom else [])]


def cache_key(proposal: Proposal, choice: str | None) -> Key:
    """(proposal JSON, baseline date, custom digest) for a front-line choice."""
    custom = st.session_state.get("custom_frontline")
    if custom and choice == custom[0]:
        return proposal.model_dump_json(), custom[0], custom[1]
    date = str(proposal.baseline) if choice in (None, OWN) else choice
    return proposal.model_dump_json(), date, None


def result(proposal: Proposal, choice: str | None) -> Result:
    """Zones and numbers for a proposal on a front-line choice, cached across reruns and users."""
    return cache.result(*cache_key(proposal, choice))


def stats(proposal: Proposal, choice: str | None) -> ProposalStats:
    return cache.stats(*cache_key(proposal, choice))


def comparison_date(a: Proposal, b: Proposal, choice: str | None) -> str | None:
    """One front line for both: the chosen one, else the later of their two baseline dates."""
    if choice in (None, OWN):
        return common_frontline(a, b)
    return choice


def comparison_keys(a: Proposal, b: Proposal, choice: str | None) -> tuple[Key, Key]:
    date = comparison_date(a, b, choice)
    return cache_key(a, date), cache_key(b, date)


def comparison(a: Proposal, b: Proposal, choice: str | None):
    return cache.comparison(*comparison_keys(a, b, choice))


def comparison_stats(a: Proposal, b: Proposal, choice: str | None) -> ComparisonStats:
    return cache.comparison_stats(*comparison_keys(a, b, choice))


def data_zip_builder(proposal: Proposal, choice: str | None):
    """A callable giving the data zip of a proposal on a front-line choice (for a deferred download:
    the key is taken now, in the script run, and the zip built and cached when clicked)."""
    key = cache_key(proposal, choice)
    return lambda: cache.data_zip(*key)


def comparison_zip_builder(a: Proposal, b: Proposal, choice: str | None):
    keys = comparison_keys(a, b, choice)
    return lambda: cache.comparison_zip(*keys)
