"""Build the dated front lines from facts: data/frontline/source/ → data/frontline/DATE.geojson.

Inputs (all authored for this project, see data/PROVENANCE.md):
- source/facts/*.csv: settlements with dated, sourced control events;
- source/rivers.yaml: the river stretches the front follows (the Dnipro since November 2022);
- source/dates.yaml: the dates to build.
For each date the Russian-held area is the union of the Voronoi cells of Russian-held facts,
clipped to Ukraine (geo/inputs/frontline_facts.py). Outputs per date: the area (and any contested
area) as GeoJSON, and edges/DATE.geojson: every stretch of the line with the two settlements
it runs between and their sources. It prints each date's oblast shares, the facts used and a
leave-one-out accuracy.

Usage: python -m scripts.build_frontline [--check]   (--check: report only, write nothing)
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import geopandas as gpd
import shapely
import yaml
from shapely.geometry import Point, mapping
from shapely.ops import substring

from geo.inputs.boundaries import load_oblasts, oblasts_metric, ukraine_metric
from geo.inputs.frontline import FRONTLINE_DIR, Baseline, line_of_contact
from geo.inputs.frontline_facts import (
    REFERENCE_OUTLET,
    RiverStretch,
    front_edges,
    held_areas,
    labelled_points,
    leave_one_out,
    merge_places,
    read_facts,
)
from geo.measure import EQUAL_AREA, GEOGRAPHIC

SOURCE = FRONTLINE_DIR / "source"


def follow_border(pair: list[str], start, end) -> list[tuple[float, float]]:
    """The stretch of the border shared by two oblasts between two points (lon/lat)."""
    units = load_oblasts().set_index("iso").geometry
    shared = shapely.line_merge(units[pair[0]].boundary.intersection(units[pair[1]].boundary))
    if shared.geom_type != "LineString":
        shared = max(shapely.get_parts(shared), key=lambda g: g.length)
    d0, d1 = shared.project(Point(start)), shared.project(Point(end))
    coords = list(substring(shared, min(d0, d1), max(d0, d1)).coords)
    return coords if d0 <= d1 else coords[::-1]


def read_rivers(path: Path) -> list[RiverStretch]:
    out = []
    for r in yaml.safe_load(path.read_text(encoding="utf-8")):
        coords = follow_border(r["follow_border"], r["from"], r["to"]) if "follow_border" in r else r["coords"]
        out.append(RiverStretch(r["name"], tuple(tuple(c) for c in coords), r["since"], r["source"]))
    return out


def read_facts_dir(directory: Path) -> list:
    """Every table in `directory`, one Settlement per place."""
    settlements = []
    for path in sorted(directory.glob("*.csv")):
        settlements += read_facts(path)
    return merge_places(settlements)


def shares(held) -> dict[str, float]:
    m = oblasts_metric()
    return {r.iso: 100 * r.geometry.intersection(held).area / r.geometry.area for r in m.itertuples()}


def _side(p) -> dict:
    e = p.event
    if e is None:
        return {"name": p.name, "source": "river course, source/rivers.yaml"}
    return {"name": p.name, "control": e.control, "since": str(e.date), "event": e.event, "outlet": e.outlet,
            "source_date": e.source_date, "url": e.url}


def latest_fact(points, date: dt.date) -> dt.date | None:
    """The date of the newest report-based event in force on `date` (what the line rests on at the latest).

    A line is as recent as its newest fact, not as its label: measured rows of a reference table and
    the implied "held before a first capture" state (dated after `date`) do not count."""
    dates = [p.event.date for p in points if p.event is not None and p.event.date <= date
             and p.event.outlet != REFERENCE_OUTLET]
    return max(dates) if dates else None


def build(date: dt.date, settlements, rivers, write: bool) -> dict:
    territory = ukraine_metric()
    points = labelled_points(settlements, rivers, date)
    areas = held_areas(points, territory)
    held = shapely.make_valid(areas["russia"])
    baseline = Baseline(str(date), held)
    line = line_of_contact(baseline)
    acc = leave_one_out(points, line)
    facts = [p for p in points if p.event is not None]
    verified = sum(1 for p in facts if p.event.verified)
    latest = latest_fact(points, date)
    info = {
        "date": str(date),
        "latest_fact": str(latest) if latest else None,
        "facts": len(facts),
        "verified_facts": verified,
        "river_points": len(points) - len(facts),
        "russian_held_km2": round(held.area / 1e6, 1),
        "contested_km2": round(areas["contested"].area / 1e6, 1),
        "leave_one_out_10km": [acc.right_10km, acc.near_front_10km],
        "leave_one_out_30km": [acc.right_30km, acc.near_front_30km],
        "shares": {k: round(v, 2) for k, v in shares(held).items() if v > 0.01},
    }
    if write:
        to_geo = lambda g: shapely.set_precision(gpd.GeoSeries([g], crs=EQUAL_AREA).to_crs(GEOGRAPHIC).iloc[0], 1e-5)
        common = {"date": str(date), "approximate": True,
                  "method": "Voronoi edges between settlements of known control; see data/PROVENANCE.md",
                  "source_files": "data/frontline/source/", **{k: info[k] for k in
                  ("latest_fact", "facts", "verified_facts", "leave_one_out_10km", "leave_one_out_30km")}}
        feature = {
            "type": "Feature",
            "properties": {**common, "what": "Russian-held area of Ukraine (Crimea included)"},
            "geometry": mapping(to_geo(held)),
        }
        (FRONTLINE_DIR / f"{date}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": [feature]}, separators=(",", ":")), encoding="utf-8")
        contested = FRONTLINE_DIR / "contested" / f"{date}.geojson"
        contested.unlink(missing_ok=True)
        if not areas["contested"].is_empty:
            contested.parent.mkdir(exist_ok=True)
            feature = {"type": "Feature", "properties": {**common, "what": "contested: fighting reported inside, "
                                                         "neither side in full control; counted as not Russian-held"},
                       "geometry": mapping(to_geo(areas["contested"]))}
            contested.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]},
                                            separators=(",", ":")), encoding="utf-8")
        edges = [{"type": "Feature", "properties": {"russian_side": _side(e.russian_side),
                                                     "ukrainian_side": _side(e.ukrainian_side)},
                  "geometry": mapping(to_geo(e.geometry))} for e in front_edges(points, territory)]
        (FRONTLINE_DIR / "edges").mkdir(exist_ok=True)
        (FRONTLINE_DIR / "edges" / f"{date}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": edges}, separators=(",", ":"), ensure_ascii=False),
            encoding="utf-8")
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    settlements = read_facts_dir(SOURCE / "facts")
    rivers = read_rivers(SOURCE / "rivers.yaml")
    dates = [dt.date.fromisoformat(str(d)) for d in yaml.safe_load((SOURCE / "dates.yaml").read_text())["dates"]]
    names = dict(zip(load_oblasts().iso, load_oblasts().name))
    summary = []
    for date in dates:
        info = build(date, settlements, rivers, write=not args.check)
        summary.append(info)
        a10, a30 = info["leave_one_out_10km"], info["leave_one_out_30km"]
        print(
            f"{date} (latest fact {info['latest_fact']}): {info['russian_held_km2']:,.0f} km² · "
            f"{info['facts']} facts ({info['verified_facts']} sourced) · "
            f"leave-one-out right side {a10[0]}/{a10[1]} within 10 km, {a30[0]}/{a30[1]} within 30 km"
        )
        print(
            "   " + "  ".join(f"{names[k]} {v:.1f}%" for k, v in info["shares"].items() if k not in ("UA-43", "UA-40"))
        )
    if not args.check:
        (FRONTLINE_DIR / "source" / "build-report.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
