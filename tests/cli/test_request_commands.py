"""``deadline`` and ``overdue``, run as real processes as IT staff script them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome, DelayUnit, Role
from spplus_desk.services.agents import add_agent
from spplus_desk.services.contacts import log_contact, undo_last_contact
from spplus_desk.services.desk import Desk
from spplus_desk.services.requests import find_request, reassign_requests
from spplus_desk.store.schema import RequestKind
from tests.cli.test_commands import assert_user_error, run
from tests.support import TEST_LOGIN, FixedClock

ROW_KEYS = {"reference", "kind", "received", "due", "days_late", "assignee", "status"}
FORBIDDEN_MODULES = ("PySide6", "reportlab", "openpyxl", "alembic")


def deadline(*args: str) -> dict[str, Any]:
    result = run("deadline", *args, "--json")
    assert result.returncode == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def skipped(found: dict[str, Any]) -> dict[str, str]:
    return {entry["date"]: entry["reason"] for entry in found["skipped"]}


def test_help_names_both_commands() -> None:
    result = run("--help")
    assert "calcule une échéance" in result.stdout
    assert "liste les demandes en retard" in result.stdout
    for command in ("deadline", "overdue"):
        sub = run(command, "--help")
        assert sub.returncode == 0
        assert sub.stdout.startswith(f"utilisation : spplus-desk {command}")


def test_five_working_days_skip_ascension() -> None:
    found = deadline("--start", "2027-05-04", "--delay", "5 jours ouvrés", "--departement", "75")
    assert found["start"] == "2027-05-04T00:00:00+02:00"
    assert found["delay"] == {"amount": 5, "unit": "jours ouvrés"}
    assert found["due"] == "2027-05-12"
    assert skipped(found) == {
        "2027-05-06": "Ascension",
        "2027-05-08": "samedi",
        "2027-05-09": "dimanche",
    }
    assert found["explanation"][-1] == "Échéance : mercredi 12 mai 2027."


@pytest.mark.parametrize(
    ("delay", "due"), [("2 jours ouvrables", "2027-11-02"), ("2 j ouvrés", "2027-11-03")]
)
def test_business_days_count_saturdays(delay: str, due: str) -> None:
    found = deadline("--start", "29/10/2027", "--delay", delay, "--departement", "75")
    assert found["due"] == due
    assert skipped(found)["2027-11-01"] == "Toussaint"


def test_alsace_skips_good_friday() -> None:
    args = ("--start", "2027-03-25", "--delay", "1 jour ouvré")
    assert deadline(*args, "--departement", "75")["due"] == "2027-03-26"
    alsace = deadline(*args, "--departement", "67")
    assert alsace["due"] == "2027-03-30"
    assert skipped(alsace)["2027-03-26"] == "Vendredi saint"
    assert alsace["delay"] == {"amount": 1, "unit": "jours ouvrés"}


def test_hours_across_the_daylight_saving_switch() -> None:
    # Friday 16:00 (winter time) + 3 opening hours: 1 on Friday, 2 on Monday (summer time).
    found = deadline(
        "--start", "27/03/2026 16:00", "--delay", "3 heures ouvrées", "--departement", "75"
    )
    assert found["start"] == "2026-03-27T16:00:00+01:00"
    assert found["due"] == "2026-03-30T10:30:00+02:00"
    assert found["delay"] == {"amount": 3, "unit": "heures ouvrées"}
    assert skipped(found) == {"2026-03-28": "samedi", "2026-03-29": "dimanche"}


def test_overseas_time_zone() -> None:
    found = deadline("--start", "2027-12-17", "--delay", "1 jour ouvré", "--departement", "974")
    assert found["start"] == "2027-12-17T00:00:00+04:00"
    assert found["due"] == "2027-12-21"  # 20 December: abolition of slavery in La Réunion
    assert "2027-12-20" in skipped(found)


def test_readable_explanation_for_a_person() -> None:
    result = run(
        "deadline", "--start", "04/05/2027", "--delay", "5 jours ouvrés", "--departement", "75"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Calendrier : 75 – Paris (fuseau Europe/Paris)."
    assert "Non compté : jeudi 6 mai 2027 (Ascension)." in lines
    assert lines[-1] == "Échéance : mercredi 12 mai 2027."


def test_without_departement_nor_database_metropolitan_france() -> None:
    home = Path(os.environ["SPPLUS_DESK_HOME"])  # the per-test home of conftest
    found = deadline("--start", "2027-05-04", "--delay", "5 jours ouvrés")
    assert (found["departement"], found["calendar"], found["due"]) == (
        "75",
        "default",
        "2027-05-12",
    )
    assert not (home / "data").exists()  # a query never creates a database
    missing = home / "absent.db"
    result = run("--db", str(missing), "deadline", "--start", "2027-05-04", "--delay", "1 j ouvré")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"Attention : aucune base de données à l'emplacement {missing}")
    assert result.stdout.startswith("Calendrier par défaut : métropole, 75 – Paris")
    assert not missing.exists()


def test_without_departement_the_services_calendar(tmp_path: Path) -> None:
    db = tmp_path / "strasbourg.db"
    assert run("--db", str(db), "init", "--departement", "67").returncode == 0
    result = run(
        "--db", str(db), "deadline", "--start", "2027-03-25", "--delay", "1 jour ouvré", "--json"
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert (found["calendar"], found["departement"], found["due"]) == (
        "service",
        "67",
        "2027-03-30",
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--start", "2027-05-04", "--delay", "cinq jours"], "« 5 jours ouvrés »"),
        (["--start", "2027-05-04", "--delay", "5 semaines"], "« 48 heures ouvrées »"),
        (["--start", "2027-05-04", "--delay", "0 jour ouvré"], "va de 1 à 365"),
        (["--start", "32/13/2027", "--delay", "5 jours ouvrés"], "« 04/05/2027 14:30 »"),
        (["--start", "hier", "--delay", "5 jours ouvrés"], "« 2027-05-04 »"),
        (
            ["--start", "2027-05-04", "--delay", "5 jours ouvrés", "--departement", "99"],
            "Département inconnu",
        ),
        (["--delay", "5 jours ouvrés"], "obligatoire"),
    ],
)
def test_deadline_mistakes_get_one_french_sentence(args: list[str], expected: str) -> None:
    result = run("deadline", *args, "--json")
    assert_user_error(result, "rreur", expected)  # « Erreur : » or argparse's « erreur : »
    assert result.stdout == ""


def loaded_modules(*args: str) -> set[str]:
    """The top-level packages a command imports (it runs in a child process)."""
    code = (
        "import sys\nfrom spplus_desk.__main__ import main\n"
        f"code = main({list(args)!r})\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(result.stderr.split())


def test_deadline_with_a_departement_loads_no_database_layer() -> None:
    loaded = loaded_modules(
        "deadline", "--start", "2027-05-04", "--delay", "5 j ouvrés", "--departement", "75"
    )
    assert not loaded & {"sqlalchemy", *FORBIDDEN_MODULES}


# --- overdue -------------------------------------------------------------------------


def kind_id(desk: Desk, label: str) -> uuid.UUID:
    with desk.database.reading() as session:
        return session.scalars(select(RequestKind.id).where(RequestKind.label == label)).one()


def open_request(desk: Desk, channel: Channel, kind: str, person: str = "") -> str:
    draft = ContactDraft(
        channel,
        ContactOutcome.REQUEST_OPENED,
        request_kind_id=kind_id(desk, kind),
        person_name=person,
    )
    reference = log_contact(desk, login=TEST_LOGIN, draft=draft).request_reference
    assert reference is not None
    return reference


def where(desk: Desk) -> list[str]:
    """The options that point a command at the test's database (SQLite or PostgreSQL)."""
    location = desk.database.location
    if location.sqlite_path is not None:
        return ["--db", str(location.sqlite_path)]
    return ["--database-url", location.url.render_as_string(hide_password=False)]


