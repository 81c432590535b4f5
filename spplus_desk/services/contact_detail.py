"""One contact as its detail view shows it: every field in French, its request, and its
history (the audit entries of the contact and of its requests, in order).

One reading unit of work, a handful of indexed lookups: the contact and its requests by
key, the audit trail by (entity_id, seq), names by key.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    DelayUnit,
    Need,
    RequestEventType,
    RequestStatus,
    Satisfaction,
)
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.history import (
    NOT_FILLED,
    NOT_GIVEN,
    day_text,
    describe_entry,
    duration_text,
    moment_text,
    needs_text,
    time_text,
    waiting_text,
)
from spplus_desk.domain.labels import (
    CHANNEL_LABELS,
    OUTCOME_LABELS,
    REQUEST_EVENT_LABELS,
    REQUEST_STATUS_LABELS,
    delay_text,
)
from spplus_desk.services.contact_changes import UNKNOWN_CONTACT
from spplus_desk.services.desk import Desk
from spplus_desk.store import audit, queries
from spplus_desk.store.schema import (
    Agent,
    AuditEntry,
    Contact,
    Motif,
    Request,
    RequestEvent,
    RequestKind,
)

SYSTEM_ACTOR = "SP+ Desk"  # entries written without an agent (first start, migrations)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    seq: int
    at: datetime
    at_text: str
    actor: str
    action: str  # the audit code: "contact.corrected", "request.cancelled"…
    text: str  # a French sentence; changed fields follow, one per line


@dataclass(frozen=True, slots=True)
class RequestEventLine:
    at: datetime
    at_text: str
    type: RequestEventType
    label: str
    actor: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class RequestDetail:
    id: uuid.UUID
    reference: str
    kind_id: uuid.UUID
    kind_label: str
    announced_delay: str  # "5 jours ouvrés"
    status: RequestStatus
    status_label: str
    received_text: str
    due_date: date | None
    due_text: str
    ack_due_date: date | None
    ack_due_text: str
    events: tuple[RequestEventLine, ...]


@dataclass(frozen=True, slots=True)
class ContactDetail:
    id: uuid.UUID
    version: int
    agent_id: uuid.UUID
    agent_name: str
    occurred_at: datetime
    occurred_text: str
    recorded_text: str
    channel: Channel
    channel_label: str
    motif_id: uuid.UUID | None
    motif_label: str
    outcome: ContactOutcome
    outcome_label: str
    redirected_to: str
    person_name: str  # raw values ("" when not given) for the correction form
    person_phone: str
    person_email: str
    person_name_text: str  # "non communiqué" when not given
    person_phone_text: str
    person_email_text: str
    needs: Need
    needs_text: str
    arrived_at: datetime | None
    called_at: datetime | None
    arrived_text: str
    called_text: str
    waiting_text: str
    duration_seconds: int | None
    duration_text: str
    notes: str
    callback_promised: bool
    satisfaction: Satisfaction | None
    satisfaction_comment: str
    callback_text: str  # "oui" / "non"
    cancelled_at: datetime | None
    cancelled_text: str
    cancel_reason: str
    request: RequestDetail | None  # the latest request the contact opened
    history: tuple[HistoryEntry, ...]

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    def draft(self) -> ContactDraft:
        """The contact as a draft, the starting point of a correction."""
        return ContactDraft(
            channel=self.channel,
            outcome=self.outcome,
            motif_id=self.motif_id,
            request_kind_id=self.request.kind_id if self.request else None,
            redirected_to=self.redirected_to,
            person_name=self.person_name,
            person_phone=self.person_phone,
            person_email=self.person_email,
            needs=self.needs,
            arrived_at=self.arrived_at,
            called_at=self.called_at,
            duration_seconds=self.duration_seconds,
            notes=self.notes,
            callback_promised=self.callback_promised,
            satisfaction=self.satisfaction,
            satisfaction_comment=self.satisfaction_comment,
        )


def contact_detail(desk: Desk, contact_id: uuid.UUID) -> ContactDetail:
    with desk.database.reading() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise UserError(UNKNOWN_CONTACT)
        service = queries.service_row(session)
        zone = ZoneInfo(service.time_zone if service is not None else "UTC")
        requests = queries.requests_of_contact(session, contact.id)
        request = requests[-1] if requests else None
        keys = [str(contact.id), *(str(r.id) for r in requests)]
        entries = audit.read_trail(session, AuditEntry.entity_id.in_(keys))
        events = _events(session, request.id) if request is not None else []
        names = _names(session, contact, requests, entries, events)
        return _detail(contact, request, events, entries, names, zone)


def _detail(
    contact: Contact,
    request: Request | None,
    events: list[RequestEvent],
    entries: list[audit.RecordedEntry],
    names: dict[str, str],
    zone: ZoneInfo,
) -> ContactDetail:
    def person(value: str | None) -> str:
        return value or NOT_GIVEN

    def when(value: datetime | None) -> str:
        return time_text(value, zone) if value is not None else NOT_FILLED

    return ContactDetail(
        id=contact.id,
        version=contact.version,
        agent_id=contact.agent_id,
        agent_name=_name(names, contact.agent_id),
        occurred_at=contact.occurred_at,
        occurred_text=moment_text(contact.occurred_at, zone),
        recorded_text=moment_text(contact.recorded_at, zone),
        channel=Channel(contact.channel),
        channel_label=CHANNEL_LABELS[Channel(contact.channel)],
        motif_id=contact.motif_id,
        motif_label=_name(names, contact.motif_id, NOT_FILLED),
        outcome=ContactOutcome(contact.outcome),
        outcome_label=OUTCOME_LABELS[ContactOutcome(contact.outcome)],
        redirected_to=contact.redirected_to or "",
        person_name=contact.person_name or "",
        person_phone=contact.person_phone or "",
        person_email=contact.person_email or "",
        person_name_text=person(contact.person_name),
        person_phone_text=person(contact.person_phone),
        person_email_text=person(contact.person_email),
        needs=Need(contact.needs),
        needs_text=needs_text(Need(contact.needs)),
        arrived_at=contact.arrived_at,
        called_at=contact.called_at,
        arrived_text=when(contact.arrived_at),
        called_text=when(contact.called_at),
        waiting_text=waiting_text(contact.arrived_at, contact.called_at),
        duration_seconds=contact.duration_seconds,
        duration_text=(
            duration_text(contact.duration_seconds)
            if contact.duration_seconds is not None
            else NOT_FILLED
        ),
        notes=contact.notes,
        callback_promised=contact.callback_promised,
        satisfaction=Satisfaction(contact.satisfaction) if contact.satisfaction else None,
        satisfaction_comment=contact.satisfaction_comment or "",
        callback_text="oui" if contact.callback_promised else "non",
        cancelled_at=contact.cancelled_at,
        cancelled_text=moment_text(contact.cancelled_at, zone) if contact.cancelled_at else "",
        cancel_reason=contact.cancel_reason or "",
        request=_request_detail(request, events, names, zone) if request is not None else None,
        history=tuple(
            HistoryEntry(
                seq=entry.seq,
                at=entry.at,
                at_text=moment_text(entry.at, zone),
                actor=_name(names, entry.actor_id, SYSTEM_ACTOR),
                action=entry.action,
                text=describe_entry(
                    entry.action, _dict(entry.before), _dict(entry.after), names, zone
                ),
            )
            for entry in entries
        ),
    )


def _request_detail(
    request: Request, events: list[RequestEvent], names: dict[str, str], zone: ZoneInfo
) -> RequestDetail:
    status = RequestStatus(request.status)
    return RequestDetail(
        id=request.id,
        reference=request.reference,
        kind_id=request.kind_id,
        kind_label=_name(names, request.kind_id, "type inconnu"),
        announced_delay=delay_text(request.delay_amount, DelayUnit(request.delay_unit)),
        status=status,
        status_label=REQUEST_STATUS_LABELS[status],
        received_text=moment_text(request.received_at, zone),
        due_date=request.due_date,
        due_text=(
            day_text(request.due_date)
            if request.due_date
            else "calculée sur les heures d'ouverture"
        ),
        ack_due_date=request.ack_due_date,
        ack_due_text=(
            day_text(request.ack_due_date) if request.ack_due_date else "sans objet (demande orale)"
        ),
        events=tuple(
            RequestEventLine(
                at=event.at,
                at_text=moment_text(event.at, zone),
                type=RequestEventType(event.type),
                label=REQUEST_EVENT_LABELS[RequestEventType(event.type)],
                actor=_name(names, event.actor_id, SYSTEM_ACTOR),
                reason=event.reason,
            )
            for event in events
        ),
    )


def _events(session: Session, request_id: uuid.UUID) -> list[RequestEvent]:
    return list(
        session.scalars(
            select(RequestEvent)
            .where(RequestEvent.request_id == request_id)
            .order_by(RequestEvent.seq)
        )
    )


def _names(
    session: Session,
    contact: Contact,
    requests: list[Request],
    entries: list[audit.RecordedEntry],
    events: list[RequestEvent],
) -> dict[str, str]:
    """Labels of every agent, motif and kind of request the view mentions, by id text."""
    agents = {contact.agent_id}
    agents.update(e.actor_id for e in entries if e.actor_id is not None)
    agents.update(e.actor_id for e in events if e.actor_id is not None)
    motifs = {contact.motif_id} if contact.motif_id else set()
    kinds = {r.kind_id for r in requests}
    for entry in entries:
        for values in (_dict(entry.before), _dict(entry.after)):
            motifs.update(_ids(values.get("motif_id")))
            kinds.update(_ids(values.get("kind_id")))
    names: dict[str, str] = {}
    if agents:
        rows = session.execute(select(Agent.id, Agent.name).where(Agent.id.in_(agents)))
        names.update((str(key), name) for key, name in rows)
    if motifs:
        rows = session.execute(select(Motif.id, Motif.label).where(Motif.id.in_(motifs)))
        names.update((str(key), label) for key, label in rows)
    if kinds:
        rows = session.execute(
            select(RequestKind.id, RequestKind.label).where(RequestKind.id.in_(kinds))
        )
        names.update((str(key), label) for key, label in rows)
    return names


def _ids(value: Any) -> set[uuid.UUID]:
    try:
        return {uuid.UUID(str(value))} if value else set()
    except ValueError:
        return set()


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _name(names: dict[str, str], key: uuid.UUID | None, default: str = "agent inconnu") -> str:
    return names.get(str(key), default) if key is not None else default
