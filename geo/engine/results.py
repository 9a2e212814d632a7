"""The numbers of a proposal and of a comparison, as typed values.

`geo.engine.stats.summary` and `geo.engine.compare.Comparison.stats` build these; the CLI prints them with
`model_dump(mode="json")`, the app caches them and reads them by attribute. Field names are the
keys of the documented `stats --json` and `compare --json` output, so the JSON contract is these
classes. Areas are km² (EPSG:3035, one decimal); populations are pre-war GeoNames counts, except
`current_residents` (published, dated counts of people living there now).
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from proposals.i18n import N_
from proposals.model import Control, Recognition, Status

HeldBefore = Literal["ukraine", "russia"]
Kind = Literal["control", "recognition", "status"]

# "People affected": the one definition every face states (help text, captions, JSON).
PEOPLE_AFFECTED = N_("pre-war population (GeoNames) of land Ukraine held on the front-line date that Ukraine "
                     "withdraws from under the proposal (to Russia or out of a demilitarised zone)")
POPULATION_NOTE = N_("pre-war population (GeoNames): places of 500+ people (villages under 500 are missing); "
                     "approximate; far fewer live near the front now")
PREWAR = N_("pre-war population (GeoNames)")  # the words every people figure carries


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
    """km² that move: held on the front-line date against control after the proposal; and, apart,
    km² left to later talks, which do not move (control stays with whoever held them).

    `ukraine_to_unknown` and `russia_to_unknown` stay in the JSON for compatibility; no status
    yields them any more (0)."""

    ukraine_to_russia: float
    russia_to_ukraine: float
    ukraine_to_neutral: float
    russia_to_neutral: float
    ukraine_to_unknown: float
    russia_to_unknown: float
    ukraine_held_left_to_talks: float
    russia_held_left_to_talks: float

    @property
    def ukraine_withdraws_km2(self) -> float:
        """km² Ukraine held that it withdraws from: to Russia or out of a demilitarised zone (never
        land left to talks)."""
        return round(self.ukraine_to_russia + self.ukraine_to_neutral, 1)

    @property
    def russia_withdraws_km2(self) -> float:
        """km² Russia held that it withdraws from: back to Ukraine or out of a demilitarised zone."""
        return round(self.russia_to_ukraine + self.russia_to_neutral, 1)

    @property
    def left_to_talks_km2(self) -> float:
        """km² left to later talks, on either side of the line (control unchanged)."""
        return round(self.ukraine_held_left_to_talks + self.russia_held_left_to_talks, 1)

    @property
    def demilitarized_km2(self) -> float:
        """km² demilitarised, from either side's land."""
        return round(self.ukraine_to_neutral + self.russia_to_neutral, 1)


class Withdrawals(Value):
    """The headline, three figures apart: km² Ukraine withdraws from (to Russia or out of a
    demilitarised zone), km² Russia withdraws from, km² left to later talks (nobody withdraws
    yet), and the pre-war population (GeoNames) of the Ukrainian-held land Ukraine withdraws from
    and of the Ukrainian-held land left to talks."""

    ukraine_withdraws_km2: float
    russia_withdraws_km2: float
    left_to_talks_km2: float
    ukraine_withdraws_population_prewar: int
    left_to_talks_population_prewar: int


class CurrentResidents(Value):
    """A published, dated count of people living in (part of) an oblast now, with its source."""

    oblast: str
    scope: str
    date: str
    residents: int
    counted_by: str
    outlet: str
    url: str


class PublishedFigure(Value):
    """Someone else's published figure for a proposal (to show beside ours), with date and method."""

    figure: str
    value: float
    unit: str
    ours: str
    outlet: str
    date: str
    url: str
    method: str


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
    withdrawals: Withdrawals
    current_residents: list[CurrentResidents]
    published_figures: list[PublishedFigure]


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
    """Who controls what in A against B, and how much land (and how many people) differ.
    `undecided`: km² left to later talks in A and in B (control unchanged there)."""

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
