"""The deadline engine on real French calendars (DOMAIN.md, "Deadlines and the calendar").

Expected dates were worked out by hand from the 2026-2028 calendars and the holiday names
the ``holidays`` package returns in French; the engine is never used to compute them.
Skipped days are written "YYYY-MM-DD reason".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.deadline import Deadline, Run, compute, deadline_from
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.departements import departement
from spplus_desk.domain.enums import DelayUnit
from spplus_desk.domain.service import OpeningHours, TimeRange

OUVRES = DelayUnit.WORKING_DAYS
OUVRABLES = DelayUnit.BUSINESS_DAYS
CALENDAIRES = DelayUnit.CALENDAR_DAYS
HEURES = DelayUnit.WORKING_HOURS
AB = "Abolition de l'esclavage"
PARIS = WorkingCalendar(departement("75"))


def local(calendar: WorkingCalendar, day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), calendar.zone)


def skipped_of(deadline: Deadline) -> list[tuple[date, str]]:
    return [(s.day, s.reason) for s in deadline.skipped]


def _skips(written: tuple[str, ...]) -> list[tuple[date, str]]:
    return [(date.fromisoformat(s[:10]), s[11:]) for s in written]


# --- Day delays -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCase:
    name: str
    dep: str
    received: str
    amount: int
    unit: DelayUnit
    due: str
    skipped: tuple[str, ...] = ()
    whit_monday_worked: bool = False
    closed: str | None = None  # a closure day (fermeture exceptionnelle)


def day(
    name: str, dep: str, received: str, amount: int, unit: DelayUnit, due: str, *skipped: str
) -> DayCase:
    return DayCase(name, dep, received, amount, unit, due, skipped)


DAY_CASES = [
    # The 11 national holidays of 2027; those on a Saturday are checked in jours ouvrables,
    # 15 August (a Sunday) with the hour delays of a service open every day, below.
    day("jour-de-l-an", "75", "2026-12-31", 1, OUVRES, "2027-01-04",
        "2027-01-01 Jour de l'an", "2027-01-02 samedi", "2027-01-03 dimanche"),
    day("lundi-de-paques", "75", "2027-03-26", 1, OUVRES, "2027-03-30",
        "2027-03-27 samedi", "2027-03-28 dimanche", "2027-03-29 Lundi de Pâques"),
    day("fete-du-travail", "75", "2027-04-30", 1, OUVRABLES, "2027-05-03",
        "2027-05-01 Fête du Travail", "2027-05-02 dimanche"),
    day("ascension", "75", "2027-05-05", 1, OUVRES, "2027-05-07", "2027-05-06 Ascension"),
    day("fete-de-la-victoire", "75", "2027-05-07", 1, OUVRABLES, "2027-05-10",
        "2027-05-08 Fête de la Victoire", "2027-05-09 dimanche"),
    day("lundi-de-pentecote", "75", "2027-05-14", 1, OUVRES, "2027-05-18",
        "2027-05-15 samedi", "2027-05-16 dimanche", "2027-05-17 Lundi de Pentecôte"),
    day("fete-nationale", "75", "2027-07-13", 1, OUVRES, "2027-07-15",
        "2027-07-14 Fête nationale"),
    day("toussaint", "75", "2027-10-29", 1, OUVRES, "2027-11-02",
        "2027-10-30 samedi", "2027-10-31 dimanche", "2027-11-01 Toussaint"),
    day("armistice", "75", "2027-11-10", 1, OUVRES, "2027-11-12", "2027-11-11 Armistice"),
    day("noel", "75", "2027-12-24", 1, OUVRABLES, "2027-12-27",
        "2027-12-25 Noël", "2027-12-26 dimanche"),
    # Alsace-Moselle adds Good Friday and 26 December; Paris does not.
    *[
        day(f"vendredi-saint-{dep}", dep, "2027-03-25", 1, OUVRES, "2027-03-30",
            "2027-03-26 Vendredi saint", "2027-03-27 samedi", "2027-03-28 dimanche",
            "2027-03-29 Lundi de Pâques")
        for dep in ("57", "67", "68")
    ],
    day("no-vendredi-saint-75", "75", "2027-03-25", 1, OUVRES, "2027-03-26"),
    *[
        day(f"saint-etienne-{dep}", dep, "2028-12-25", 1, OUVRES, "2028-12-27",
            "2028-12-26 Saint-Étienne")
        for dep in ("57", "67", "68")
    ],
    day("no-saint-etienne-75", "75", "2028-12-25", 1, OUVRES, "2028-12-26"),
    # Abolition of slavery, 2027.
    day("abolition-mayotte", "976", "2027-04-26", 1, OUVRES, "2027-04-28", f"2027-04-27 {AB}"),
    day("abolition-martinique", "972", "2027-05-21", 1, OUVRABLES, "2027-05-24",
        f"2027-05-22 {AB}", "2027-05-23 dimanche"),
    day("abolition-guadeloupe", "971", "2027-05-26", 1, OUVRES, "2027-05-28", f"2027-05-27 {AB}"),
    day("abolition-saint-martin", "978", "2027-05-27", 1, OUVRES, "2027-05-31",
        f"2027-05-28 {AB}", "2027-05-29 samedi", "2027-05-30 dimanche"),
    day("abolition-guyane", "973", "2027-06-09", 1, OUVRES, "2027-06-11", f"2027-06-10 {AB}"),
    day("abolition-saint-barthelemy", "977", "2027-10-08", 1, OUVRABLES, "2027-10-11",
        f"2027-10-09 {AB}", "2027-10-10 dimanche"),
    day("abolition-la-reunion", "974", "2027-12-17", 1, OUVRES, "2027-12-21",
        "2027-12-18 samedi", "2027-12-19 dimanche", f"2027-12-20 {AB}"),
    day("no-abolition-in-75", "75", "2027-12-17", 1, OUVRES, "2027-12-20",
        "2027-12-18 samedi", "2027-12-19 dimanche"),
    # DOMAIN.md examples.
    day("domain-5-ouvres", "75", "2027-05-04", 5, OUVRES, "2027-05-12",
        "2027-05-06 Ascension", "2027-05-08 samedi", "2027-05-09 dimanche"),
    day("domain-2-ouvrables", "75", "2027-10-29", 2, OUVRABLES, "2027-11-02",
        "2027-10-31 dimanche", "2027-11-01 Toussaint"),
    day("domain-2-ouvres", "75", "2027-10-29", 2, OUVRES, "2027-11-03",
        "2027-10-30 samedi", "2027-10-31 dimanche", "2027-11-01 Toussaint"),
    # Calendar days: every day counts; a last day off moves to the next jour ouvré.
    day("calendaires-saturday-to-monday", "75", "2027-01-06", 3, CALENDAIRES, "2027-01-11",
        "2027-01-09 samedi", "2027-01-10 dimanche"),
    day("calendaires-ending-on-ascension", "75", "2027-05-03", 3, CALENDAIRES, "2027-05-07",
        "2027-05-06 Ascension"),
    day("calendaires-count-a-holiday", "75", "2027-05-03", 4, CALENDAIRES, "2027-05-07"),
    day("calendaires-weekend-then-holiday", "75", "2027-10-29", 1, CALENDAIRES, "2027-11-02",
        "2027-10-30 samedi", "2027-10-31 dimanche", "2027-11-01 Toussaint"),
    # Ouvrés vs ouvrables.
    day("ouvrables-count-saturday", "75", "2027-01-08", 1, OUVRABLES, "2027-01-09"),
    day("ouvres-skip-saturday", "75", "2027-01-08", 1, OUVRES, "2027-01-11",
        "2027-01-09 samedi", "2027-01-10 dimanche"),
    # Service settings: Whit Monday worked (journée de solidarité), a closure day.
    DayCase("whit-monday-worked", "75", "2027-05-14", 1, OUVRES, "2027-05-17",
            ("2027-05-15 samedi", "2027-05-16 dimanche"), whit_monday_worked=True),
    DayCase("closure-ouvres", "75", "2027-01-07", 1, OUVRES, "2027-01-11",
            ("2027-01-08 fermeture exceptionnelle", "2027-01-09 samedi", "2027-01-10 dimanche"),
            closed="2027-01-08"),
    DayCase("closure-ouvrables", "75", "2027-01-07", 1, OUVRABLES, "2027-01-09",
            ("2027-01-08 fermeture exceptionnelle",), closed="2027-01-08"),
    DayCase("closure-calendaires", "75", "2027-01-07", 1, CALENDAIRES, "2027-01-11",
            ("2027-01-08 fermeture exceptionnelle", "2027-01-09 samedi", "2027-01-10 dimanche"),
            closed="2027-01-08"),
]  # fmt: skip


@pytest.mark.parametrize("case", DAY_CASES, ids=[case.name for case in DAY_CASES])
def test_day_delays_on_real_calendars(case: DayCase) -> None:
    closures = frozenset({date.fromisoformat(case.closed)} if case.closed else ())
    calendar = WorkingCalendar(
        departement(case.dep), whit_monday_worked=case.whit_monday_worked, closures=closures
    )
    received, due = date.fromisoformat(case.received), date.fromisoformat(case.due)
    deadline = deadline_from(
        calendar, local(calendar, received, 14, 30), Delay(case.amount, case.unit)
    )
    assert deadline.due_date == due
    assert skipped_of(deadline) == _skips(case.skipped)
    # Late from the local midnight that ends the due day.
    end_of_due = datetime.combine(due + timedelta(days=1), time(0), calendar.zone)
    assert deadline.due_at == end_of_due.astimezone(UTC)
    assert deadline.due_at is not None
    assert deadline.due_at.tzinfo is UTC
    # The calendar's own day count agrees with the engine.
    by_days = calendar.add_days(received, case.amount, case.unit)
    assert by_days.due == due
    assert [(s.day, s.reason) for s in by_days.skipped] == _skips(case.skipped)


def test_holiday_names_agree_with_the_holidays_package() -> None:
    expected = holidays.country_holidays("FR", years=2027, language="fr")
    assert len(expected) == 11
    for holiday, name in expected.items():
        assert PARIS.holiday_name(holiday) == name
    assert PARIS.holiday_name(date(2027, 8, 15)) == "Assomption"


@pytest.mark.parametrize(
    ("dep", "due_at"),
    [
        ("75", datetime(2027, 5, 12, 22, 0, tzinfo=UTC)),  # midnight +02:00
        ("974", datetime(2027, 5, 12, 20, 0, tzinfo=UTC)),  # midnight +04:00
        ("971", datetime(2027, 5, 13, 4, 0, tzinfo=UTC)),  # midnight -04:00
    ],
)
def test_day_due_at_is_the_local_midnight_ending_the_due_day(dep: str, due_at: datetime) -> None:
    calendar = WorkingCalendar(departement(dep))
    deadline = deadline_from(calendar, local(calendar, date(2027, 5, 4)), Delay(5, OUVRES))
    assert deadline.due_date == date(2027, 5, 12)
    assert deadline.due_at == due_at
    # ceil(0.75 * 5) = 4th counted day: Wed 5, Fri 7, Mon 10, Tue 11 May.
    assert deadline.alert_at == due_at - timedelta(days=2)


# --- Hour delays ------------------------------------------------------------------------------

ALL_WEEK_9_17 = OpeningHours(((TimeRange(time(9), time(17)),),) * 7)
ALL_DAY = OpeningHours(((TimeRange(time(0), time(23, 59)),),) * 7)


@dataclass(frozen=True)
class HourCase:
    name: str
    dep: str
    received: str  # local ISO date-time
    hours: int
    due: str  # local ISO date-time with its UTC offset
    due_utc: str
    skipped: tuple[str, ...] = ()
    opening_hours: OpeningHours | None = None
    closed: str | None = None


def hour(
    name: str, dep: str, received: str, hours: int, due: str, due_utc: str, *skipped: str
) -> HourCase:
    return HourCase(name, dep, received, hours, due, due_utc, skipped)


HOUR_CASES = [
    # Received Friday 16:00 before each daylight-saving switch, + 8 heures ouvrées.
    hour("summer-time-march-2026", "75", "2026-03-27T16:00", 8, "2026-03-30T17:00+02:00",
         "2026-03-30T15:00", "2026-03-28 samedi", "2026-03-29 dimanche"),
    hour("winter-time-october-2026", "75", "2026-10-23T16:00", 8, "2026-10-26T17:00+01:00",
         "2026-10-26T16:00", "2026-10-24 samedi", "2026-10-25 dimanche"),
    hour("summer-time-march-2027", "75", "2027-03-26T16:00", 8, "2027-03-30T17:00+02:00",
         "2027-03-30T15:00", "2027-03-27 samedi", "2027-03-28 dimanche",
         "2027-03-29 Lundi de Pâques"),
    hour("winter-time-october-2027", "75", "2027-10-29T16:00", 8, "2027-11-02T17:00+01:00",
         "2027-11-02T16:00", "2027-10-30 samedi", "2027-10-31 dimanche", "2027-11-01 Toussaint"),
    # Overseas zones, without daylight saving.
    hour("la-reunion", "974", "2027-12-17T16:00", 8, "2027-12-21T17:00+04:00", "2027-12-21T13:00",
         "2027-12-18 samedi", "2027-12-19 dimanche", f"2027-12-20 {AB}"),
    hour("guadeloupe", "971", "2027-05-26T16:00", 4, "2027-05-28T11:30-04:00", "2027-05-28T15:30",
         f"2027-05-27 {AB}"),
    # Opening hours only: before opening, over lunch, a closure day.
    hour("before-opening", "75", "2027-01-04T07:00", 1, "2027-01-04T09:30+01:00",
         "2027-01-04T08:30"),
    hour("lunch-break", "75", "2027-01-04T11:30", 1, "2027-01-04T14:00+01:00", "2027-01-04T13:00"),
    HourCase("closure-day", "75", "2027-01-07T16:00", 2, "2027-01-11T09:30+01:00",
             "2027-01-11T08:30", ("2027-01-08 fermeture exceptionnelle", "2027-01-09 samedi",
                                  "2027-01-10 dimanche"), closed="2027-01-08"),
    # A service open every day: the Sunday holiday of 2027 is skipped by name.
    HourCase("assomption-on-a-sunday", "75", "2027-08-14T16:00", 2, "2027-08-16T10:00+02:00",
             "2027-08-16T08:00", ("2027-08-15 Assomption",), opening_hours=ALL_WEEK_9_17),
    # Open round the clock: the switch day has 22 h 59 (March) or 24 h 59 (October) of
    # opening, counted as real elapsed time.
    HourCase("open-across-march-switch", "75", "2026-03-29T00:00", 22, "2026-03-29T23:00+02:00",
             "2026-03-29T21:00", opening_hours=ALL_DAY),
    HourCase("march-switch-day-is-short", "75", "2026-03-29T00:00", 23, "2026-03-30T00:01+02:00",
             "2026-03-29T22:01", opening_hours=ALL_DAY),
    HourCase("october-switch-day-is-long", "75", "2026-10-25T00:00", 24, "2026-10-25T23:00+01:00",
             "2026-10-25T22:00", opening_hours=ALL_DAY),
]  # fmt: skip


@pytest.mark.parametrize("case", HOUR_CASES, ids=[case.name for case in HOUR_CASES])
def test_hour_delays_count_opening_hours(case: HourCase) -> None:
    calendar = WorkingCalendar(
        departement(case.dep),
        closures=frozenset({date.fromisoformat(case.closed)} if case.closed else ()),
        opening_hours=case.opening_hours or OpeningHours.default(),
    )
    received = datetime.fromisoformat(case.received).replace(tzinfo=calendar.zone)
    deadline = deadline_from(calendar, received, Delay(case.hours, HEURES))
    assert deadline.due_at == datetime.fromisoformat(case.due_utc).replace(tzinfo=UTC)
    assert deadline.due_at is not None
    due_local = deadline.due_at.astimezone(calendar.zone)
    expected = datetime.fromisoformat(case.due)
    assert due_local.replace(tzinfo=None) == expected.replace(tzinfo=None)
    assert due_local.utcoffset() == expected.utcoffset()
    assert deadline.due_date == expected.date()
    assert skipped_of(deadline) == _skips(case.skipped)


def test_hour_alert_is_three_quarters_of_the_opening_hours() -> None:
    received = datetime(2026, 3, 27, 16, tzinfo=PARIS.zone)
    deadline = deadline_from(PARIS, received, Delay(8, HEURES))
    # 6 h: Friday 16-17, Monday 8:30-12:00, then 1 h 30 from 13:30 -> 15:00 (+02:00).
    assert deadline.alert_at == datetime(2026, 3, 30, 13, 0, tzinfo=UTC)


def test_night_opening_on_the_switch_night_counts_real_time() -> None:
    # Open only on Sundays from 1:00 to 4:00; on 29 March 2026, 2:00-3:00 does not exist.
    sunday_night = (TimeRange(time(1), time(4)),)
    calendar = WorkingCalendar(
        departement("75"), opening_hours=OpeningHours(((),) * 6 + (sunday_night,))
    )
    received = datetime(2026, 3, 29, 1, tzinfo=calendar.zone)
    deadline = deadline_from(calendar, received, Delay(3, HEURES))
    # 2 real hours that night, the third one the next Sunday from 1:00 (+02:00).
    assert deadline.due_at == datetime(2026, 4, 5, 0, 0, tzinfo=UTC)
    assert skipped_of(deadline) == _skips(
        (
            "2026-03-30 lundi (service fermé)",
            "2026-03-31 mardi (service fermé)",
            "2026-04-01 mercredi (service fermé)",
            "2026-04-02 jeudi (service fermé)",
            "2026-04-03 vendredi (service fermé)",
            "2026-04-04 samedi",
        )
    )


def test_a_stopped_clock_on_the_switch_day_leaves_the_real_remainder() -> None:
    calendar = WorkingCalendar(departement("75"), opening_hours=ALL_DAY)
    sunday = datetime(2026, 3, 29, 0, tzinfo=calendar.zone)
    monday = datetime(2026, 3, 30, 0, tzinfo=calendar.zone)
    deadline = compute(calendar, Delay(48, HEURES), (Run(sunday, monday, restart=True),))
    assert deadline.due_at is None
    assert deadline.remaining == 48 * 3600 - (22 * 3600 + 59 * 60)
