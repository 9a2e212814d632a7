"""Load proposal files: every problem reported as `FILE: field: what is wrong`, the rest kept."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml
from pydantic import ValidationError

from proposals.model import Proposal

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class LoadError:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass
class Catalog:
    proposals: dict[str, Proposal] = field(default_factory=dict)
    errors: list[LoadError] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # id -> file name


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def _messages(err: ValidationError) -> list[tuple[str, str]]:
    out = []
    for e in err.errors():
        loc = tuple(p for p in e["loc"] if p not in ("function-after",))
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown field"
        elif e["type"] == "literal_error":
            msg = f"{e.get('input')!r} is not allowed; " + msg.removeprefix("Input should be ").replace("Input should be", "")
            msg = msg.replace("; ", "; expected ", 1)
        where = _loc(loc)
        nested = re.match(r"^([A-Za-z_][\w\[\]\.]*): (.+)$", msg)
        if nested:  # model-level checks name their own field, relative to where they sit
            where = nested.group(1) if where == "(file)" else f"{where}.{nested.group(1)}"
            msg = nested.group(2)
        out.append((where, msg))
    return out


def parse_text(text: str | bytes, name: str, frontline_dates: Iterable[str] | None = None
               ) -> tuple[Proposal | None, list[LoadError]]:
    """Parse one proposal from YAML text. Safe YAML only; never raises on bad input."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            return None, [LoadError(name, "(file)", f"larger than {MAX_BYTES // 1024} KB")]
        if b"\x00" in text:
            return None, [LoadError(name, "(file)", "binary data, not YAML text")]
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            return None, [LoadError(name, "(file)", f"not UTF-8 text (byte {e.start})")]
    if len(text.encode("utf-8")) > MAX_BYTES:
        return None, [LoadError(name, "(file)", f"larger than {MAX_BYTES // 1024} KB")]
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or "syntax error"
        return None, [LoadError(name, "(file)", f"invalid YAML{where}: {problem}")]
    if data is None:
        return None, [LoadError(name, "(file)", "empty file")]
    if not isinstance(data, dict):
        return None, [LoadError(name, "(file)", f"expected a mapping of fields, found {type(data).__name__}")]
    try:
        proposal = Proposal.model_validate(data)
    except ValidationError as e:
        return None, [LoadError(name, f, m) for f, m in _messages(e)]
    dates = list(frontline_dates or [])
    if dates and str(proposal.baseline) not in dates:
        return None, [LoadError(name, "baseline", f"no front line dated {proposal.baseline}; available: {', '.join(dates)}")]
    return proposal, []


def load_file(path: Path, frontline_dates: Iterable[str] | None = None) -> tuple[Proposal | None, list[LoadError]]:
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [LoadError(name, "(file)", f"larger than {MAX_BYTES // 1024} KB")]
        raw = path.read_bytes()
    except OSError as e:
        return None, [LoadError(name, "(file)", e.strerror or "cannot read")]
    return parse_text(raw, name, frontline_dates)


def load_catalog(directory: Path = CATALOG_DIR, frontline_dates: Iterable[str] | None = None,
                 extra_files: Iterable[Path] = ()) -> Catalog:
    """All proposals in `directory` (plus extra files); a bad file is reported and skipped."""
    dates = list(frontline_dates or [])
    catalog = Catalog()
    for path in sorted(directory.glob("*.yaml")) + list(extra_files):
        proposal, errors = load_file(path, dates)
        catalog.errors.extend(errors)
        if proposal is None:
            continue
        if proposal.id in catalog.proposals:
            catalog.errors.append(LoadError(path.name, "id", f"{proposal.id!r} is already used by {catalog.files[proposal.id]}"))
            continue
        catalog.proposals[proposal.id] = proposal
        catalog.files[proposal.id] = path.name
    catalog.proposals = dict(sorted(catalog.proposals.items(), key=lambda kv: (kv[1].date, kv[0])))
    return catalog
