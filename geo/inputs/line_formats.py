"""A user's own front line in any common format: GeoJSON, KML, KMZ, a zipped shapefile or a
GeoPackage, read from bytes into polygons in EPSG:4326 with their text properties.

The format is the one both the extension and the first bytes say (a `.kml` holding a zip is
refused). Bounds hold before work: the file (20 MB), a zip's members (how many, their names, the
unpacked size, geo/inputs/safe_zip.py), a KML's positions (counted in its text before parsing),
layers, features (from the layer's count before reading) and positions. Any CRS is reprojected to
EPSG:4326; a file without one is taken as degrees only if its coordinates are. A filter picks the
polygons counted as Russian-held (and those drawn as contested) by one property's values.
Every error is `FILE: field: what is wrong`.
"""
from __future__ import annotations

import hashlib
import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from geo.inputs import safe_zip
from geo.inputs.frontline import (MAX_BYTES, MAX_FEATURES, MAX_POSITIONS, Baseline, FrontlineError,
                                  baseline_from_geojson, baseline_from_geometry, geojson_polygons, polygon_parts)
from proposals.untrusted import clip_text

MAX_LAYERS = 100          # KML folders or GeoPackage tables
MAX_VALUES = 50           # distinct values of a property offered as categories
FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".kml": "KML", ".kmz": "KMZ", ".zip": "Shapefile",
           ".gpkg": "GeoPackage"}
CONTENT = {"GeoJSON": "json", "KML": "xml", "KMZ": "zip", "Shapefile": "zip", "GeoPackage": "sqlite"}
DESCRIBED = {"json": "JSON text", "xml": "XML (KML)", "zip": "a zip archive", "sqlite": "an SQLite database",
             None: "none of the supported formats"}
SUPPORTED = "GeoJSON (.geojson, .json), KML (.kml), KMZ (.kmz), a zipped shapefile (.zip), GeoPackage (.gpkg)"
_TEMP = re.compile(r"\S*ppa-line-[^/\s]*/")
_COORDS = re.compile(rb"<(?:[\w.-]+:)?coordinates\b[^>]*>([^<]*)<", re.IGNORECASE)


class LayerChoice(FrontlineError):
    """Several polygon layers and none chosen; `layers` lists them."""

    def __init__(self, message: str, layers: list[str]) -> None:
        super().__init__(message)
        self.layers = layers


@dataclass(frozen=True)
class LineFilter:
    """Polygons whose `field` is one of `values` are Russian-held; one of `contested`, contested."""

    field: str
    values: tuple[str, ...]
    contested: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineFile:
    """A read front-line file: its polygons (EPSG:4326) and each one's text properties."""

    name: str
    kind: str
    polygons: tuple[BaseGeometry, ...]
    properties: tuple[dict, ...]
    digest: str       # SHA-256 of the bytes and the layer read

    def categories(self) -> dict[str, list[str]]:
        """Text properties with 2 to MAX_VALUES distinct values, the likeliest category first."""
        out = {}
        for field in dict.fromkeys(k for p in self.properties for k in p):
            values = sorted({p[field] for p in self.properties if p.get(field)})
            if 2 <= len(values) <= MAX_VALUES:
                out[field] = values
        n = len(self.polygons)  # a KML folder first; a property naming each polygon apart last
        return dict(sorted(out.items(), key=lambda kv: (kv[0] != "folder", kv[0].lower() in ("id", "fid"),
                                                        len(kv[1]) == n, len(kv[1]))))


def _err(name: str, field: str, what: str) -> FrontlineError:
    return FrontlineError(f"{name}: {field}: {what}")


