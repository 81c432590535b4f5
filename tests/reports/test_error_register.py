"""The right-to-error register as CSV and JSON, read back as a person's tools would.

Rows are built by hand; expected cells are written out, never computed by the code under
test.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import replace
from datetime import date

import pytest

from spplus_desk.domain.enums import Channel
from spplus_desk.domain.error_case import CaseOutcome, ErrorNature, Regularisation
from spplus_desk.domain.error_register import RegisterRow
from spplus_desk.reports.error_register import register_csv, register_json

CASE_ID = uuid.UUID("0195f0e0-1111-7000-8000-000000000001")
WAIVED = RegisterRow(
    id=CASE_ID,
    discovered_on=date(2027, 3, 1),
    procedure="Facturation des services (crèche, cantine, eau, assainissement)",
    nature=ErrorNature.MATERIAL_ERROR,
    channel=Channel.EMAIL,
    person="Hélène Dupont-Léger",
    eligible=True,
    outcome=CaseOutcome.SANCTION_WAIVED,
    regularisation=Regularisation.SPONTANEOUS,
    regularised_on=date(2027, 3, 9),
    follow_up_reference=None,
    due_date=None,
    late=False,
    agent="Élodie Fontaine",
    amount_cents=125_050,
    cancelled=False,
    version=2,
)
AWAITED = replace(
    WAIVED,
    id=uuid.UUID("0195f0e0-1111-7000-8000-000000000002"),
    discovered_on=date(2027, 4, 12),
    nature=ErrorNature.MISSING_DOCUMENT,
    channel=Channel.LETTER,
    person=None,
    outcome=CaseOutcome.PENDING,
    regularisation=Regularisation.INVITED,
    regularised_on=None,
    follow_up_reference="2027-000042",
    due_date=date(2027, 5, 12),
    late=True,
    amount_cents=None,
)
NOT_COVERED = replace(
    WAIVED,
    nature=ErrorNature.LATE_DECLARATION,
    eligible=False,
    outcome=CaseOutcome.NOT_ELIGIBLE,
    regularisation=None,
    regularised_on=None,
    amount_cents=5,
    cancelled=True,
)


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: French Excel reads UTF-8
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_cells_in_french() -> None:
    header, waived, awaited, not_covered = read_csv(register_csv([WAIVED, AWAITED, NOT_COVERED]))
    assert header[:5] == ["Découverte", "Démarche", "Nature de l'erreur", "Canal", "Personne"]
    assert waived == [
        "01/03/2027",
        "Facturation des services (crèche, cantine, eau, assainissement)",
        "Erreur matérielle",
        "Courriel",
        "Hélène Dupont-Léger",
        "oui",
        "Sanction écartée",
        "Spontanée",
        "09/03/2027",
        "",
        "",
        "",
        "Élodie Fontaine",
        "1250,50",
        "non",
    ]
    assert awaited[2:13] == [
        "Pièce manquante",
        "Courrier",
        "",
        "oui",
        "En attente",
        "Sur invitation du service",
        "",
        "12/05/2027",
        "oui",
        "2027-000042",
        "Élodie Fontaine",
    ]
    assert awaited[13] == ""  # no amount at stake
    assert not_covered[2] == "Retard de déclaration (non couvert)"
    assert not_covered[5:8] == ["non", "Non éligible", ""]
    assert not_covered[13:] == ["0,05", "oui"]


def test_an_empty_register_is_its_header() -> None:
    [header] = read_csv(register_csv([]))
    assert len(header) == 15


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_typed_text_never_runs_as_a_formula(start: str) -> None:
    typed = f'{start}HYPERLINK("http://x")'
    row = replace(WAIVED, person=typed, agent=typed, procedure=typed)
    [_, line] = read_csv(register_csv([row]))
    assert line[1] == line[4] == line[12] == f"'{typed}"


def test_json_has_stable_keys_codes_and_iso_dates() -> None:
    data = register_json([WAIVED, AWAITED])
    assert data.endswith(b"\n")
    assert data.count(b"\n") == 1  # one line, from the C encoder
    assert "Hélène".encode() in data  # accents as they are
    waived, awaited = json.loads(data.decode("utf-8"))
    assert waived == {
        "id": "0195f0e0-1111-7000-8000-000000000001",
        "discovered_on": "2027-03-01",
        "procedure": "Facturation des services (crèche, cantine, eau, assainissement)",
        "nature": "material_error",
        "nature_label": "Erreur matérielle",
        "covered": True,
        "channel": "email",
        "person": "Hélène Dupont-Léger",
        "eligible": True,
        "outcome": "sanction_waived",
        "outcome_label": "Sanction écartée",
        "regularisation": "spontaneous",
        "regularised_on": "2027-03-09",
        "due_date": None,
        "late": False,
        "follow_up_reference": None,
        "agent": "Élodie Fontaine",
        "amount_cents": 125050,
        "cancelled": False,
    }
    assert (awaited["person"], awaited["regularisation"], awaited["due_date"]) == (
        None,
        "invited",
        "2027-05-12",
    )
    assert (awaited["late"], awaited["follow_up_reference"]) == (True, "2027-000042")
    assert json.loads(register_json([])) == []


def test_json_keeps_a_formula_like_name_as_typed() -> None:
    row = replace(WAIVED, person="=SOMME(A1)")
    assert json.loads(register_json([row]))[0]["person"] == "=SOMME(A1)"
