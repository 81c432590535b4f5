"""The command line, run as a real process, as IT staff script it."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env_extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "spplus_desk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_user_error(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("SP+ Desk ")


def test_help_is_french() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("utilisation : spplus-desk")
    assert "crée ou met à jour la base de données" in result.stdout
    sub = run("init", "--help")
    assert sub.stdout.startswith("utilisation : spplus-desk init")
    assert sub.stdout.count("utilisation :") == 1


def test_init_then_init_again(tmp_path: Path) -> None:
    db = tmp_path / "mairie.db"
    first = run("--db", str(db), "init", "--service-name", "Mairie de Test", "--departement", "67")
    assert first.returncode == 0, first.stderr
    assert "Base de données créée" in first.stdout
    assert "67 – Bas-Rhin" in first.stdout
    assert (
        "Catalogue par défaut ajouté : 17 motifs, 6 types de demande, "
        "13 partenaires d'orientation." in first.stdout
    )
    again = run("--db", str(db), "init")
    assert again.returncode == 0, again.stderr
    assert "déjà à jour" in again.stdout
    assert "Catalogue" not in again.stdout  # nothing was missing
    assert "Mairie de Test" in again.stdout


def test_environment_variable_chooses_the_file(tmp_path: Path) -> None:
    db = tmp_path / "par-variable.db"
    result = run("init", env_extra={"SPPLUS_DESK_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert db.is_file()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "vide"),
        (b"bonjour, ceci est du texte\n", "pas un fichier SQLite"),
        (os.urandom(8192), "pas un fichier SQLite"),
    ],
)
def test_bad_files_are_refused_untouched(tmp_path: Path, content: bytes, expected: str) -> None:
    db = tmp_path / "mauvais.db"
    db.write_bytes(content)
    before = digest(db)
    result = run("--db", str(db), "init")
    assert_user_error(result, "Erreur :", expected, "n'a pas été modifié")
    assert digest(db) == before


def test_damage_deep_inside_the_file_is_found_before_writing(tmp_path: Path) -> None:
    db = tmp_path / "abimee.db"
    assert run("--db", str(db), "demo", "--contacts", "3000").returncode == 0
    data = bytearray(db.read_bytes())
    middle = len(data) // 4096 // 2 * 4096
    data[middle + 8 : middle + 4096] = os.urandom(4096 - 8)  # a page of the contact table
    db.write_bytes(bytes(data))
    before = digest(db)
    assert_user_error(run("--db", str(db), "init"), "endommagée")
    assert_user_error(run("--db", str(db), "demo", "--contacts", "5"), "endommagée")
    assert digest(db) == before


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    assert run("--db", str(db), "init").returncode == 0
    connection = sqlite3.connect(db)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = digest(db)
    assert_user_error(run("--db", str(db), "demo", "--contacts", "5"), "version plus récente")
    assert digest(db) == before


def test_missing_folder(tmp_path: Path) -> None:
    db = tmp_path / "absent" / "x.db"
    assert_user_error(run("--db", str(db), "init"), "n'existe pas")
    assert not db.parent.exists()


@pytest.fixture
def readonly_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write to, even root (a read-only bind mount)."""
    folder = tmp_path / "lecture-seule"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "--bind", str(folder), str(folder)], check=False, capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot make a read-only folder here (mount refused)")
    try:
        subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(folder)], check=True, capture_output=True
        )
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False, capture_output=True)


def test_read_only_folder(readonly_folder: Path) -> None:
    result = run("--db", str(readonly_folder / "x.db"), "init")
    assert_user_error(result, "n'accepte pas de nouveaux fichiers")
    assert list(readonly_folder.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["demo", "--contacts", "0"], "supérieur à zéro"),
        (["demo", "--contacts", "beaucoup"], "n'est pas un nombre entier"),
        (["demo"], "obligatoire"),
        (["init", "--couleur", "bleu"], "non reconnu"),
        (["--db", "a.db", "--database-url", "postgresql://h/db", "init"], "ensemble"),
        (["init", "--departement", "999"], "Département inconnu"),
        (["--database-url", "mysql://serveur/base", "init"], "non pris en charge"),
        (["--database-url", "postgresql://agent@serveur:port/base", "init"], "illisible"),
        (["init", "--service-name", "   "], "ne peut pas être vide"),
        (["demo", "--contacts", "3", "--seed", "x"], "valeur invalide « x »"),
    ],
)
def test_mistakes_get_one_french_sentence(tmp_path: Path, args: list[str], expected: str) -> None:
    chooses_database = "--db" in args or "--database-url" in args
    result = run(*args) if chooses_database else run("--db", str(tmp_path / "x.db"), *args)
    assert_user_error(result, expected)


def test_demo_is_reproducible_and_reports_progress(tmp_path: Path) -> None:
    def rows(name: str) -> list[tuple[object, ...]]:
        db = tmp_path / name
        result = run("--db", str(db), "demo", "--contacts", "400", "--seed", "5")
        assert result.returncode == 0, result.stderr
        assert "Données de démonstration : 400 / 400 contacts (100 %)" in result.stderr
        assert "400 contacts" in result.stdout
        assert "12 cas du droit à l'erreur enregistrés, dont 3 régularisations" in result.stdout
        connection = sqlite3.connect(db)
        try:
            return connection.execute(
                "SELECT id, channel, outcome, person_name FROM contact ORDER BY id"
            ).fetchall()
        finally:
            connection.close()

    first = rows("a.db")
    assert len(first) == 400
    # Same seed, same day: the same rows, identifiers included.
    assert rows("b.db") == first


def test_self_test_opens_the_window_and_exits(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert run("--db", str(db), "init", "--service-name", "Mairie de Test").returncode == 0
    result = run("--db", str(db), "--self-test")
    assert result.returncode == 0, result.stderr
    assert "Auto-test réussi" in result.stdout
    assert "SP+ Desk — Mairie de Test" in result.stdout
    # What a frozen build could lack was tried: Qt's French, the SVG/PDF plugins, QtPdf.
    assert "Vérifié : textes de Qt en français, images SVG et PDF, affiche des engagements" in (
        result.stdout
    )


def test_self_test_on_a_bad_file_fails_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    db.write_text("pas une base", encoding="utf-8")
    assert_user_error(run("--db", str(db), "--self-test"), "Erreur :", "pas un fichier SQLite")
    assert db.read_text(encoding="utf-8") == "pas une base"


def test_a_network_share_gets_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from spplus_desk.__main__ import main

    monkeypatch.setattr(
        "spplus_desk.store.opening.netshare.is_on_network_share", lambda _path: True
    )
    assert main(["--db", str(tmp_path / "partage.db"), "init"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Attention : ")
    assert "PostgreSQL" in err


def test_a_bug_says_where_the_log_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from spplus_desk.__main__ import main

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("spplus_desk.services.setup.initialise", broken)
    assert main(["--db", str(tmp_path / "x.db"), "init"]) == 1
    err = capsys.readouterr().err
    assert "Erreur interne inattendue" in err
    assert "spplus-desk.log" in err
    assert "Traceback" not in err
