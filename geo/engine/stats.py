"""Numbers about zones: km² by status, who controls what after, people and cities affected.

Pure functions over the engine's GeoDataFrame (EPSG:3035); the CLI and the UI both call them.
They return the typed values of `geo.engine.results`, whose field names are the `stats --json` keys.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.engine.published import latest_residents, published_for
from geo.engine.results import (
    PEOPLE_AFFECTED,
    POPULATION_NOTE,
    ChangesHands,
    ControlAfter,
    CurrentResidents,
    KeyCity,
    OblastRow,
    People,
    ProposalStats,
    StatusRecognition,
    Transition,
    Withdrawals,
)
from geo.inputs.boundaries import OFFICIAL_UKRAINE_KM2
from proposals.i18n import N_, translator
from proposals.model import CONTROLS, RECOGNITION_LABELS, RECOGNITIONS, STATUS_LABELS, STATUSES, control_of, controls


def by_status(zones: gpd.GeoDataFrame) -> dict[str, float]:
    """km² under each of the nine statuses, all keys present, in legend order."""
    sums = zones.groupby("status")["km2"].sum()
    return {s: round(float(sums.get(s, 0.0)), 1) for s in STATUSES}


def by_recognition(zones: gpd.GeoDataFrame) -> dict[str, float]:
    """km² under each way of treating sovereignty (all five keys, legend order)."""
    sums = zones.groupby("recognition")["km2"].sum()
    return {r: round(float(sums.get(r, 0.0)), 1) for r in RECOGNITIONS}


def by_status_and_recognition(zones: gpd.GeoDataFrame) -> list[StatusRecognition]:
    """km² per (status, recognition) pair that occurs, in legend order: the two dimensions together,
    e.g. land `demilitarized` and recognised as Russian."""
    sums = zones.groupby(["status", "recognition"])["km2"].sum()
    return [StatusRecognition(status=s, recognition=r, km2=round(float(sums[(s, r)]), 1))
            for s in STATUSES for r in RECOGNITIONS if (s, r) in sums.index and sums[(s, r)] > 0]


def phrase(status: str, recognition: str, km2: float, lang: str = "en") -> str:
    """'6,201 km² demilitarised zone, recognised as Russian de facto' — one line for panels and legends."""
    tr = translator(lang)
    return tr("{km2} km² {status}, {recognition}", km2=tr.num(km2), status=tr(STATUS_LABELS[status]).lower(),
              recognition=tr(RECOGNITION_LABELS[recognition]))


def control_after(zones: gpd.GeoDataFrame) -> ControlAfter:
    """km² each side controls after the proposal (neutral = demilitarised); land left to talks
    counts for whoever held it on the front-line date, so `unknown` is 0."""
    ctrl = controls(zones)
    sums = zones.groupby(ctrl)["km2"].sum()
    return ControlAfter(**{c: round(float(sums.get(c, 0.0)), 1) for c in CONTROLS})


def changes_hands(zones: gpd.GeoDataFrame) -> ChangesHands:
    """km² that move: held before (baseline) against control after; and km² left to talks by
    who holds them (they do not move)."""
    ctrl = controls(zones)
    held = zones["held_before"]
    talks = zones["status"] == "undecided"
    km2 = zones["km2"]

    def total(mask) -> float:
        return round(float(km2[mask].sum()), 1)

    return ChangesHands(
        ukraine_to_russia=total((held == "ukraine") & (ctrl == "russia")),
        russia_to_ukraine=total((held == "russia") & (ctrl == "ukraine")),
        ukraine_to_neutral=total((held == "ukraine") & (ctrl == "neutral")),
        russia_to_neutral=total((held == "russia") & (ctrl == "neutral")),
        ukraine_to_unknown=total((held == "ukraine") & (ctrl == "unknown")),
        russia_to_unknown=total((held == "russia") & (ctrl == "unknown")),
        ukraine_held_left_to_talks=total((held == "ukraine") & talks),
        russia_held_left_to_talks=total((held == "russia") & talks),
    )


def withdrawals(zones: gpd.GeoDataFrame, located: gpd.GeoDataFrame) -> Withdrawals:
    """The headline's three figures apart (km²) and the pre-war population (GeoNames) of the land
    Ukraine withdraws from and of the land left to talks; the callout, the PNG, the overview and
    the JSON all read this."""
    ch = changes_hands(zones)
    talks = 0
    if not located.empty:
        talks = int(located.loc[(located["status"] == "undecided") & (located["held_before"] == "ukraine"),
                                "population"].sum())
    return Withdrawals(ukraine_withdraws_km2=ch.ukraine_withdraws_km2, russia_withdraws_km2=ch.russia_withdraws_km2,
                       left_to_talks_km2=ch.left_to_talks_km2,
                       ukraine_withdraws_population_prewar=people_affected(located),
                       left_to_talks_population_prewar=talks)


def current_residents(zones: gpd.GeoDataFrame) -> list[CurrentResidents]:
    """The latest published count of people living now in each oblast where Ukrainian-held land
    is withdrawn from or left to talks (data/tables/current_population.csv)."""
    held = zones["held_before"] == "ukraine"
    touched = held & ((controls(zones) != "ukraine") | (zones["status"] == "undecided"))
    return latest_residents(sorted(set(zones.loc[touched, "oblast"])))


SNAP_M = 3000.0  # coastal towns (Kherson, Ochakiv…) sit up to ~2 km off Natural Earth's coastline


def locate_settlements(zones: gpd.GeoDataFrame, settlements: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each settlement with the zone it falls in (oblast, status, held_before, rule).

    A settlement whose point lies just outside every zone (in the sea or a river on the coarse
    coastline) goes to the nearest zone within 3 km, so Kherson's 279,000 people are not lost.
    """
    cols = [c for c in zones.columns if c not in ("km2", "note", "name")]  # zone attributes to carry
    inside = gpd.sjoin(settlements, zones[cols], how="inner", predicate="within").drop(columns="index_right")
    rest = settlements[~settlements["geonameid"].isin(inside["geonameid"])]
    near = gpd.sjoin_nearest(rest, zones[cols], how="inner", max_distance=SNAP_M).drop(columns="index_right")
    return pd.concat([inside, near]).drop_duplicates("geonameid")


