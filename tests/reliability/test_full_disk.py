"""A full disk: before opening, and while the desk is open. One clear French sentence,
nothing saved lost, the file unchanged while it cannot be written; once space is freed,
work goes on. A real small disk (tmpfs) needs root; a simulated ENOSPC (and write
refusal) runs everywhere, on SQLite and PostgreSQL."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.errors import UserError
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.store.location import sqlite_location
from spplus_desk.store.schema import Contact
from tests.cli.test_commands import assert_user_error, digest, run
from tests.reliability.harness import (
    ADMIN_LOGIN,
    SAMPLE_CONTACTS,
    check_problems,
    sqlite_run_only,
)
from tests.support import TEST_LOGIN

FULL = "est plein"
DRAFT = ContactDraft(Channel.PHONE, ContactOutcome.IMMEDIATE_ANSWER, person_name="Léa Petit")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB disk of its own (tmpfs), which can be filled without harm."""
    folder = tmp_path / "petit-disque"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root (the simulated ENOSPC test runs)")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
        check=False,
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small disk here: {made.stderr.strip()!r}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False, capture_output=True)


def fill(folder: Path) -> Path:
    """Take every byte left on the disk of ``folder``."""
    filler = folder / "remplissage"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(handle, b"\0" * 4096)
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
    finally:
        os.close(handle)
    return filler


def ids_in(desk: Desk) -> set[uuid.UUID]:
    with desk.database.reading() as session:
        return set(session.scalars(select(Contact.id)))


@sqlite_run_only
def test_a_full_disk_before_opening(saved_sample: Path, small_disk: Path) -> None:
    path = small_disk / "spplus.db"
    shutil.copyfile(saved_sample, path)
    filler = fill(small_disk)
    before = digest(path)
    with pytest.raises(UserError, match=FULL):
        open_desk(sqlite_location(path), create=False)
    assert_user_error(run("--db", str(path), "demo", "--contacts", "3"), FULL, "Rien n'a été")
    assert_user_error(run("--db", str(path), "overdue"), FULL)
    assert_user_error(run("--db", str(small_disk / "neuve.db"), "init"), FULL)
    assert digest(path) == before
    assert not (small_disk / "neuve.db").exists()

    filler.unlink()
    desk = open_desk(sqlite_location(path), create=False).desk
    try:
        assert len(ids_in(desk)) == SAMPLE_CONTACTS
        assert check_problems(desk) == ()
    finally:
        desk.close()


def save_until_refused(desk: Desk, saved: set[uuid.UUID]) -> UserError:
    """Log contacts until one is refused (the -wal file may still hold a page or two)."""
    for _ in range(100):
        try:
            saved.add(log_contact(desk, login=ADMIN_LOGIN, draft=DRAFT).id)
        except UserError as refusal:
            return refusal
    raise AssertionError("a full disk never refused a contact")


@sqlite_run_only
def test_the_disk_fills_while_the_desk_is_open(saved_sample: Path, small_disk: Path) -> None:
    path = small_disk / "spplus.db"
    shutil.copyfile(saved_sample, path)
    desk = open_desk(sqlite_location(path), create=False).desk
    try:
        saved = {log_contact(desk, login=ADMIN_LOGIN, draft=DRAFT).id}
        filler = fill(small_disk)
        refusal = save_until_refused(desk, saved)
        assert FULL in refusal.message
        assert "libérez de la place" in refusal.message
        assert saved <= ids_in(desk)

        filler.unlink()  # the person frees some space: the next save works
        saved.add(log_contact(desk, login=ADMIN_LOGIN, draft=DRAFT).id)
        assert saved <= ids_in(desk)
        assert len(ids_in(desk)) == SAMPLE_CONTACTS + len(saved)
        assert check_problems(desk) == ()
    finally:
        desk.close()


# What the drivers say when the disk is full or the database may not be written.
SQLITE_SAYS = {
    "full": "database or disk is full",
    "read-only": "attempt to write a readonly database",
}
SERVER_SAYS = {
    "full": 'could not extend file "base/16384/16385": No space left on device',
    "read-only": "cannot execute INSERT in a read-only transaction",
}
EXPECTED = {"full": FULL, "read-only": "ne peut pas écrire"}


@pytest.mark.parametrize("trouble", ["full", "read-only"])
def test_a_refused_write_is_explained_and_loses_nothing(
    desk: Desk, trouble: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC and EACCES as the driver reports them, on any machine and account."""
    saved = {log_contact(desk, login=TEST_LOGIN, draft=DRAFT).id}
    says = SQLITE_SAYS if desk.database.location.is_sqlite else SERVER_SAYS

    def refused(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("INSERT INTO contact", {}, sqlite3.OperationalError(says[trouble]))

    with monkeypatch.context() as patch:
        patch.setattr("spplus_desk.services.contacts.queries.insert_contact", refused)
        with pytest.raises(UserError, match=EXPECTED[trouble]) as caught:
            log_contact(desk, login=TEST_LOGIN, draft=DRAFT)
    assert "Rien n'a été enregistré" in caught.value.message
    assert ids_in(desk) == saved
    saved.add(log_contact(desk, login=TEST_LOGIN, draft=DRAFT).id)
    assert ids_in(desk) == saved
    with desk.database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == len(saved)
