"""Working days counted as a French administration counts them (DOMAIN.md examples)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spplus_desk.domain.calendar import WorkingCalendar, whit_monday
from spplus_desk.domain.departements import departement
from spplus_desk.domain.enums import DelayUnit
from spplus_desk.domain.french_holidays import FIRST_YEAR, covers, easter_sunday, french_holidays

PARIS = WorkingCalendar(departement("75"))
STRASBOURG = WorkingCalendar(departement("67"))


def test_ascension_is_skipped_for_jours_ouvres() -> None:
    result = PARIS.add_days(date(2027, 5, 4), 5, DelayUnit.WORKING_DAYS)
    assert result.due == date(2027, 5, 12)
    assert (date(2027, 5, 6), "Ascension") in [(s.day, s.reason) for s in result.skipped]


def test_ouvrables_count_saturdays_but_ouvres_do_not() -> None:
    assert PARIS.add_days(date(2027, 10, 29), 2, DelayUnit.BUSINESS_DAYS).due == date(2027, 11, 2)
    assert PARIS.add_days(date(2027, 10, 29), 2, DelayUnit.WORKING_DAYS).due == date(2027, 11, 3)


def test_alsace_moselle_adds_good_friday_and_saint_stephen() -> None:
    assert STRASBOURG.holiday_name(date(2027, 3, 26)) == "Vendredi saint"
    assert STRASBOURG.holiday_name(date(2027, 12, 26)) is not None
    assert PARIS.holiday_name(date(2027, 3, 26)) is None


def test_whit_monday_is_a_service_setting() -> None:
    worked = WorkingCalendar(departement("75"), whit_monday_worked=True)
    assert PARIS.holiday_name(date(2027, 5, 17)) == "Lundi de Pentecôte"
    assert worked.holiday_name(date(2027, 5, 17)) is None


@pytest.mark.parametrize("year", range(2008, 2101))  # 2005-2007: a working day by law
def test_whit_monday_date_agrees_with_the_holiday_calendar(year: int) -> None:
    assert PARIS.holiday_name(whit_monday(year)) == "Lundi de Pentecôte"
    assert easter_sunday(year).weekday() == 6


def test_calendar_days_ending_on_a_weekend_move_to_monday() -> None:
    result = PARIS.add_days(date(2027, 1, 6), 3, DelayUnit.CALENDAR_DAYS)  # Sat 9 Jan
    assert result.due == date(2027, 1, 11)
    assert [s.reason for s in result.skipped] == ["samedi", "dimanche"]


def test_hour_delays_are_not_counted_in_days() -> None:
    with pytest.raises(ValueError, match="opening hours"):
        PARIS.add_days(date(2027, 1, 6), 3, DelayUnit.WORKING_HOURS)


@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    amount=st.integers(min_value=1, max_value=40),
    unit=st.sampled_from([DelayUnit.WORKING_DAYS, DelayUnit.BUSINESS_DAYS]),
)
def test_due_date_is_never_a_closed_day_and_grows_with_the_delay(
    start: date, amount: int, unit: DelayUnit
) -> None:
    due = PARIS.add_days(start, amount, unit).due
    assert due > start
    assert PARIS.closed_reason(due, unit) is None
    assert PARIS.add_days(start, amount + 1, unit).due > due


@pytest.mark.parametrize("subdivision", [None, "57", "6AE"])
def test_local_holidays_are_those_of_the_holidays_package(subdivision: str | None) -> None:
    # The app computes metropolitan and Alsace-Moselle holidays itself (loading the
    # package costs a tenth of a second at every start); they must be the same.
    import holidays

    for year in range(FIRST_YEAR, 2101):
        reference = holidays.country_holidays("FR", subdiv=subdivision, years=year, language="fr")
        assert french_holidays(subdivision, year) == dict(sorted(reference.items())), year


def test_overseas_holidays_still_come_from_the_holidays_package() -> None:
    guadeloupe = WorkingCalendar(departement("971"))
    assert guadeloupe.holiday_name(date(2027, 5, 27)) == "Abolition de l'esclavage"
    assert guadeloupe.holiday_name(date(2027, 3, 4)) == "Mi-Carême"
    assert not covers("971", 2027)
    assert not covers(None, FIRST_YEAR - 1)