def population_by_status(located: gpd.GeoDataFrame) -> dict[str, People]:
    """Settlements and pre-war population per status, all nine keys."""
    g = located.groupby("status")
    pop = g["population"].sum()
    n = g.size()
    return {s: People(settlements=int(n.get(s, 0)), population=int(pop.get(s, 0))) for s in STATUSES}


def people_affected(located: gpd.GeoDataFrame) -> int:
    """Pre-war population on land Ukraine held before and withdraws from (PEOPLE_AFFECTED).

    The one definition every face uses; land left to talks does not count (Ukraine still holds it).
    """
    if located.empty:
        return 0
    lost = (located["held_before"] == "ukraine") & (controls(located) != "ukraine")
    return int(located.loc[lost, "population"].sum())


def oblast_table(zones: gpd.GeoDataFrame, located: gpd.GeoDataFrame) -> list[OblastRow]:
    """One row per (oblast, status, recognition, held_before): control after, km² and pre-war population."""
    keys = ["oblast", "status", "recognition", "held_before"]
    area = zones.groupby(["name", *keys], as_index=False)["km2"].sum()
    pop = located.groupby(keys, as_index=False)["population"].sum()
    merged = area.merge(pop, on=keys, how="left").fillna({"population": 0})
    order = {s: i for i, s in enumerate(STATUSES)}
    rec_order = {r: i for i, r in enumerate(RECOGNITIONS)}
    merged = merged.assign(_o=merged["status"].map(order), _r=merged["recognition"].map(rec_order)) \
        .sort_values(["oblast", "_o", "_r", "held_before"])
    return [OblastRow(oblast=r.oblast, name=r.name, status=r.status, held_before=r.held_before,
                      control=control_of(r.status, r.held_before), recognition=r.recognition,
                      km2=round(float(r.km2), 1), population=int(r.population)) for r in merged.itertuples()]


def key_cities_by_status(located: gpd.GeoDataFrame) -> pd.DataFrame:
    """The pinned key cities with their status (for 'which cities' lists)."""
    k = located[located["key"]]
    return k[["geonameid", "name", "oblast", "status", "held_before", "population", "role", "lon", "lat"]] \
        .sort_values("population", ascending=False).reset_index(drop=True)


def summary(zones: gpd.GeoDataFrame, located: gpd.GeoDataFrame, *, proposal: str, frontline: str,
            frontline_label: str) -> ProposalStats:
    """Everything the stats JSON and the numbers panel show, from one proposal's zones and the
    settlements located in them (`locate_settlements`), labelled with the proposal id and front line."""
    return ProposalStats(
        proposal=proposal, frontline=frontline, frontline_label=frontline_label,
        total_km2=round(float(zones["km2"].sum()), 1),
        official_ukraine_km2=OFFICIAL_UKRAINE_KM2,
        by_status=by_status(zones),
        by_recognition=by_recognition(zones),
        by_status_and_recognition=by_status_and_recognition(zones),
        control_after=control_after(zones),
        changes_hands=changes_hands(zones),
        people_by_status=population_by_status(located),
        people_affected=people_affected(located),
        people_affected_definition=PEOPLE_AFFECTED,
        population_note=POPULATION_NOTE,
        by_oblast=oblast_table(zones, located),
        key_cities=[KeyCity(geonameid=int(c.geonameid), name=c.name, oblast=c.oblast, status=c.status,
                            held_before=c.held_before, population=int(c.population), role=c.role)
                    for c in key_cities_by_status(located).itertuples()],
        withdrawals=withdrawals(zones, located),
        current_residents=current_residents(zones),
        published_figures=published_for(proposal),
    )


TALKS = "talks"  # in TRANSITIONS: land left to later talks, which stays with whoever holds it
TRANSITIONS = (  # (held before, control after or TALKS, label)
    ("ukraine", "russia", N_("From Ukraine to Russia")),
    ("russia", "ukraine", N_("From Russia back to Ukraine")),
    ("ukraine", "neutral", N_("Ukrainian-held land demilitarised")),
    ("russia", "neutral", N_("Russian-held land demilitarised")),
    ("ukraine", TALKS, N_("Ukrainian-held land left to later talks (Ukraine keeps control until they decide)")),
    ("russia", TALKS, N_("Russian-held land left to later talks (Russia keeps control until they decide)")),
)


def transitions(by_oblast_rows: list[OblastRow], lang: str = "en") -> list[Transition]:
    """What changes hands each way, then what is left to talks, with km² and pre-war people, from
    the per-oblast rows (the label and the oblast names in `lang`)."""
    tr = translator(lang)
    out = []
    for held, ctrl, label in TRANSITIONS:
        rows = [r for r in by_oblast_rows if r.held_before == held
                and (r.status == "undecided" if ctrl == TALKS else r.control == ctrl and r.status != "undecided")]
        km2 = sum(r.km2 for r in rows)
        if km2 > 0:
            out.append(Transition(change=tr(label), km2=round(km2, 1), population=sum(r.population for r in rows),
                                  oblasts=", ".join(sorted({tr.oblast(r.oblast, r.name) for r in rows}))))
    return out
