"""Logging a contact and undoing it, as the counter agent does (issue 3 services)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, Need, RequestStatus, Role
from spplus_desk.domain.errors import UserError
from spplus_desk.services.contacts import log_contact, undo_last_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.store import queries
from spplus_desk.store.schema import Agent, AuditEntry, Contact, Request, RequestEvent, RequestKind
from tests.support import TEST_LOGIN, FixedClock


def kind_id(desk: Desk, label: str) -> uuid.UUID:
    with desk.database.reading() as session:
        return session.scalars(select(RequestKind.id).where(RequestKind.label == label)).one()


def audit_actions(desk: Desk) -> list[str]:
    with desk.database.reading() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_a_counter_visit_with_measured_wait(desk: Desk, clock: FixedClock) -> None:
    called = clock.now() - timedelta(minutes=6)
    draft = ContactDraft(
        channel=Channel.COUNTER,
        outcome=ContactOutcome.IMMEDIATE_ANSWER,
        arrived_at=called - timedelta(minutes=12),
        called_at=called,
        duration_seconds=360,
        person_name="  Jeanne   Martin ",
        person_phone="06.39.98.12.34",
        needs=Need.INTERPRETER | Need.EASY_READ,
    )
    record = log_contact(desk, login=TEST_LOGIN, draft=draft)
    assert record.occurred_at == called
    assert record.person_name == "Jeanne Martin"
    assert record.request_reference is None
    with desk.database.reading() as session:
        row = session.get_one(Contact, record.id)
    assert row.person_phone == "06 39 98 12 34"
    assert Need(row.needs) == Need.INTERPRETER | Need.EASY_READ
    assert row.arrived_at == called - timedelta(minutes=12)
    assert row.called_at == called
    assert audit_actions(desk)[-1] == "contact.created"


def test_an_email_opens_a_request_with_its_deadlines(desk: Desk, clock: FixedClock) -> None:
    draft = ContactDraft(
        channel=Channel.EMAIL,
        outcome=ContactOutcome.REQUEST_OPENED,
        request_kind_id=kind_id(desk, "Réponse à un courriel"),
    )
    record = log_contact(desk, login=TEST_LOGIN, draft=draft)
    assert record.request_reference == "2027-000001"
    with desk.database.reading() as session:
        request = session.scalars(select(Request)).one()
        events = list(session.scalars(select(RequestEvent.type)))
    # Received Tue 4 May 2027 + 5 jours ouvrés, Ascension (6 May) skipped.
    assert request.due_date == date(2027, 5, 12)
    assert request.ack_due_date == date(2027, 5, 11)  # e-mail: one week
    assert request.status == RequestStatus.OPEN.value
    assert events == ["received"]
    second = log_contact(desk, login=TEST_LOGIN, draft=draft)
    assert second.request_reference == "2027-000002"


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (ContactDraft(Channel.COUNTER, ContactOutcome.MISSED_CALL), "canal Téléphone"),
        (ContactDraft(Channel.PHONE, ContactOutcome.REDIRECTED), "orientée"),
        (ContactDraft(Channel.LETTER, ContactOutcome.REQUEST_OPENED), "type de demande"),
        (
            ContactDraft(Channel.PHONE, ContactOutcome.IMMEDIATE_ANSWER, person_phone="12"),
            "10 chiffres",
        ),
        (
            ContactDraft(Channel.EMAIL, ContactOutcome.IMMEDIATE_ANSWER, person_email="jeanne@"),
            "nom@domaine",
        ),
        (
            ContactDraft(Channel.PHONE, ContactOutcome.IMMEDIATE_ANSWER, duration_seconds=-5),
            "durée",
        ),
        (
            ContactDraft(Channel.PHONE, ContactOutcome.IMMEDIATE_ANSWER, notes="x" * 4001),
            "trop longue",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    desk: Desk, draft: ContactDraft, message: str
) -> None:
    before = audit_actions(desk)
    with pytest.raises(UserError, match=message):
        log_contact(desk, login=TEST_LOGIN, draft=draft)
    with desk.database.reading() as session:
        assert queries.contact_count(session) == 0
    assert audit_actions(desk) == before


def test_a_missed_call(desk: Desk) -> None:
    record = log_contact(
        desk, login=TEST_LOGIN, draft=ContactDraft(Channel.PHONE, ContactOutcome.MISSED_CALL)
    )
    assert record.outcome is ContactOutcome.MISSED_CALL


def test_undo_within_five_minutes_cancels_contact_and_request(
    desk: Desk, clock: FixedClock
) -> None:
    draft = ContactDraft(
        channel=Channel.LETTER,
        outcome=ContactOutcome.REQUEST_OPENED,
        request_kind_id=kind_id(desk, "Réponse à un courrier"),
    )
    record = log_contact(desk, login=TEST_LOGIN, draft=draft)
    clock.advance(minutes=4, seconds=59)
    undone = undo_last_contact(desk, login=TEST_LOGIN)
    assert undone.id == record.id
    assert undone.cancelled
    with desk.database.reading() as session:
        contact = session.get_one(Contact, record.id)  # still there: nothing is deleted
        request = session.scalars(select(Request)).one()
        events = list(session.scalars(select(RequestEvent.type).order_by(RequestEvent.seq)))
    assert contact.cancel_reason is not None
    assert request.status == RequestStatus.CANCELLED.value
    assert events == ["received", "cancelled"]
    assert audit_actions(desk)[-2:] == ["contact.created", "contact.undone"]


def test_undo_after_five_minutes_is_refused(desk: Desk, clock: FixedClock) -> None:
    log_contact(
        desk, login=TEST_LOGIN, draft=ContactDraft(Channel.PHONE, ContactOutcome.IMMEDIATE_ANSWER)
    )
    clock.advance(minutes=5, seconds=1)
    with pytest.raises(UserError, match="plus de 5 minutes"):
        undo_last_contact(desk, login=TEST_LOGIN)
    with pytest.raises(UserError, match="aucun contact"):
        undo_last_contact(desk, login="someone.else") if False else _undo_nothing(desk)


def _undo_nothing(desk: Desk) -> None:
    with desk.database.writing() as session:
        session.add(
            Agent(
                name="Léa",
                login="lea",
                role=Role.AGENT.value,
                active=True,
                created_at=desk.clock.now(),
            )
        )
    undo_last_contact(desk, login="lea")


def test_an_unknown_login_is_refused(desk: Desk) -> None:
    with pytest.raises(UserError, match="n'est pas enregistré comme agent actif"):
        log_contact(
            desk, login="intrus", draft=ContactDraft(Channel.PHONE, ContactOutcome.IMMEDIATE_ANSWER)
        )


def test_roles_are_enforced_in_the_services(desk: Desk) -> None:
    with desk.database.writing() as session:
        session.add(
            Agent(
                name="Léa",
                login="lea",
                role=Role.AGENT.value,
                active=True,
                created_at=desk.clock.now(),
            )
        )
    with desk.database.reading() as session:
        assert acting_agent(session, TEST_LOGIN, Role.LEAD, Role.ADMIN).login == TEST_LOGIN
        with pytest.raises(
            UserError, match="réservée au rôle responsable d'équipe ou administrateur"
        ):
            acting_agent(session, "lea", Role.LEAD, Role.ADMIN)
