"""Cached access to proposals, baselines, results and comparisons.

Caches are keyed on plain values — a proposal's JSON, a date, a digest of an uploaded front
line — never on frames. Uploaded front lines live in a bounded registry keyed by their digest
(the session holds its own, so it stays while shown), so cached functions never read session state.
Uploaded proposal files are parsed once per content, not on every rerun.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from geo.evaluate import Result, default_catalog, evaluate
from geo.frontline import Baseline, BaselineRegistry, FrontlineError, available_dates, baseline_from_geojson, load_baseline
from proposals import link
from proposals.catalog import Catalog, LoadError, parse_text, parse_uploads
from proposals.model import Proposal
from proposals.paths import CATALOG_DIR
from proposals.untrusted import clip_text

OWN = "own"  # front-line choice: each proposal's own baseline date
Key = tuple[str, str, str | None]  # (proposal JSON, baseline date, digest of a custom front line)


def catalog_signature(directory: Path = CATALOG_DIR) -> tuple:
    """Name, size and modification time of every catalog file, and the front-line dates: a
    change to any of them is a new catalog (a few dozen stat calls per rerun)."""
    files = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in directory.glob("*.yaml"))
    return tuple(files), tuple(available_dates())


@st.cache_resource(show_spinner=False, max_entries=2)
def _catalog(signature: tuple) -> Catalog:
    return default_catalog()


def catalog() -> Catalog:
    """The shipped catalog, shared by every session; reloaded when one of its files changes."""
    return _catalog(catalog_signature())


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


@st.cache_data(show_spinner=False, max_entries=64)
def _parse_upload(raw: bytes, name: str, dates: tuple[str, ...]) -> tuple[Proposal | None, list[LoadError]]:
    """One uploaded file parsed once per content and name (reruns reuse it)."""
    return parse_text(raw, name, dates)


def add_uploads(files) -> list[LoadError]:
    """Parse uploaded YAML proposals; good ones join this session's catalog, bad ones (and a second
    file with an id already used) are reported."""
    cat = catalog()
    taken = {pid: f"the catalog ({cat.files.get(pid, pid)})" for pid in cat.proposals}
    taken[link.TOKEN] = "the plan carried by a link"  # `plan` in a link's a, b or proposal means that plan
    uploaded, errors = parse_uploads(((f.name, f.getvalue()) for f in files or []), tuple(available_dates()),
                                     taken, parse=_parse_upload)
    st.session_state["uploaded_proposals"] = uploaded
    return errors


@st.cache_resource(show_spinner=False)
def _custom_baselines() -> BaselineRegistry:
    """Uploaded front lines by the SHA-256 of their bytes (shared: same file, same baseline); bounded."""
    return BaselineRegistry(max_entries=8)


def set_custom_frontline(upload) -> str | None:
    """Register an uploaded front line for this session; returns an error line or None."""
    if upload is None:
        st.session_state.pop("custom_frontline", None)
        st.session_state.pop("custom_baseline", None)
        return None
    raw = upload.getvalue()
    digest = hashlib.sha256(raw).hexdigest()
    registry = _custom_baselines()
    base = registry.get(digest)
    if base is None:
        try:
            base = baseline_from_geojson(raw.decode("utf-8"), upload.name, date=f"custom: {clip_text(upload.name, 80)}")
        except UnicodeDecodeError:
            return f"{clip_text(upload.name, 200)}: (file): not UTF-8 text"
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


def _baseline(date: str, digest: str | None) -> Baseline:
    if not digest:
        return load_baseline(date)
    base = _custom_baselines().get(digest)
    if base is None:
        raise FrontlineError(f"{date}: front line: no longer in memory; upload the file again")
    return base


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_result(proposal_json: str, date: str, digest: str | None) -> Result:
    return evaluate(Proposal.model_validate_json(proposal_json), baseline=_baseline(date, digest))


@st.cache_data(show_spinner=False, max_entries=64)
def _stats(proposal_json: str, date: str, digest: str | None) -> dict:
    return cached_result(proposal_json, date, digest).stats()


def result(proposal: Proposal, choice: str | None) -> Result:
    """Zones and numbers for a proposal on a front-line choice, cached across reruns and users."""
    return cached_result(*cache_key(proposal, choice))


def stats(proposal: Proposal, choice: str | None) -> dict:
    return _stats(*cache_key(proposal, choice))


def comparison_date(a: Proposal, b: Proposal, choice: str | None) -> str | None:
    """One front line for both: the chosen one, else the later of their two baseline dates."""
    if choice in (None, OWN):
        return max(str(a.baseline), str(b.baseline))
    return choice


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_comparison(key_a: Key, key_b: Key):
    from geo.compare import compare_results
    return compare_results(cached_result(*key_a), cached_result(*key_b))


@st.cache_data(show_spinner=False, max_entries=32)
def _comparison_json(key_a: Key, key_b: Key) -> dict:
    return cached_comparison(key_a, key_b).to_json()


def comparison_keys(a: Proposal, b: Proposal, choice: str | None) -> tuple[Key, Key]:
    date = comparison_date(a, b, choice)
    return cache_key(a, date), cache_key(b, date)


def comparison(a: Proposal, b: Proposal, choice: str | None):
    return cached_comparison(*comparison_keys(a, b, choice))


def comparison_json(a: Proposal, b: Proposal, choice: str | None) -> dict:
    return _comparison_json(*comparison_keys(a, b, choice))
