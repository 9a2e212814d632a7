"""A proposal as data: the nine statuses, selectors, rules, terms and sources."""
from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from proposals.i18n import N_
from proposals.oblasts import resolve
from proposals.rings import TooComplex, crossing_message, first_crossing
from proposals.untrusted import clip

Status = Literal["ukraine", "returned", "occupied", "frozen", "russia_de_facto", "russia_de_jure",
                 "ceded", "demilitarized", "undecided"]
Control = Literal["ukraine", "russia", "neutral", "unknown"]
Recognition = Literal["not_addressed", "russia_de_facto", "russia_de_jure", "ukraine", "to_talks"]


@dataclass(frozen=True)
class StatusInfo:
    """What a status means in the two dimensions: who controls the land after the proposal, and how
    its sovereignty is treated unless a rule says otherwise (`recognition:`)."""

    label: str
    control: str   # a side, "neutral", or HELD: stays with whoever held it on the front-line date
    recognition: str


# Land left to later talks stays where the line puts it until the talks decide: its status and
# recognition say "to talks", its control does not change hands.
HELD = "held"

# The registry of the nine statuses, in the order of every legend and table. Colours and hatches
# are presentation and live with the map code (geo/maps/palette.py, geo/maps/legend.py).
STATUS_INFO: dict[str, StatusInfo] = {
    "ukraine": StatusInfo(N_("Stays Ukrainian"), "ukraine", "ukraine"),
    "returned": StatusInfo(N_("Returned to Ukraine"), "ukraine", "ukraine"),
    "occupied": StatusInfo(N_("Occupied, nothing agreed"), "russia", "not_addressed"),
    "frozen": StatusInfo(N_("Frozen on the ceasefire line"), "russia", "not_addressed"),
    "russia_de_facto": StatusInfo(N_("Russian de facto"), "russia", "russia_de_facto"),
    "russia_de_jure": StatusInfo(N_("Russian de jure"), "russia", "russia_de_jure"),
    "ceded": StatusInfo(N_("Ceded: Ukraine withdraws"), "russia", "not_addressed"),
    "demilitarized": StatusInfo(N_("Demilitarised zone"), "neutral", "not_addressed"),
    "undecided": StatusInfo(N_("Left to later talks"), HELD, "to_talks"),
}
STATUSES: tuple[str, ...] = tuple(STATUS_INFO)
STATUS_LABELS: dict[str, str] = {s: i.label for s, i in STATUS_INFO.items()}
CONTROL_AFTER: dict[str, str] = {s: i.control for s, i in STATUS_INFO.items()}  # HELD for `undecided`: use control_of
DEFAULT_RECOGNITION: dict[str, str] = {s: i.recognition for s, i in STATUS_INFO.items()}

# "unknown" is kept as a key of the JSON contract; no status yields it since land left to talks
# stays with whoever held it (HELD).
CONTROLS: tuple[str, ...] = ("ukraine", "russia", "neutral", "unknown")
CONTROL_LABELS: dict[str, str] = {
    "ukraine": N_("Ukraine"),
    "russia": N_("Russia"),
    "neutral": N_("neutral (demilitarised)"),
    "unknown": N_("undecided"),
    HELD: N_("stays with whoever holds it until talks decide"),
}


def control_of(status: str, held_before: str) -> str:
    """Who controls a piece of land after the proposal: the status's side, or, for land left to
    talks, whoever held it on the front-line date (a status is not a change of hands)."""
    control = CONTROL_AFTER[status]
    return held_before if control == HELD else control


def controls(frame) -> Any:
    """`control_of` over a frame with `status` and `held_before` columns (a pandas Series)."""
    ctrl = frame["status"].map(CONTROL_AFTER)
    return ctrl.where(ctrl != HELD, frame["held_before"])

# How sovereignty is treated after the proposal, in the order of every legend and table.
RECOGNITIONS: tuple[str, ...] = ("ukraine", "not_addressed", "russia_de_facto", "russia_de_jure", "to_talks")
RECOGNITION_LABELS: dict[str, str] = {
    "ukraine": N_("sovereignty stays Ukrainian"),
    "not_addressed": N_("recognition not addressed"),
    "russia_de_facto": N_("recognised as Russian de facto"),
    "russia_de_jure": N_("recognised as Russian de jure"),
    "to_talks": N_("sovereignty left to talks"),
}


# Explicit recognitions a status cannot take: the status already says the opposite.
_CONTRADICTS: dict[str, frozenset[str]] = {
    "ukraine": frozenset({"russia_de_facto", "russia_de_jure"}),
    "returned": frozenset({"russia_de_facto", "russia_de_jure"}),
    "russia_de_facto": frozenset(set(RECOGNITIONS) - {"russia_de_facto"}),
    "russia_de_jure": frozenset(set(RECOGNITIONS) - {"russia_de_jure"}),
}


def recognition_of(status: str, explicit: str | None = None) -> str:
    """A zone's recognition: the rule's own `recognition:` if given, else the status's default."""
    return explicit or DEFAULT_RECOGNITION[status]


