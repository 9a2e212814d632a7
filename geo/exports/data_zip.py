"""The data behind a map, as one zip: zones.geojson, numbers.csv and README.txt.

A pure function from the engine's results to the bytes of a zip (no drawing library, no app):
the app's download buttons, the static site and `cli.py data` all call it. Zones are dissolved to
one feature per oblast × status — split further where, inside it, the land was held by different
sides on the front-line date or is recognised differently (land left to talks on both sides of the
line keeps each side's part apart). km² are the engine's own, measured on full-resolution geometry
in EPSG:3035, never on the exported shapes. A comparison's zip holds the overlay of A and B: every
feature has one status in A and one in B, so dissolving on `status_a` gives A's map and
`difference != "none"` what differs.

Text from a proposal file (title, notes, sources) is untrusted: in README.txt it is one plain line
each, control and bidirectional-override characters removed; in the GeoJSON and CSV it is data,
written by a JSON and a CSV writer. Member names are constants, never built from that text.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from geo.engine.compare import Comparison, difference_kind
from geo.engine.evaluate import Result
from geo.inputs.boundaries import OFFICIAL_UKRAINE_KM2
from geo.measure import EQUAL_AREA, GEOGRAPHIC, reproject
from proposals.model import (
    CONTROL_LABELS,
    RECOGNITION_LABELS,
    RECOGNITIONS,
    STATUS_LABELS,
    STATUSES,
    Proposal,
    Rule,
    control_of,
)
from proposals.oblasts import oblasts as oblast_table
from proposals.oblasts import resolve_all
from proposals.untrusted import plain

ZONES, NUMBERS, README = "zones.geojson", "numbers.csv", "README.txt"  # the only member names
MEMBERS = (README, ZONES, NUMBERS)
PEOPLE = "population_prewar_geonames"
PROPOSAL_KEYS = ["oblast", "status", "held_before", "recognition"]
PROPOSAL_COLUMNS = ["oblast", "oblast_name", "status", "status_label", "held_before", "control", "recognition",
                    "km2", PEOPLE]
COMPARISON_KEYS = ["oblast", "held_before", "status_a", "recognition_a", "status_b", "recognition_b"]
COMPARISON_COLUMNS = ["oblast", "oblast_name", "held_before", "status_a", "control_a", "recognition_a", "status_b",
                      "control_b", "recognition_b", "difference", "km2", PEOPLE]
COORD_DECIMALS = 6      # ~0.1 m: far finer than the boundaries themselves
ZIP_TIME = (2025, 1, 1, 0, 0, 0)  # fixed, so the same data gives the same bytes

COLUMN_DOC = {
    "oblast": "ISO 3166-2 code of the oblast (UA-14 is Donetsk; UA-43 Crimea, UA-40 Sevastopol, UA-30 Kyiv city)",
    "oblast_name": "its English name",
    "status": "the land's status after the proposal (see Statuses below)",
    "status_label": "the status in words",
    "held_before": "who held the land on the front-line date: ukraine or russia",
    "control": "who controls it after the proposal: ukraine, russia, neutral (demilitarised); land left to talks "
               "stays with whoever held it",
    "recognition": "how its sovereignty is treated after the proposal: " + ", ".join(RECOGNITIONS),
    "status_a": "the status after proposal A", "status_b": "the status after proposal B",
    "control_a": "who controls it after A", "control_b": "who controls it after B",
    "recognition_a": "its recognition after A", "recognition_b": "its recognition after B",
    "difference": "what differs between A and B: control (it changes hands), recognition (same control, another "
                  "legal label), status (same control and recognition, another arrangement) or none",
    "km2": "area in square kilometres (plain number, dot decimal), measured by the engine on full-resolution "
           "Natural Earth boundaries in EPSG:3035 (equal area); the shapes in zones.geojson are the same land",
    PEOPLE: "pre-war population (GeoNames) of the places of 500+ people on this land: a lower bound of who lived "
            "there, far more than live near the front now; not a count of current residents",
}



# ---------- geometry ----------

def _geojson_geometry(geom_3035) -> dict:
    """A zone in WGS84 lon/lat, counter-clockwise exteriors (RFC 7946), coordinates to 6 decimals."""
    geom = reproject(geom_3035, EQUAL_AREA, GEOGRAPHIC)
    geom = shapely.transform(geom, lambda xy: np.round(xy, COORD_DECIMALS))
    return mapping(shapely.orient_polygons(geom))


def _feature_collection(rows: list[dict], geoms: list, name: str, meta: dict) -> str:
    """GeoJSON text; `meta` (what the zones are of) rides along as a foreign member, as JSON data."""
    features = [{"type": "Feature", "properties": r, "geometry": _geojson_geometry(g)} for r, g in zip(rows, geoms)]
    return json.dumps({"type": "FeatureCollection", "name": name, "peace_plan_atlas": meta, "features": features},
                      ensure_ascii=False, separators=(",", ":"))


def _about(p: Proposal) -> dict:
    return {"id": p.id, "title": p.title, "proposer": p.proposer, "date": str(p.date)}


def _meta(baseline, **proposals: Proposal) -> dict:
    return {**{k: _about(p) for k, p in proposals.items()}, "frontline": baseline.date,
            "frontline_latest_fact": baseline.latest_fact or None, "approximate": True,
            "km2": "EPSG:3035, full-resolution geometry", "population": "pre-war population (GeoNames)"}


def _dissolve(pieces: gpd.GeoDataFrame, located: gpd.GeoDataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per distinct `keys`: km² summed from the engine's measure, geometry united, pre-war
    population (GeoNames) of the settlements located in it."""
    groups = pieces.groupby(keys, sort=False)
    frame = groups.agg(km2=("km2", "sum"), oblast_name=("name", "first")).reset_index()
    frame["geometry"] = [shapely.union_all(g.geometry.values) if len(g) > 1 else g.geometry.iloc[0]
                         for _, g in groups]
    if located.empty:
        frame[PEOPLE] = 0
    else:
        pop = located.groupby(keys)["population"].sum().rename(PEOPLE).reset_index()
        frame = frame.merge(pop, on=keys, how="left")
        frame[PEOPLE] = frame[PEOPLE].fillna(0).astype(int)
    return frame


