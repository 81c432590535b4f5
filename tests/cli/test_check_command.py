"""``spplus-desk check`` as IT staff run it: exit 0 on a sound database, exit 3 with one
French line per problem when a row was edited with the sqlite3 shell (issue 8)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from spplus_desk.services.demo import fill_demo
from spplus_desk.services.desk import open_desk
from spplus_desk.store.location import sqlite_location
from tests.cli.test_commands import assert_user_error, digest, run
from tests.support import TEST_LOGIN, FixedClock


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    desk = open_desk(sqlite_location(path), clock=FixedClock(datetime(2027, 5, 4, tzinfo=UTC))).desk
    try:
        fill_demo(desk, contacts=300, seed=3, login=TEST_LOGIN)
    finally:
        desk.close()
    return path


def test_a_sound_database_exits_0_with_what_was_verified(demo: Path) -> None:
    result = run("--db", str(demo), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Base saine : ")
    assert "lignes scellées" in result.stdout
    # A check writes nothing of its own: no copy of the day enters the rotation.
    assert not list(demo.parent.glob("sauvegardes/*quotidienne*"))


def test_an_edit_with_the_sqlite3_shell_exits_3_and_says_what(demo: Path) -> None:
    with sqlite3.connect(demo) as connection:
        connection.execute("UPDATE contact SET notes = 'effacé' WHERE rowid = 3")
        connection.execute("UPDATE request SET status = 'cancelled' WHERE rowid = 1")
    connection.close()
    result = run("--db", str(demo), "check")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Problèmes trouvés (2) :"
    assert lines[1].startswith("- 1 contact a été modifié ou ajouté hors de l'application")
    assert lines[2].startswith("- 1 demande ne correspond plus à son historique")
    assert "restaurez la dernière sauvegarde saine" in lines[-1]


def test_a_damaged_file_exits_3_and_is_left_as_it_was(demo: Path) -> None:
    data = demo.read_bytes()
    demo.write_bytes(data[: len(data) // 2])
    before = digest(demo)
    result = run("--db", str(demo), "check")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "est endommagé (sa structure interne est abîmée)" in result.stdout
    assert digest(demo) == before


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    assert_user_error(run("--db", str(tmp_path), "check"), "est un dossier")


def test_a_missing_database_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "absente.db"
    assert_user_error(run("--db", str(missing), "check"), "n'existe pas")
    assert not missing.exists()
