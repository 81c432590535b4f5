"""The contact indicators of a period on a hand-built journal whose answers are known
(issue 6), on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spplus_desk.domain.contact import ContactDraft, ContactRecord
from spplus_desk.domain.delay import parse_delay
from spplus_desk.domain.enums import (
    Channel,
    ContactOutcome,
    DelayUnit,
    RequestEventType,
    Satisfaction,
)
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.feedback import FeedbackDraft, FeedbackKind
from spplus_desk.domain.indicators import Period, Ratio, SatisfactionCounts
from spplus_desk.services.choice_lists import MOTIFS, list_choices
from spplus_desk.services.contact_changes import cancel_contact
from spplus_desk.services.contacts import log_contact, record_satisfaction
from spplus_desk.services.desk import Desk
from spplus_desk.services.feedback import close_feedback, record_feedback, reply_to_feedback
from spplus_desk.services.indicators import period_indicators
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.services.requests import act_on_request, find_request
from spplus_desk.store import indicators as store_indicators
from tests.support import TEST_LOGIN, FixedClock

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2027, 3, 29)  # the day after the clock change to summer time
WEEK = Period(MONDAY, MONDAY + timedelta(days=6))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), PARIS)


def log(desk: Desk, clock: FixedClock, when: datetime, **fields: object) -> ContactRecord:
    clock.at = when
    draft = ContactDraft(**{"outcome": ContactOutcome.IMMEDIATE_ANSWER, **fields})  # type: ignore[arg-type]
    return log_contact(desk, login=TEST_LOGIN, draft=draft)


def test_a_week_of_contacts(desk: Desk, clock: FixedClock) -> None:
    civil = next(m.id for m in list_choices(desk, MOTIFS) if m.label.startswith("État civil"))
    # Counter visits on Monday morning, waits of 4, 9, 12, 20 and 35 minutes.
    for minute, wait in zip((0, 10, 20, 30, 40), (4, 9, 12, 20, 35), strict=True):
        called = at(MONDAY, 9, minute)
        log(
            desk,
            clock,
            called,
            channel=Channel.COUNTER,
            motif_id=civil,
            arrived_at=called - timedelta(minutes=wait),
            called_at=called,
        )
    # Calls on Tuesday at 14 h: three answered, one missed, one abandoned.
    tuesday = MONDAY + timedelta(days=1)
    for minute, outcome in enumerate(
        [ContactOutcome.IMMEDIATE_ANSWER] * 3
        + [ContactOutcome.MISSED_CALL, ContactOutcome.ABANDONED_CALL]
    ):
        log(desk, clock, at(tuesday, 14, minute), channel=Channel.PHONE, outcome=outcome)
    # An e-mail on Sunday evening (local), already Monday in no zone but Paris's.
    log(desk, clock, at(MONDAY + timedelta(days=6), 23, 30), channel=Channel.EMAIL)
    # Outside the week, and a cancelled visit: counted nowhere.
    log(desk, clock, at(MONDAY - timedelta(days=1), 10), channel=Channel.COUNTER)
    wrong = log(desk, clock, at(MONDAY, 16), channel=Channel.COUNTER)
    clock.advance(minutes=10)
    cancel_contact(
        desk, login=TEST_LOGIN, contact_id=wrong.id, version=wrong.version, reason="Doublon"
    )

    figures = period_indicators(desk, WEEK).contacts
    assert figures.by_channel == {Channel.COUNTER: 5, Channel.PHONE: 5, Channel.EMAIL: 1}
    assert figures.total == 11
    label = next(m.label for m in list_choices(desk, MOTIFS) if m.id == civil)
    # The most frequent first: the calls and the e-mail had no motif.
    assert figures.by_motif == (("", 6), (label, 5))
    assert figures.busy_hours == {(0, 9): 5, (1, 14): 5, (6, 23): 1}
    assert figures.pickup == Ratio(3, 5)
    assert figures.waits.count == 5
    assert figures.waits.mean == pytest.approx(16)
    assert figures.waits.median == pytest.approx(12)
    assert figures.waits.p90 == pytest.approx(35)
    assert figures.waits.under_threshold == Ratio(3, 5)


def test_a_period_without_contacts_has_no_rate(desk: Desk) -> None:
    figures = period_indicators(desk, WEEK).contacts
    assert figures.total == 0
    assert figures.pickup.rate is None
    assert figures.waits.median is None
    assert figures.busy_hours == {}


def test_a_reversed_period_is_explained(desk: Desk) -> None:
    with pytest.raises(UserError, match="précède"):
        period_indicators(desk, Period(MONDAY, MONDAY - timedelta(days=1)))


# --- Requests, satisfaction, complaints ---------------------------------------------------

MAY = Period(date(2027, 5, 1), date(2027, 5, 31))


def _email_request(desk: Desk, clock: FixedClock, when: datetime) -> uuid.UUID:
    kind = next(k for k in list_request_kinds(desk) if k.label == "Réponse à un courriel")
    assert (kind.delay_amount, kind.delay_unit) == (5, DelayUnit.WORKING_DAYS)
    record = log(
        desk,
        clock,
        when,
        channel=Channel.EMAIL,
        outcome=ContactOutcome.REQUEST_OPENED,
        request_kind_id=kind.id,
    )
    assert record.request_reference is not None
    return find_request(desk, record.request_reference)


def _answer(desk: Desk, clock: FixedClock, request_id: uuid.UUID, when: datetime) -> None:
    clock.at = when
    act_on_request(desk, login=TEST_LOGIN, request_id=request_id, action=RequestEventType.ANSWERED)


def test_requests_answered_in_time_and_their_response_times(desk: Desk, clock: FixedClock) -> None:
    # Received Monday 3 May 2027; 5 working days, Ascension on the 6th: due Tuesday 11 May.
    monday = date(2027, 5, 3)
    quick = _email_request(desk, clock, at(monday, 9))
    _answer(desk, clock, quick, at(monday + timedelta(days=2), 11))  # 2 days, in time
    on_due_day = _email_request(desk, clock, at(monday, 10))
    _answer(desk, clock, on_due_day, at(date(2027, 5, 11), 16))  # 5 days, in time
    late = _email_request(desk, clock, at(monday, 11))
    _answer(desk, clock, late, at(date(2027, 5, 13), 9))  # 7 days: late
    _email_request(desk, clock, at(monday, 12))  # never answered: late since 12 May
    _email_request(desk, clock, at(date(2027, 5, 25), 9))  # not due yet on 27 May
    clock.at = at(date(2027, 5, 27), 12)

    figures = period_indicators(desk, MAY).requests
    assert figures.on_time == Ratio(2, 4)
    assert figures.response_days.count == 3
    assert figures.response_days.median == 5
    assert figures.response_days.p90 == 7
    assert figures.response_hours.count == 0
    assert figures.on_time_by_kind == (("Réponse à un courriel", Ratio(2, 4)),)


def test_a_request_left_unanswered_counts_in_the_period_of_its_due_day(
    desk: Desk, clock: FixedClock
) -> None:
    # Received Friday 21 May 2027: 5 working days (Whit Monday 24 May off) end Monday 31.
    _email_request(desk, clock, at(date(2027, 5, 21), 10))
    clock.at = at(date(2027, 6, 2), 12)
    june = Period(date(2027, 6, 1), date(2027, 6, 30))
    assert period_indicators(desk, MAY).requests.on_time == Ratio(0, 1)
    assert period_indicators(desk, june).requests.on_time == Ratio(0, 0)


def test_satisfaction_and_net_satisfaction(desk: Desk, clock: FixedClock) -> None:
    answers = [Satisfaction.SATISFIED] * 6 + [Satisfaction.MIXED] * 2 + [Satisfaction.DISSATISFIED]
    for minute, answer in enumerate(answers):
        log(
            desk,
            clock,
            at(date(2027, 5, 4), 10, minute),
            channel=Channel.COUNTER,
            satisfaction=answer,
        )
    phone = log(desk, clock, at(date(2027, 5, 4), 11), channel=Channel.PHONE)
    record_satisfaction(
        desk, login=TEST_LOGIN, contact_id=phone.id, satisfaction=Satisfaction.DISSATISFIED
    )
    log(desk, clock, at(date(2027, 5, 4), 12), channel=Channel.COUNTER)  # not asked

    figures = period_indicators(desk, MAY).feedback
    assert figures.satisfaction == SatisfactionCounts(satisfied=6, mixed=2, dissatisfied=2)
    assert figures.satisfaction.satisfaction == Ratio(6, 10)
    assert figures.satisfaction.net == pytest.approx(40)
    assert figures.satisfaction_by_channel[Channel.PHONE] == SatisfactionCounts(dissatisfied=1)


def test_complaints_answered_in_time(desk: Desk, clock: FixedClock) -> None:
    clock.at = at(date(2027, 5, 28), 9)
    delay = parse_delay("5 jours ouvrés")

    def complaint(received: date, kind: FeedbackKind = FeedbackKind.COMPLAINT) -> uuid.UUID:
        draft = FeedbackDraft(kind, Channel.LETTER, received, "Attente trop longue", delay)
        return record_feedback(desk, login=TEST_LOGIN, draft=draft).id

    answered = complaint(date(2027, 5, 3))  # due 10 May
    reply_to_feedback(
        desk,
        login=TEST_LOGIN,
        feedback_id=answered,
        version=1,
        reply="Nous avons ouvert un second guichet.",
        replied_on=date(2027, 5, 7),
    )
    answered_late = complaint(date(2027, 5, 3))
    reply_to_feedback(
        desk,
        login=TEST_LOGIN,
        feedback_id=answered_late,
        version=1,
        reply="Excuses.",
        replied_on=date(2027, 5, 14),
    )
    complaint(date(2027, 5, 10))  # due 18 May, never answered: late
    complaint(date(2027, 5, 26))  # due in June: not in May's figure
    closed = complaint(date(2027, 5, 4))
    close_feedback(desk, login=TEST_LOGIN, feedback_id=closed, version=1, reason="Anonyme")
    complaint(date(2027, 5, 5), FeedbackKind.SUGGESTION)
    complaint(date(2027, 5, 5), FeedbackKind.COMPLIMENT)

    figures = period_indicators(desk, MAY).feedback
    assert figures.complaints == 5
    assert figures.complaints_on_time == Ratio(1, 3)
    assert (figures.suggestions, figures.compliments) == (1, 1)


def test_every_count_adds_up_and_every_rate_is_a_percentage(desk: Desk, clock: FixedClock) -> None:
    for minute, channel in enumerate([Channel.COUNTER, Channel.PHONE, Channel.EMAIL] * 4):
        log(desk, clock, at(date(2027, 5, 4), 10, minute), channel=channel)
    figures = period_indicators(desk, MAY)
    assert sum(figures.contacts.by_channel.values()) == figures.contacts.total == 12
    assert sum(n for _, n in figures.contacts.by_motif) == figures.contacts.total
    assert sum(figures.contacts.busy_hours.values()) == figures.contacts.total
    for ratio in (
        figures.contacts.pickup,
        figures.requests.on_time,
        figures.feedback.satisfaction.satisfaction,
    ):
        assert ratio.rate is None or 0 <= ratio.rate <= 100


def test_a_contact_saved_by_another_desk_meanwhile_never_unbalances_the_figures(
    desk: Desk, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    motif = list_choices(desk, MOTIFS)[0].id
    log(desk, clock, at(date(2027, 5, 4), 10), channel=Channel.COUNTER, motif_id=motif)
    real = store_indicators.contacts_by_channel

    def then_another_desk_saves(session: Any, bounds: Any) -> Any:
        counted = real(session, bounds)
        log(desk, clock, at(date(2027, 5, 4), 11), channel=Channel.COUNTER, motif_id=motif)
        return counted

    monkeypatch.setattr(store_indicators, "contacts_by_channel", then_another_desk_saves)
    figures = period_indicators(desk, MAY).contacts
    assert figures.total == 1  # one instant: the contact saved meanwhile is in none
    assert sum(n for _, n in figures.by_motif) == 1
    assert all(n > 0 for _, n in figures.by_motif)
