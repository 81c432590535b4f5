"""``register``, run as a real process as IT staff script it: the right-to-error cases of
a period as JSON, CSV for French Excel, or a table for people (issue 5)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from spplus_desk.domain.delay import parse_delay
from spplus_desk.domain.enums import Channel, Role
from spplus_desk.domain.error_case import (
    CaseDraft,
    CaseOutcome,
    DiscoveredBy,
    ErrorNature,
    PersonIdentity,
    Regularisation,
)
from spplus_desk.reports.error_register import HEADERS
from spplus_desk.services.agents import add_agent
from spplus_desk.services.choice_lists import PROCEDURES, list_choices
from spplus_desk.services.desk import Desk
from spplus_desk.services.error_cases import cancel_case, record_case
from tests.cli.test_commands import assert_user_error, run
from tests.cli.test_request_commands import FORBIDDEN_MODULES, loaded_modules, where
from tests.support import TEST_LOGIN

KEYS = {
    "id",
    "discovered_on",
    "procedure",
    "nature",
    "nature_label",
    "covered",
    "channel",
    "person",
    "first_time",
    "good_faith",
    "exclusions",
    "eligible",
    "not_eligible_reasons",
    "outcome",
    "outcome_label",
    "outcome_reason",
    "regularisation",
    "invited_on",
    "delay",
    "regularised_on",
    "due_date",
    "late",
    "regularised_late",
    "follow_up_reference",
    "agent",
    "amount_cents",
    "cancelled",
}
PHONE = "06 12 34 56 78"
NOTE = "Vue au guichet, très aimable"


def procedure_id(desk: Desk, start: str) -> Any:
    return next(c.id for c in list_choices(desk, PROCEDURES) if c.label.startswith(start))


def case(desk: Desk, discovered: date, **changes: object) -> CaseDraft:
    """An eligible error put right the day it was found, without a sanction."""
    base = CaseDraft(
        procedure_id=procedure_id(desk, "Prestations"),
        nature=ErrorNature.OMISSION,
        channel=Channel.COUNTER,
        error_on=None,
        discovered_on=discovered,
        discovered_by=DiscoveredBy.PERSON,
        checklist_first_time=True,
        checklist_good_faith=True,
        exclusions=frozenset(),
        regularisation=Regularisation.SPONTANEOUS,
        invited_on=None,
        regularisation_delay=None,
        regularised_on=discovered,
        outcome=CaseOutcome.NO_SANCTION,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def register_desk(desk: Desk) -> Desk:
    """Four cases recorded on Tuesday 4 May 2027 (the test's clock), one of them cancelled
    since. They date from spring 2026: the command, in its own process, reads the real
    clock, and the invited regularisation is late by then as by the test's clock."""
    record_case(
        desk,
        login=TEST_LOGIN,
        draft=case(
            desk,
            date(2026, 3, 1),
            person=PersonIdentity("Jeanne Dupont", PHONE, "jeanne@example.org"),
            amount_cents=125_050,
            notes=NOTE,
            outcome=CaseOutcome.SANCTION_WAIVED,
        ),
    )
    add_agent(desk, login=TEST_LOGIN, name="Nadia Benali", agent_login="nbenali", role=Role.AGENT)
    invited = case(
        desk,
        date(2026, 4, 1),
        procedure_id=procedure_id(desk, "Urbanisme"),
        nature=ErrorNature.MISSING_DOCUMENT,
        channel=Channel.LETTER,
        discovered_by=DiscoveredBy.SERVICE,
        regularisation=Regularisation.INVITED,
        invited_on=date(2026, 4, 1),
        regularisation_delay=parse_delay("15 jours calendaires"),
        regularised_on=None,
        outcome=CaseOutcome.PENDING,
    )
    record_case(desk, login="nbenali", draft=invited)
    late = case(
        desk,
        date(2026, 5, 3),
        nature=ErrorNature.LATE_DECLARATION,
        regularisation=None,
        regularised_on=None,
        outcome=CaseOutcome.NOT_ELIGIBLE,
        person=PersonIdentity("=SOMME(A1)"),
    )
    record_case(desk, login=TEST_LOGIN, draft=late)
    slip = record_case(desk, login=TEST_LOGIN, draft=case(desk, date(2026, 4, 15)))
    cancel_case(
        desk, login=TEST_LOGIN, case_id=slip.id, version=slip.version, reason="Saisi en double"
    )
    return desk


def run_bytes(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "spplus_desk", *args],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        timeout=120,
        check=False,
    )


