"""Phone and e-mail parsing; the sensitive-data detector for notes (issue 3)."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spplus_desk.domain.clock_time import parse_clock
from spplus_desk.domain.contact_details import parse_email, parse_phone
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.sensitive import (
    SensitiveKind,
    find_sensitive,
    iban_is_valid,
    sensitive_warning,
)


@pytest.mark.parametrize(
    "typed",
    [
        "01 23 45 67 89",
        "01.23.45.67.89",
        "0123456789",
        "+33 1 23 45 67 89",
        "0033 1 23 45 67 89",
        "+33 (0)1 23 45 67 89",
        "01-23-45-67-89",
    ],
)
def test_french_numbers_in_every_usual_form(typed: str) -> None:
    assert parse_phone(typed) == "01 23 45 67 89"


def test_international_numbers_are_kept_in_e164() -> None:
    assert parse_phone("+44 20 7946 0958") == "+442079460958"
    assert parse_phone("00 262 262 12 34 56") == "+262262123456"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "12345",
        "00 00",
        "01 23 45 67",
        "abc",
        "+0 123 456",
        "01 23 45 67 89 10",
        "+1234567890123456",
    ],
)
def test_bad_numbers_name_the_accepted_forms(typed: str) -> None:
    with pytest.raises(UserError, match="10 chiffres"):
        parse_phone(typed)


@given(st.from_regex(r"0[1-9](\d\d){4}", fullmatch=True), st.sampled_from([" ", ".", "-", ""]))
def test_any_french_number_with_any_separator(digits: str, separator: str) -> None:
    typed = separator.join(digits[i : i + 2] for i in range(0, 10, 2))
    parsed = parse_phone(typed)
    assert parsed.replace(" ", "") == digits
    assert parse_phone("+33" + digits[1:]) == parsed


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Jeanne.Martin@Exemple.FR", "Jeanne.Martin@exemple.fr"), (" a+b@x.org ", "a+b@x.org")],
)
def test_email_addresses(typed: str, stored: str) -> None:
    assert parse_email(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "jeanne",
        "jeanne@",
        "@exemple.fr",
        "jeanne@exemple",
        "jé@exemple.fr",
        "jeanne martin@exemple.fr",
        "jeanne@@exemple.fr",
        "jeanne@exemple..fr",
        "jeanne.@exemple.fr",
        "jeanne@-exemple.fr",
        "jeanne@exemple.123",
    ],
)
def test_bad_email_addresses(typed: str) -> None:
    with pytest.raises(UserError, match=r"nom@domaine\.fr"):
        parse_email(typed)


@given(st.emails())
def test_valid_addresses_are_accepted(address: str) -> None:
    local, _, domain = address.rpartition("@")
    try:
        assert parse_email(address) == f"{local}@{domain.lower()}"
    except UserError:
        # Only what a counter never sees: IP-literal domains and numeric top levels.
        assert domain.startswith("[") or domain.rsplit(".", 1)[-1].isdigit()


def nir(sex: int, year: int, month: int, dept: str, commune: int, order: int) -> str:
    body = f"{sex}{year:02d}{month:02d}{dept}{commune:03d}{order:03d}"
    number = int(body.replace("2A", "19").replace("2B", "18"))
    return f"{body}{97 - number % 97:02d}"


@given(
    st.sampled_from([1, 2]),
    st.integers(0, 99),
    st.integers(1, 12),
    st.sampled_from(["01", "13", "2A", "2B", "59", "75", "97"]),
    st.integers(1, 999),
    st.integers(1, 999),
)
def test_social_security_numbers_with_a_valid_key_are_found(
    sex: int, year: int, month: int, dept: str, commune: int, order: int
) -> None:
    number = nir(sex, year, month, dept, commune, order)
    spaced = (
        f"{number[0]} {number[1:3]} {number[3:5]} {number[5:7]} {number[7:10]} "
        f"{number[10:13]} {number[13:]}"
    )
    for text in (f"NIR {number} fourni", f"numéro : {spaced}."):
        kinds = [f.kind for f in find_sensitive(text)]
        assert kinds == [SensitiveKind.NIR]
    wrong_key = number[:13] + f"{(int(number[13:]) % 97) + 1:02d}"
    assert find_sensitive(f"NIR {wrong_key}") == []


def iban(country: str, bban: str) -> str:
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


@given(st.from_regex(r"[0-9A-Z]{23}", fullmatch=True))
def test_ibans_with_a_valid_checksum_are_found(bban: str) -> None:
    number = iban("FR", bban)
    grouped = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    for text in (f"IBAN {number}", f"RIB : {grouped}", f"iban {grouped.lower()}"):
        findings = find_sensitive(text)
        assert [f.kind for f in findings] == [SensitiveKind.IBAN]
        assert findings[0].text.replace(" ", "").upper() == number
    changed = number[:2] + str((int(number[2]) + 1) % 10) + number[3:]  # a check digit
    assert not iban_is_valid(changed)


def test_known_iban_and_ordinary_numbers() -> None:
    assert iban_is_valid("FR76 3000 6000 0112 3456 7890 189")
    ordinary = "Dossier 2027-000123, rappel au 01 23 45 67 89, référence 123456789012345."
    assert find_sensitive(ordinary) == []


def test_health_words_with_or_without_accents() -> None:
    note = "Usager HOSPITALISÉ la semaine dernière ; diabète. Opération de recensement."
    findings = find_sensitive(note)
    assert [f.text for f in findings] == ["HOSPITALISÉ", "diabète"]
    warning = sensitive_warning(findings)
    assert warning is not None
    assert "une information de santé" in warning
    assert sensitive_warning([]) is None


@given(st.text(max_size=2000))
def test_any_text_is_scanned_without_error(text: str) -> None:
    for finding in find_sensitive(text):
        assert text[finding.start : finding.end] == finding.text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9h30", time(9, 30)),
        ("09:30", time(9, 30)),
        ("0930", time(9, 30)),
        ("930", time(9, 30)),
        (" 9 h 30 ", time(9, 30)),
        ("14h", time(14, 0)),
        ("8", time(8, 0)),
        ("23.59", time(23, 59)),
    ],
)
def test_a_clock_time_as_agents_type_it(typed: str, expected: time) -> None:
    assert parse_clock(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("25h", "n'est pas une heure de la journée"),
        ("9h75", "n'est pas une heure de la journée"),
        ("midi", "écrivez-la par exemple 9h30"),
        ("9h3", "écrivez-la par exemple 9h30"),
    ],
)
def test_a_clock_time_that_is_not_one_is_explained(typed: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        parse_clock(typed)


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_time_written_the_french_way_reads_back(hour: int, minute: int) -> None:
    assert parse_clock(f"{hour}h{minute:02d}") == time(hour, minute)
    assert parse_clock(f"{hour:02d}:{minute:02d}") == time(hour, minute)
