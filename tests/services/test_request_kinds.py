"""A lead defines the kinds of request: the promise (a delay in a unit), the channels,
what waiting for the user does to the clock. Agents cannot; nothing is deleted; requests
already received keep the promise they were made."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, DelayUnit, Role, WaitPolicy
from spplus_desk.domain.errors import ConflictError, UserError
from spplus_desk.services.agents import add_agent
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_kinds import (
    RequestKindInfo,
    acknowledgement_text,
    add_request_kind,
    list_request_kinds,
    restore_request_kind,
    retire_request_kind,
    update_request_kind,
)
from spplus_desk.services.requests import find_request, refresh_open_deadlines
from spplus_desk.store.schema import AuditEntry, Request, Service
from tests.support import TEST_LOGIN


def add_kind(desk: Desk, label: str = "Urbanisme", **changes: object) -> RequestKindInfo:
    fields: dict[str, object] = {
        "channels": [Channel.EMAIL, Channel.COUNTER],
        "delay_amount": 10,
        "delay_unit": DelayUnit.WORKING_DAYS,
        "wait_policy": WaitPolicy.SUSPEND,
    }
    fields.update(changes)
    return add_request_kind(desk, login=TEST_LOGIN, label=label, **fields)  # type: ignore[arg-type]


def update_kind(desk: Desk, kind: RequestKindInfo, **changes: object) -> RequestKindInfo:
    fields: dict[str, object] = {
        "label": kind.label,
        "channels": kind.channels,
        "delay_amount": kind.delay_amount,
        "delay_unit": kind.delay_unit,
        "wait_policy": kind.wait_policy,
        "implicit_decision": kind.implicit_decision,
        "implicit_months": kind.implicit_months,
    }
    fields.update(changes)
    return update_request_kind(
        desk,
        login=TEST_LOGIN,
        kind_id=kind.id,
        version=kind.version,
        **fields,  # type: ignore[arg-type]
    )


def audit_actions(desk: Desk) -> list[str]:
    with desk.database.reading() as session:
        return list(
            session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity_type == "request_kind")
                .order_by(AuditEntry.seq)
            )
        )


def test_the_seeded_catalogue_is_listed_with_its_clock(desk: Desk) -> None:
    kinds = {kind.label: kind for kind in list_request_kinds(desk)}
    letter = kinds["Réponse à un courrier"]
    assert letter.delay == "15\u00a0jours ouvrés"
    assert letter.wait_policy is WaitPolicy.SUSPEND
    assert letter.active
    assert letter.acknowledgement == "sous 14\u00a0jours (courrier)"
    assert kinds["Rappel téléphonique"].acknowledgement == "—"
    # Alphabetical as read: « Attestation… » first, whatever the accents.
    assert list_request_kinds(desk)[0].label == "Attestation ou certificat"


def test_acknowledgement_deadlines_follow_the_sp_plus_standard() -> None:
    text = acknowledgement_text(
        [Channel.LETTER, Channel.COUNTER, Channel.ONLINE_FORM, Channel.EMAIL]
    )
    assert text == (
        "sous 7\u00a0jours (courriel, formulaire en ligne) ; sous 14\u00a0jours (courrier)"
    )


def test_add_update_retire_and_restore_are_audited(desk: Desk) -> None:
    kind = add_kind(desk, "  Permis  de construire ", channels=[Channel.LETTER, Channel.COUNTER])
    assert kind.label == "Permis de construire"
    assert kind.channels == (Channel.COUNTER, Channel.LETTER)  # in the channels' order
    assert kind in list_request_kinds(desk)
    changed = update_kind(
        desk,
        kind,
        delay_amount=2,
        delay_unit=DelayUnit.CALENDAR_DAYS,
        wait_policy=WaitPolicy.RESTART,
    )
    assert changed.delay == "2\u00a0jours calendaires"
    assert changed.wait_policy is WaitPolicy.RESTART
    assert changed.version > kind.version
    assert update_kind(desk, changed) == changed  # nothing changed: nothing recorded
    retired = retire_request_kind(desk, login=TEST_LOGIN, kind_id=kind.id, version=changed.version)
    assert not retired.active
    assert retired not in list_request_kinds(desk)
    assert retired in list_request_kinds(desk, include_retired=True)
    restored = restore_request_kind(
        desk, login=TEST_LOGIN, kind_id=kind.id, version=retired.version
    )
    assert restored.active
    verbs = ["created", "updated", "retired", "restored"]
    assert audit_actions(desk) == [f"request_kind.{verb}" for verb in verbs]
    with desk.database.reading() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "request_kind.updated")
        ).one()
    assert entry.before["delay_unit"] == "working_days"
    assert entry.after["delay_unit"] == "calendar_days"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"label": "   "}, "Le nom du type de demande ne peut pas être vide."),
        ({"channels": []}, "Cochez au moins un canal"),
        ({"delay_amount": 0}, "Un délai en jours ouvrés va de 1 à 365 (0 demandé)."),
        (
            {"delay_amount": 3000, "delay_unit": DelayUnit.WORKING_HOURS},
            "Un délai en heures ouvrées va de 1 à 2000 (3000 demandé).",
        ),
    ],
    ids=["sans nom", "sans canal", "délai nul", "trop d'heures"],
)
def test_what_is_typed_is_checked(desk: Desk, changes: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {"label": "Urbanisme", **changes}
    label = str(fields.pop("label"))
    with pytest.raises(UserError, match=re.escape(message)):
        add_kind(desk, label, **fields)
    assert audit_actions(desk) == []


def test_same_kind_twice_is_refused_whatever_the_case_and_accents(desk: Desk) -> None:
    kind = add_kind(desk, "Élections")
    with pytest.raises(UserError, match="Le type de demande « Élections » existe déjà"):
        add_kind(desk, "ELECTIONS")
    other = add_kind(desk, "Cimetière")
    with pytest.raises(UserError, match="« Élections » existe déjà"):
        update_kind(desk, other, label="elections")
    retire_request_kind(desk, login=TEST_LOGIN, kind_id=kind.id, version=kind.version)
    with pytest.raises(UserError, match=r"existe déjà \(retiré : vous pouvez le rétablir\)"):
        add_kind(desk, "élections")


def test_hours_need_opening_hours(desk: Desk) -> None:
    in_hours = add_kind(desk, "Rappel urgent", delay_amount=48, delay_unit=DelayUnit.WORKING_HOURS)
    assert in_hours.delay == "48\u00a0heures ouvrées"
    with desk.database.writing() as session:
        service = session.scalars(select(Service)).one()
        service.opening_hours = [[] for _ in range(7)]
    with pytest.raises(UserError, match="le service n'en a aucun"):
        add_kind(desk, "Autre rappel", delay_amount=4, delay_unit=DelayUnit.WORKING_HOURS)
    days = add_kind(desk, "Autre rappel", delay_amount=4)  # in days: no opening hours needed
    with pytest.raises(UserError, match="heures ouvrées"):
        update_kind(desk, days, delay_unit=DelayUnit.WORKING_HOURS)


def test_a_stale_edit_is_a_conflict(desk: Desk) -> None:
    kind = add_kind(desk)
    update_kind(desk, kind, delay_amount=12)
    with pytest.raises(ConflictError):
        update_kind(desk, kind, delay_amount=8)
    with pytest.raises(ConflictError):
        retire_request_kind(desk, login=TEST_LOGIN, kind_id=kind.id, version=kind.version)


def test_agents_cannot_change_the_catalogue(desk: Desk) -> None:
    add_agent(desk, login=TEST_LOGIN, name="Léa", agent_login="lea", role=Role.AGENT)
    kind = list_request_kinds(desk)[0]
    with pytest.raises(UserError, match="réservée au rôle responsable d'équipe ou administrateur"):
        add_request_kind(
            desk,
            login="lea",
            label="Nouveau",
            channels=[Channel.COUNTER],
            delay_amount=1,
            delay_unit=DelayUnit.WORKING_DAYS,
            wait_policy=WaitPolicy.SUSPEND,
        )
    with pytest.raises(UserError, match="réservée"):
        retire_request_kind(desk, login="lea", kind_id=kind.id, version=kind.version)
    with pytest.raises(UserError, match="réservée"):
        update_request_kind(
            desk,
            login="lea",
            kind_id=kind.id,
            version=kind.version,
            label=kind.label,
            channels=kind.channels,
            delay_amount=99,
            delay_unit=kind.delay_unit,
            wait_policy=kind.wait_policy,
            implicit_decision=kind.implicit_decision,
            implicit_months=kind.implicit_months,
        )
    assert list_request_kinds(desk)[0] == kind
    assert audit_actions(desk) == []


def test_requests_keep_the_promise_they_were_made(desk: Desk) -> None:
    """Tue 4 May 2027 + 5 jours ouvrés: Wed 12 May (Ascension skipped). Changing the kind
    to 10 days afterwards moves nothing already received."""
    kind = next(k for k in list_request_kinds(desk) if k.label == "Réponse à un courriel")
    record = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(Channel.EMAIL, ContactOutcome.REQUEST_OPENED, request_kind_id=kind.id),
    )
    assert record.request_reference is not None
    request_id = find_request(desk, record.request_reference)
    update_kind(desk, kind, delay_amount=10, wait_policy=WaitPolicy.RESTART)
    refresh_open_deadlines(desk)  # derived again from its own terms
    with desk.database.reading() as session:
        request = session.get_one(Request, request_id)
        assert request.due_date == date(2027, 5, 12)
        assert (request.delay_amount, request.delay_unit) == (5, "working_days")
        assert request.wait_policy == "suspend"


def test_a_retired_kind_is_no_longer_offered_for_new_requests(desk: Desk) -> None:
    kind = list_request_kinds(desk)[0]
    retire_request_kind(desk, login=TEST_LOGIN, kind_id=kind.id, version=kind.version)
    with pytest.raises(UserError, match="n'existe plus"):
        log_contact(
            desk,
            login=TEST_LOGIN,
            draft=ContactDraft(
                Channel.COUNTER, ContactOutcome.REQUEST_OPENED, request_kind_id=kind.id
            ),
        )
