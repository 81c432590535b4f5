"""The register of right-to-error cases as lists and counts: what to show, in which order,
and the statistics by procedure and outcome that feed the results poster."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from spplus_desk.domain.enums import Channel
from spplus_desk.domain.error_case import (
    CaseOutcome,
    Checklist,
    ErrorNature,
    Exclusion,
    Regularisation,
    eligibility,
)


class RegisterColumn(StrEnum):
    """The register's columns, in their order on screen; each sorts in SQL."""

    DISCOVERED = "discovered"
    PROCEDURE = "procedure"
    NATURE = "nature"
    PERSON = "person"
    OUTCOME = "outcome"
    REGULARISATION = "regularisation"
    AGENT = "agent"


REGISTER_COLUMN_LABELS: dict[RegisterColumn, str] = {
    RegisterColumn.DISCOVERED: "Découverte",
    RegisterColumn.PROCEDURE: "Démarche",
    RegisterColumn.NATURE: "Nature de l'erreur",
    RegisterColumn.PERSON: "Personne",
    RegisterColumn.OUTCOME: "Issue",
    RegisterColumn.REGULARISATION: "Régularisation",
    RegisterColumn.AGENT: "Agent",
}


@dataclass(frozen=True, slots=True)
class RegisterFilter:
    """Which cases: discovered within [start, end] (both included, either open)."""

    start: date | None = None
    end: date | None = None
    procedure_id: uuid.UUID | None = None
    outcome: CaseOutcome | None = None
    agent_id: uuid.UUID | None = None
    search: str = ""
    include_cancelled: bool = False


@dataclass(frozen=True, slots=True)
class RegisterSort:
    column: RegisterColumn = RegisterColumn.DISCOVERED
    descending: bool = True


@dataclass(frozen=True, slots=True)
class RegisterRow:
    id: uuid.UUID
    discovered_on: date
    procedure: str
    nature: ErrorNature
    channel: Channel
    person: str | None
    eligible: bool
    outcome: CaseOutcome
    regularisation: Regularisation | None
    regularised_on: date | None
    follow_up_reference: str | None
    due_date: date | None  # the invited regularisation's deadline (not a cancelled one)
    late: bool  # that deadline has passed and nothing came
    agent: str
    amount_cents: int | None
    cancelled: bool
    version: int
    # What the law asks the register to show (exports), beyond the list's columns.
    first_time: bool = True
    good_faith: bool = True
    exclusions: tuple[Exclusion, ...] = ()
    invited_on: date | None = None
    delay: str | None = None  # the delay given, « 30 jours calendaires »
    outcome_reason: str | None = None

    @property
    def regularised_late(self) -> bool:
        """Done, but after the deadline the service gave."""
        return (
            self.regularised_on is not None
            and self.due_date is not None
            and self.regularised_on > self.due_date
        )

    @property
    def not_eligible_reasons(self) -> tuple[str, ...]:
        checklist = Checklist(
            self.nature, self.first_time, self.good_faith, frozenset(self.exclusions)
        )
        return eligibility(checklist).reasons

    def regularisation_text(self) -> str:
        """'Faite le 12/03/2027', 'Attendue au 15/04/2027 (en retard)', 'Spontanée'…"""
        if self.regularised_on is not None:
            done = f"Faite le {self.regularised_on:%d/%m/%Y}"
            if self.regularised_late and self.due_date is not None:
                return f"{done}, après l'échéance du {self.due_date:%d/%m/%Y}"
            return done
        if self.due_date is not None:
            late = " (en retard)" if self.late else ""
            return f"Attendue au {self.due_date:%d/%m/%Y}{late}"
        if self.regularisation is Regularisation.SPONTANEOUS:
            return "Spontanée, à venir"
        return "—"


@dataclass(frozen=True, slots=True)
class EarlierCase:
    """A case of the same person, shown when a new one is recorded (first time?)."""

    id: uuid.UUID
    discovered_on: date
    procedure: str
    nature: ErrorNature
    outcome: CaseOutcome
    matched_on: str  # "téléphone", "courriel", "nom"


@dataclass(frozen=True, slots=True)
class ProcedureCounts:
    procedure: str
    by_outcome: dict[CaseOutcome, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_outcome.values())


@dataclass(frozen=True, slots=True)
class RegisterStats:
    """Cases of a period (cancelled ones left out), by procedure and by outcome."""

    start: date | None
    end: date | None
    by_procedure: tuple[ProcedureCounts, ...]
    regularised: int  # regularisation done
    awaited: int  # invited, deadline running
    late: int  # invited, deadline passed
    amount_spared_cents: int  # at stake in cases closed without a sanction

    @property
    def by_outcome(self) -> dict[CaseOutcome, int]:
        totals = dict.fromkeys(CaseOutcome, 0)
        for line in self.by_procedure:
            for outcome, count in line.by_outcome.items():
                totals[outcome] += count
        return totals

    @property
    def total(self) -> int:
        return sum(line.total for line in self.by_procedure)

    @property
    def eligible(self) -> int:
        return self.total - self.by_outcome[CaseOutcome.NOT_ELIGIBLE]

    @property
    def granted(self) -> int:
        """Rights to error granted: no sanction, or the sanction waived."""
        outcomes = self.by_outcome
        return outcomes[CaseOutcome.NO_SANCTION] + outcomes[CaseOutcome.SANCTION_WAIVED]


@dataclass(frozen=True, slots=True)
class CaseOrigin:
    """What the form starts from when opened from a contact or a request."""

    label: str  # "Contact du 12/03/2027 à 10h15", "Demande 2027-000123"
    channel: Channel
    day: date
    person_name: str = ""
    person_phone: str = ""
    person_email: str = ""
    contact_id: uuid.UUID | None = None
    request_id: uuid.UUID | None = None
    at: datetime | None = None
