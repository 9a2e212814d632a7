"""The command line's plain-text reports of a proposal's and a comparison's numbers (English only).

Pure: typed numbers in, lines out, so the shell's output can be tested without running it."""
from __future__ import annotations

from geo.engine.results import ComparisonStats, ProposalStats
from geo.engine.stats import phrase
from proposals.model import DEFAULT_RECOGNITION, STATUS_LABELS


def proposal_lines(title: str, stats: ProposalStats) -> list[str]:
    """km² and pre-war people by status, then the headline figures apart, residents and published figures."""
    out = [f"{title} — front line {stats.frontline} ({stats.frontline_label})"]
    for status, km2 in stats.by_status.items():
        if km2:
            people = stats.people_by_status[status].population
            out.append(f"  {STATUS_LABELS[status]:32s} {km2:10,.0f} km²  {100 * km2 / stats.official_ukraine_km2:5.2f}%"
                       f"  ~{people:,} pre-war population (GeoNames)")
    out += [f"  of which {phrase(row.status, row.recognition, row.km2)}" for row in stats.by_status_and_recognition
            if row.recognition != DEFAULT_RECOGNITION[row.status]]
    w = stats.withdrawals
    out.append(f"  Ukraine withdraws from {w.ukraine_withdraws_km2:,.0f} km² (to Russia or demilitarised) · "
               f"Russia withdraws from {w.russia_withdraws_km2:,.0f} km² · left to later talks "
               f"{w.left_to_talks_km2:,.0f} km² (control unchanged)")
    out += [f"  living there now: {r.oblast} ({r.scope}) about {r.residents:,} on {r.date} "
            f"({r.counted_by} via {r.outlet}, {r.url})" for r in stats.current_residents]
    out += [f"  published: {f.outlet} {f.date}: {f.figure} {f.value:,.0f} {f.unit}; ours "
            f"{getattr(w, f.ours):,.0f} km² ({f.url})" for f in stats.published_figures]
    out.append(f"  (% of Ukraine's official {stats.official_ukraine_km2:,} km²; km² measured on "
               f"{stats.total_km2:,.0f} km² mapped; {stats.population_note})")
    return out


def comparison_lines(a: str, b: str, frontline: str, data: ComparisonStats) -> list[str]:
    """What differs, split into change of hands, of recognition only and of status only, then the matrices."""
    out = [f"{a} → {b} on the front line of {frontline}: {data.changed_km2:,.0f} km² differ — "
           f"{data.changed_control_km2:,.0f} km² change hands, {data.changed_recognition_km2:,.0f} km² "
           f"change only their recognition, {data.changed_status_only_km2:,.0f} km² only their status"]
    out += [f"  {sa:16s} → {sb:16s} {km2:10,.0f} km²" for sa, row in data.matrix.items()
            for sb, km2 in row.items() if km2 and sa != sb]
    out += [f"  recognition {ra} → {rb}, same control: {km2:,.0f} km²" for ra, row in data.recognition_matrix.items()
            for rb, km2 in row.items() if km2 and ra != rb]
    return out