@pytest.fixture
def late_desk(desk: Desk, clock: FixedClock) -> dict[str, str]:
    """Requests received on Tue 4 May 2027 at 11:30 (Paris), through the counter's
    services; keyed by what they show."""
    # The default catalogue promises no delay in hours: one kind is given one.
    with desk.database.writing() as session:
        session.execute(
            update(RequestKind)
            .where(RequestKind.label == "Attestation ou certificat")
            .values(delay_amount=4, delay_unit=DelayUnit.WORKING_HOURS.value)
        )
    refs = {
        "email": open_request(desk, Channel.EMAIL, "Réponse à un courriel", "Jeanne Martin"),
        "callback": open_request(desk, Channel.PHONE, "Rappel téléphonique"),
        "letter": open_request(desk, Channel.LETTER, "Réponse à un courrier"),
        "cancelled": open_request(desk, Channel.COUNTER, "Copie d'acte d'état civil"),
    }
    undo_last_contact(desk, login=TEST_LOGIN)  # the counter's slip: its request is cancelled
    refs["hours"] = open_request(desk, Channel.COUNTER, "Attestation ou certificat")
    clock.advance(hours=1)
    nadia = add_agent(
        desk, login=TEST_LOGIN, name="Nadia Benali", agent_login="nbenali", role=Role.AGENT
    )
    callback = find_request(desk, refs["callback"])
    reassign_requests(desk, login=TEST_LOGIN, request_ids=[callback], assignee_id=nadia.id)
    return refs


