"""Every cache of the app, in one place: what it holds, how many, for how long.

Keys are plain values — a proposal's JSON, a front-line date, the SHA-256 of an uploaded file —
never frames or session state, so one reader's work serves every other reader of this server
process. Everything a user can supply (uploads, plans from links and the builder) lands in a
bounded cache: the oldest entries go when the bound is reached. All of it lives until the process
ends or the entry is evicted; nothing expires by time, because nothing here goes stale except the
catalog, which is keyed on its files' names, sizes and modification times.

| cache | holds | bound | shared |
|---|---|---|---|
| `catalog` | the shipped proposals, parsed and checked | 2 versions of the files | all sessions |
| `parsed_upload` | one uploaded YAML file's proposal or errors | 64 files | all sessions |
| `custom_baselines` | uploaded front lines by SHA-256 | 8, plus any a session still shows | all sessions |
| `result` | zones of a proposal on a front line (GeoDataFrame) | 64 | all sessions |
| `stats` | that result's numbers (`geo.engine.results.ProposalStats`) | 64 | all sessions |
| `comparison` | the overlay of two results | 32 | all sessions |
| `comparison_stats` | its numbers (`geo.engine.results.ComparisonStats`) | 32 | all sessions |
| `layer_data` | a result's map layers (compact geometry, geo/maps/encode.py), per language | 64 | all sessions |
| `difference_data` | a comparison's difference layers, per language | 32 | all sessions |
| `thumbnail` | a result's small PNG (overview) | 128 | all sessions |
| `data_zip` | a result's data zip (geo/exports/data_zip.py), built when its button is clicked | 16 | all sessions |
| `comparison_zip` | a comparison's data zip, built when clicked | 16 | all sessions |
| `through_time` | Russian-held km² per line and per oblast on every date (geo.engine.through_time) | 2 | all sessions |
| `multiples_png` | the through-time small multiples as a print PNG, per language | 4 | all sessions |

Below the app: `geo.store` keeps zones and numbers on disk between processes (300 entries,
keyed by engine, proposal and front line); `functools.lru_cache` holds the shipped data once per
process (boundaries, settlements, ten front lines, context layers). Per session, st.session_state
holds only small things: the uploaded proposals, the link's plan, the chosen front line.
"""
from __future__ import annotations

import streamlit as st

from geo.engine.evaluate import Result, default_catalog, evaluate
from geo.engine.results import ComparisonStats, ProposalStats
from geo.engine.through_time import LineHeld, OblastHeld, held_by_date, held_by_oblast
from geo.inputs.frontline import Baseline, BaselineRegistry, FrontlineError, load_baseline
from geo.maps import display
from proposals.catalog import Catalog, LoadError, parse_text
from proposals.model import Proposal

Key = tuple[str, str, str | None]  # (proposal JSON, baseline date, digest of a custom front line)


@st.cache_resource(show_spinner=False, max_entries=2)
def catalog(signature: tuple) -> Catalog:
    return default_catalog()


@st.cache_data(show_spinner=False, max_entries=64)
def parsed_upload(raw: bytes, name: str, dates: tuple[str, ...]) -> tuple[Proposal | None, list[LoadError]]:
    """One uploaded file parsed once per content and name (reruns reuse it)."""
    return parse_text(raw, name, dates)


@st.cache_resource(show_spinner=False)
def custom_baselines() -> BaselineRegistry:
    """Uploaded front lines by the SHA-256 of their bytes (same file, same baseline); bounded."""
    return BaselineRegistry(max_entries=8)


def baseline(date: str, digest: str | None) -> Baseline:
    if not digest:
        return load_baseline(date)
    base = custom_baselines().get(digest)
    if base is None:
        raise FrontlineError(f"{date}: front line: no longer in memory; upload the file again")
    return base


@st.cache_resource(show_spinner=False, max_entries=64)
def result(proposal_json: str, date: str, digest: str | None) -> Result:
    return evaluate(Proposal.model_validate_json(proposal_json), baseline=baseline(date, digest))


@st.cache_data(show_spinner=False, max_entries=64)
def stats(proposal_json: str, date: str, digest: str | None) -> ProposalStats:
    """The numbers alone: a small frozen model (st.cache_data pickles it; no frames)."""
    return result(proposal_json, date, digest).stats()


@st.cache_resource(show_spinner=False, max_entries=32)
def comparison(key_a: Key, key_b: Key):
    from geo.engine.compare import compare_results
    return compare_results(result(*key_a), result(*key_b))


@st.cache_data(show_spinner=False, max_entries=32)
def comparison_stats(key_a: Key, key_b: Key) -> ComparisonStats:
    """The comparison's numbers alone: a small frozen model (pickled by st.cache_data; no frames)."""
    return comparison(key_a, key_b).stats()


@st.cache_data(show_spinner=False, max_entries=64)
def layer_data(proposal_json: str, date: str, digest: str | None, lang: str = "en") -> dict:
    return display.layer_data(result(proposal_json, date, digest), lang)


@st.cache_data(show_spinner=False, max_entries=32)
def difference_data(key_a: Key, key_b: Key, lang: str = "en") -> dict:
    return display.difference_data(comparison(key_a, key_b), lang)


@st.cache_data(show_spinner=False, max_entries=128)
def thumbnail(proposal_json: str, date: str, digest: str | None) -> bytes:
    from geo.images import figure  # matplotlib (0.5 s of imports) only once an image is drawn
    return figure.figure_bytes(figure.thumbnail_figure(result(proposal_json, date, digest)))


@st.cache_data(show_spinner=False, max_entries=2)
def through_time(dates: tuple[str, ...]) -> tuple[list[LineHeld], list[OblastHeld]]:
    """Per shipped date: the whole line's Russian-held km², and each oblast's (small frozen values)."""
    return held_by_date(dates), held_by_oblast(dates)


@st.cache_data(show_spinner=False, max_entries=4)
def multiples_png(dates: tuple[str, ...], lang: str = "en") -> bytes:
    from geo.images import figure, timeline_multiples  # matplotlib only once the image is asked for
    return figure.figure_bytes(timeline_multiples.multiples_figure(through_time(dates)[0], lang=lang))


@st.cache_data(show_spinner=False, max_entries=16)
def data_zip(proposal_json: str, date: str, digest: str | None) -> bytes:
    """zones.geojson, numbers.csv and README.txt of a result (about 160 KB), once per result."""
    from geo.exports.data_zip import proposal_zip
    return proposal_zip(result(proposal_json, date, digest))


@st.cache_data(show_spinner=False, max_entries=16)
def comparison_zip(key_a: Key, key_b: Key) -> bytes:
    """The same for a comparison (the overlay of A and B), once per pair."""
    from geo.exports.data_zip import comparison_zip as build
    return build(comparison(key_a, key_b))
