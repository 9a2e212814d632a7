"""Reading a KML, KMZ, zipped shapefile or GeoPackage with GDAL (pyogrio), every bound checked
first: a zip's members (geo/inputs/safe_zip.py), a KML's DTD and positions (counted in its text),
the layers and the features (the layer's count, before reading). Files are written, under names of
our own, into a temporary folder that is removed after; coordinates come back in EPSG:4326."""
from __future__ import annotations

import re
import tempfile
import warnings
from pathlib import Path

import shapely

from geo.inputs import safe_zip
from geo.inputs.frontline import MAX_FEATURES, MAX_POSITIONS, FrontlineError
from proposals.untrusted import clip_text

MAX_LAYERS = 100          # KML folders or GeoPackage tables
_TEMP = re.compile(r"\S*ppa-line-[^/\s]*/")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_PLACEMARK = re.compile(rb"<(?:[\w.-]+:)?Placemark\b")
KML_BUDGET = 200 * 2**20  # bytes of KML text GDAL may parse in all: once to list the folders, once per folder
_COORDS = re.compile(rb"<(?:[\w.-]+:)?coordinates\b[^>]*>([^<]*)<", re.IGNORECASE)


class LayerChoice(FrontlineError):
    """Several polygon layers and none chosen; `layers` lists them."""

    def __init__(self, message: str, layers: list[str]) -> None:
        super().__init__(message)
        self.layers = layers


def err(name: str, field: str, what: str) -> FrontlineError:
    return FrontlineError(f"{name}: {field}: {what}")


def _check_kml(data: bytes, name: str) -> None:
    """KML text bounds before GDAL sees it: no DTD (entity expansion), placemarks and positions counted."""
    if _DTD.search(data):
        raise err(name, "kml", "declares a DTD or entities; not accepted")
    placemarks = len(_PLACEMARK.findall(data))
    if placemarks > MAX_FEATURES:
        raise err(name, "features", f"{placemarks:,} placemarks; at most {MAX_FEATURES:,}")
    positions = 0
    for m in _COORDS.finditer(data):
        block = m.group(1)
        first = block.split(None, 1)[:1]
        per = max(1, first[0].count(b",")) if first else 1
        positions += block.count(b",") // per
        if positions > MAX_POSITIONS:
            raise err(name, "coordinates", f"more than {MAX_POSITIONS:,} positions")


def _kmz_kml(raw: bytes, name: str) -> bytes:
    zf, infos = _zip(raw, name)
    kmls = [i for i in infos if i.filename.lower().endswith(".kml")]
    if not kmls:
        raise err(name, "kmz", "holds no .kml file")
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
            raise err(name, "zip", f"{stem[:80]}.shp has no {' or '.join('.' + e for e in missing)} beside it")
        for ext, info in parts.items():
            (folder / f"layer{i}.{ext}").write_bytes(_member(zf, info, name))
        layers[stem.rsplit("/", 1)[-1]] = folder / f"layer{i}.shp"
    if not layers:
        raise err(name, "zip", "holds no shapefile (.shp with its .shx and .dbf)")
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
        if type(e).__name__ == "CRSError":
            raise err(name, "crs", f"not a coordinate system that can be used ({clip_text(why, 100)}); fix the "
                      ".prj or save the file in EPSG:4326") from None
        raise err(name, "file", f"cannot be read as {kind} ({type(e).__name__}: {clip_text(why, 120)})") from None


def _pick_layer(sources: dict[str, tuple[Path, str | None]], layer: str | None, name: str, kind: str,
                info: dict[str, dict]) -> list[str]:
    """The layers to read: the chosen one, or the one polygon layer (KML: all its folders)."""
    if layer is not None:
        if layer not in sources:
            raise err(name, "layer", f"no layer {clip_text(layer, 80)!r}; layers: "
                       f"{clip_text(', '.join(sources), 300)}")
        return [layer]
    if kind in ("KML", "KMZ"):
        return list(sources)
    polygonal = [n for n in sources if "polygon" in str(info[n].get("geometry_type") or "").lower()]
    if not polygonal:
        found = ", ".join(f"{n} ({info[n].get('geometry_type') or 'no geometry'})" for n in sources)
        raise err(name, "layer", f"no polygon layer (layers: {clip_text(found, 300)})")
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
        raise err(name, "crs", f"{why} and the coordinates are not degrees (x up to "
                   f"{max(abs(minx), abs(maxx)):,.0f}, y up to {max(abs(miny), abs(maxy)):,.0f}); "
                   "add the .prj file or save the file in EPSG:4326")
    try:
        out = frame.to_crs(4326)
    except Exception as e:
        raise err(name, "crs", f"cannot convert {clip_text(frame.crs.to_string(), 80)} to EPSG:4326 "
                   f"({type(e).__name__})") from None
    if not np.all(np.isfinite(out.total_bounds)):
        raise err(name, "crs", f"coordinates fall outside {clip_text(frame.crs.to_string(), 80)}'s valid area")
    return out


def read_gdal(raw: bytes, name: str, kind: str, layer: str | None):
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
                raise err(name, "layer", f"{len(listed):,} layers; at most {MAX_LAYERS}")
            if kind in ("KML", "KMZ") and (len(listed) + 1) * len(data) > KML_BUDGET:
                most = max(1, KML_BUDGET // max(1, len(data)) - 1)
                raise err(name, "layer", f"{len(listed):,} folders in {len(data) / 2**20:.0f} MB of KML; at most "
                          f"{most} at this size (each folder is read apart): merge them or send a GeoPackage")
            sources = {str(n): (path, str(n)) for n, _ in listed}
        if not sources:
            raise err(name, "geometry", "no polygons (the file has no layers or placemarks)")
        info = {}  # KML: placemarks already counted in the text (each GDAL call parses it all again)
        for n, (p, lyr) in sources.items() if kind not in ("KML", "KMZ") else ():
            info[n] = _gdal("read_info", name, kind, p, layer=lyr, force_feature_count=True)
        chosen = _pick_layer(sources, layer, name, kind, info)
        count = sum(max(0, int(info[n].get("features") or 0)) for n in chosen if n in info)
        if count > MAX_FEATURES:
            raise err(name, "features", f"{count:,} features; at most {MAX_FEATURES:,}")
        frames = []
        for n in chosen:
            p, lyr = sources[n]
            frame = _gdal("read_dataframe", name, kind, p, layer=lyr, max_features=MAX_FEATURES + 1)
            if kind in ("KML", "KMZ") and len(chosen) > 1:
                frame["folder"] = n
            frames.append(_to_degrees(frame, name, prj) if len(frame) else frame)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if len(frame) > MAX_FEATURES:
        raise err(name, "features", f"more than {MAX_FEATURES:,} features")
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
        raise err(name, "geometry", f"no polygons (found {found}); a front line is the Russian-held area "
                   "as polygons")
    return polys, props
