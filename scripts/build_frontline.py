"""Compile the authored front line (data/frontline/source/line.yaml) into one GeoJSON per date.

The source is a list of line segments from the Russian border in the north-east to the
Black Sea, each with dated versions (a version holds from its date until the next one), plus
dated pockets (closed rings). A segment is either waypoints [[lon, lat], ...] or
`follow_border: [ISO_A, ISO_B]` with `from`/`to` points, which follows the Natural Earth
border shared by two oblasts (the Kakhovka reservoir), so no sliver of the wrong side appears.

The main line plus a closure far outside Ukraine (east and south) makes one polygon;
Russian-held area = (that polygon ∪ pockets) ∩ Ukraine. The result is approximate by
construction: see data/PROVENANCE.md.

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
from shapely.geometry import LineString, Point, Polygon, mapping
from shapely.ops import substring

ROOT = Path(__file__).resolve().parent.parent

from geo.boundaries import load_oblasts

SOURCE = ROOT / "data/frontline/source/line.yaml"
OUT_DIR = ROOT / "data/frontline"


def version_for(versions: dict, date: dt.date):
    """The version in force on `date`: the latest one dated on or before it."""
    keys = sorted(dt.date.fromisoformat(str(k)) for k in versions)
    usable = [k for k in keys if k <= date]
    if not usable:
        return None
    key = usable[-1]
    for k, v in versions.items():
        if dt.date.fromisoformat(str(k)) == key:
            return v
    raise AssertionError


def follow_border(oblasts: gpd.GeoDataFrame, pair: list[str], start, end) -> list[tuple[float, float]]:
    a = oblasts.set_index("iso").geometry[pair[0]]
    b = oblasts.set_index("iso").geometry[pair[1]]
    shared = shapely.line_merge(a.boundary.intersection(b.boundary))
    if shared.geom_type != "LineString":
        parts = sorted(getattr(shared, "geoms", [shared]), key=lambda g: -g.length)
        shared = parts[0]
    d0, d1 = shared.project(Point(start)), shared.project(Point(end))
    piece = substring(shared, min(d0, d1), max(d0, d1))
    coords = list(piece.coords)
    return coords if d0 <= d1 else coords[::-1]


def main_line(source: dict, date: dt.date, oblasts: gpd.GeoDataFrame) -> list[tuple[float, float]]:
    coords: list[tuple[float, float]] = []
    for seg in source["main_line"]:
        v = version_for(seg["versions"], date)
        if v is None:
            raise SystemExit(f"segment {seg['name']}: no version on {date}")
        if isinstance(v, dict) and "follow_border" in v:
            coords += follow_border(oblasts, v["follow_border"], v["from"], v["to"])
        else:
            coords += [tuple(p) for p in v]
    return coords


def russian_held(source: dict, date: dt.date, oblasts: gpd.GeoDataFrame):
    line = main_line(source, date, oblasts)
    ring = line + [tuple(p) for p in source["closure"]]
    area = shapely.make_valid(Polygon(ring))
    for pocket in source.get("pockets", []):
        v = version_for(pocket["versions"], date)
        if v:
            area = area.union(shapely.make_valid(Polygon(v)))
    ukraine = shapely.union_all(oblasts.geometry.values)
    held = shapely.make_valid(area.intersection(ukraine))
    polys = [g for g in getattr(held, "geoms", [held]) if g.geom_type == "Polygon" and g.area > 1e-7]
    return shapely.MultiPolygon(polys), LineString(line)


def report(date: dt.date, held, oblasts: gpd.GeoDataFrame) -> dict[str, float]:
    m = oblasts.to_crs(3035)
    h = gpd.GeoSeries([held], crs=4326).to_crs(3035).iloc[0]
    shares = {}
    for r in m.itertuples():
        inter = r.geometry.intersection(h).area
        if inter > 1e6:
            shares[r.iso] = 100 * inter / r.geometry.area
    total = h.area / 1e6
    return {"shares": shares, "km2": total, "pct": 100 * total / (m.area.sum() / 1e6)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    source = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    oblasts = load_oblasts()
    names = dict(zip(oblasts.iso, oblasts.name))
    for d in source["dates"]:
        date = dt.date.fromisoformat(str(d))
        held, line = russian_held(source, date, oblasts)
        rep = report(date, held, oblasts)
        print(f"{date}: {rep['km2']:,.0f} km² = {rep['pct']:.2f}% of Ukraine (Natural Earth)")
        print("   " + "  ".join(f"{names[k]} {v:.1f}%" for k, v in rep["shares"].items()))
        if args.check:
            continue
        held = shapely.set_precision(held, 1e-5)
        feature = {
            "type": "Feature",
            "properties": {
                "date": str(date),
                "what": "Russian-held area of Ukraine (Crimea included)",
                "approximate": True,
                "method": "authored from public reporting; see data/PROVENANCE.md",
                "source_file": "data/frontline/source/line.yaml",
            },
            "geometry": mapping(held),
        }
        out = OUT_DIR / f"{date}.geojson"
        out.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}, separators=(",", ":")),
                       encoding="utf-8")


if __name__ == "__main__":
    main()
