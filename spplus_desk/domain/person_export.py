"""Everything the service holds about one person, as the right of access (RGPD art. 15)
hands it over: every contact, request, right-to-error case and feedback entry of the
identity chosen, field by field, with the durations they are kept.

Plain values read by ``services.person_export``; ``reports.person_export`` words them
in French for the PDF and keeps them as values for the JSON.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from spplus_desk.domain.enums import Channel, ContactOutcome, Need, Satisfaction
from spplus_desk.domain.error_case import (
    CaseOutcome,
    DiscoveredBy,
    ErrorNature,
    Exclusion,
    Regularisation,
)
from spplus_desk.domain.feedback import FeedbackKind, FeedbackStatus
from spplus_desk.domain.person_search import Identity
from spplus_desk.domain.processing_register import RetentionLine
from spplus_desk.domain.request_case import RequestCase
from spplus_desk.domain.service import ServiceInfo

TITLE = "Données vous concernant — SP+ Desk"


@dataclass(frozen=True, slots=True)
class HeldContact:
    id: uuid.UUID
    occurred_at: datetime
    recorded_at: datetime
    agent: str
    channel: Channel
    motif: str | None
    outcome: ContactOutcome
    redirected_to: str | None
    person_name: str | None
    person_phone: str | None
    person_email: str | None
    needs: Need
    arrived_at: datetime | None
    called_at: datetime | None
    duration_seconds: int | None
    notes: str
    callback_promised: bool
    satisfaction: Satisfaction | None
    satisfaction_comment: str | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    requests: tuple[str, ...]  # the references of the requests it opened


@dataclass(frozen=True, slots=True)
class HeldErrorCase:
    id: uuid.UUID
    recorded_at: datetime
    agent: str
    channel: Channel
    procedure: str
    nature: ErrorNature
    error_on: date | None
    discovered_on: date
    discovered_by: DiscoveredBy
    first_time: bool
    good_faith: bool
    exclusions: tuple[Exclusion, ...]
    eligible: bool
    regularisation: Regularisation | None
    invited_on: date | None
    regularisation_delay: str  # « 30 jours calendaires »; "" none given
    regularised_on: date | None
    outcome: CaseOutcome
    outcome_reason: str | None
    amount_cents: int | None
    person_name: str | None
    person_phone: str | None
    person_email: str | None
    notes: str
    cancelled_at: datetime | None
    cancel_reason: str | None
    follow_up: str | None  # the reference of the regularisation's deadline


@dataclass(frozen=True, slots=True)
class HeldFeedback:
    id: uuid.UUID
    recorded_at: datetime
    agent: str
    kind: FeedbackKind
    channel: Channel
    received_on: date
    text: str
    person_name: str
    person_phone: str
    person_email: str
    reply_delay: str  # « 15 jours ouvrés »; "" no reply expected
    reply_due: date | None
    status: FeedbackStatus
    reply: str
    replied_on: date | None
    close_reason: str


@dataclass(frozen=True, slots=True)
class PersonExport:
    service: ServiceInfo
    exported_at: datetime
    query: str
    identity: Identity
    contacts: tuple[HeldContact, ...]
    requests: tuple[RequestCase, ...]
    error_cases: tuple[HeldErrorCase, ...]
    feedback: tuple[HeldFeedback, ...]
    retention: tuple[RetentionLine, ...]

    @property
    def counts(self) -> dict[str, int]:
        """How many records of each type: what the audit trail keeps of an export."""
        return {
            "contacts": len(self.contacts),
            "requests": len(self.requests),
            "error_cases": len(self.error_cases),
            "feedback": len(self.feedback),
        }
