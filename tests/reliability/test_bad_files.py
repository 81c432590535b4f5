"""Bad files: a truncated database, an empty file, random bytes, a newer schema, a file
or folder nobody may write to. Each one gets one clear French sentence — from the
services (open_desk), from the command line as a process (exit 2, no traceback) and from
the app — and is left byte for byte as it was, nothing saved lost.

What tests/store/test_sqlite_file.py and tests/cli/test_commands.py already prove (the
store refusing each kind of file; ``init`` refusing an empty, random or newer file; a
new database in a read-only folder) is not repeated here. The full disk has its own
module, test_full_disk.py.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from spplus_desk.domain.errors import UserError
from spplus_desk.services.desk import open_desk
from spplus_desk.store.location import DatabaseLocation, sqlite_location
from tests.cli.test_commands import assert_user_error, digest, run
from tests.reliability.harness import (
    SAMPLE_CONTACTS,
    TEST_DATABASE_URL_ENV,
    self_test,
    sqlite_run_only,
)

NEWER = "9999"  # a revision no version of SP+ Desk knows yet


def refused_by_open_desk(path: Path, *expected: str) -> None:
    before = digest(path)
    with pytest.raises(UserError) as caught:
        open_desk(sqlite_location(path), create=False)
    for words in expected:
        assert words in caught.value.message
    assert digest(path) == before


def truncated(sample: Path, path: Path) -> None:
    data = sample.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def zero_bytes(_sample: Path, path: Path) -> None:
    path.touch()


def random_bytes(_sample: Path, path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def newer_schema(sample: Path, path: Path) -> None:
    shutil.copyfile(sample, path)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(f"UPDATE alembic_version SET version_num = '{NEWER}'")
    connection.close()


BAD_FILES: list[tuple[Callable[[Path, Path], None], str]] = [
    (truncated, "endommagée"),
    (zero_bytes, "vide"),
    (random_bytes, "pas un fichier SQLite"),
    (newer_schema, "version plus récente"),
]


@sqlite_run_only
@pytest.mark.parametrize(("make", "expected"), BAD_FILES, ids=lambda v: getattr(v, "__name__", ""))
def test_bad_files_get_a_clear_sentence_and_stay_as_they_were(
    make: Callable[[Path, Path], None], expected: str, saved_sample: Path, tmp_path: Path
) -> None:
    path = tmp_path / "mauvaise.db"
    make(saved_sample, path)
    before = digest(path)
    refused_by_open_desk(path, expected, "n'a pas été modifié")
    # A command that only reads (``init``, which writes, is tested in tests/cli).
    assert_user_error(run("--db", str(path), "overdue"), "Erreur :", expected)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["mauvaise.db"]


@sqlite_run_only
def test_a_truncated_database_is_refused_by_every_entry(saved_sample: Path, tmp_path: Path) -> None:
    path = tmp_path / "coupee.db"
    truncated(saved_sample, path)
    before = digest(path)
    assert_user_error(run("--db", str(path), "init"), "endommagée", "n'a pas été modifié")
    assert_user_error(self_test(path), "endommagée")
    assert digest(path) == before


@sqlite_run_only
def test_the_app_refuses_a_newer_database(saved_sample: Path, tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    newer_schema(saved_sample, path)
    before = digest(path)
    assert_user_error(self_test(path), "version plus récente", NEWER)
    assert digest(path) == before


# --- Read-only --------------------------------------------------------------------


@pytest.fixture
def read_only_file(saved_sample: Path, tmp_path: Path) -> Iterator[Path]:
    """A database nobody may write to, root included: immutable (chattr +i) as root,
    without write permission otherwise."""
    path = tmp_path / "lecture-seule.db"
    shutil.copyfile(saved_sample, path)
    if os.geteuid() != 0:
        path.chmod(0o444)
        yield path
        return
    made = subprocess.run(["chattr", "+i", str(path)], check=False, capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"root cannot make a file immutable here: {made.stderr.strip()!r}")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


@sqlite_run_only
def test_a_read_only_database(read_only_file: Path) -> None:
    before = digest(read_only_file)
    refused_by_open_desk(read_only_file, "lecture seule")
    assert_user_error(run("--db", str(read_only_file), "init"), "lecture seule")
    assert_user_error(run("--db", str(read_only_file), "demo", "--contacts", "3"), "lecture seule")
    assert digest(read_only_file) == before
    assert not Path(f"{read_only_file}-wal").exists()
    assert saved_contacts(read_only_file) == SAMPLE_CONTACTS


@pytest.fixture
def database_in_read_only_folder(saved_sample: Path, tmp_path: Path) -> Iterator[Path]:
    """A database in a folder mounted read-only (root), or without write permission."""
    folder = tmp_path / "dossier-protege"
    folder.mkdir()
    path = folder / "spplus.db"
    shutil.copyfile(saved_sample, path)
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield path
        folder.chmod(0o755)
        return
    commands = (["mount", "--bind", str(folder), str(folder)],
                ["mount", "-o", "remount,bind,ro", str(folder)])  # fmt: skip
    for command in commands:
        made = subprocess.run(command, check=False, capture_output=True, text=True)
        if made.returncode != 0:
            subprocess.run(["umount", str(folder)], check=False, capture_output=True)
            pytest.skip(f"cannot mount a read-only folder here: {made.stderr.strip()!r}")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(folder)], check=False, capture_output=True)


READ_ONLY_FOLDER = ("lecture seule", "n'accepte pas de nouveaux fichiers")


@sqlite_run_only
def test_a_database_in_a_read_only_folder(database_in_read_only_folder: Path) -> None:
    path = database_in_read_only_folder
    before = digest(path)
    with pytest.raises(UserError) as caught:
        open_desk(sqlite_location(path), create=False)
    assert any(words in caught.value.message for words in READ_ONLY_FOLDER)
    result = run("--db", str(path), "demo", "--contacts", "3")
    assert_user_error(result)
    assert any(words in result.stderr for words in READ_ONLY_FOLDER)
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["spplus.db"]
    assert saved_contacts(path) == SAMPLE_CONTACTS


@sqlite_run_only
def test_write_permission_refused_is_explained_where_root_cannot_show_it(
    saved_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The permission check as an ordinary account meets it (root passes it)."""
    path = tmp_path / "droits.db"
    shutil.copyfile(saved_sample, path)
    real_access = os.access

    def no_write(target: object, mode: int, **kwargs: object) -> bool:
        return False if mode & os.W_OK else real_access(target, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("spplus_desk.store.preflight.os.access", no_write)
    refused_by_open_desk(path, "lecture seule", "droits d'écriture")
    assert saved_contacts(path) == SAMPLE_CONTACTS


def saved_contacts(path: Path) -> int:
    """Counted without writing anything, not even SQLite's -wal and -shm files."""
    connection = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        connection.close()


# --- PostgreSQL ---------------------------------------------------------------------


@pytest.mark.skipif(
    not os.environ.get(TEST_DATABASE_URL_ENV), reason=f"{TEST_DATABASE_URL_ENV} is not set"
)
def test_a_newer_schema_on_the_server_is_refused_untouched(location: DatabaseLocation) -> None:
    open_desk(location).desk.close()
    engine = create_engine(location.url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"UPDATE alembic_version SET version_num = '{NEWER}'"))
        with pytest.raises(UserError, match="version plus récente"):
            open_desk(location, create=False)
        url = location.url.render_as_string(hide_password=False)
        assert_user_error(run("--database-url", url, "overdue"), "version plus récente", NEWER)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
                (NEWER,)
            ]
    finally:
        engine.dispose()
