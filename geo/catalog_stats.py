"""Numbers for many proposals at once, from the disk store first (`cli.py stats --all`).

A warm store answers without the geometry stack: the proposals' JSON and the front-line files'
digests are the keys, so a fresh process never imports geopandas unless something changed.
"""
from __future__ import annotations

from geo import store


def _plain(stats) -> dict:
    return stats.model_dump(mode="json") if hasattr(stats, "model_dump") else stats


def stored_stats(proposal, date: str | None = None) -> dict:
    """Numbers of `proposal` on a shipped front line (its own date by default), as JSON values."""
    date = date or str(proposal.baseline)
    k = store.key(proposal.model_dump_json(), store.shipped_digest(date)) if store.enabled() else None
    found = store.get_stats(k) if k else None
    if found is None:
        from geo.evaluate import evaluate  # the geometry stack, only on a miss
        found = _plain(evaluate(proposal, date).stats())
        if k:
            store.put_stats(k, found)
    return found


def catalog_stats(proposals, date: str | None = None) -> list[dict]:
    return [stored_stats(p, date) for p in proposals]