ProposalStatus = Literal["statement", "position", "demand", "draft", "leaked", "proposed", "reported",
                         "rejected", "superseded", "baseline"]

TERM_FIELDS: dict[str, str] = {
    "nato": N_("NATO"),
    "army_cap": N_("Army cap (troops)"),
    "army_limits": N_("Other limits on the army"),
    "foreign_troops": N_("Foreign troops"),
    "security_guarantees": N_("Security guarantees"),
    "language_and_church": N_("Language and church"),
    "elections": N_("Elections"),
    "znpp": N_("Zaporizhzhia nuclear plant"),
    "sanctions_and_assets": N_("Sanctions and frozen assets"),
    "amnesty": N_("Amnesty"),
}


# Bounds on the work one file may ask for (a proposal is untrusted input). The catalog's largest has
# 15 rules, 3 of them spatial; each spatial rule costs the engine ~0.1 s on the full map.
MAX_RULES = 100
MAX_SPATIAL_RULES = 50          # rules with `within_km_of_line` or `area`
MAX_AREA_POSITIONS = 20_000     # positions in all explicit `area` polygons of one proposal
MAX_SOURCES = 200
MAX_CONTRADICTIONS = 50


RESERVED_IDS = {"plan": "the plan carried by a link"}  # `?proposal=plan` names the link's plan
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def _control_character(text: str) -> str | None:
    """The first control character (Unicode category Cc) other than tab and line breaks, or None:
    NUL or ESC in a title make an SVG export that is not XML, and a terminal obeys ESC."""
    for ch in text:
        if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc":
            return ch
    return None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        for text in (value if isinstance(value, list) else [value]):
            if isinstance(text, str) and (ch := _control_character(text)) is not None:
                raise ValueError(f"control character U+{ord(ch):04X} in the text; remove it")
        return value


class Around(Strict):
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    radius_km: float = Field(gt=0, le=500)


def _check_ring(ring: Any) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValueError("a ring needs at least 4 positions")
    for pos in ring:
        if (
            not isinstance(pos, list)
            or len(pos) < 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in pos[:2])
        ):
            raise ValueError(f"bad position {clip(pos)}: expected [lon, lat]")
        if not (-180 <= pos[0] <= 180 and -90 <= pos[1] <= 90):
            raise ValueError(
                f"position {clip(pos)} is outside lon -180..180, lat -90..90 (coordinates are lon/lat degrees)"
            )
    if ring[0][:2] != ring[-1][:2]:
        raise ValueError("ring is not closed (first and last positions differ)")


class Area(Strict):
    """An explicit GeoJSON Polygon/MultiPolygon in lon/lat, or a circle `around` a point."""

    type: Literal["Polygon", "MultiPolygon"] | None = None
    coordinates: list | None = None
    around: Around | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Area:
        if self.around is not None:
            if self.type or self.coordinates:
                raise ValueError("give either `around` or a GeoJSON polygon, not both")
            return self
        if not self.type or self.coordinates is None:
            raise ValueError("needs `around: {lon, lat, radius_km}` or `type` and `coordinates`")
        polys = [self.coordinates] if self.type == "Polygon" else self.coordinates
        if not isinstance(polys, list) or not polys:
            raise ValueError("the geometry is empty (no coordinates)")
        count = 0
        for poly in polys:
            if poly == [] or poly == [[]]:
                raise ValueError("the geometry is empty (no coordinates)")
            if not isinstance(poly, list):
                raise ValueError("coordinates: a polygon needs at least one ring")
            for ring in poly:
                count += len(ring) if isinstance(ring, list) else 0
                if count > MAX_AREA_POSITIONS:
                    raise ValueError(f"more than {MAX_AREA_POSITIONS:,} positions; simplify the polygon")
                _check_ring(ring)
        try:  # before any geometry work: repairing crossing edges costs time with the square of positions
            hit = first_crossing([ring for poly in polys for ring in poly])
        except TooComplex as e:
            raise ValueError(f"{e}; simplify the polygon") from None
        if hit is not None:
            raise ValueError(crossing_message(*hit))
        return self

    def positions(self) -> int:
        """How many positions the polygon has (0 for a circle): a measure of the work it asks for."""
        if self.around is not None or self.coordinates is None:
            return 0
        polys = [self.coordinates] if self.type == "Polygon" else self.coordinates
        return sum(len(ring) for poly in polys for ring in poly)


class Selector(Strict):
    """Where a rule applies; all given conditions must hold (AND)."""

    oblasts: list[str] | None = None
    held_by: Literal["ukraine", "russia", "any"] = "any"
    within_km_of_line: float | None = Field(default=None, gt=0, le=300)
    side: Literal["ukraine", "russia", "both"] | None = None  # with a band only; none means both
    area: Area | None = None

    @field_validator("oblasts")
    @classmethod
    def _known_oblasts(cls, names: list[str] | None) -> list[str] | None:
        if names is not None:
            if not names:
                raise ValueError("empty list: omit `oblasts` to mean all of Ukraine")
            if len(names) > 60:
                raise ValueError(f"{len(names)} names; at most 60 (there are 27 units)")
            for n in names:
                resolve(n)  # raises UnknownOblast with a suggestion
        return names

    @model_validator(mode="after")
    def _side_needs_band(self) -> Selector:
        # `side` alone used to be ignored, so `status: ceded` ceded the whole country
        if self.side is not None and self.within_km_of_line is None:
            raise ValueError("side: needs `within_km_of_line` (side says which side of that band)")
        return self

    @property
    def spatial(self) -> bool:
        """Whether the selector asks for geometry work (a band or an area)."""
        return self.within_km_of_line is not None or self.area is not None


