"""How long an answer took, in the unit of the delay it was promised in (issue 6's
response times), counted as the deadline engine counts: the day of receipt does not
count, the day of the answer does, and a pause for the user's documents is left out.
Expected figures are worked out by hand on the 2027 calendar."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.deadline import Run, elapsed
from spplus_desk.domain.delay import Delay
from spplus_desk.domain.departements import departement
from spplus_desk.domain.enums import DelayUnit
from spplus_desk.domain.service import OpeningHours, TimeRange

PARIS = WorkingCalendar(departement("75"))
NINE_TO_FIVE = tuple((TimeRange(time(9), time(17)),) if weekday < 5 else () for weekday in range(7))
OFFICE = WorkingCalendar(departement("75"), opening_hours=OpeningHours(NINE_TO_FIVE))


def at(day: str, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour, minute), PARIS.zone)


@pytest.mark.parametrize(
    ("unit", "answered", "expected"),
    [
        # Received Friday 7 May 2027; Saturday 8 May is a holiday (Victoire 1945).
        (DelayUnit.WORKING_DAYS, "2027-05-07", 0),  # answered the same day
        (DelayUnit.WORKING_DAYS, "2027-05-10", 1),  # Monday: the weekend does not count
        (DelayUnit.WORKING_DAYS, "2027-05-14", 5),
        (DelayUnit.BUSINESS_DAYS, "2027-05-14", 5),  # Saturday 8 May is a holiday
        (DelayUnit.BUSINESS_DAYS, "2027-05-21", 10),  # Whit Monday 17 May is left out
        (DelayUnit.CALENDAR_DAYS, "2027-05-14", 7),
    ],
)
def test_days_counted_in_the_promise_unit(unit: DelayUnit, answered: str, expected: int) -> None:
    runs = (Run(at("2027-05-07"), None, restart=True),)
    assert elapsed(PARIS, Delay(5, unit), runs, at(answered, 15)) == expected


def test_a_pause_for_documents_is_left_out() -> None:
    # Waiting from Tuesday 4 to Monday 17 May, answered Wednesday 19 May (suspend policy).
    runs = (
        Run(at("2027-05-03"), at("2027-05-04"), restart=True),
        Run(at("2027-05-17"), None),
    )
    assert elapsed(PARIS, Delay(10, DelayUnit.WORKING_DAYS), runs, at("2027-05-19")) == 3


def test_a_restart_counts_from_the_restart() -> None:
    runs = (
        Run(at("2027-05-03"), at("2027-05-04"), restart=True),
        Run(at("2027-05-17"), None, restart=True),
    )
    assert elapsed(PARIS, Delay(10, DelayUnit.WORKING_DAYS), runs, at("2027-05-19")) == 2


def test_hours_count_opening_minutes_only() -> None:
    # From Monday 3 May 16:00 to Tuesday 4 May 10:30: 60 + 90 minutes open.
    runs = (Run(at("2027-05-03", 16), None, restart=True),)
    answered = at("2027-05-04", 10, 30)
    assert elapsed(OFFICE, Delay(48, DelayUnit.WORKING_HOURS), runs, answered) == 150
