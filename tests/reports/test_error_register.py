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
from spplus_desk.domain.error_case import CaseOutcome, ErrorNature, Exclusion, Regularisation
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
    invited_on=date(2027, 4, 12),
    delay="30\u00a0jours calendaires",
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
    first_time=False,
    exclusions=(Exclusion.FRAUD, Exclusion.CONTRACT),
    outcome_reason="Déclaration hors délai",
)


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: French Excel reads UTF-8
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_cells_in_french() -> None:
    header, waived, awaited, not_covered = read_csv(register_csv([WAIVED, AWAITED, NOT_COVERED]))
    assert header == [
        "Découverte",
        "Démarche",
        "Nature de l'erreur",
        "Canal",
        "Personne",
        "Première fois",
        "Bonne foi",
        "Exclusions",
        "Éligible",
        "Conditions non remplies",
        "Régularisation",
        "Invitée le",
        "Délai donné",
        "Échéance de régularisation",
        "Régularisée le",
        "En retard",
        "Suivi (demande)",
        "Issue",
        "Motif de l'issue",
        "Agent",
        "Montant en jeu (€)",
        "Annulé",
    ]
    assert waived == [
        "01/03/2027",
        "Facturation des services (crèche, cantine, eau, assainissement)",
        "Erreur matérielle",
        "Courriel",
        "Hélène Dupont-Léger",
        "oui",
        "oui",
        "",
        "oui",
        "",
        "Spontanée",
        "",
        "",
        "",
        "09/03/2027",
        "",
        "",
        "Sanction écartée",
        "",
        "Élodie Fontaine",
        "1250,50",
        "non",
    ]
    assert awaited[10:18] == [
        "Sur invitation du service",
        "12/04/2027",
        "30\u00a0jours calendaires",
        "12/05/2027",
        "",
        "oui",
        "2027-000042",
        "En attente",
    ]
    assert awaited[20] == ""  # no amount at stake
    assert not_covered[2] == "Retard de déclaration (non couvert)"
    assert not_covered[5:9] == ["non", "oui", "Fraude / Sanction prévue par un contrat", "non"]
    assert "en retard" in not_covered[9]
    assert "première fois" in not_covered[9]
    assert "fraude" in not_covered[9]
    assert not_covered[17:19] == ["Non éligible", "Déclaration hors délai"]
    assert not_covered[20:] == ["0,05", "oui"]


def test_a_regularisation_after_its_deadline_says_so() -> None:
    late_done = replace(AWAITED, regularised_on=date(2027, 5, 20), late=False)
    assert late_done.regularised_late
    assert late_done.regularisation_text() == "Faite le 20/05/2027, après l'échéance du 12/05/2027"
    [_, line] = read_csv(register_csv([late_done]))
    assert line[13:16] == ["12/05/2027", "20/05/2027", "oui"]
    [record] = json.loads(register_json([late_done]))
    assert (record["late"], record["regularised_late"]) == (False, True)


def test_an_empty_register_is_its_header() -> None:
    [header] = read_csv(register_csv([]))
    assert len(header) == 22


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_typed_text_never_runs_as_a_formula(start: str) -> None:
    typed = f'{start}HYPERLINK("http://x")'
    row = replace(WAIVED, person=typed, agent=typed, procedure=typed, outcome_reason=typed)
    [_, line] = read_csv(register_csv([row]))
    assert line[1] == line[4] == line[18] == line[19] == f"'{typed}"


def test_json_has_stable_keys_codes_and_iso_dates() -> None:
    data = register_json([WAIVED, AWAITED, NOT_COVERED])
    assert data.endswith(b"\n")
    assert data.count(b"\n") == 1  # one line, from the C encoder
    assert "Hélène".encode() in data  # accents as they are
    waived, awaited, not_covered = json.loads(data.decode("utf-8"))
    assert waived == {
        "id": "0195f0e0-1111-7000-8000-000000000001",
        "discovered_on": "2027-03-01",
        "procedure": "Facturation des services (crèche, cantine, eau, assainissement)",
        "nature": "material_error",
        "nature_label": "Erreur matérielle",
        "covered": True,
        "channel": "email",
        "person": "Hélène Dupont-Léger",
        "first_time": True,
        "good_faith": True,
        "exclusions": [],
        "eligible": True,
        "not_eligible_reasons": [],
        "outcome": "sanction_waived",
        "outcome_label": "Sanction écartée",
        "outcome_reason": None,
        "regularisation": "spontaneous",
        "invited_on": None,
        "delay": None,
        "due_date": None,
        "regularised_on": "2027-03-09",
        "late": False,
        "regularised_late": False,
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
    assert (awaited["invited_on"], awaited["delay"]) == ("2027-04-12", "30\u00a0jours calendaires")
    assert (awaited["late"], awaited["follow_up_reference"]) == (True, "2027-000042")
    assert not_covered["exclusions"] == ["fraud", "contract"]
    assert len(not_covered["not_eligible_reasons"]) == 4  # late, repeat, fraud, contract
    assert not_covered["outcome_reason"] == "Déclaration hors délai"
    assert json.loads(register_json([])) == []


def test_json_keeps_a_formula_like_name_as_typed() -> None:
    row = replace(WAIVED, person="=SOMME(A1)")
    assert json.loads(register_json([row]))[0]["person"] == "=SOMME(A1)"
