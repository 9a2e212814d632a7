"""The numbers of a proposal and of a comparison, as typed values.

`geo.stats.summary` and `geo.compare.Comparison.stats` build these; the CLI prints them with
`model_dump(mode="json")`, the app caches them and reads them by attribute. Field names are the
keys of the documented `stats --json` and `compare --json` output, so the JSON contract is these
classes. Areas are km² (EPSG:3035, one decimal); populations are pre-war GeoNames counts.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from proposals.i18n import N_
from proposals.model import Control, Recognition, Status

HeldBefore = Literal["ukraine", "russia"]
Kind = Literal["control", "recognition", "status"]

# "People affected": the one definition every face states (help text, captions, JSON).
PEOPLE_AFFECTED = N_("people living on land Ukraine held on the front-line date that Ukraine does not control "
                     "after the proposal (ceded, recognised Russian, demilitarised or left undecided)")
POPULATION_NOTE = N_("pre-war population counted from GeoNames places of 500+ people (villages under 500 "
                     "are missing); approximate")


class Value(BaseModel):
    """Frozen: a cached result is shared by every session that reads it."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# ---------- one proposal ----------

class StatusRecognition(Value):
    """km² of land with this status and this recognition (pairs that occur only)."""

    status: Status
    recognition: Recognition
    km2: float


class ControlAfter(Value):
    """km² each side controls after the proposal (neutral = demilitarised, unknown = undecided)."""

    ukraine: float
    russia: float
    neutral: float
    unknown: float


class ChangesHands(Value):
    """km² that move: held on the front-line date against control after the proposal."""

    ukraine_to_russia: float
    russia_to_ukraine: float
    ukraine_to_neutral: float
    russia_to_neutral: float
    ukraine_to_unknown: float
    russia_to_unknown: float

    @property
    def ukraine_withdraws_km2(self) -> float:
        """km² Ukraine held that leave its control: to Russia, to a demilitarised zone or to talks."""
        return round(self.ukraine_to_russia + self.ukraine_to_neutral + self.ukraine_to_unknown, 1)

    @property
    def demilitarized_km2(self) -> float:
        """km² demilitarised, from either side's land."""
        return round(self.ukraine_to_neutral + self.russia_to_neutral, 1)


class People(Value):
    """Settlements (GeoNames places of 500+) and their pre-war population."""

    settlements: int
    population: int


class OblastRow(Value):
    """One (oblast, status, recognition, held_before) piece: control after, km², pre-war population."""

    oblast: str
    name: str
    status: Status
    held_before: HeldBefore
    control: Control
    recognition: Recognition
    km2: float
    population: int


class KeyCity(Value):
    """A pinned key city with the status of the land it stands on."""

    geonameid: int
    name: str
    oblast: str
    status: Status
    held_before: HeldBefore
    population: int
    role: str


class Transition(Value):
    """Land that changes hands one way (e.g. from Ukraine to Russia): km², pre-war people, where."""

    change: str
    km2: float
    population: int
    oblasts: str


class ProposalStats(Value):
    """Everything `stats --json` prints and the numbers panel shows, for one proposal on one front line."""

    proposal: str
    frontline: str
    frontline_label: str
    total_km2: float
    official_ukraine_km2: int
    by_status: dict[Status, float]
    by_recognition: dict[Recognition, float]
    by_status_and_recognition: list[StatusRecognition]
    control_after: ControlAfter
    changes_hands: ChangesHands
    people_by_status: dict[Status, People]
    people_affected: int
    people_affected_definition: str = PEOPLE_AFFECTED
    population_note: str = POPULATION_NOTE
    by_oblast: list[OblastRow]
    key_cities: list[KeyCity]


# ---------- two proposals ----------

class SidePair(Value):
    """A figure in A and in B (km²), and B minus A."""

    a: float
    b: float
    b_minus_a: float

    @classmethod
    def of(cls, a: float, b: float) -> SidePair:
        return cls(a=a, b=b, b_minus_a=round(b - a, 1))


class Headline(Value):
    """Who controls what in A against B, and how much land (and how many people) differ."""

    ukraine_controls: SidePair
    russia_controls: SidePair
    demilitarized: SidePair
    undecided: SidePair
    changed_km2: float
    changed_control_km2: float
    changed_recognition_km2: float
    changed_status_only_km2: float
    population_in_changed_land: int


class ComparisonOblastRow(Value):
    """Per oblast and transition: the kind of difference, km² and pre-war population."""

    oblast: str
    name: str
    held_before: HeldBefore
    status_a: Status
    status_b: Status
    control_a: Control
    control_b: Control
    recognition_a: Recognition
    recognition_b: Recognition
    kind: Kind
    km2: float
    population: int


class ComparisonCity(Value):
    """A key city whose status or recognition differs between A and B."""

    name: str
    oblast: str
    population: int
    status_a: Status
    status_b: Status
    recognition_a: Recognition
    recognition_b: Recognition
    kind: Kind


class TermRow(Value):
    """One non-territorial term in A and in B (null where a proposal is silent)."""

    term: str
    a: int | str | None
    b: int | str | None
    differs: bool


class ComparisonStats(Value):
    """Everything `compare --json` prints and the compare view shows."""

    a: str
    b: str
    frontline: str
    matrix: dict[Status, dict[Status, float]]
    changed_km2: float
    changed_control_km2: float
    changed_recognition_km2: float
    changed_status_only_km2: float
    control_matrix: dict[Control, dict[Control, float]]
    recognition_matrix: dict[Recognition, dict[Recognition, float]]
    by_oblast: list[ComparisonOblastRow]
    headline: Headline
    cities: list[ComparisonCity]
    terms: list[TermRow]