def sniff(raw: bytes) -> str | None:
    """What the first bytes say the content is: json, xml, zip, sqlite or None."""
    if raw[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if raw.startswith(b"SQLite format 3\x00"):
        return "sqlite"
    head = raw[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "json"
    if head[:1] == b"<":
        return "xml"
    return None


def detect(raw: bytes, name: str) -> str:
    """The format, when the extension and the content agree."""
    kind = FORMATS.get(Path(name).suffix.lower())
    if kind is None:
        raise _err(name, "file", f"unknown extension {Path(name).suffix[:12]!r}; give {SUPPORTED}")
    found = sniff(raw)
    if found != CONTENT[kind]:
        raise _err(name, "file", f"named {Path(name).suffix.lower()} ({kind}) but its content is {DESCRIBED[found]}")
    if kind == "GeoPackage" and raw[68:72] not in (b"GPKG", b"GP10", b"GP11"):
        raise _err(name, "file", "an SQLite database but not a GeoPackage (no GPKG application id)")
    return kind


def _check_kml(data: bytes, name: str) -> None:
    """KML text bounds before GDAL sees it: no DTD (entity expansion), positions counted."""
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise _err(name, "kml", "declares a DTD or entities; not accepted")
    positions = 0
    for m in _COORDS.finditer(data):
        block = m.group(1)
        first = block.split(None, 1)[:1]
        per = max(1, first[0].count(b",")) if first else 1
        positions += block.count(b",") // per
        if positions > MAX_POSITIONS:
            raise _err(name, "coordinates", f"more than {MAX_POSITIONS:,} positions")


def _kmz_kml(raw: bytes, name: str) -> bytes:
    zf, infos = _zip(raw, name)
    kmls = [i for i in infos if i.filename.lower().endswith(".kml")]
    if not kmls:
        raise _err(name, "kmz", "holds no .kml file")
    doc = next((i for i in kmls if i.filename.lower() == "doc.kml"), kmls[0])  # KMZ: doc.kml or the first
    return _member(zf, doc, name)


def _zip(raw: bytes, name: str):
    try:
        return safe_zip.checked_members(raw)
    except safe_zip.ZipRefused as e:
        raise FrontlineError(f"{name}: {e}") from None


def _member(zf, info, name: str) -> bytes:
    try:
        return safe_zip.read_member(zf, info)
    except safe_zip.ZipRefused as e:
        raise FrontlineError(f"{name}: {e}") from None


def _shapefiles(raw: bytes, name: str, folder: Path) -> dict[str, Path]:
    """Unpack each complete shapefile (.shp, .shx, .dbf; .prj, .cpg if there) into `folder` under a
    name of our own; layer (the .shp's stem) → path."""
    zf, infos = _zip(raw, name)
    groups: dict[str, dict[str, object]] = {}
    for info in infos:
        if info.filename.startswith("__MACOSX/"):
            continue
        stem, dot, ext = info.filename.rpartition(".")
        if dot and ext.lower() in ("shp", "shx", "dbf", "prj", "cpg"):
            groups.setdefault(stem, {})[ext.lower()] = info
    layers = {}
    for i, (stem, parts) in enumerate(sorted(groups.items())):
        if "shp" not in parts:
            continue
        missing = [e for e in ("shx", "dbf") if e not in parts]
        if missing:
            raise _err(name, "zip", f"{stem[:80]}.shp has no {' or '.join('.' + e for e in missing)} beside it")
        for ext, info in parts.items():
            (folder / f"layer{i}.{ext}").write_bytes(_member(zf, info, name))
        layers[stem.rsplit("/", 1)[-1]] = folder / f"layer{i}.shp"
    if not layers:
        raise _err(name, "zip", "holds no shapefile (.shp with its .shx and .dbf)")
    return layers


def _gdal(call, name: str, kind: str, *args, **kwargs):
    import pyogrio
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return getattr(pyogrio, call)(*args, **kwargs)
    except FrontlineError:
        raise
    except Exception as e:  # GDAL's errors, one line
        why = _TEMP.sub("", str(e))  # our temporary folder is no business of the reader's
        raise _err(name, "file", f"cannot be read as {kind} ({type(e).__name__}: {clip_text(why, 120)})") from None


def _pick_layer(sources: dict[str, tuple[Path, str | None]], layer: str | None, name: str, kind: str,
                info: dict[str, dict]) -> list[str]:
    """The layers to read: the chosen one, or the one polygon layer (KML: all its folders)."""
    if layer is not None:
        if layer not in sources:
            raise _err(name, "layer", f"no layer {clip_text(layer, 80)!r}; layers: "
                       f"{clip_text(', '.join(sources), 300)}")
        return [layer]
    if kind in ("KML", "KMZ"):
        return list(sources)
    polygonal = [n for n in sources if "polygon" in str(info[n].get("geometry_type") or "").lower()]
    if not polygonal:
        found = ", ".join(f"{n} ({info[n].get('geometry_type') or 'no geometry'})" for n in sources)
        raise _err(name, "layer", f"no polygon layer (layers: {clip_text(found, 300)})")
    if len(polygonal) > 1:
        raise LayerChoice(f"{name}: layer: {len(polygonal)} polygon layers ({clip_text(', '.join(polygonal), 300)}); "
                          "choose one (CLI: --frontline-layer NAME)", polygonal)
    return polygonal


def _to_degrees(frame, name: str, prj_given: bool):
    """The frame in EPSG:4326: reprojected from its CRS, or taken as degrees if it has none and
    its coordinates are degrees."""
    import numpy as np
    bounds = frame.total_bounds
    if not np.all(np.isfinite(bounds)):
        return frame
    if frame.crs is None:
        minx, miny, maxx, maxy = bounds
        if -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90:
            return frame.set_crs(4326)
        why = "its .prj is not a coordinate system GDAL knows" if prj_given else "no coordinate system (.prj)"
        raise _err(name, "crs", f"{why} and the coordinates are not degrees (x up to "
                   f"{max(abs(minx), abs(maxx)):,.0f}, y up to {max(abs(miny), abs(maxy)):,.0f}); "
                   "add the .prj file or save the file in EPSG:4326")
    try:
        out = frame.to_crs(4326)
    except Exception as e:
        raise _err(name, "crs", f"cannot convert {clip_text(frame.crs.to_string(), 80)} to EPSG:4326 "
                   f"({type(e).__name__})") from None
    if not np.all(np.isfinite(out.total_bounds)):
        raise _err(name, "crs", f"coordinates fall outside {clip_text(frame.crs.to_string(), 80)}'s valid area")
    return out


def _read_gdal(raw: bytes, name: str, kind: str, layer: str | None):
    """(polygons, properties) of a KML, KMZ, zipped shapefile or GeoPackage."""
    import pandas as pd
    with tempfile.TemporaryDirectory(prefix="ppa-line-") as tmp:
        folder = Path(tmp)
        prj = False
        if kind == "Shapefile":
            paths = _shapefiles(raw, name, folder)
            sources = {n: (p, None) for n, p in paths.items()}
            prj = any(p.with_suffix(".prj").exists() for p in paths.values())
        else:
            data = _kmz_kml(raw, name) if kind == "KMZ" else raw
            if kind in ("KML", "KMZ"):
                _check_kml(data, name)
            path = folder / ("line.kml" if kind in ("KML", "KMZ") else "line.gpkg")
            path.write_bytes(data)
            listed = _gdal("list_layers", name, kind, path)
            if len(listed) > MAX_LAYERS:
                raise _err(name, "layer", f"{len(listed):,} layers; at most {MAX_LAYERS}")
            sources = {str(n): (path, str(n)) for n, _ in listed}
        if not sources:
            raise _err(name, "geometry", "no polygons (the file has no layers or placemarks)")
        info = {}
        for n, (p, lyr) in sources.items():
            info[n] = _gdal("read_info", name, kind, p, layer=lyr, force_feature_count=True)
        chosen = _pick_layer(sources, layer, name, kind, info)
        count = sum(max(0, int(info[n].get("features") or 0)) for n in chosen)
        if count > MAX_FEATURES:
            raise _err(name, "features", f"{count:,} features; at most {MAX_FEATURES:,}")
        frames = []
        for n in chosen:
            p, lyr = sources[n]
            frame = _gdal("read_dataframe", name, kind, p, layer=lyr, max_features=MAX_FEATURES + 1)
            if kind in ("KML", "KMZ") and len(chosen) > 1:
                frame["folder"] = n
            frames.append(_to_degrees(frame, name, prj) if len(frame) else frame)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if len(frame) > MAX_FEATURES:
        raise _err(name, "features", f"more than {MAX_FEATURES:,} features")
    text_cols = [c for c in frame.columns if c != frame.geometry.name]  # values kept only where text
    polys, props, other = [], [], {}
    for i, geom in enumerate(frame.geometry.values):
        if geom is None or geom.is_empty:
            continue
        parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
        if not parts:
            other[geom.geom_type] = other.get(geom.geom_type, 0) + 1
            continue
        polys.append(shapely.force_2d(shapely.union_all(parts)))
        props.append({c: clip_text(v, 200).strip() for c in text_cols
                      if isinstance(v := frame[c].iat[i], str) and v.strip()})
    if not polys:
        found = ", ".join(f"{n} {t}" for t, n in other.items()) or "no geometry"
        raise _err(name, "geometry", f"no polygons (found {found}); a front line is the Russian-held area "
                   "as polygons")
    return polys, props


def read_line(raw: bytes, name: str, layer: str | None = None) -> LineFile:
    """A front-line file's polygons and properties; FrontlineError (LayerChoice for several
    polygon layers and none chosen) when a bound or a check fails."""
    name = clip_text(name, 200)
    if len(raw) > MAX_BYTES:
        raise _err(name, "file", f"larger than {MAX_BYTES // 2**20} MB")
    kind = detect(raw, name)
    if kind == "GeoJSON":
        if layer is not None:
            raise _err(name, "layer", "a GeoJSON file has no layers")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _err(name, "file", "not UTF-8 text") from None
        pairs = geojson_polygons(text, name)
        polys = [p for _, p in pairs]
        props = [{k: clip_text(v, 200).strip() for k, v in pr.items() if isinstance(v, str) and v.strip()}
                 for pr, _ in pairs]
    else:
        try:
            polys, props = _read_gdal(raw, name, kind, layer)
        except FrontlineError:
            raise
        except Exception as e:  # one line, never a traceback
            raise _err(name, "file", f"cannot be read as {kind} ({type(e).__name__}: {clip_text(e, 120)})") from None
    positions = sum(int(shapely.get_num_coordinates(p)) for p in polys)
    if positions > MAX_POSITIONS:
        raise _err(name, "geometry", f"{positions:,} positions; at most {MAX_POSITIONS:,}")
    for p in polys:
        minx, miny, maxx, maxy = p.bounds
        if not (-180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90):
            raise _err(name, "geometry", "coordinates are not longitude/latitude; give EPSG:4326 degrees")
    digest = hashlib.sha256(raw + b"\0layer\0" + (layer or "").encode()).hexdigest()
    return LineFile(name, kind, tuple(polys), tuple(props), digest)


def _matching(line: LineFile, field: str, values: tuple[str, ...]) -> list[BaseGeometry]:
    wanted = {v.strip().casefold() for v in values}
    return [g for g, p in zip(line.polygons, line.properties) if p.get(field, "").casefold() in wanted]


def baseline_from_line(line: LineFile, line_filter: LineFilter | None = None, date: str = "custom",
                       label: str | None = None) -> Baseline:
    """The Russian-held area of a read file: every polygon, or those the filter picks."""
    name, f = line.name, line_filter
    if f is None:
        held, grey = line.polygons, []
        digest = line.digest
    else:
        known = sorted({k for p in line.properties for k in p})
        if f.field not in known:
            raise _err(name, "filter", f"no text property {clip_text(f.field, 80)!r}; properties: "
                       f"{clip_text(', '.join(known) or 'none', 300)}")
        present = {p[f.field].casefold() for p in line.properties if f.field in p}
        for v in (*f.values, *f.contested):
            if v.strip().casefold() not in present:
                raise _err(name, "filter", f"{clip_text(f.field, 80)} has no value {clip_text(v, 80)!r}; values: "
                           f"{clip_text(', '.join(sorted({p[f.field] for p in line.properties if f.field in p})), 300)}")
        held, grey = _matching(line, f.field, f.values), _matching(line, f.field, f.contested)
        if not held:
            raise _err(name, "filter", "picks no polygon as Russian-held")
        digest = hashlib.sha256(f"{line.digest}\0{f!r}".encode()).hexdigest()
    geom = polygon_parts(shapely.make_valid(shapely.union_all(list(held))))
    if geom.is_empty or geom.area == 0:
        raise _err(name, "geometry", "the polygons enclose no area")
    contested = polygon_parts(shapely.make_valid(shapely.union_all(grey))) if grey else None
    return baseline_from_geometry(geom, name, digest, date=date, label=label, contested=contested)


def load_line_bytes(raw: bytes, name: str, layer: str | None = None, line_filter: LineFilter | None = None,
                    date: str = "custom", label: str | None = None) -> Baseline:
    """A baseline from a file's bytes in any supported format (a plain GeoJSON as it always was)."""
    if layer is None and line_filter is None and len(raw) <= MAX_BYTES and detect(raw, name) == "GeoJSON":
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _err(clip_text(name, 200), "file", "not UTF-8 text") from None
        return baseline_from_geojson(text, name, date=date, label=label)
    return baseline_from_line(read_line(raw, name, layer), line_filter, date=date, label=label)


def load_user_baseline(path: Path, layer: str | None = None, line_filter: LineFilter | None = None) -> Baseline:
    """A user's own file of the Russian-held area (CLI --frontline-file); errors name the file."""
    if not path.is_file():
        raise FrontlineError(f"{path}: file not found")
    if path.stat().st_size > MAX_BYTES:
        raise _err(str(path), "file", f"larger than {MAX_BYTES // 2**20} MB")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise _err(str(path), "file", e.strerror or "cannot read") from None
    return load_line_bytes(raw, str(path), layer=layer, line_filter=line_filter, date=path.stem)
