"""Numbers for many proposals at once, from the disk store first (`cli.py stats --all`).

A warm store answers without the geometry stack: the proposals' JSON and the front-line files'
digests are the keys, so a fresh process never imports geopandas unless something changed.
"""
from __future__ import annotations

from pydantic import ValidationError

from geo import store
from geo.engine.results import ProposalStats


def _read(k: str) -> ProposalStats | None:
    """The stored numbers, typed again; an entry that no longer fits the model is a miss."""
    found = store.get_stats(k)
    try:
        return ProposalStats.model_validate(found) if found is not None else None
    except ValidationError:
        return None


def stored_stats(proposal, date: str | None = None) -> ProposalStats:
    """Numbers of `proposal` on a shipped front line (its own date by default)."""
    date = date or str(proposal.baseline)
    k = store.key(proposal.model_dump_json(), store.shipped_digest(date)) if store.enabled() else None
    found = _read(k) if k else None
    if found is None:
        from geo.engine.evaluate import evaluate  # the geometry stack, only on a miss
        found = evaluate(proposal, date).stats()
        if k:
            store.put_stats(k, found.model_dump(mode="json"))
    return found


def catalog_stats(proposals, date: str | None = None) -> list[ProposalStats]:
    return [stored_stats(p, date) for p in proposals]