def _order(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Rows by oblast, then statuses and recognitions in legend order."""
    rank = {**{s: i for i, s in enumerate(STATUSES)}, **{r: i for i, r in enumerate(RECOGNITIONS)}}
    ranked = frame.assign(**{f"_{c}": frame[c].map(rank) for c in by if c not in ("oblast", "held_before")})
    cols = [c if c in ("oblast", "held_before") else f"_{c}" for c in by]
    return ranked.sort_values(cols).drop(columns=[c for c in cols if c.startswith("_")]).reset_index(drop=True)


def proposal_rows(result: Result) -> tuple[list[dict], list]:
    """The rows of numbers.csv (also the GeoJSON properties) and their geometry (EPSG:3035)."""
    frame = _order(_dissolve(result.zones, result.located, PROPOSAL_KEYS),
                   ["oblast", "status", "held_before", "recognition"])
    rows = [{"oblast": r.oblast, "oblast_name": r.oblast_name, "status": r.status,
             "status_label": STATUS_LABELS[r.status], "held_before": r.held_before,
             "control": control_of(r.status, r.held_before), "recognition": r.recognition,
             "km2": round(float(r.km2), 2), PEOPLE: int(getattr(r, PEOPLE))} for r in frame.itertuples()]
    return rows, list(frame.geometry)


def comparison_rows(comparison: Comparison) -> tuple[list[dict], list]:
    """The overlay's rows (one status in A and one in B each) and their geometry (EPSG:3035)."""
    pieces = comparison.pieces
    cols = ["geonameid", "status", "recognition"]  # each side already located every settlement in its zones
    located = comparison.a.located[["oblast", "held_before", "population", *cols]].merge(
        comparison.b.located[cols], on="geonameid", suffixes=("_a", "_b"))
    frame = _order(_dissolve(pieces, located, COMPARISON_KEYS),
                   ["oblast", "held_before", "status_a", "recognition_a", "status_b", "recognition_b"])
    rows = []
    for r in frame.itertuples():
        ca, cb = control_of(r.status_a, r.held_before), control_of(r.status_b, r.held_before)
        kind = difference_kind(ca, cb, r.recognition_a, r.recognition_b, r.status_a, r.status_b)
        rows.append({"oblast": r.oblast, "oblast_name": r.oblast_name, "held_before": r.held_before,
                     "status_a": r.status_a, "control_a": ca, "recognition_a": r.recognition_a,
                     "status_b": r.status_b, "control_b": cb, "recognition_b": r.recognition_b,
                     "difference": kind or "none", "km2": round(float(r.km2), 2), PEOPLE: int(getattr(r, PEOPLE))})
    return rows, list(frame.geometry)


# ---------- numbers.csv ----------

def numbers_csv(rows: list[dict], columns: list[str]) -> bytes:
    """UTF-8 with a byte-order mark (spreadsheets then read it as UTF-8), a header row, plain numbers."""
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow({**r, "km2": f"{r['km2']:.2f}"})
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# ---------- README.txt ----------

def where_text(rule: Rule) -> str:
    """A rule's selector in plain English."""
    w = rule.where
    codes = resolve_all(w.oblasts) if w.oblasts else None
    table = oblast_table()
    parts = ["all of Ukraine" if codes is None or len(codes) == len(table)
             else ", ".join(f"{table[c].name} ({c})" for c in codes)]
    if w.held_by != "any":
        parts.append(f"{'Ukrainian' if w.held_by == 'ukraine' else 'Russian'}-held on the front-line date")
    if w.within_km_of_line:
        parts.append(f"within {w.within_km_of_line:g} km of the line of contact ({w.side or 'both'} side"
                     f"{'s' if (w.side or 'both') == 'both' else ''})")
    if w.area is not None:
        a = w.area.around
        parts.append(f"within {a.radius_km:g} km of {a.lat:.4f} N, {a.lon:.4f} E" if a else "inside a drawn area")
    return "; ".join(parts)


def _proposal_block(p: Proposal, label: str = "") -> list[str]:
    head = f"Proposal {label}: " if label else "Proposal: "
    lines = [head + plain(p.title), f"  id: {plain(p.id)}", f"  proposer: {plain(p.proposer)}",
             f"  date: {p.date}", f"  kind: {plain(p.status)}", f"  summary: {plain(p.summary)}", "",
             "  Rules (applied in order; a later rule wins where two apply; land no rule touches keeps its "
             "front-line status: Ukrainian-held stays Ukrainian, Russian-held stays occupied):"]
    if not p.rules:
        lines.append("  (none: the front line as it stands)")
    sources = {s.id: s for s in p.sources}
    for i, rule in enumerate(p.rules, 1):
        rec = f", {RECOGNITION_LABELS[rule.recognition]}" if rule.recognition else ""
        flag = " [unverified: no source confirms it]" if rule.unverified else ""
        lines.append(f"  {i}. [{plain(rule.id)}] {STATUS_LABELS[rule.status]}{rec}: {where_text(rule)}{flag}")
        if rule.note:
            lines.append(f"     note: {plain(rule.note)}")
        for sid in rule.sources:
            s = sources[sid]
            lines.append(f"     source: {plain(s.outlet)}, {'about ' if s.date_approximate else ''}{s.date}, "
                         f"{plain(s.url)}")
    lines += ["", "  Sources:"]
    for s in p.sources:
        lines.append(f"  - [{plain(s.id)}] {plain(s.outlet)}, {'about ' if s.date_approximate else ''}{s.date}: "
                     f"{plain(s.url)}" + (" (low quality: corroboration only)" if s.quality == "low" else ""))
        lines.append(f"    supports: {plain(s.supports)}")
    return lines + [""]


def _frontline_lines(baseline) -> list[str]:
    latest = baseline.latest_fact or "unknown (a front line from your own file)"
    return [f"Front line: {plain(baseline.date)} ({plain(baseline.label)}); newest report it rests on: {latest}", ""]


METHOD = [
    "Method",
    "------",
    "Zones: the proposal's territorial rules are applied in order over the front line (Ukrainian-held land "
    "starts as 'ukraine', Russian-held land as 'occupied'); each rule relabels the part of the land its "
    "selector picks (oblasts, who held it, a band along the line of contact measured in true kilometres, "
    "an area). The result is a partition of Ukraine: no overlaps, no gaps. It is approximate: the front line "
    "is built by this project from dated reports about places and is accurate to a few kilometres, not to "
    "a village; proposals are often vague and the rules are our reading of their sources.",
    "Areas: km2 are measured on full-resolution Natural Earth boundaries in EPSG:3035 (equal area); they sum "
    "to 599,094 km2, the mapped area of Ukraine. Shares of Ukraine, where quoted, are of the official "
    f"{OFFICIAL_UKRAINE_KM2:,} km2 (State Statistics Service); Natural Earth is coarse for a few units "
    "(Kyiv city about twice its size, Kherson about 8% small).",
    "People: pre-war population (GeoNames) of places of 500+ people, each counted in the zone its point lies "
    "in (within 3 km of the coast: the nearest zone). A lower bound of who lived there before the war, and "
    "far more than live near the front now.",
    "Geometry: WGS84 longitude/latitude (EPSG:4326), coordinates to 6 decimals, exterior rings "
    "counter-clockwise (RFC 7946).",
    "",
    "Statuses: " + "; ".join(f"{s} = {STATUS_LABELS[s]}" for s in STATUSES) + ".",
    "Control: " + "; ".join(f"{c} = {CONTROL_LABELS[c]}" for c in ("ukraine", "russia", "neutral")) + ".",
    "Recognition: " + "; ".join(f"{r} = {RECOGNITION_LABELS[r]}" for r in RECOGNITIONS) + ".",
    "",
]

CREDITS = [
    "Credits and licences",
    "--------------------",
    "Boundaries: Natural Earth (naturalearthdata.com), public domain.",
    "Places and pre-war populations: GeoNames (geonames.org), CC BY 4.0 - attribution: GeoNames.org.",
    "Front lines: built by Peace Plan Atlas from dated public reports about places (captures, liberations, "
    "claims and denials); approximate; no published front-line map or dataset was traced.",
    "Zones and numbers: Peace Plan Atlas. Cite as: Peace Plan Atlas, with the proposal and the front-line date.",
    "",
]


def _files_and_columns(columns: list[str], comparison: bool) -> list[str]:
    what = ("one feature per oblast and pair of statuses (A, B), split where who held the land or its "
            "recognition differs" if comparison else
            "one feature per oblast and status, split where who held the land or its recognition differs")
    lines = ["Files", "-----", f"{ZONES}  the zones, {what}; properties are the columns below",
             f"{NUMBERS}    the same rows as a table (UTF-8 with BOM, comma-separated, dot decimal, "
             "no thousands separators)", f"{README}     this file", "", "Columns", "-------"]
    return lines + [f"{c}: {COLUMN_DOC[c]}" for c in columns] + [""]


def _readme(title: str, blocks: list[str], baseline, columns: list[str], comparison: bool) -> bytes:
    lines = [title, "=" * len(title), "", *_frontline_lines(baseline), *blocks,
             *_files_and_columns(columns, comparison), *METHOD, *CREDITS]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


# ---------- the zip ----------

def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in MEMBERS:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, files[name])
    return buf.getvalue()


