"""Départements, labels, identifiers, text cleaning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spplus_desk.domain.departements import DEPARTEMENTS, departement
from spplus_desk.domain.enums import DelayUnit
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import format_int, format_percent
from spplus_desk.domain.ids import time_ordered_uuid
from spplus_desk.domain.labels import delay_text
from spplus_desk.domain.validation import clean_text


def test_every_departement_has_a_time_zone_and_calendar() -> None:
    assert len(DEPARTEMENTS) == 107
    assert departement("974").time_zone == "Indian/Reunion"
    assert departement("67").holiday_subdivision == "6AE"
    assert departement("57").holiday_subdivision == "57"
    assert departement("75").holiday_subdivision is None
    assert departement("2b").name == "Haute-Corse"


def test_unknown_departement_message_names_accepted_forms() -> None:
    with pytest.raises(UserError, match="Indiquez un code comme 75, 2A, 67 ou 974"):
        departement("100")


def test_delay_text_agrees_in_number() -> None:
    assert delay_text(5, DelayUnit.WORKING_DAYS) == "5\u00a0jours ouvrés"
    assert delay_text(1, DelayUnit.WORKING_DAYS) == "1\u00a0jour ouvré"
    assert delay_text(1, DelayUnit.WORKING_HOURS) == "1\u00a0heure ouvrée"


def test_french_numbers() -> None:
    assert format_int(1234567) == "1\u202f234\u202f567"
    assert format_percent(1, 3) == "33\u202f%"
    assert format_percent(0, 0) == "–"


def test_identifiers_follow_creation_time() -> None:
    start = datetime(2027, 1, 1, tzinfo=UTC)
    ids = [
        time_ordered_uuid(start + timedelta(milliseconds=i), random_bits=2**74 - 1 - i)
        for i in range(50)
    ]
    assert ids == sorted(ids)
    assert all(i.version == 7 for i in ids)
    assert len(set(ids)) == 50


@given(st.text(max_size=300))
def test_clean_text_accepts_or_explains(value: str) -> None:
    try:
        cleaned = clean_text(value, field="Le nom")
    except UserError as error:
        message = error.message
    else:
        assert cleaned == cleaned.strip()
        assert "\n" not in cleaned
        assert len(cleaned) <= 200
        return
    assert message.startswith("Le nom")
