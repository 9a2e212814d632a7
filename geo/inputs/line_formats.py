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
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from geo.inputs.frontline import (
    MAX_BYTES,
    MAX_POSITIONS,
    Baseline,
    FrontlineError,
    baseline_from_geojson,
    baseline_from_geometry,
    geojson_polygons,
    polygon_parts,
)
from geo.inputs.line_gdal import LayerChoice, read_gdal
from geo.inputs.line_gdal import err as _err
from proposals.untrusted import clip_text

__all__ = ["LayerChoice", "LineFile", "LineFilter", "baseline_from_line", "load_line_bytes", "load_user_baseline",
           "parse_filter", "read_line"]

MAX_VALUES = 50           # distinct values of a property offered as categories
FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".kml": "KML", ".kmz": "KMZ", ".zip": "Shapefile",
           ".gpkg": "GeoPackage"}
CONTENT = {"GeoJSON": "json", "KML": "xml", "KMZ": "zip", "Shapefile": "zip", "GeoPackage": "sqlite"}
DESCRIBED = {"json": "JSON text", "xml": "XML (KML)", "zip": "a zip archive", "sqlite": "an SQLite database",
             None: "none of the supported formats"}
SUPPORTED = "GeoJSON (.geojson, .json), KML (.kml), KMZ (.kmz), a zipped shapefile (.zip), GeoPackage (.gpkg)"


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
            polys, props = read_gdal(raw, name, kind, layer)
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


def parse_filter(name: str, spec: str | None, contested: str | None = None) -> LineFilter | None:
    """`FIELD=VALUE[,VALUE]` (and contested `VALUE[,VALUE]` of the same field) as a filter; None for none."""
    if not spec:
        if contested:
            raise _err(name, "--frontline-contested", "needs --frontline-filter FIELD=VALUE")
        return None
    field, eq, values = spec.partition("=")
    picked = tuple(v.strip() for v in values.split(",") if v.strip())
    if not eq or not field.strip() or not picked:
        raise _err(name, "--frontline-filter", "give FIELD=VALUE[,VALUE], e.g. Name=occupied")
    grey = tuple(v.strip() for v in (contested or "").split(",") if v.strip())
    return LineFilter(field.strip(), picked, grey)


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
                listed = ", ".join(sorted({p[f.field] for p in line.properties if f.field in p}))
                raise _err(name, "filter", f"{clip_text(f.field, 80)} has no value {clip_text(v, 80)!r}; values: "
                           f"{clip_text(listed, 300)}")
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
