"""Opening hours typed by a person, read into ranges and written back."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.opening_hours_text import format_day, parse_day
from spplus_desk.domain.service import OpeningHours, TimeRange, clean_address

MORNING = TimeRange(time(8, 30), time(12, 0))
AFTERNOON = TimeRange(time(13, 30), time(17, 0))


@pytest.mark.parametrize(
    "typed",
    [
        "8h30-12h, 13h30-17h",
        "08:30 - 12:00 / 13:30-17:00",
        "8 h 30 – 12 h 00, 13 h 30 – 17 h 00",
        "8H30 à 12H et 13h30 a 17h",
        "13h30-17h; 8.30-12",
        "8\u00a0h\u00a030 – 12\u00a0h\u00a000 + 13\u202fh\u202f30 — 17\u202fh",
    ],
)
def test_the_usual_ways_of_writing_a_day(typed: str) -> None:
    assert parse_day(typed) == (MORNING, AFTERNOON)


@pytest.mark.parametrize("typed", ["", "   ", "fermé", "Fermé", "FERMEE", "ferme", "-", "—"])
def test_closed_days(typed: str) -> None:
    assert parse_day(typed) == ()


def test_one_range_and_a_single_hour() -> None:
    assert parse_day("9-12") == (TimeRange(time(9), time(12)),)
    assert parse_day("0h-23h59") == (TimeRange(time(0), time(23, 59)),)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("8h30-25h", "« 8h30-25h » : l'heure 25 h n'existe pas."),
        ("8h-24h", "« 8h-24h » : l'heure 24 h n'existe pas (pour finir à minuit, écrivez 23h59)."),
        ("8h75-12h", "« 8h75-12h » : 8 h 75 n'existe pas (minutes de 00 à 59)."),
        ("12h-8h30", "« 12h-8h30 » : la plage finit (8 h 30) avant de commencer (12 h 00)."),
        ("12h-12h", "« 12h-12h » : la plage commence et finit à 12 h 00."),
        (
            "8h-12h, 11h-14h",
            "« 8h-12h » et « 11h-14h » se chevauchent : une plage doit finir avant que la "
            "suivante commence.",
        ),
        ("le matin", "« le matin » : horaire non reconnu. Écrivez par exemple 8h30-12h"),
        ("8h30", "« 8h30 » : horaire non reconnu."),
        (",", "« , » : horaire non reconnu."),
    ],
)
def test_mistakes_are_explained(typed: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_day(typed)
    assert caught.value.message.startswith(message)


def test_touching_ranges_are_accepted() -> None:
    assert len(parse_day("8h-12h, 12h-14h")) == 2


def test_formatting_reuses_the_poster_wording() -> None:
    assert format_day((MORNING, AFTERNOON)) == (
        "8\u00a0h\u00a030 – 12\u00a0h\u00a000, 13\u00a0h\u00a030 – 17\u00a0h\u00a000"
    )
    assert format_day(()) == "fermé"
    default = OpeningHours.default()
    assert default.describe()[0] == f"Lundi\u00a0: {format_day(default.days[0])}"
    assert default.describe()[6] == "Dimanche\u00a0: fermé"


minutes = st.integers(min_value=0, max_value=23 * 60 + 59)


@st.composite
def days(draw: st.DrawFn) -> tuple[TimeRange, ...]:
    """Sorted, non-overlapping ranges, each ending after it starts."""
    points = sorted(draw(st.sets(minutes, max_size=8)))
    if len(points) % 2:
        points = points[:-1]
    as_time = [time(p // 60, p % 60) for p in points]
    return tuple(TimeRange(a, b) for a, b in zip(as_time[::2], as_time[1::2], strict=True))


@given(days())
def test_what_is_written_reads_back(day: tuple[TimeRange, ...]) -> None:
    assert parse_day(format_day(day)) == day


@given(st.text(max_size=40))
def test_any_text_is_read_or_explained(text: str) -> None:
    try:
        day = parse_day(text)
    except UserError as error:
        message = error.message
        assert message.startswith("«"), message
        return
    assert parse_day(format_day(day)) == day


def test_addresses_keep_their_lines() -> None:
    assert (
        clean_address("  12 rue  de la Paix \n\n 75002   Paris ")
        == "12 rue de la Paix\n75002 Paris"
    )
    assert clean_address("") == ""
    with pytest.raises(UserError, match="6 lignes au plus"):
        clean_address("\n".join("ligne" for _ in range(7)))
    with pytest.raises(UserError, match="caractères de contrôle"):
        clean_address("12 rue\x00")
