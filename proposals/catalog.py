"""Load proposal files: every problem reported as `FILE: field: what is wrong`, the rest kept."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from proposals.model import MAX_RULES, Proposal
from proposals.paths import CATALOG_DIR
from proposals.untrusted import UnreadableFile, clip, clip_text, read_regular

MAX_BYTES = 1024 * 1024
# Bounds checked while the YAML is composed, before anything is built or validated: a 2.8 KB
# alias bomb expands to 387 M items, and thousands of nested `[` overflow Python's stack.
MAX_DEPTH = 40          # nesting levels (a proposal needs about 10)
MAX_NODES = 500_000     # values once aliases are expanded (a 1 MB file without aliases has fewer)
MAX_ALIASES = 1_000


class _Refused(yaml.YAMLError):
    """Input over one of the bounds above; the message says which, with a line number."""

    def __init__(self, message: str, mark=None) -> None:
        where = f" (line {mark.line + 1})" if mark is not None else ""
        super().__init__(message + where)
        self.message = message + where
        self.field = "(file)"


class _Duplicate(_Refused):
    """A key given twice in one mapping (YAML keys are unique; PyYAML would keep the last)."""

    def __init__(self, field: str, mark) -> None:
        super().__init__("duplicate key", mark)
        self.field = field


class _Bounds:
    """Bounds on nesting and aliases while composing, and impossible dates kept as text so the
    model reports them against their field. Mixed into a safe loader below."""

    _depth = 0
    _aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _Refused(f"more than {MAX_ALIASES} aliases", self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_timestamp(self, node):
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:  # 2025-13-01: leave it to the model, which names the field
            return self.construct_scalar(node)

    def construct_int(self, node):
        try:
            return self.construct_yaml_int(node)
        except ValueError:  # 10,000 digits (Python's int-string limit): the model names the field
            return self.construct_scalar(node)

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as e:  # e.g. an integer of 5,000 digits
            raise _Refused(f"cannot read the value {clip(getattr(node, 'value', ''), 40)}: {clip_text(e, 80)}",
                           node.start_mark) from None


class _PyLoader(_Bounds, yaml.SafeLoader):
    """Pure-Python safe loader with the bounds."""


_LOADER: type = _PyLoader
if getattr(yaml, "__with_libyaml__", False):
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    class _CLoader(_Bounds, Composer, yaml._yaml.CParser, SafeConstructor, Resolver):
        """libyaml's scanner and parser (3× faster on a 1 MB file) under Python's composer, so
        the bounds still apply while the node graph is built."""

        def __init__(self, stream) -> None:
            yaml._yaml.CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _LOADER = _CLoader

for _cls in {_PyLoader, _LOADER}:
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _Bounds.construct_timestamp)
    _cls.add_constructor("tag:yaml.org,2002:int", _Bounds.construct_int)


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root) -> None:
    """Refuse a node graph that expands too far (an alias bomb), too deep or into itself.

    Counts each node once per use, without expanding: iterative, memoised on node identity.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        kids = _children(node)
        if done:
            open_.discard(key)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            if size[key] > MAX_NODES:
                raise _Refused(
                    f"more than {MAX_NODES:,} values (aliases counted each time they are used)", node.start_mark
                )
            if depth[key] > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep once aliases are expanded", node.start_mark)
            continue
        if key in size:
            continue
        if key in open_:
            raise _Refused("an alias refers to itself", node.start_mark)
        open_.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in kids if id(k) not in size)


def _check_duplicates(root) -> None:
    """Refuse a mapping that gives one key twice, naming the field (`rules[0].status`) and the line
    of the second. Each node is visited once (aliases are not expanded again)."""
    seen: set[int] = set()
    stack = [(root, "")]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set = set()
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.tag != "tag:yaml.org,2002:merge":
                    field = f"{path}.{clip_text(k.value, 40)}" if path else clip_text(k.value, 40)
                    if k.value in keys:
                        raise _Duplicate(field, k.start_mark)
                    keys.add(k.value)
                    stack.append((v, field))
                else:
                    stack.append((v, path))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(node.value))


def safe_load(text: str):
    """YAML to Python values, bounded: raises yaml.YAMLError (with a line) on anything over a bound."""
    try:
        return _load(text, _LOADER)
    except _Refused:
        raise
    except yaml.YAMLError:
        if _LOADER is _PyLoader:
            raise
        return _load(text, _PyLoader)  # a syntax error: PyYAML's message points at the line to fix


