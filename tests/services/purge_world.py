"""A service's records spread over six years, some past their retention and some not:
the world the purge's tests (store, services, CLI, screen) anonymise.

The clock fixture stands on Tuesday 4 May 2027. With the default durations the
cut-offs are 4 May 2026 (contacts, requests), 4 May 2025 (feedback) and 4 May 2022
(right-to-error cases).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import String, cast, func, or_, select

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.delay import parse_delay
from spplus_desk.domain.enums import Channel, ContactOutcome, RequestEventType, Satisfaction
from spplus_desk.domain.error_case import (
    CaseDraft,
    CaseOutcome,
    DiscoveredBy,
    ErrorNature,
    PersonIdentity,
    Regularisation,
)
from spplus_desk.domain.feedback import DEFAULT_REPLY_DELAY, FeedbackDraft, FeedbackKind
from spplus_desk.services.choice_lists import PROCEDURES, list_choices
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_cases import record_case
from spplus_desk.services.feedback import close_feedback, record_feedback, reply_to_feedback
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.services.requests import act_on_request, find_request
from spplus_desk.store.schema import AuditEntry, AuditPersonal
from tests.support import TEST_LOGIN, FixedClock

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2027, 5, 4, 9, 30, tzinfo=UTC)  # the clock fixture's instant
OLD_NAME = "Helene Archive"  # ASCII: found as typed in the JSON text of the trail
WAITING_REASON = "Avis d'imposition de Denise Closeau manquant"


def paris(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), PARIS).astimezone(UTC)


@dataclass(frozen=True)
class World:
    old_contact: uuid.UUID  # 3 March 2025, a name, a phone, notes: due
    anonymous: uuid.UUID  # 3 March 2025, nobody named: nothing to anonymise
    open_request_contact: uuid.UUID  # its request is still open: kept
    closed_request_contact: uuid.UUID  # its request was answered in March 2025: due
    closed_request: uuid.UUID  # with a waiting reason: due
    recent_request_contact: uuid.UUID  # its request was answered in December 2026: kept
    recent_request: uuid.UUID
    new_contact: uuid.UUID  # 1 May 2027: kept
    old_case: uuid.UUID  # discovered 1 June 2021: due
    new_case: uuid.UUID  # discovered 10 January 2024: kept
    answered_feedback: uuid.UUID  # answered 20 January 2025: due
    classed_feedback: uuid.UUID  # classed 5 February 2025: due
    recent_feedback: uuid.UUID  # a compliment of June 2025: kept


def contact(desk: Desk, name: str = "", **changes: object) -> uuid.UUID:
    base = ContactDraft(
        channel=Channel.PHONE,
        outcome=ContactOutcome.IMMEDIATE_ANSWER,
        person_name=name,
        person_phone="06 11 22 33 44" if name else "",
        notes=f"Rappeler {name} pour son dossier" if name else "",
    )
    return log_contact(desk, login=TEST_LOGIN, draft=replace(base, **changes)).id  # type: ignore[arg-type]


def request_contact(desk: Desk, name: str) -> tuple[uuid.UUID, uuid.UUID]:
    kinds = {kind.label: kind.id for kind in list_request_kinds(desk)}
    draft = ContactDraft(
        channel=Channel.EMAIL,
        outcome=ContactOutcome.REQUEST_OPENED,
        request_kind_id=kinds["Réponse à un courriel"],
        person_name=name,
        person_email="personne@example.org",
    )
    record = log_contact(desk, login=TEST_LOGIN, draft=draft)
    assert record.request_reference is not None
    return record.id, find_request(desk, record.request_reference)


def act(desk: Desk, request_id: uuid.UUID, action: RequestEventType, reason: str = "") -> None:
    act_on_request(
        desk, login=TEST_LOGIN, request_id=request_id, action=action, reason=reason or None
    )


def case(desk: Desk, discovered: date, name: str) -> uuid.UUID:
    procedure = next(c.id for c in list_choices(desk, PROCEDURES))
    draft = CaseDraft(
        procedure_id=procedure,
        nature=ErrorNature.OMISSION,
        channel=Channel.COUNTER,
        error_on=discovered,
        discovered_on=discovered,
        discovered_by=DiscoveredBy.PERSON,
        checklist_first_time=True,
        checklist_good_faith=True,
        exclusions=frozenset(),
        regularisation=Regularisation.SPONTANEOUS,
        invited_on=None,
        regularisation_delay=None,
        regularised_on=discovered,
        outcome=CaseOutcome.NO_SANCTION,
        person=PersonIdentity(name, "06 98 76 54 32", "gaston@example.org"),
        notes=f"{name} a oublié de déclarer un changement",
    )
    return record_case(desk, login=TEST_LOGIN, draft=draft).id


def feedback(desk: Desk, received: date, kind: FeedbackKind, name: str = "") -> uuid.UUID:
    replied = kind is not FeedbackKind.COMPLIMENT
    draft = FeedbackDraft(
        kind=kind,
        channel=Channel.LETTER,
        received_on=received,
        text=f"Lettre de {name or 'quelqu un'} sur l'attente au guichet",
        reply_delay=parse_delay(DEFAULT_REPLY_DELAY) if replied else None,
        person_name=name,
    )
    return record_feedback(desk, login=TEST_LOGIN, draft=draft).id


def build_world(desk: Desk, clock: FixedClock) -> World:
    clock.at = paris(date(2021, 6, 1))
    old_case = case(desk, date(2021, 6, 1), "Gaston Ancien")
    clock.at = paris(date(2024, 1, 10))
    new_case = case(desk, date(2024, 1, 10), "Gaston Recent")
    clock.at = paris(date(2025, 1, 10))
    answered = feedback(desk, date(2025, 1, 10), FeedbackKind.COMPLAINT, "Karine Plainte")
    clock.at = paris(date(2025, 1, 20))
    reply_to_feedback(
        desk,
        login=TEST_LOGIN,
        feedback_id=answered,
        version=1,
        reply="Madame Plainte, nous avons revu nos horaires.",
        replied_on=date(2025, 1, 20),
    )
    clock.at = paris(date(2025, 2, 1))
    classed = feedback(desk, date(2025, 2, 1), FeedbackKind.SUGGESTION, "Luc Classe")
    clock.at = paris(date(2025, 2, 5))
    close_feedback(desk, login=TEST_LOGIN, feedback_id=classed, version=1, reason="Doublon de Luc")
    clock.at = paris(date(2025, 3, 3))
    old_contact = contact(
        desk,
        OLD_NAME,
        person_email="helene@example.org",
        satisfaction=Satisfaction.SATISFIED,
        satisfaction_comment="Merci a Helene Archive",
    )
    anonymous = contact(desk)
    open_contact, _open_request = request_contact(desk, "Paul Ouvert")
    closed_contact, closed_request = request_contact(desk, "Denise Closeau")
    act(desk, closed_request, RequestEventType.WAITING_FOR_USER, WAITING_REASON)
    recent_contact, recent_request = request_contact(desk, "Emile Recent")
    clock.at = paris(date(2025, 3, 10))
    act(desk, closed_request, RequestEventType.RESUMED)
    act(desk, closed_request, RequestEventType.ANSWERED)
    clock.at = paris(date(2025, 6, 2))
    recent_feedback = feedback(desk, date(2025, 6, 2), FeedbackKind.COMPLIMENT, "Marc Merci")
    clock.at = paris(date(2026, 12, 1))
    act(desk, recent_request, RequestEventType.ANSWERED)
    clock.at = paris(date(2027, 5, 1))
    new_contact = contact(desk, "Fanny Nouvelle")
    clock.at = NOW
    return World(
        old_contact=old_contact,
        anonymous=anonymous,
        open_request_contact=open_contact,
        closed_request_contact=closed_contact,
        closed_request=closed_request,
        recent_request_contact=recent_contact,
        recent_request=recent_request,
        new_contact=new_contact,
        old_case=old_case,
        new_case=new_case,
        answered_feedback=answered,
        classed_feedback=classed,
        recent_feedback=recent_feedback,
    )


def trail_mentions(desk: Desk, text: str) -> int:
    """Entries of the audit trail whose recorded values (kept in the entry or beside
    it) contain ``text``."""
    with desk.database.reading() as session:
        in_entries = session.scalar(
            select(func.count()).where(
                or_(
                    cast(AuditEntry.before, String).contains(text),
                    cast(AuditEntry.after, String).contains(text),
                )
            )
        )
        beside = session.scalar(
            select(func.count()).where(cast(AuditPersonal.values, String).contains(text))
        )
    return int(in_entries or 0) + int(beside or 0)
