"""Cached access to proposals, baselines and results, keyed on ids, dates and file digests."""
from __future__ import annotations

import hashlib

import streamlit as st

from geo.evaluate import Result, default_catalog, evaluate
from geo.frontline import Baseline, available_dates, baseline_from_geojson, load_baseline
from proposals.catalog import Catalog, LoadError, parse_text
from proposals.model import Proposal

OWN = "own"  # front-line choice: each proposal's own baseline date


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    return default_catalog()


def proposals() -> dict[str, Proposal]:
    """The shipped catalog plus what this user uploaded in this session."""
    out = dict(catalog().proposals)
    out.update(st.session_state.get("uploaded_proposals", {}))
    return out


def add_uploads(files) -> list[LoadError]:
    """Parse uploaded YAML proposals; good ones join this session's catalog, bad ones are reported."""
    errors: list[LoadError] = []
    uploaded: dict[str, Proposal] = {}
    for f in files or []:
        proposal, errs = parse_text(f.getvalue(), f.name, available_dates())
        errors += errs
        if proposal is None:
            continue
        if proposal.id in catalog().proposals:
            errors.append(LoadError(f.name, "id", f"'{proposal.id}' is already a catalog proposal; give yours another id"))
            continue
        uploaded[proposal.id] = proposal
    st.session_state["uploaded_proposals"] = uploaded
    return errors


@st.cache_resource(show_spinner=False, max_entries=8)
def _custom_baseline(text: str, name: str) -> Baseline:
    return baseline_from_geojson(text, name, date=f"custom: {name}")


def set_custom_frontline(upload) -> str | None:
    """Register an uploaded front line; returns an error line or None."""
    if upload is None:
        st.session_state.pop("custom_frontline", None)
        return None
    try:
        text = upload.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        return f"{upload.name}: (file): not UTF-8 text"
    try:
        base = _custom_baseline(text, upload.name)
    except ValueError as e:
        return str(e)
    st.session_state["custom_frontline"] = (text, upload.name, base.date)
    return None


def frontline_choices() -> list[str]:
    custom = st.session_state.get("custom_frontline")
    return [OWN, *available_dates(), *([custom[2]] if custom else [])]


def baseline_for(proposal: Proposal, choice: str | None) -> Baseline:
    custom = st.session_state.get("custom_frontline")
    if custom and choice == custom[2]:
        return _custom_baseline(custom[0], custom[1])
    return load_baseline(str(proposal.baseline) if choice in (None, OWN) else choice)


def _key(proposal: Proposal, choice: str | None) -> tuple[str, str, str | None]:
    """Hashable cache key: the proposal's JSON, the baseline date, and a digest of a custom line."""
    base = baseline_for(proposal, choice)
    custom = st.session_state.get("custom_frontline")
    digest = hashlib.sha256(custom[0].encode()).hexdigest() if custom and base.date == custom[2] else None
    return proposal.model_dump_json(), base.date, digest


@st.cache_resource(show_spinner=False, max_entries=64)
def _result(proposal_json: str, date: str, custom_digest: str | None) -> Result:
    proposal = Proposal.model_validate_json(proposal_json)
    if custom_digest:
        text, name, _ = st.session_state["custom_frontline"]
        return evaluate(proposal, baseline=_custom_baseline(text, name))
    return evaluate(proposal, date)


@st.cache_data(show_spinner=False, max_entries=64)
def _stats(proposal_json: str, date: str, custom_digest: str | None) -> dict:
    return _result(proposal_json, date, custom_digest).stats()


def result(proposal: Proposal, choice: str | None) -> Result:
    """Zones and numbers for a proposal on a front-line choice, cached across reruns and users."""
    return _result(*_key(proposal, choice))


def stats(proposal: Proposal, choice: str | None) -> dict:
    return _stats(*_key(proposal, choice))


def comparison_date(a: Proposal, b: Proposal, choice: str | None) -> str | None:
    """One front line for both: the chosen one, else the later of their two baseline dates."""
    if choice in (None, OWN):
        return max(str(a.baseline), str(b.baseline))
    return choice


@st.cache_resource(show_spinner=False, max_entries=32)
def _comparison(key_a: tuple, key_b: tuple):
    from geo.compare import compare_results
    return compare_results(_result(*key_a), _result(*key_b))


def comparison(a: Proposal, b: Proposal, choice: str | None):
    date = comparison_date(a, b, choice)
    return _comparison(_key(a, date), _key(b, date))


@st.cache_data(show_spinner=False, max_entries=32)
def _comparison_json(key_a: tuple, key_b: tuple) -> dict:
    return _comparison(key_a, key_b).to_json()


def comparison_json(a: Proposal, b: Proposal, choice: str | None) -> dict:
    date = comparison_date(a, b, choice)
    return _comparison_json(_key(a, date), _key(b, date))
