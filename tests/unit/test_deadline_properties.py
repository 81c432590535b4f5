"""Properties of the deadline engine over 2024-2032 in Paris, Strasbourg, La Réunion and
Guadeloupe (hypothesis): working due dates, monotonic delays, suspensions, restarts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.deadline import deadline_from
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.departements import departement
from spplus_desk.domain.enums import Channel, DelayUnit, RequestEventType, WaitPolicy
from spplus_desk.domain.request_state import RequestEventData, RequestTerms, derive

OUVRES = DelayUnit.WORKING_DAYS
OUVRABLES = DelayUnit.BUSINESS_DAYS
CALENDAIRES = DelayUnit.CALENDAR_DAYS
HEURES = DelayUnit.WORKING_HOURS
CALENDARS = {code: WorkingCalendar(departement(code)) for code in ("75", "67", "974", "971")}


def local(calendar: WorkingCalendar, day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), calendar.zone)


DEPARTEMENTS = st.sampled_from(sorted(CALENDARS))
DAY_UNITS = st.sampled_from([OUVRES, OUVRABLES, CALENDAIRES])
DATES = st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31))
AMOUNTS = st.integers(min_value=1, max_value=40)
HOURS = st.integers(min_value=1, max_value=80)
FAST = settings(deadline=None)


@lru_cache(maxsize=64)
def _public_holidays(subdivision: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("FR", subdiv=subdivision, years=year))


def _is_public_holiday(calendar: WorkingCalendar, day: date) -> bool:
    return day in _public_holidays(calendar.departement.holiday_subdivision, day.year)


@FAST
@given(
    code=DEPARTEMENTS,
    start=DATES,
    hour=st.integers(0, 23),
    amount=AMOUNTS,
    unit=DAY_UNITS,
    closure_offsets=st.frozensets(st.integers(1, 60), max_size=6),
)
def test_due_date_is_a_day_the_service_works(
    code: str, start: date, hour: int, amount: int, unit: DelayUnit, closure_offsets: frozenset[int]
) -> None:
    closures = frozenset(start + timedelta(days=n) for n in closure_offsets)
    calendar = WorkingCalendar(departement(code), closures=closures)
    due = deadline_from(calendar, local(calendar, start, hour), Delay(amount, unit)).due_date
    assert due is not None
    assert due > start
    assert due not in closures
    assert not _is_public_holiday(calendar, due)
    if unit is OUVRABLES:  # Saturday is a jour ouvrable: only Sunday is out
        assert due.weekday() != 6
    else:  # ouvrés, and calendar days moved to the next jour ouvré
        assert due.weekday() < 5


@FAST
@given(code=DEPARTEMENTS, start=DATES, amount=AMOUNTS, unit=DAY_UNITS)
def test_a_longer_day_delay_is_never_due_earlier(
    code: str, start: date, amount: int, unit: DelayUnit
) -> None:
    calendar = CALENDARS[code]
    received = local(calendar, start)
    shorter = deadline_from(calendar, received, Delay(amount, unit)).due_date
    longer = deadline_from(calendar, received, Delay(amount + 1, unit)).due_date
    assert shorter is not None
    assert longer is not None
    if unit is CALENDAIRES:  # Saturday and Sunday both move to Monday
        assert longer >= shorter
    else:
        assert longer > shorter


@FAST
@given(code=DEPARTEMENTS, start=DATES, hour=st.integers(0, 23), hours=HOURS)
def test_a_longer_hour_delay_is_due_later_on_an_open_day(
    code: str, start: date, hour: int, hours: int
) -> None:
    calendar = CALENDARS[code]
    received = local(calendar, start, hour)
    shorter = deadline_from(calendar, received, Delay(hours, HEURES))
    longer = deadline_from(calendar, received, Delay(hours + 1, HEURES))
    assert shorter.due_at is not None
    assert longer.due_at is not None
    assert longer.due_at > shorter.due_at > received
    assert shorter.due_date is not None
    assert calendar.closed_hours_reason(shorter.due_date) is None
    due_time = shorter.due_at.astimezone(calendar.zone).time()
    assert time(8, 30) < due_time <= time(12) or time(13, 30) < due_time <= time(17)


def _events(received: datetime, paused: datetime, resumed: datetime) -> list[RequestEventData]:
    return [
        RequestEventData(RequestEventType.RECEIVED, received),
        RequestEventData(RequestEventType.WAITING_FOR_USER, paused, "justificatif de domicile"),
        RequestEventData(RequestEventType.RESUMED, resumed),
    ]


@FAST
@given(code=DEPARTEMENTS, start=DATES, amount=AMOUNTS, data=st.data())
def test_suspending_moves_the_due_date_by_the_jours_ouvres_waited(
    code: str, start: date, amount: int, data: st.DataObject
) -> None:
    calendar = CALENDARS[code]
    delay = Delay(amount, OUVRES)
    received = local(calendar, start, 9)
    original = deadline_from(calendar, received, delay).due_date
    assert original is not None
    # Paused on a day before the original due date, resumed on a later day.
    pause_day = start + timedelta(days=data.draw(st.integers(0, (original - start).days - 1)))
    resume_day = pause_day + timedelta(days=data.draw(st.integers(1, 60)))
    paused = local(calendar, pause_day, data.draw(st.integers(9, 23)))
    resumed = local(calendar, resume_day, data.draw(st.integers(0, 23)))
    terms = RequestTerms(Channel.EMAIL, delay, WaitPolicy.SUSPEND)
    due = derive(terms, _events(received, paused, resumed), calendar).deadline.due_date
    waited = len(list(calendar.working_days(pause_day + timedelta(days=1), resume_day)))
    expected = original
    for _ in range(waited):
        expected += timedelta(days=1)
        while calendar.closed_reason(expected, OUVRES) is not None:
            expected += timedelta(days=1)
    assert due == expected


@FAST
@given(
    code=DEPARTEMENTS,
    start=DATES,
    unit_amount=st.one_of(st.tuples(DAY_UNITS, AMOUNTS), st.tuples(st.just(HEURES), HOURS)),
    pause_after=st.integers(0, 30 * 24),
    wait=st.integers(1, 60 * 24),
)
def test_restarting_counts_the_full_delay_from_the_resumption(
    code: str, start: date, unit_amount: tuple[DelayUnit, int], pause_after: int, wait: int
) -> None:
    calendar = CALENDARS[code]
    delay = Delay(unit_amount[1], unit_amount[0])
    received = local(calendar, start, 9)
    paused = received + timedelta(hours=pause_after)
    resumed = paused + timedelta(hours=wait)
    terms = RequestTerms(Channel.LETTER, delay, WaitPolicy.RESTART)
    state = derive(terms, _events(received, paused, resumed), calendar)
    fresh = deadline_from(calendar, resumed, delay)
    assert state.deadline.due_date == fresh.due_date
    assert state.deadline.due_at == fresh.due_at
    assert state.deadline.clock_start == resumed


@FAST
@given(
    code=DEPARTEMENTS,
    start=DATES,
    amount=AMOUNTS,
    unit=DAY_UNITS,
    pause_day=st.integers(0, 60),
    hours=st.tuples(st.integers(0, 23), st.integers(0, 23)).map(sorted),
)
def test_pausing_and_resuming_the_same_day_changes_nothing(
    code: str, start: date, amount: int, unit: DelayUnit, pause_day: int, hours: list[int]
) -> None:
    calendar = CALENDARS[code]
    delay = Delay(amount, unit)
    received = local(calendar, start, 0)
    day = start + timedelta(days=pause_day)
    paused = local(calendar, day, hours[0])
    resumed = local(calendar, day, hours[1], 30)
    terms = RequestTerms(Channel.COUNTER, delay, WaitPolicy.SUSPEND)
    state = derive(terms, _events(received, paused, resumed), calendar)
    assert state.deadline.due_date == deadline_from(calendar, received, delay).due_date


@FAST
@given(
    code=DEPARTEMENTS,
    start=DATES,
    hour=st.integers(0, 23),
    unit_amount=st.one_of(st.tuples(DAY_UNITS, AMOUNTS), st.tuples(st.just(HEURES), HOURS)),
)
def test_alert_comes_after_the_receipt_and_no_later_than_the_due_instant(
    code: str, start: date, hour: int, unit_amount: tuple[DelayUnit, int]
) -> None:
    calendar = CALENDARS[code]
    received = local(calendar, start, hour)
    deadline = deadline_from(calendar, received, Delay(unit_amount[1], unit_amount[0]))
    assert deadline.alert_at is not None
    assert deadline.due_at is not None
    assert received < deadline.alert_at <= deadline.due_at
    if unit_amount[0] is not HEURES:  # day units: alerts fall at a local midnight
        assert deadline.alert_at.astimezone(calendar.zone).time() == time(0)


@FAST
@given(code=DEPARTEMENTS, start=DATES, hours=HOURS, pause_day=st.integers(0, 30))
def test_an_hour_delay_paused_overnight_while_closed_is_unchanged(
    code: str, start: date, hours: int, pause_day: int
) -> None:
    calendar = CALENDARS[code]
    delay = Delay(hours, HEURES)
    received = local(calendar, start, 9)
    day = start + timedelta(days=pause_day)
    paused = local(calendar, day, 17, 30)  # after closing
    resumed = local(calendar, day + timedelta(days=1), 8)  # before opening
    terms = RequestTerms(Channel.EMAIL, delay, WaitPolicy.SUSPEND)
    state = derive(terms, _events(received, paused, resumed), calendar)
    assert state.deadline.due_at == deadline_from(calendar, received, delay).due_at
