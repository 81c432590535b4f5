"""Delays and receipt instants as people type them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spplus_desk.domain.delay import MAX_DELAY, Delay, parse_delay, parse_start
from spplus_desk.domain.enums import DelayUnit
from spplus_desk.domain.errors import UserError

PARIS = ZoneInfo("Europe/Paris")
REUNION = ZoneInfo("Indian/Reunion")
OUVRES = DelayUnit.WORKING_DAYS
FORMS = (
    "« 5 jours ouvrés », « 6 jours ouvrables », « 15 jours calendaires » ou « 48 heures ouvrées »"
)


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("5 jours ouvrés", 5, OUVRES),
        ("5 jours ouvres", 5, OUVRES),
        ("1 jour ouvré", 1, OUVRES),
        ("5 j ouvrés", 5, OUVRES),
        ("5jours ouvrés", 5, OUVRES),
        ("  5   JOURS   Ouvrés  ", 5, OUVRES),
        ("5 jours ouvrés.", 5, OUVRES),
        ("5\u00a0jours\u202fouvrés", 5, OUVRES),
        ("6 jours ouvrables", 6, DelayUnit.BUSINESS_DAYS),
        ("1 jour ouvrable", 1, DelayUnit.BUSINESS_DAYS),
        ("48 heures ouvrées", 48, DelayUnit.WORKING_HOURS),
        ("48h ouvrées", 48, DelayUnit.WORKING_HOURS),
        ("48 H OUVREES", 48, DelayUnit.WORKING_HOURS),
        ("1 heure ouvrée", 1, DelayUnit.WORKING_HOURS),
        ("15 jours calendaires", 15, DelayUnit.CALENDAR_DAYS),
        ("10 jours francs", 10, DelayUnit.CALENDAR_DAYS),
        ("1 jour franc", 1, DelayUnit.CALENDAR_DAYS),
        ("365 jours ouvrés", 365, OUVRES),
        ("2000 heures ouvrées", 2000, DelayUnit.WORKING_HOURS),
    ],
)
def test_accepted_delays(text: str, amount: int, unit: DelayUnit) -> None:
    assert parse_delay(text) == Delay(amount, unit)


@pytest.mark.parametrize("text", ["", "   ", "cinq jours", "5 jours", "5 semaines", "jours ouvrés"])
def test_unreadable_delays_name_the_accepted_forms(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_delay(text)
    assert caught.value.message == (
        f"Délai illisible : « {text.strip()} ». Écrivez un nombre suivi de l'unité, "
        f"par exemple {FORMS}."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0 jours ouvrés", "Un délai en jours ouvrés va de 1 à 365 (0 demandé)."),
        ("366 jours ouvrables", "Un délai en jours ouvrables va de 1 à 365 (366 demandé)."),
        ("731 jours calendaires", "Un délai en jours calendaires va de 1 à 730 (731 demandé)."),
        ("2001 heures ouvrées", "Un délai en heures ouvrées va de 1 à 2000 (2001 demandé)."),
        ("99999 jours ouvrés", "Un délai en jours ouvrés va de 1 à 365 (99999 demandé)."),
    ],
)
def test_out_of_range_delays_give_the_range(text: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_delay(text)
    assert caught.value.message == message


@given(unit=st.sampled_from(list(DelayUnit)), data=st.data())
def test_a_delay_reads_back_its_own_text(unit: DelayUnit, data: st.DataObject) -> None:
    delay = Delay(data.draw(st.integers(1, MAX_DELAY[unit])), unit)
    assert parse_delay(delay.text) == delay


def test_delay_text() -> None:
    assert Delay(1, OUVRES).text == "1\u00a0jour ouvré"
    assert Delay(48, DelayUnit.WORKING_HOURS).text == "48\u00a0heures ouvrées"
    assert Delay(48, DelayUnit.WORKING_HOURS).in_hours
    assert not Delay(5, OUVRES).in_hours


# --- Receipt instants -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("2027-05-04", PARIS, datetime(2027, 5, 4, tzinfo=PARIS)),
        ("2027-05-04", REUNION, datetime(2027, 5, 4, tzinfo=REUNION)),
        ("2027-05-04T14:30", PARIS, datetime(2027, 5, 4, 14, 30, tzinfo=PARIS)),
        ("2027-05-04 14:30", PARIS, datetime(2027, 5, 4, 14, 30, tzinfo=PARIS)),
        ("04/05/2027", PARIS, datetime(2027, 5, 4, tzinfo=PARIS)),
        ("04/05/2027 14:30", PARIS, datetime(2027, 5, 4, 14, 30, tzinfo=PARIS)),
        ("4/5/2027 à 14h30", PARIS, datetime(2027, 5, 4, 14, 30, tzinfo=PARIS)),
        ("04/05/2027 9h", REUNION, datetime(2027, 5, 4, 9, 0, tzinfo=REUNION)),
        ("  04/05/2027  ", PARIS, datetime(2027, 5, 4, tzinfo=PARIS)),
    ],
)
def test_receipt_in_local_time(text: str, zone: ZoneInfo, expected: datetime) -> None:
    parsed = parse_start(text, zone)
    assert parsed == expected
    assert parsed.tzinfo is zone
    assert parsed.utcoffset() == expected.utcoffset()


def test_a_date_alone_is_local_midnight() -> None:
    assert parse_start("2027-05-04", PARIS).utcoffset() == timedelta(hours=2)
    assert parse_start("2027-01-04", PARIS).utcoffset() == timedelta(hours=1)
    assert parse_start("2027-01-04", REUNION).utcoffset() == timedelta(hours=4)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2027-05-04T14:30+04:00", timedelta(hours=4)),
        ("2027-05-04T14:30:00-03:00", timedelta(hours=-3)),
        ("2027-05-04T12:30Z", timedelta(0)),
    ],
)
def test_an_explicit_offset_is_kept(text: str, offset: timedelta) -> None:
    parsed = parse_start(text, PARIS)
    assert parsed.utcoffset() == offset
    assert parsed.replace(tzinfo=None) == datetime(2027, 5, 4, 14 if offset else 12, 30)
    assert parsed == datetime(2027, 5, 4, 14 if offset else 12, 30, tzinfo=timezone(offset))


@pytest.mark.parametrize(
    "text", ["32/01/2027", "demain", "2027-13-01", "", "04/05/27", "2027-05-04T25:00", "29/02/2027"]
)
def test_unreadable_receipts_are_refused_in_french(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_start(text, PARIS)
    assert caught.value.message == (
        f"Date de réception illisible : « {text.strip()} ». Formes acceptées : "
        "« 2027-05-04 », « 2027-05-04T14:30 », « 04/05/2027 » ou « 04/05/2027 14:30 »."
    )
