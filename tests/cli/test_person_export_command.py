"""``person-export`` and ``processing-register`` run as real processes, as a lead scripts
them: both files written whole, or exit 2 with a French message and no file at all
(several people found, a vague query, an agent's account, a wrong path)."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from spplus_desk.domain.enums import Role
from spplus_desk.services.agents import add_agent
from spplus_desk.services.desk import open_desk
from spplus_desk.services.setup import initialise
from spplus_desk.store.location import sqlite_location
from tests.cli.test_commands import assert_user_error, run
from tests.reports.pdf_checks import pdf_metadata, pdf_text
from tests.services.person_world import PAUL_NOTES, WAITING_REASON, build_world
from tests.support import TEST_LOGIN, FixedClock


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The people of ``person_world`` (shared by the module's tests, which only read)."""
    path = tmp_path_factory.mktemp("acces") / "spplus.db"
    clock = FixedClock(datetime(2027, 5, 4, 9, 30, tzinfo=UTC))
    desk = open_desk(sqlite_location(path), clock=clock).desk
    try:
        initialise(desk, login=TEST_LOGIN, service_name="Mairie de Test", departement_code="75")
        add_agent(desk, login=TEST_LOGIN, name="Léa Roux", agent_login="lea", role=Role.AGENT)
        build_world(desk, clock)
    finally:
        desk.close()
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "sortie"
    path.mkdir()
    return path


def export(
    database: Path, query: str, out: Path, login: str = TEST_LOGIN
) -> subprocess.CompletedProcess[str]:
    """As the system user ``login`` (the agent the command acts as)."""
    return run(
        "--db",
        str(database),
        "person-export",
        "--query",
        query,
        "--out",
        str(out),
        env_extra={"LOGNAME": login, "USER": login, "LNAME": login, "USERNAME": login},
    )


def test_both_files_are_written_and_say_the_same(database: Path, folder: Path) -> None:
    result = export(database, "paul martin", folder / "dupont.pdf")
    assert result.returncode == 0, result.stderr
    pdf, data = folder / "dupont.pdf", folder / "dupont.json"
    assert result.stdout.splitlines()[-1] == f"Enregistrées dans {pdf} et {data}"
    said = result.stdout.splitlines()[0]  # the name as written most often, here each once
    assert said.startswith("Données concernant ")
    assert said.endswith(" : 3 contacts, 1 demande, 1 dossier du droit à l'erreur, 1 avis.")
    assert sorted(p.name for p in folder.iterdir()) == ["dupont.json", "dupont.pdf"]
    text = pdf_text(pdf.read_bytes())
    assert pdf_metadata(pdf.read_bytes())["/Author"] == "Mairie de Test"
    for expected in ("Données vous concernant — SP+ Desk", PAUL_NOTES, WAITING_REASON):
        assert expected in text
    content = json.loads(data.read_text(encoding="utf-8"))
    assert [len(content[k]) for k in ("contacts", "requests", "error_cases", "feedback")] == [
        3,
        1,
        1,
        1,
    ]
    assert content["query"] == "paul martin"
    notes = [c["notes"] for c in content["contacts"]]
    assert PAUL_NOTES in notes


def test_a_name_without_extension_gets_both(database: Path, folder: Path) -> None:
    result = export(database, "06 12 34 56 78", folder / "acces")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["acces.json", "acces.pdf"]


def test_several_people_are_listed_and_nothing_is_written(database: Path, folder: Path) -> None:
    result = export(database, "Martin", folder / "martin.pdf")
    assert_user_error(
        result,
        "« Martin » correspond à 4 personnes différentes",
        "Jeanne Martin — 1 contact — 01 •• •• •• 00",
        "Marc Martin",
        "Paul Martin-Durand",
        "Précisez la recherche",
    )
    assert "01 45 00 00 00" not in result.stderr
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("query", "out", "expected"),
    [
        ("ab", "x.pdf", "Tapez au moins 3 caractères"),
        ("Zoé Anonyme", "x.pdf", "Aucune donnée ne correspond à « Zoé Anonyme »"),
        ("Paul Martin", "x.txt", "donnez le nom du fichier PDF"),
        ("Paul Martin", "nulle-part/x.pdf", "n'existe pas"),
    ],
    ids=["too short", "anonymised", "not a PDF", "no such folder"],
)
def test_a_refusal_exits_2_and_writes_nothing(
    database: Path, folder: Path, query: str, out: str, expected: str
) -> None:
    assert_user_error(export(database, query, folder / out), expected)
    assert list(folder.iterdir()) == []


def test_a_folder_is_refused_and_nothing_is_written_beside_it(database: Path, folder: Path) -> None:
    result = export(database, "Paul Martin", folder)
    assert_user_error(result, f"« {folder} » est un dossier", "ex. dupont.pdf")
    (folder / "dupont.json").mkdir()
    result = export(database, "Paul Martin", folder / "dupont.pdf")
    assert_user_error(result, f"« {folder / 'dupont.json'} » est un dossier", "ex. dupont.pdf")
    assert "affiche" not in result.stderr
    assert not (folder.parent / "sortie.pdf").exists()
    assert [p.name for p in folder.iterdir()] == ["dupont.json"]


def test_an_agent_is_refused(database: Path, folder: Path) -> None:
    result = export(database, "Paul Martin", folder / "x.pdf", login="lea")
    assert_user_error(result, "Cette action est réservée au rôle responsable d'équipe")
    assert list(folder.iterdir()) == []


def test_the_register_entry(database: Path, folder: Path) -> None:
    out = folder / "registre.pdf"
    result = run("--db", str(database), "processing-register", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Fiche du registre des traitements (RGPD) : enregistrée dans {out}\n"
    text = pdf_text(out.read_bytes())
    assert "Registre des activités de traitement" in text
    assert "Identité des personnes sur les contacts 12 mois 12 mois la date du contact" in text