AT = ("--at", "20/05/2027 10:00")


def test_overdue_json_most_late_first(desk: Desk, late_desk: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "spplus_desk", *where(desk), "overdue", *AT, "--json"],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout.decode("utf-8"))  # UTF-8, and nothing but the JSON
    assert [row["reference"] for row in rows] == [
        late_desk[k] for k in ("hours", "callback", "email")
    ]
    assert all(row.keys() >= ROW_KEYS for row in rows)
    hours, callback, email = rows
    # Jours ouvrés after the due date up to Thu 20 May (Ascension, Whit Monday skipped).
    assert [row["days_late"] for row in rows] == [10, 8, 5]
    assert hours["due"] == "2027-05-04T17:00:00+02:00"  # 4 opening hours: its time matters
    assert callback["due"] == "2027-05-07"
    assert email["due"] == "2027-05-12"
    assert email["received"] == "2027-05-04T11:30:00+02:00"
    assert email["kind"] == "Réponse à un courriel"
    assert email["channel"] == "email"
    assert (email["status"], email["status_label"]) == ("open", "En cours")
    assert callback["assignee"] == "Nadia Benali"
    assert b"Jeanne" not in result.stdout  # the person's name stays out


def test_overdue_table_and_nothing_late(desk: Desk, late_desk: dict[str, str]) -> None:
    result = run(*where(desk), "overdue", *AT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "3 demandes en retard le jeudi 20 mai 2027 à 10\u00a0h\u00a000 :"
    assert lines[1].split()[:2] == ["Référence", "Type"]
    assert lines[2].startswith(late_desk["hours"])
    assert "04/05/2027 17:00" in lines[2]
    assert "Nadia Benali" in lines[3]
    assert "Jeanne" not in result.stdout
    before = run(*where(desk), "overdue", "--at", "2027-05-04")
    assert before.stdout == "Aucune demande en retard le mardi 4 mai 2027 à 0\u00a0h\u00a000.\n"


def test_overdue_csv_for_french_excel(desk: Desk, late_desk: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "spplus_desk", *where(desk), "overdue", *AT, "--csv"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"\xef\xbb\xbf")
    text = result.stdout.decode("utf-8-sig")
    assert "\r\n" in text
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert table[0][:5] == ["Référence", "Type de demande", "Canal", "Reçue le", "Échéance"]
    assert [line[0] for line in table[1:]] == [late_desk[k] for k in ("hours", "callback", "email")]
    assert table[3][1:5] == ["Réponse à un courriel", "Courriel", "04/05/2027 11:30", "12/05/2027"]
    assert "Jeanne" not in text


def test_overdue_loads_no_heavy_module(desk: Desk, late_desk: dict[str, str]) -> None:
    assert not loaded_modules(*where(desk), "overdue", *AT, "--json") & set(FORBIDDEN_MODULES)


def test_overdue_needs_an_existing_database(tmp_path: Path) -> None:
    missing = tmp_path / "absent.db"
    assert_user_error(
        run("--db", str(missing), "overdue", "--json"), "Aucune base de données", "init"
    )
    assert not missing.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--at", "demain"], "Moment illisible pour --at : « demain »"),
        (["--json", "--csv"], "ensemble"),
    ],
)
def test_overdue_mistakes(desk: Desk, args: list[str], expected: str) -> None:
    assert_user_error(run(*where(desk), "overdue", *args), expected)


def test_a_reader_that_stops_early_is_no_error(desk: Desk) -> None:
    from spplus_desk.cli import run_command
    from spplus_desk.cli_parser import build_parser

    class Closed(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError

    args = build_parser().parse_args([*where(desk), "overdue", "--at", "2027-05-20"])
    assert run_command(args, out=Closed(), err=io.StringIO()) == 0


@pytest.mark.parametrize(
    "records",
    [
        [],
        [{"reference": "2027-000001", "kind": 'Dossier « urgent » \\ "A"', "days_late": 3}],
        [{"assignee": None, "status": "open"}, {"assignee": "Élodie\u00a0Roux", "n": -1}],
    ],
)
def test_json_records_are_one_line_of_utf8_json(records: list[dict[str, Any]]) -> None:
    from spplus_desk.cli_requests import _write_json_records

    out = io.StringIO()
    _write_json_records(out, records)
    assert json.loads(out.getvalue()) == records
    assert out.getvalue().count("\n") == 1  # one line: encoded in C, not in Python
    assert "\\u" not in out.getvalue()  # accents and « » as they are, in UTF-8
