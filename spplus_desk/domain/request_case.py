"""A request as its view shows it (its "dossier"): the promise, the deadline explained,
the timeline, and the actions possible now."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from spplus_desk.domain.documents import ImplicitDecision
from spplus_desk.domain.enums import Channel, RequestEventType, RequestStatus


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    seq: int
    at: datetime
    type: RequestEventType
    actor: str  # "" when unknown
    reason: str | None
    assignee: str | None  # received and reassigned: who has it from then on


@dataclass(frozen=True, slots=True)
class RequestCase:
    id: uuid.UUID
    reference: str
    kind: str
    channel: Channel
    received_at: datetime
    status: RequestStatus
    assignee_id: uuid.UUID | None
    assignee: str  # "" when nobody has it
    contact_id: uuid.UUID | None
    person: str  # "" when not given
    delay: str  # "5 jours ouvrés"
    wait_restarts: bool  # waiting for the user restarts the clock (else suspends it)
    due_date: date | None
    due_at: datetime | None
    in_hours: bool
    ack_due_date: date | None
    acknowledged_at: datetime | None
    answered_at: datetime | None
    late: bool
    days_late: int
    explanation: tuple[str, ...]
    timeline: tuple[TimelineEntry, ...]
    possible: frozenset[RequestEventType]  # the actions that make sense now
    version: int
    # What silence means, as promised at receipt (UNSET before the service said it).
    implicit_decision: ImplicitDecision
    implicit_months: int