def _load(text: str, loader_class: type):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        _check_duplicates(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


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
    for e in err.errors(include_url=False, include_context=False):
        loc = tuple(p if isinstance(p, int) else clip_text(p, 40) for p in e["loc"] if p not in ("function-after",))
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown field"
        elif e["type"] == "literal_error":  # clip: the input may be an alias bomb or 1 MB of text
            msg = f"{clip(e.get('input'))} is not allowed; " + msg.removeprefix("Input should be ").replace(
                "Input should be", ""
            )
            msg = msg.replace("; ", "; expected ", 1)
        where = _loc(loc)
        nested = re.match(r"^([A-Za-z_][\w\[\]\.]*): (.+)$", msg, flags=re.S)
        if nested:  # model-level checks name their own field
            where = nested.group(1) if where == "(file)" else f"{where}.{nested.group(1)}"
            msg = nested.group(2)
        out.append((where, clip_text(msg, 300)))
    return out


def parse_text(text: str | bytes, name: str, frontline_dates: Iterable[str] | None = None
               ) -> tuple[Proposal | None, list[LoadError]]:
    """Parse one proposal from YAML text. Safe, bounded YAML only; never raises on bad input."""
    name = clip_text(name, 200)
    try:
        return _parse(text, name, frontline_dates)
    except RecursionError:
        return None, [LoadError(name, "(file)", "nested too deeply")]
    except MemoryError:
        return None, [LoadError(name, "(file)", "too large to read")]
    except Exception as e:  # the last line of defence: one line, never a traceback
        return None, [LoadError(name, "(file)", f"cannot be read ({type(e).__name__}: {clip_text(e, 120)})")]


def _parse(
    text: str | bytes, name: str, frontline_dates: Iterable[str] | None
) -> tuple[Proposal | None, list[LoadError]]:
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
        data = safe_load(text)
    except _Refused as e:
        return None, [LoadError(name, e.field, e.message)]
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or "syntax error"
        return None, [LoadError(name, "(file)", f"invalid YAML{where}: {clip_text(problem, 120)}")]
    if data is None:
        return None, [LoadError(name, "(file)", "empty file")]
    if not isinstance(data, dict):
        return None, [LoadError(name, "(file)", f"expected a mapping of fields, found {type(data).__name__}")]
    rules = data.get("rules")
    if isinstance(rules, list) and len(rules) > MAX_RULES:  # before validating any of them
        return None, [LoadError(name, "rules", f"{len(rules)} rules; a proposal may have at most {MAX_RULES}")]
    try:
        proposal = Proposal.model_validate(data)
    except ValidationError as e:
        return None, [LoadError(name, f, m) for f, m in _messages(e)]
    dates = list(frontline_dates or [])
    if dates and str(proposal.baseline) not in dates:
        return None, [
            LoadError(name, "baseline", f"no front line dated {proposal.baseline}; available: {', '.join(dates)}")
        ]
    return proposal, []


def parse_uploads(files: Iterable[tuple[str, bytes]], frontline_dates: Iterable[str] | None = None,
                  taken: dict[str, str] | None = None, parse=parse_text) -> tuple[dict[str, Proposal], list[LoadError]]:
    """Uploaded files (name, bytes) as proposals by id; bad files and ids already used are reported.

    `taken` maps ids that may not be reused (the shipped catalog) to where they come from; of two
    uploads with one id the first is kept and the second reported. `parse` may be a cached parse_text.
    """
    dates = tuple(frontline_dates or ())
    taken = dict(taken or {})
    out: dict[str, Proposal] = {}
    errors: list[LoadError] = []
    for name, raw in files:
        proposal, errs = parse(raw, name, dates)
        errors += errs
        if proposal is None:
            continue
        if proposal.id in taken:
            errors.append(
                LoadError(
                    clip_text(name, 200),
                    "id",
                    f"{proposal.id!r} is already used by {taken[proposal.id]}; give yours another id",
                )
            )
            continue
        out[proposal.id] = proposal
        taken[proposal.id] = clip_text(name, 200)
    return out, errors


def load_file(path: Path, frontline_dates: Iterable[str] | None = None) -> tuple[Proposal | None, list[LoadError]]:
    name = clip_text(str(path), 200)
    try:
        raw = read_regular(path, MAX_BYTES, "YAML file")
    except UnreadableFile as e:
        return None, [LoadError(name, "(file)", str(e))]
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
            catalog.errors.append(
                LoadError(path.name, "id", f"{proposal.id!r} is already used by {catalog.files[proposal.id]}")
            )
            continue
        catalog.proposals[proposal.id] = proposal
        catalog.files[proposal.id] = path.name
    catalog.proposals = dict(sorted(catalog.proposals.items(), key=lambda kv: (kv[1].date, kv[0])))
    return catalog


def yaml_files(args: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files named on the command line, a folder standing for its *.yaml files; problems as lines."""
    files, problems = [], []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found = sorted(path.glob("*.yaml"))
            if not found:
                problems.append(f"{path}: (folder): no .yaml files")
            files += found
        else:
            files.append(path)
    return files, problems
