"""Fuzz: every parser of what people type, and the command line's options, given
arbitrary text: a value that reads back, or a UserError in French — never a crash."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spplus_desk.cli_parser import build_parser
from spplus_desk.domain.clock_time import parse_clock
from spplus_desk.domain.contact import checked_comment
from spplus_desk.domain.contact_details import parse_email, parse_phone
from spplus_desk.domain.delay import parse_delay, parse_start
from spplus_desk.domain.departements import DEPARTEMENTS, departement
from spplus_desk.domain.documents import clean_appointment, clean_local_engagements
from spplus_desk.domain.error_case import parse_amount
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.journal import search_words
from spplus_desk.domain.opening_hours_text import format_day, parse_day
from spplus_desk.domain.service import clean_address
from spplus_desk.domain.validation import clean_long_text, clean_required_text, clean_text
from tests.reliability.fuzzing import FUZZ, LARGE_REPR, TEXT, assert_french
from tests.reliability.harness import sqlite_run_only

pytestmark = sqlite_run_only  # no database server involved

PARIS = ZoneInfo("Europe/Paris")
Check = Callable[[str], None]


def _delay(text: str) -> None:
    delay = parse_delay(text)
    assert parse_delay(delay.text) == delay


def _start(text: str) -> None:
    assert parse_start(text, PARIS).tzinfo is not None


def _clock(text: str) -> None:
    parse_clock(text)


def _phone(text: str) -> None:
    assert parse_phone(parse_phone(text)) == parse_phone(text)


def _email(text: str) -> None:
    assert parse_email(parse_email(text)) == parse_email(text)


def _departement(text: str) -> None:
    assert departement(text).code in DEPARTEMENTS


def _day(text: str) -> None:
    ranges = parse_day(text)
    assert parse_day(format_day(ranges)) == ranges


def _amount(text: str) -> None:
    cents = parse_amount(text)
    assert cents is None or cents >= 0


def _texts(text: str) -> None:
    for cleaned in (
        clean_text(text, field="Le nom"),
        clean_required_text(text, field="Le nom"),
        clean_long_text(text, field="Le texte", max_length=4000),
        clean_address(text),
        clean_appointment(text),
        checked_comment(text),
    ):
        assert cleaned.split() == [w for line in text.splitlines() for w in line.split()]


def _engagements(text: str) -> None:
    assert all(line.strip() for line in clean_local_engagements([text, text.upper()]))


def _search(text: str) -> None:
    assert all(word.isalnum() for word in search_words(text))


PARSERS: dict[str, Check] = {
    "délai": _delay,
    "date de réception": _start,
    "heure": _clock,
    "téléphone": _phone,
    "courriel": _email,
    "département": _departement,
    "horaires d'un jour": _day,
    "montant": _amount,
    "textes": _texts,
    "engagements locaux": _engagements,
    "recherche": _search,
}


@pytest.mark.filterwarnings(LARGE_REPR)
@pytest.mark.parametrize("name", list(PARSERS))
def test_every_parser_reads_or_explains_in_french(name: str) -> None:
    check = PARSERS[name]

    @FUZZ
    @given(text=TEXT)
    def typed(text: str) -> None:
        try:
            check(text)
        except UserError as error:
            assert_french(error.message)

    typed()


def _words(parser: object) -> list[str]:
    """Every command and option name the command line knows."""
    import argparse

    assert isinstance(parser, argparse.ArgumentParser)
    found: list[str] = []
    for action in parser._actions:
        found += action.option_strings
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += [name, *_words(sub)]
    return sorted(set(found) - {"-h", "--help", "--version"})


WORDS = _words(build_parser())


@pytest.mark.filterwarnings(LARGE_REPR)
@FUZZ
@given(argv=st.lists(st.one_of(st.sampled_from(WORDS), TEXT), max_size=6))
def test_any_command_line_is_read_or_refused_in_french(argv: list[str]) -> None:
    errors = io.StringIO()
    code = exit_code(argv, errors)
    if code is not None:
        assert code == 2
        assert "spplus-desk" in errors.getvalue()
        assert_french(errors.getvalue().rpartition("erreur : ")[2], argv)


def exit_code(argv: list[str], errors: io.StringIO) -> object:
    """None when the options were read; argparse's exit code when they were refused."""
    try:
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            build_parser().parse_args(argv)
    except SystemExit as stop:
        return stop.code
    return None


@pytest.mark.parametrize("name", [b"Mairie \xe9t\xe9", b"\xff\xfe", "Mairie \u202e".encode()])
def test_a_name_in_another_encoding_on_the_command_line(name: bytes, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates: refused in French
    (exit 2), never an internal error; what is UTF-8 is kept."""
    db = tmp_path / "x.db"
    result = subprocess.run(
        [sys.executable, "-m", "spplus_desk", "--db", str(db), "init", "--service-name", name],
        capture_output=True,
        timeout=120,
        check=False,
    )
    stderr = result.stderr.decode("utf-8", "backslashreplace")
    assert "Traceback" not in stderr
    if name.decode("utf-8", "replace") == name.decode("utf-8", "ignore"):
        assert result.returncode == 0, stderr
    else:
        assert result.returncode == 2, stderr
        assert "caractères illisibles" in stderr