class Rule(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)
    where: Selector = Field(default_factory=Selector)
    status: Status
    recognition: Recognition | None = None  # default: the status's own (STATUS_INFO)
    note: str = Field(default="", max_length=2000)
    sources: list[str] = Field(default_factory=list)
    unverified: bool = False

    @model_validator(mode="after")
    def _sourced(self) -> Rule:
        if not self.sources and not self.unverified:
            raise ValueError("no sources: cite at least one source id, or mark the rule `unverified: true`")
        return self

    @model_validator(mode="after")
    def _recognition_fits_status(self) -> Rule:
        if self.recognition in _CONTRADICTS.get(self.status, ()):
            raise ValueError(f"recognition: {self.recognition!r} contradicts status {self.status!r}")
        return self

    @property
    def recognition_after(self) -> str:
        """How the land this rule picks is recognised: explicit, or derived from the status."""
        return recognition_of(self.status, self.recognition)


class Source(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)
    outlet: str = Field(min_length=1, max_length=200)
    date: dt.date
    date_approximate: bool = False  # the page gives no date; this is the reported event's date
    url: str = Field(pattern=r"^https?://\S+$", max_length=500)
    supports: str = Field(min_length=1, max_length=1000)
    quality: Literal["good", "low"] = "good"


class Terms(Strict):
    """Non-territorial terms; null where the proposal is silent."""

    nato: str | None = None
    army_cap: int | None = Field(default=None, gt=0, le=5_000_000)
    army_limits: str | None = None
    foreign_troops: str | None = None
    security_guarantees: str | None = None
    language_and_church: str | None = None
    elections: str | None = None
    znpp: str | None = None
    sanctions_and_assets: str | None = None
    amnesty: str | None = None


class Proposal(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)
    title: str = Field(min_length=1, max_length=200)
    proposer: str = Field(min_length=1, max_length=200)
    date: dt.date
    status: ProposalStatus
    baseline: dt.date
    summary: str = Field(min_length=1, max_length=4000)
    # Optional Ukrainian title and summary (our own translation of the two above), shown when the
    # interface is in Ukrainian; the English ones are shown where they are missing.
    title_uk: str | None = Field(default=None, min_length=1, max_length=200)
    summary_uk: str | None = Field(default=None, min_length=1, max_length=4000)
    rules: list[Rule] = Field(default_factory=list, max_length=MAX_RULES)
    terms: Terms = Field(default_factory=Terms)
    sources: list[Source] = Field(min_length=1, max_length=MAX_SOURCES)
    contradictions: list[str] = Field(default_factory=list, max_length=MAX_CONTRADICTIONS)

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_IDS:
            raise ValueError(f"{value!r} is reserved for {RESERVED_IDS[value]}; choose another id")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Proposal:
        ids = set()
        for s in self.sources:  # sets, not list.count: linear in the number of ids
            if s.id in ids:
                raise ValueError(f"sources: duplicate id {s.id!r}")
            ids.add(s.id)
        rule_ids = set()
        for r in self.rules:
            if r.id in rule_ids:
                raise ValueError(f"rules: duplicate id {r.id!r}")
            rule_ids.add(r.id)
        for i, rule in enumerate(self.rules):
            for s in rule.sources:
                if s not in ids:
                    raise ValueError(f"rules[{i}].sources: {clip(s)} is not in this file's sources")
        spatial = sum(r.where.spatial for r in self.rules)
        if spatial > MAX_SPATIAL_RULES:
            raise ValueError(f"rules: {spatial} rules with a band or an area; at most {MAX_SPATIAL_RULES}")
        positions = sum(r.where.area.positions() for r in self.rules if r.where.area is not None)
        if positions > MAX_AREA_POSITIONS:
            raise ValueError(f"rules: {positions:,} polygon positions in all areas; at most {MAX_AREA_POSITIONS:,}")
        return self

    def title_in(self, lang: str) -> str:
        """The title in `lang` where the file has one, else the English title (untrusted: escape it)."""
        return self.title_uk if lang == "uk" and self.title_uk else self.title

    def summary_in(self, lang: str) -> str:
        """The summary in `lang` where the file has one, else the English summary (untrusted)."""
        return self.summary_uk if lang == "uk" and self.summary_uk else self.summary

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)


def common_frontline(a: Proposal, b: Proposal) -> str:
    """The one front line two proposals are compared on: the later of their baseline dates, so
    neither is drawn on land that had already changed hands (app, CLI and static site alike)."""
    return str(max(a.baseline, b.baseline))