def cases_json(desk: Desk, *args: str) -> list[dict[str, Any]]:
    result = run_bytes(*where(desk), "register", *args, "--json")
    assert result.returncode == 0, result.stderr
    assert PHONE.encode() not in result.stdout  # minimisation: no phone, e-mail or notes
    assert b"example.org" not in result.stdout
    assert NOTE.encode() not in result.stdout
    found: list[dict[str, Any]] = json.loads(result.stdout.decode("utf-8"))
    return found


def test_help_says_what_the_files_leave_out() -> None:
    assert "liste le registre du droit à l'erreur" in run("--help").stdout
    result = run("register", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("utilisation : spplus-desk register")
    assert "ni son téléphone" in result.stdout
    assert "--cancelled" in result.stdout


def test_json_oldest_first_with_stable_keys(register_desk: Desk) -> None:
    rows = cases_json(register_desk)
    assert [row["discovered_on"] for row in rows] == ["2026-03-01", "2026-04-01", "2026-05-03"]
    assert all(set(row) == KEYS for row in rows)
    waived, invited, late = rows
    assert waived["person"] == "Jeanne Dupont"  # the register names the person
    assert waived["procedure"].startswith("Prestations sociales")
    assert (waived["outcome"], waived["outcome_label"]) == ("sanction_waived", "Sanction écartée")
    assert (waived["nature"], waived["nature_label"]) == ("omission", "Omission")
    assert (waived["regularisation"], waived["regularised_on"]) == ("spontaneous", "2026-03-01")
    assert (waived["amount_cents"], waived["eligible"], waived["cancelled"]) == (
        125050,
        True,
        False,
    )
    assert waived["agent"] == TEST_LOGIN
    assert (invited["regularisation"], invited["due_date"], invited["late"]) == (
        "invited",
        "2026-04-16",
        True,
    )
    assert invited["follow_up_reference"].startswith("2026-")
    assert (invited["outcome"], invited["agent"], invited["person"]) == (
        "pending",
        "Nadia Benali",
        None,
    )
    assert (invited["channel"], invited["regularised_on"]) == ("letter", None)
    assert (late["nature"], late["covered"], late["eligible"]) == ("late_declaration", False, False)
    assert late["outcome"] == "not_eligible"
    assert late["person"] == "=SOMME(A1)"  # JSON is data: no spreadsheet runs it


def test_the_period_and_the_cancelled_cases(register_desk: Desk) -> None:
    rows = cases_json(register_desk, "--from", "15/03/2026", "--to", "2026-04-30")
    assert [row["discovered_on"] for row in rows] == ["2026-04-01"]
    rows = cases_json(register_desk, "--from", "2026-04-01", "--to", "2026-04-30", "--cancelled")
    assert [(row["discovered_on"], row["cancelled"]) for row in rows] == [
        ("2026-04-01", False),
        ("2026-04-15", True),
    ]
    assert cases_json(register_desk, "--to", "28/02/2026") == []


def test_csv_for_french_excel(register_desk: Desk) -> None:
    result = run_bytes(*where(register_desk), "register", "--csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"\xef\xbb\xbf")
    text = result.stdout.decode("utf-8-sig")
    assert text.count("\r\n") == 4  # the header and three cases
    assert PHONE not in text
    assert NOTE not in text
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert table[0] == list(HEADERS)  # reports/test_error_register.py spells them out
    column = {header: index for index, header in enumerate(table[0])}
    waived, invited, late = table[1:]

    def cells(row: list[str], *headers: str) -> list[str]:
        return [row[column[header]] for header in headers]

    assert waived[0] == "01/03/2026"
    assert cells(waived, "Nature de l'erreur", "Canal", "Personne", "Éligible", "Issue") == [
        "Omission",
        "Accueil physique",
        "Jeanne Dupont",
        "oui",
        "Sanction écartée",
    ]
    assert cells(waived, "Régularisation", "Régularisée le") == ["Spontanée", "01/03/2026"]
    assert cells(waived, "Montant en jeu (€)", "Annulé") == ["1250,50", "non"]
    assert cells(
        invited, "Issue", "Régularisation", "Régularisée le", "Échéance de régularisation"
    ) == ["En attente", "Sur invitation du service", "", "16/04/2026"]
    assert cells(invited, "En retard", "Agent") == ["oui", "Nadia Benali"]
    assert late[4] == "'=SOMME(A1)"  # defused: Excel shows the text, runs nothing
    assert late[2] == "Retard de déclaration (non couvert)"


def test_table_for_people_with_the_totals(register_desk: Desk) -> None:
    result = run(*where(register_desk), "register")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "3 cas du droit à l'erreur découverts depuis l'ouverture du registre :"
    assert lines[1].split() == [
        "Découverte",
        "Démarche",
        "Nature",
        "Issue",
        "Régularisation",
        "Agent",
    ]
    assert lines[2].startswith("01/03/2026  Prestations sociales (aides du CCAS, RS…")
    assert "Sanction écartée" in lines[2]
    assert "Faite le 01/03/2026" in lines[2]
    assert "Attendue au 16/04/2026 (en retard)" in lines[3]
    assert lines[3].endswith("Nadia Benali")
    assert lines[5] == (
        "Par issue (cas annulés exclus) : sanction écartée 1, non éligible 1, en attente 1."
        " Droits à l'erreur accordés : 1 sur 3."
    )
    assert lines[6] == "Régularisations demandées : 0 dans le délai, 1 en retard."
    assert lines[7] == "Montant en jeu des cas clos sans sanction : 1\u202f250,50\u00a0€."
    assert "Jeanne" not in result.stdout  # a screen may be seen: no names in the table
    one = run(*where(register_desk), "register", "--from", "2026-05-01")
    assert (
        one.stdout.splitlines()[0] == "1 cas du droit à l'erreur découvert depuis le 01/05/2026 :"
    )
    cancelled = run(*where(register_desk), "register", "--from", "2026-04-15", "--cancelled")
    assert "Aucune sanction (annulé)" in cancelled.stdout


def test_an_empty_period(register_desk: Desk) -> None:
    result = run(*where(register_desk), "register", "--from", "01/01/2026", "--to", "31/01/2026")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Aucun cas du droit à l'erreur découvert du 01/01/2026 au 31/01/2026.\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "demain"], "Date illisible pour --from : « demain »"),
        (["--to", "31/02/2027"], "Date illisible pour --to : « 31/02/2027 »"),
        (["--to", "2027-05-04T14:30"], "Formes acceptées : « 2027-05-04 » ou « 04/05/2027 »"),
        (
            ["--from", "2027-05-04", "--to", "01/05/2026"],
            "La période est à l'envers : --from (04/05/2027) est après --to (01/05/2026).",
        ),
        (["--json", "--csv"], "ensemble"),
        (["--from"], "attend une valeur"),
    ],
)
def test_mistakes_get_one_french_sentence_before_any_database(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    missing = tmp_path / "absent.db"
    result = run("--db", str(missing), "register", *args)
    assert_user_error(result, expected)
    assert result.stdout == ""
    assert not missing.exists()


def test_needs_an_existing_database_and_never_creates_one(tmp_path: Path) -> None:
    missing = tmp_path / "absent.db"
    result = run("--db", str(missing), "register", "--json")
    assert_user_error(result, "Aucune base de données", "init")
    assert result.stdout == ""
    assert not missing.exists()


def test_loads_no_heavy_module(register_desk: Desk) -> None:
    assert not loaded_modules(*where(register_desk), "register", "--csv") & set(FORBIDDEN_MODULES)


def test_a_reader_that_stops_early_is_no_error(register_desk: Desk) -> None:
    from spplus_desk.cli import run_command
    from spplus_desk.cli_parser import build_parser

    class Closed(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError

    args = build_parser().parse_args([*where(register_desk), "register"])
    assert run_command(args, out=Closed(), err=io.StringIO()) == 0
