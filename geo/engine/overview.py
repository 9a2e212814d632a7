"""The whole negotiation at a glance: one row of headline figures per proposal, and its camp.

Pure functions over `Result.stats()` values (`ProposalStats`); the overview view, the static site and the
static images all read their figures from here so the numbers agree everywhere.
"""
from __future__ import annotations

import re

from geo.engine.results import ProposalStats
from geo.inputs.boundaries import OFFICIAL_UKRAINE_KM2
from proposals.i18n import N_
from proposals.model import Proposal

# Camps in the order the timeline's legend lists them.
CAMPS: dict[str, str] = {
    "russia": N_("Russia"),
    "united_states": N_("United States"),
    "ukraine_europe": N_("Ukraine and Europe"),
    "joint": N_("US–Ukraine joint drafts"),
    "none": N_("No proposer"),
}
# Camp colours on timelines: Paul Tol's "bright" scheme (colour-blind-safe), apart from the map's statuses.
CAMP_COLORS: dict[str, str] = {"russia": "#EE6677", "united_states": "#4477AA", "ukraine_europe": "#CCBB44",
                               "joint": "#228833", "none": "#BBBBBB", "other": "#AA3377"}

# Who a proposer is, read from the words before any parenthesis or "as reported by": the
# parenthesis often names a messenger or an outside influence ("Russian input reported").
CAMP_WORDS: dict[str, tuple[str, ...]] = {
    "russia": ("Russia", "Russian", "Putin", "Kremlin"),
    "united_states": ("United States", "US", "Trump", "Kellogg", "Witkoff"),
    "ukraine_europe": ("Ukraine", "Ukrainian", "Zelenskyy", "Europe", "European", "E3",
                       "United Kingdom", "France", "Germany", "Coalition of the Willing"),
    "none": ("Nobody",),
}
_LEAD = re.compile(r"\(|,\s*(?:as\s|per\s)|\bas (?:reported|relayed)\b")


def camp_of(proposer: str) -> str:
    """The camp key (see CAMPS) of a proposer's free text; "joint" when the US and Ukraine
    propose together; "other" when no or several unrelated camps are named."""
    lead = _LEAD.split(proposer, maxsplit=1)[0]
    found = {camp for camp, words in CAMP_WORDS.items()
             if any(re.search(rf"\b{re.escape(w)}\b", lead) for w in words)}
    if found == {"united_states", "ukraine_europe"}:
        return "joint"
    return found.pop() if len(found) == 1 else "other"


def camp_label(camp: str) -> str:
    return CAMPS.get(camp, N_("Other"))


# Columns of the overview table, in order: key, header.
COLUMNS: dict[str, str] = {
    "date": N_("date"),
    "title": N_("proposal"),
    "camp": N_("camp"),
    "withdraws_km2": N_("Ukraine withdraws from (km², to Russia or demilitarised)"),
    "russia_withdraws_km2": N_("Russia withdraws from (km²)"),
    "returned_km2": N_("returned to Ukraine (km²)"),
    "demilitarized_km2": N_("demilitarised (km²)"),
    "undecided_km2": N_("left to later talks (km², control unchanged)"),
    "people": N_("pre-war population (GeoNames) of land Ukraine withdraws from"),
    "ukraine_pct": N_("Ukraine controls after (% of 603,628 km²)"),
    "russia_pct": N_("Russia controls after (% of 603,628 km²)"),
    "proposer": N_("proposer"),
    "frontline": N_("front line"),
}

# The figures a timeline can show, key: label.
FIGURES: dict[str, str] = {k: COLUMNS[k] for k in ("withdraws_km2", "russia_withdraws_km2", "returned_km2",
                                                    "demilitarized_km2", "undecided_km2", "people", "ukraine_pct",
                                                    "russia_pct")}


def overview_row(proposal: Proposal, stats: ProposalStats) -> dict:
    """One proposal's headline figures for the overview: km² Ukraine withdraws from (to Russia or
    demilitarised), km² Russia withdraws from, km² left to talks (apart: control unchanged),
    pre-war people (`people_affected`, geo.engine.results.PEOPLE_AFFECTED), and national shares of the
    official area (OFFICIAL_UKRAINE_KM2, 603,628 km²)."""
    ch, ctrl, w = stats.changes_hands, stats.control_after, stats.withdrawals
    total = OFFICIAL_UKRAINE_KM2
    return {
        "id": proposal.id,
        "date": str(proposal.date),
        "title": proposal.title,
        "proposer": proposal.proposer,
        "camp": camp_of(proposal.proposer),
        "withdraws_km2": w.ukraine_withdraws_km2,
        "russia_withdraws_km2": w.russia_withdraws_km2,
        "returned_km2": round(ch.russia_to_ukraine, 1),
        "demilitarized_km2": round(stats.by_status["demilitarized"], 1),
        "undecided_km2": w.left_to_talks_km2,
        "people": stats.people_affected,
        "ukraine_pct": round(100 * ctrl.ukraine / total, 2),
        "russia_pct": round(100 * ctrl.russia / total, 2),
        "frontline": stats.frontline,
    }


def predecessor(rows: list[dict], pid: str) -> str | None:
    """The id of the latest earlier proposal by the same camp (ties by date: the one listed
    before), or None. Used for "how did this camp's demand move" comparisons."""
    by_id = {r["id"]: r for r in rows}
    me = by_id[pid]
    if me["camp"] in ("none", "other"):
        return None
    ordered = sorted(rows, key=lambda r: r["date"])
    earlier = [r for r in ordered[:ordered.index(me)] if r["camp"] == me["camp"]]
    return earlier[-1]["id"] if earlier else None
