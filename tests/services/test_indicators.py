"""The contact indicators of a period on a hand-built journal whose answers are known
(issue 6), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from spplus_desk.domain.contact import ContactDraft, ContactRecord
from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.indicators import Period, Ratio
from spplus_desk.services.choice_lists import MOTIFS, list_choices
from spplus_desk.services.contact_changes import cancel_contact
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.indicators import period_indicators
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
