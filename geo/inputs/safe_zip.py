"""Zip archives from users (KMZ, zipped shapefiles), checked before anything is unpacked: how many
members, each member's name (no absolute path, no `..`, no drive), its compression, and each
member's and the total unpacked size as the archive declares them; members are then read in
bounded chunks, so an archive that lies about a size is cut off, never unpacked in full."""
from __future__ import annotations

import io
import zipfile
import zlib

MAX_MEMBERS = 64                    # a shapefile is 4–8 files; a KMZ one KML and a few icons
MAX_UNPACKED = 50 * 1024 * 1024     # all members together, as unpacked
CHUNK = 1 << 20


class ZipRefused(ValueError):
    """Why an archive is refused: `field: what is wrong` (the caller adds the file name)."""


def _unsafe(name: str) -> bool:
    if not name or "\0" in name or name.startswith(("/", "\\")) or ":" in name:
        return True
    return any(part == ".." for part in name.replace("\\", "/").split("/"))


def checked_members(raw: bytes) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive and its file members, once every bound holds; ZipRefused otherwise."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise ZipRefused("zip: not a readable zip archive (corrupt or truncated)") from None
    if len(infos) > MAX_MEMBERS:
        raise ZipRefused(f"zip: {len(infos):,} members; at most {MAX_MEMBERS}")
    total = 0
    for info in infos:
        shown = info.filename[:80]
        if _unsafe(info.filename):
            raise ZipRefused(f"zip: member {shown!r} has an unsafe path (absolute, a drive or '..'); refused")
        if info.flag_bits & 0x1:
            raise ZipRefused(f"zip: member {shown!r} is encrypted")
        if not info.is_dir() and info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ZipRefused(f"zip: member {shown!r} uses an unsupported compression (store or deflate only)")
        total += info.file_size
        if total > MAX_UNPACKED:
            raise ZipRefused(f"zip: unpacks to more than {MAX_UNPACKED // 2**20} MB; at most "
                             f"{MAX_UNPACKED // 2**20} MB")
    return zf, [i for i in infos if not i.is_dir()]


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, read in chunks and never more than its declared (checked) size."""
    out = bytearray()
    try:
        with zf.open(info) as f:
            while True:
                chunk = f.read(CHUNK)
                if not chunk:
                    break
                out += chunk
                if len(out) > info.file_size:
                    raise ZipRefused(f"zip: member {info.filename[:80]!r} unpacks to more than it declares")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as e:
        if isinstance(e, ZipRefused):
            raise
        raise ZipRefused(f"zip: member {info.filename[:80]!r} is corrupt ({type(e).__name__})") from None
    return bytes(out)
