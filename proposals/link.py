"""A plan in a link: its YAML, compressed and base64url-encoded into one query parameter.

A link is untrusted input. Its length is checked before anything is decoded, its unpacked size
is bounded while it is decompressed (a small link cannot unpack into megabytes), and the text
then goes through the loader's own `parse_text`, exactly like an uploaded file. Every problem is
a `LoadError` (`link: field: what is wrong`); nothing here raises on bad input.
"""
from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterable
from urllib.parse import urlencode

from proposals.catalog import LoadError, parse_text
from proposals.model import Proposal
from proposals.plan import plan_dict, to_yaml

PARAM = "plan"           # the query parameter that carries a plan
TOKEN = "plan"           # in `proposal`, `a` or `b`: "the plan carried by the link"
VERSION = "1."           # payload prefix, so the format can change without breaking old links
# Whole query string: under the 8 KB request-line limit of common servers and proxies.
MAX_LINK_CHARS = 8000
MAX_PLAN_BYTES = 100_000  # unpacked YAML; the catalog's largest file is ~6.5 KB
LINK_NAME = "link"       # how a plan from a link is named in error lines

_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]*$")


def encode(proposal: Proposal) -> str:
    """The plan's YAML, zlib-compressed (level 9), base64url without padding, with a version prefix."""
    raw = to_yaml(plan_dict(proposal)).encode("utf-8")
    return VERSION + base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def query_string(proposal: Proposal, view: str = "build", **params: str) -> str:
    """`?view=…&plan=…` (plus any further parameters, e.g. a=plan, b=ID) that opens this plan."""
    return "?" + urlencode({"view": view, PARAM: encode(proposal), **params})


def too_long(query: str) -> str | None:
    """Why a query string cannot travel as a link, or None when it can."""
    if len(query) > MAX_LINK_CHARS:
        return (f"the link would be {len(query):,} characters, more than the {MAX_LINK_CHARS:,} a link can "
                "safely carry: share the YAML file instead")
    return None


def _error(message: str) -> tuple[None, list[LoadError]]:
    return None, [LoadError(LINK_NAME, PARAM, message)]


def unpack(payload: str) -> tuple[str | None, str | None]:
    """(YAML text, None) from a payload, or (None, what is wrong). Bounded before and during work."""
    if len(payload) > MAX_LINK_CHARS:
        return None, f"{len(payload):,} characters; a plan link has at most {MAX_LINK_CHARS:,}"
    if not payload.startswith(VERSION):
        return None, "not a plan link (it should start with “1.”); copy the whole link again"
    body = payload[len(VERSION):]
    if not _PAYLOAD.fullmatch(body):
        return None, "the link is damaged (characters that are not base64url); copy the whole link again"
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        return None, "the link is damaged (not base64url); copy the whole link again"
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(packed, MAX_PLAN_BYTES + 1)  # never more than this, whatever the ratio
    except zlib.error:
        return None, "the link is damaged (it does not unpack); copy the whole link again"
    if len(raw) > MAX_PLAN_BYTES or inflater.unconsumed_tail:
        return None, f"the plan unpacks to more than {MAX_PLAN_BYTES // 1000} KB; a link carries smaller plans"
    if not inflater.eof:
        return None, "the link is cut short; copy the whole link again"
    if inflater.unused_data:
        return None, "the link is damaged (extra data after the plan); copy the whole link again"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        return None, f"the plan is not UTF-8 text (byte {e.start})"


def decode(payload: str, frontline_dates: Iterable[str] | None = None) -> tuple[Proposal | None, list[LoadError]]:
    """The plan in a link, validated exactly like an uploaded file; never raises on bad input."""
    text, problem = unpack(payload)
    if problem is not None:
        return _error(problem)
    return parse_text(text, LINK_NAME, frontline_dates)
