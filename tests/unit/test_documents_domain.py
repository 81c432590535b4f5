"""The pure rules behind the printed documents: the day an implicit decision is born, the
busy hours a poster names, the service's own engagements as typed, and the 12 last full
months a poster shows by default (issue 7)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spplus_desk.domain.documents import (
    MAX_IMPLICIT_MONTHS,
    busy_hours_text,
    clean_local_engagements,
    implicit_decision_day,
)
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.indicators import Period, last_full_months
from tests.reports.pdf_checks import WEEKDAYS, hours

NBSP = "\u00a0"
MONDAY, TUESDAY, WEDNESDAY, SATURDAY = 0, 1, 2, 5
# 8 h 30 – 12 h 00 and 13 h 30 – 17 h 00 on weekdays, closed at the weekend.
OFFICE = hours(*[WEEKDAYS] * 5, "", "")


def slot(day: str, hour: int) -> str:
    return f"le {day} de {hour}{NBSP}h à {hour + 1}{NBSP}h"


# -- implicit_decision_day ----------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "months", "expected"),
    [
        (date(2027, 3, 15), 2, date(2027, 5, 15)),  # the same day number
        (date(2026, 12, 31), 2, date(2027, 2, 28)),  # February is shorter: its last day
        (date(2027, 12, 31), 2, date(2028, 2, 29)),  # 2028 is a leap year
        (date(2027, 12, 30), 2, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # a year later, no 29 February
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2027, 5, 4), 12, date(2028, 5, 4)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2027, 8, 31), 1, date(2027, 9, 30)),
        (date(2027, 1, 10), MAX_IMPLICIT_MONTHS, date(2029, 1, 10)),
    ],
)
def test_implicit_decision_day(received: date, months: int, expected: date) -> None:
    assert implicit_decision_day(received, months) == expected


@given(
    received=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    months=st.integers(min_value=1, max_value=MAX_IMPLICIT_MONTHS),
)
def test_implicit_decision_day_lands_in_the_right_month(received: date, months: int) -> None:
    born = implicit_decision_day(received, months)
    assert born > received
    count = (born.year - received.year) * 12 + born.month - received.month
    assert count == months
    # The same day number, unless the month is too short: then its last day.
    assert born.day == received.day or (born.day < received.day and _last_day(born))


def _last_day(day: date) -> bool:
    return day.month != date.fromordinal(day.toordinal() + 1).month


# -- busy_hours_text ----------------------------------------------------------------


def test_busy_hours_names_the_busiest_open_hours_in_the_weeks_order() -> None:
    grid = {
        (MONDAY, 9): 12,
        (TUESDAY, 14): 30,
        (WEDNESDAY, 10): 20,
        (MONDAY, 15): 5,
    }
    assert busy_hours_text(grid, OFFICE) == (
        slot("lundi", 9),
        slot("mardi", 14),
        slot("mercredi", 10),
    )


def test_busy_hours_that_follow_each_other_are_said_once() -> None:
    grid = {(MONDAY, 10): 9, (TUESDAY, 10): 8, (MONDAY, 9): 10, (MONDAY, 11): 1}
    assert busy_hours_text(grid, OFFICE) == (
        f"le lundi de 9{NBSP}h à 11{NBSP}h",
        slot("mardi", 10),
    )


def test_busy_hours_only_while_open() -> None:
    grid = {
        (MONDAY, 7): 100,  # before opening
        (MONDAY, 12): 90,  # the lunch break (12 h 00 – 13 h 30): 12 h to 13 h is closed
        (MONDAY, 17): 80,  # closes at 17 h 00
        (SATURDAY, 10): 70,  # closed all day
        (MONDAY, 8): 3,  # opens at 8 h 30: the hour counts
        (MONDAY, 13): 2,  # reopens at 13 h 30: so does this one
        (MONDAY, 16): 1,
    }
    assert busy_hours_text(grid, OFFICE) == (slot("lundi", 8), slot("lundi", 13), slot("lundi", 16))


def test_ties_by_day_then_hour() -> None:
    grid = {(WEDNESDAY, 9): 7, (MONDAY, 15): 7, (MONDAY, 9): 7, (TUESDAY, 9): 7}
    assert busy_hours_text(grid, OFFICE) == (slot("lundi", 9), slot("lundi", 15), slot("mardi", 9))
    assert busy_hours_text(grid, OFFICE, top=4)[-1] == slot("mercredi", 9)


def test_a_half_hour_after_noon_keeps_noon() -> None:
    morning = hours(*["8:30-12:30"] * 5, "", "")
    assert busy_hours_text({(MONDAY, 12): 4}, morning) == (slot("lundi", 12),)
    assert busy_hours_text({(MONDAY, 12): 4}, OFFICE) == ()


def test_no_hour_without_a_contact() -> None:
    assert busy_hours_text({(MONDAY, 9): 0, (TUESDAY, 10): 0}, OFFICE) == ()
    assert busy_hours_text({(MONDAY, 9): 0, (TUESDAY, 10): 1}, OFFICE) == (slot("mardi", 10),)
    assert busy_hours_text({}, OFFICE) == ()


# -- clean_local_engagements --------------------------------------------------------


def test_engagements_are_trimmed_blank_ones_dropped_order_kept() -> None:
    typed = ["  Nous rappelons sous 48 h  ", "", "   ", "Un accueil   sans rendez-vous le mardi"]
    assert clean_local_engagements(typed) == (
        "Nous rappelons sous 48 h",
        "Un accueil sans rendez-vous le mardi",
    )
    assert clean_local_engagements([]) == ()


def test_six_engagements_at_most() -> None:
    six = [f"Engagement n° {n}" for n in range(1, 7)]
    assert len(clean_local_engagements([*six, ""])) == 6
    with pytest.raises(UserError) as refused:
        clean_local_engagements([*six, "Engagement n° 7"])
    assert refused.value.message == (
        "Un service affiche 6 engagements locaux au plus (7 saisis) : regroupez-en ou retirez-en."
    )


@pytest.mark.parametrize(
    "twice",
    [
        ["Un accueil chaleureux", "Un accueil chaleureux"],
        ["Un accueil chaleureux", "UN ACCUEIL CHALEUREUX"],
        ["Nous répondons en français", "Nous repondons en francais"],
        ["Élus à l'écoute", "elus a l'ecoute"],
        ["Un accueil chaleureux", "  Un   accueil chaleureux "],
    ],
)
def test_the_same_engagement_twice_is_refused(twice: list[str]) -> None:
    with pytest.raises(UserError, match="figure deux fois : retirez l'un des deux"):
        clean_local_engagements(twice)


def test_control_characters_are_refused() -> None:
    with pytest.raises(UserError) as refused:
        clean_local_engagements(["Un accueil\x00 chaleureux"])
    assert refused.value.message == (
        "Un engagement local contient des caractères de contrôle : retirez-les."
    )
    # Line breaks and tabs are only white space: one line on the poster.
    assert clean_local_engagements(["Un accueil\n\tchaleureux"]) == ("Un accueil chaleureux",)


def test_two_hundred_characters_at_most() -> None:
    assert clean_local_engagements(["é" * 200]) == ("é" * 200,)
    with pytest.raises(UserError) as refused:
        clean_local_engagements(["é" * 201])
    assert refused.value.message == (
        "Un engagement local est trop long (201 caractères, 200 au plus)."
    )


# -- last_full_months ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 1, 1), Period(date(2026, 1, 1), date(2026, 12, 31))),
        (date(2027, 1, 31), Period(date(2026, 1, 1), date(2026, 12, 31))),
        (date(2027, 3, 15), Period(date(2026, 3, 1), date(2027, 2, 28))),
        (date(2028, 3, 1), Period(date(2027, 3, 1), date(2028, 2, 29))),  # leap year
        (date(2026, 12, 31), Period(date(2025, 12, 1), date(2026, 11, 30))),
        (date(2027, 5, 4), Period(date(2026, 5, 1), date(2027, 4, 30))),
    ],
)
def test_last_full_months(today: date, expected: Period) -> None:
    assert last_full_months(today) == expected


def test_last_full_months_of_another_length() -> None:
    assert last_full_months(date(2027, 1, 15), 1) == Period(date(2026, 12, 1), date(2026, 12, 31))
    assert last_full_months(date(2027, 3, 15), 3) == Period(date(2026, 12, 1), date(2027, 2, 28))
