"""The hourly roll-ups follow every change a person makes — logging, correcting,
cancelling, undoing, noting satisfaction, answering and reopening requests — and always
equal a recount (issue 6), on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from spplus_desk.domain.contact import ContactDraft, ContactRecord
from spplus_desk.domain.enums import Channel, ContactOutcome, RequestEventType, Satisfaction
from spplus_desk.services.choice_lists import MOTIFS, list_choices
from spplus_desk.services.contact_changes import cancel_contact, correct_contact
from spplus_desk.services.contact_detail import contact_detail
from spplus_desk.services.contacts import log_contact, record_satisfaction, undo_last_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.services.requests import act_on_request, find_request
from spplus_desk.store import tallies
from spplus_desk.store.schema import AnswerTally, ContactTally, MotifTally, WaitTally
from tests.support import TEST_LOGIN, FixedClock

_ANSWERED = (ContactOutcome.IMMEDIATE_ANSWER, ContactOutcome.REDIRECTED)


def _tables(desk: Desk) -> dict[str, set[tuple[Any, ...]]]:
    """Every roll-up row with a non-zero count (a count back at zero is no contact)."""
    with desk.database.reading() as session:
        return {
            "contacts": {
                tuple(row)
                for row in session.execute(
                    select(
                        ContactTally.hour,
                        ContactTally.channel,
                        ContactTally.outcome,
                        ContactTally.satisfaction,
                        ContactTally.contacts,
                    ).where(ContactTally.contacts != 0)
                )
            },
            "motifs": {
                tuple(row)
                for row in session.execute(
                    select(MotifTally.hour, MotifTally.motif_id, MotifTally.contacts).where(
                        MotifTally.contacts != 0
                    )
                )
            },
            "waits": {
                tuple(row)
                for row in session.execute(
                    select(
                        WaitTally.hour, WaitTally.minutes, WaitTally.visits, WaitTally.seconds
                    ).where(WaitTally.visits != 0)
                )
            },
            "answers": {
                tuple(row)
                for row in session.execute(
                    select(
                        AnswerTally.hour,
                        AnswerTally.kind_id,
                        AnswerTally.delay_unit,
                        AnswerTally.response_time,
                        AnswerTally.on_time,
                        AnswerTally.answers,
                    ).where(AnswerTally.answers != 0)
                )
            },
        }


def _rebuilt(desk: Desk) -> dict[str, set[tuple[Any, ...]]]:
    with desk.database.writing() as session:
        tallies.rebuild(session)
    return _tables(desk)


def _draft(rng: random.Random, clock: FixedClock, motifs: list[Any]) -> ContactDraft:
    channel = rng.choice([Channel.COUNTER, Channel.PHONE, Channel.EMAIL])
    if channel is Channel.PHONE and rng.random() < 0.3:
        outcome = rng.choice([ContactOutcome.MISSED_CALL, ContactOutcome.ABANDONED_CALL])
    else:
        outcome = ContactOutcome.IMMEDIATE_ANSWER
    arrived = called = None
    if channel is Channel.COUNTER:
        called = clock.now() - timedelta(seconds=rng.randrange(60))
        arrived = called - timedelta(seconds=rng.randrange(0, 40 * 60))
    asked = not outcome.is_unanswered_call and rng.random() < 0.5
    return ContactDraft(
        channel=channel,
        outcome=outcome,
        motif_id=rng.choice([None, *motifs]),
        arrived_at=arrived,
        called_at=called,
        satisfaction=rng.choice(list(Satisfaction)) if asked else None,
    )


def test_the_roll_ups_follow_every_change_and_equal_a_recount(
    desk: Desk, clock: FixedClock
) -> None:
    rng = random.Random(6)
    motifs = [m.id for m in list_choices(desk, MOTIFS)][:3]
    saved: list[ContactRecord] = []
    for step in range(60):
        clock.advance(minutes=rng.choice([3, 17, 45, 130]))
        action = rng.random()
        if action < 0.55 or not saved:
            saved.append(log_contact(desk, login=TEST_LOGIN, draft=_draft(rng, clock, motifs)))
            continue
        record = rng.choice(saved)
        detail = contact_detail(desk, record.id)
        if detail.cancelled:
            continue
        if action < 0.75:  # a correction of the channel, outcome, motif or waits
            draft = replace(
                _draft(rng, clock, motifs), person_name=f"Personne {step}", notes="corrigé"
            )
            correct_contact(
                desk, login=TEST_LOGIN, contact_id=record.id, version=detail.version, draft=draft
            )
        elif action < 0.85 and detail.outcome in _ANSWERED:
            level = rng.choice([None, *Satisfaction])
            record_satisfaction(desk, login=TEST_LOGIN, contact_id=record.id, satisfaction=level)
        elif action < 0.95:
            cancel_contact(
                desk, login=TEST_LOGIN, contact_id=record.id, version=detail.version, reason="X"
            )
        else:
            saved.append(log_contact(desk, login=TEST_LOGIN, draft=_draft(rng, clock, motifs)))
            clock.advance(minutes=1)
            undo_last_contact(desk, login=TEST_LOGIN)
    followed = _tables(desk)
    assert followed["contacts"], "the sequence logged contacts"
    assert followed == _rebuilt(desk)


def test_a_cancelled_contact_leaves_every_count(desk: Desk, clock: FixedClock) -> None:
    called = clock.now()
    record = log_contact(
        desk,
        login=TEST_LOGIN,
        draft=ContactDraft(
            channel=Channel.COUNTER,
            outcome=ContactOutcome.IMMEDIATE_ANSWER,
            motif_id=list_choices(desk, MOTIFS)[0].id,
            arrived_at=called - timedelta(minutes=7, seconds=30),
            called_at=called,
            satisfaction=Satisfaction.SATISFIED,
        ),
    )
    hour = tallies.hour_of(called)
    tables = _tables(desk)
    assert tables["contacts"] == {(hour, "counter", "immediate_answer", "satisfied", 1)}
    assert tables["waits"] == {(hour, 7, 1, 450)}
    cancel_contact(desk, login=TEST_LOGIN, contact_id=record.id, version=1, reason="Doublon")
    assert _tables(desk) == {"contacts": set(), "motifs": set(), "waits": set(), "answers": set()}


def test_answers_are_counted_as_they_are_given_taken_back_and_given_again(
    desk: Desk, clock: FixedClock
) -> None:
    kind = next(k for k in list_request_kinds(desk) if k.label == "Réponse à un courriel")
    rng = random.Random(8)
    request_ids = []
    for _ in range(6):
        clock.advance(hours=rng.choice([1, 20, 50]))
        record = log_contact(
            desk,
            login=TEST_LOGIN,
            draft=ContactDraft(
                channel=Channel.EMAIL,
                outcome=ContactOutcome.REQUEST_OPENED,
                request_kind_id=kind.id,
            ),
        )
        assert record.request_reference is not None
        request_ids.append(find_request(desk, record.request_reference))
    script = [RequestEventType.ANSWERED, RequestEventType.REOPENED] * 3
    for request_id in request_ids:
        for action in script[: rng.randrange(1, len(script) + 1)]:
            clock.advance(days=rng.choice([1, 3, 9]))
            act_on_request(desk, login=TEST_LOGIN, request_id=request_id, action=action)
    followed = _tables(desk)
    assert followed["answers"], "some requests stayed answered"
    assert followed == _rebuilt(desk)