def proposal_zip(result: Result) -> bytes:
    """README.txt, zones.geojson and numbers.csv of one proposal on one front line."""
    rows, geoms = proposal_rows(result)
    p = result.proposal
    return _zip({
        README: _readme("Peace Plan Atlas - the data behind the map", _proposal_block(p), result.baseline,
                        PROPOSAL_COLUMNS, comparison=False),
        ZONES: _feature_collection(rows, geoms, "zones", _meta(result.baseline, proposal=p)).encode("utf-8"),
        NUMBERS: numbers_csv(rows, PROPOSAL_COLUMNS),
    })


def comparison_zip(comparison: Comparison) -> bytes:
    """README.txt, zones.geojson and numbers.csv of two proposals overlaid on one front line."""
    rows, geoms = comparison_rows(comparison)
    blocks = _proposal_block(comparison.a.proposal, "A") + _proposal_block(comparison.b.proposal, "B")
    return _zip({
        README: _readme("Peace Plan Atlas - the data behind the comparison", blocks, comparison.a.baseline,
                        COMPARISON_COLUMNS, comparison=True),
        ZONES: _feature_collection(rows, geoms, "comparison", _meta(comparison.a.baseline, a=comparison.a.proposal,
                                                                    b=comparison.b.proposal)).encode("utf-8"),
        NUMBERS: numbers_csv(rows, COMPARISON_COLUMNS),
    })
