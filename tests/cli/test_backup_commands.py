"""``backup --out FILE`` and ``restore FILE``, run as real processes as IT staff script
them: a whole, checked copy or exit 2 with a French sentence and no file; a restore that
checks the file first, keeps a copy of the database it replaces, and refuses a bad file
or a database in use without changing anything (issue 8)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.test_commands import assert_user_error, digest, readonly_folder, run

__all__ = ["readonly_folder"]  # the fixture, shared with the other commands' tests


@dataclass(frozen=True, slots=True)
class Files:
    thirty: Path  # a service's database with 30 contacts
    forty: Path  # the same, 10 contacts later


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    """Made once for the module (each test works on its own copies)."""
    folder = tmp_path_factory.mktemp("modeles")
    path = folder / "modele.db"
    assert run("--db", str(path), "demo", "--contacts", "30").returncode == 0
    thirty = shutil.copyfile(path, folder / "trente.db")  # the process closed it: one file
    assert run("--db", str(path), "demo", "--contacts", "10").returncode == 0
    return Files(thirty, shutil.copyfile(path, folder / "quarante.db"))


@pytest.fixture
def db(files: Files, tmp_path: Path) -> Path:
    return shutil.copyfile(files.thirty, tmp_path / "mairie.db")


def contacts(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        connection.close()


def test_backup_writes_a_checked_copy(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "copies"
    out.mkdir()
    result = run("--db", str(db), "backup", "--out", str(out / "copie.db"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Sauvegarde vérifiée et enregistrée : {out / 'copie.db'}\n"
    assert [path.name for path in out.iterdir()] == ["copie.db"]  # no temporary file left
    assert contacts(out / "copie.db") == contacts(db) == 30


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("mairie.db", "est la base de données elle-même"),
        ("absent/copie.db", "n'existe pas (ou n'est pas accessible)"),
        (".", "est un dossier : donnez un nom de fichier"),
    ],
    ids=["the database itself", "missing folder", "a folder"],
)
def test_backup_refusals(db: Path, tmp_path: Path, target: str, expected: str) -> None:
    before = digest(db)
    result = run("--db", str(db), "backup", "--out", str(tmp_path / target))
    assert_user_error(result, expected)
    assert digest(db) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["home", "mairie.db"]


def test_backup_into_a_read_only_folder(db: Path, readonly_folder: Path) -> None:
    result = run("--db", str(db), "backup", "--out", str(readonly_folder / "copie.db"))
    assert_user_error(result, f"Impossible d'écrire « copie.db » dans « {readonly_folder} »")
    assert list(readonly_folder.iterdir()) == []


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 64 KB file system: a database copy does not fit."""
    folder = tmp_path / "petit-disque"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        check=False,
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (root only)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False, capture_output=True)


def test_backup_onto_a_full_disk(db: Path, tiny_disk: Path) -> None:
    result = run("--db", str(db), "backup", "--out", str(tiny_disk / "copie.db"))
    assert_user_error(result, "Le disque est plein : la sauvegarde « copie.db » n'a pas été écrite")
    assert list(tiny_disk.iterdir()) == []  # not even a part of it


def test_restore_keeps_a_copy_and_puts_the_backup_back(files: Files, tmp_path: Path) -> None:
    copy = shutil.copyfile(files.thirty, tmp_path / "copie.db")
    db = shutil.copyfile(files.forty, tmp_path / "mairie.db")
    result = run("--db", str(db), "restore", str(copy))
    assert result.returncode == 0, result.stderr
    [kept] = (db.parent / "sauvegardes").glob("mairie-avant-restauration-*.db")
    assert f"Copie de la base remplacée : {kept}\n" in result.stdout
    assert f"Sauvegarde restaurée : {copy} est maintenant la base SQLite : {db}" in result.stdout
    assert contacts(db) == 30
    assert contacts(kept) == 40
    assert run("--db", str(db), "check").returncode == 0


def test_restore_refuses_a_bad_file_and_changes_nothing(
    db: Path, files: Files, tmp_path: Path
) -> None:
    copy = files.forty
    newer = tmp_path / "future.db"
    newer.write_bytes(copy.read_bytes())
    connection = sqlite3.connect(newer)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    edited = tmp_path / "retouchee.db"
    edited.write_bytes(copy.read_bytes())
    connection = sqlite3.connect(edited)
    with connection:  # behind the app's back: the row's seal no longer matches
        connection.execute("UPDATE contact SET notes = 'modifié à la main'")
    connection.close()
    empty = tmp_path / "vide.db"
    empty.touch()
    before = digest(db)
    for path, expected in (
        (newer, "version plus récente"),
        (edited, "n'a pas passé la vérification"),
        (empty, "est vide"),
    ):
        result = run("--db", str(db), "restore", str(path))
        assert_user_error(result, expected, "Erreur :")
        assert result.stdout == ""
        assert digest(db) == before
    assert not (db.parent / "sauvegardes").exists() or not list(
        (db.parent / "sauvegardes").glob("*avant-restauration*")
    )


def test_restore_refuses_a_database_another_program_has_open(
    db: Path, files: Files, tmp_path: Path
) -> None:
    copy = files.forty
    holder = subprocess.Popen(  # as SP+ Desk left open: a connection, idle
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(db)!r})\n"
            "c.execute('SELECT count(*) FROM contact').fetchone()\n"
            "print('prêt', flush=True)\n"
            "sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "prêt\n"
        result = run("--db", str(db), "restore", str(copy))
        assert_user_error(result, "est ouverte par un autre programme", "Rien n'a été modifié")
    finally:
        holder.communicate("\n", timeout=30)
    assert not list((db.parent / "sauvegardes").glob("*avant-restauration*"))
    assert run("--db", str(db), "restore", str(copy)).returncode == 0  # once it is closed


def test_a_server_is_backed_up_by_its_administrator(tmp_path: Path) -> None:
    server = "postgresql://agent@127.0.0.1:1/spplus"  # never reached: refused before
    for args in (("backup", "--out", str(tmp_path / "copie.db")), ("restore", "x.db")):
        result = run("--database-url", server, *args)
        assert_user_error(result, "PostgreSQL", "pg_dump")
    assert not (tmp_path / "copie.db").exists()


def test_help_is_french() -> None:
    for command in ("backup", "restore"):
        result = run(command, "--help")
        assert result.returncode == 0
        assert result.stdout.startswith(f"utilisation : spplus-desk {command}")
    restore_help = run("restore", "--help").stdout
    assert "avant-restauration" in restore_help
    assert "--force" in restore_help
    assert "remplace même une base absente ou illisible, sans vérifier le rôle" in " ".join(
        restore_help.split()
    )


# -- who may: the database's own agents, asked before anything is copied ---------------

NOBODY = {"LOGNAME": "bob", "USER": "bob"}  # getpass reads these first: no agent of the file


def restorations(path: Path) -> list[tuple[str | None, dict[str, object]]]:
    """(actor_id, after) of each « database.restored » entry of the file."""
    connection = sqlite3.connect(path)
    try:
        query = "SELECT actor_id, after FROM audit_entry WHERE action = 'database.restored'"
        return [(row[0], json.loads(row[1])) for row in connection.execute(query)]
    finally:
        connection.close()


def test_someone_who_is_no_agent_neither_copies_nor_restores(
    db: Path, files: Files, tmp_path: Path
) -> None:
    before = digest(db)
    result = run("--db", str(db), "restore", str(files.forty), env_extra=NOBODY)
    assert_user_error(result, "« bob » n'est pas enregistré comme agent actif")
    assert result.stdout == ""
    assert digest(db) == before
    assert not (db.parent / "sauvegardes").exists()  # refused before any copy
    result = run("--db", str(db), "backup", "--out", str(tmp_path / "copie.db"), env_extra=NOBODY)
    assert_user_error(result, "« bob » n'est pas enregistré comme agent actif")
    assert not (tmp_path / "copie.db").exists()
    assert restorations(db) == []


def test_the_admin_s_restore_names_them_and_leaves_nothing_beside_the_backup(
    db: Path, files: Files, tmp_path: Path
) -> None:
    copy = shutil.copyfile(files.forty, tmp_path / "copie.db")
    result = run("--db", str(db), "restore", str(copy))  # the demo's admin: this login
    assert result.returncode == 0, result.stderr
    [(actor, after)] = restorations(db)
    assert actor is not None
    assert after["forced"] is False
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("copie")) == [
        "copie.db"
    ]  # read only: no copie.db-wal nor copie.db-shm


def test_only_force_restores_where_there_is_no_database_to_ask(
    files: Files, tmp_path: Path
) -> None:
    db = tmp_path / "perdue" / "mairie.db"
    db.parent.mkdir()
    result = run("--db", str(db), "restore", str(files.thirty), env_extra=NOBODY)
    assert_user_error(result, "n'existe pas", "--force", "Rien n'a été modifié")
    assert list(db.parent.iterdir()) == []
    result = run("--db", str(db), "restore", "--force", str(files.thirty), env_extra=NOBODY)
    assert result.returncode == 0, result.stderr
    assert contacts(db) == 30
    [(actor, after)] = restorations(db)
    assert actor is None  # bob is nobody in the backup either
    assert (after["login"], after["forced"]) == ("bob", True)
