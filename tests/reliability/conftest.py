"""Fixtures of the reliability tests: a real database with saved contacts to spoil."""

from __future__ import annotations

from pathlib import Path

import pytest

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import open_desk
from spplus_desk.store.location import sqlite_location
from tests.reliability.harness import ADMIN_LOGIN, SAMPLE_CONTACTS, prepare


@pytest.fixture(scope="session")
def saved_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database as the app leaves it, with SAMPLE_CONTACTS contacts saved
    (closed: everything is in the one file, which tests copy before spoiling it)."""
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    prepare(sqlite_location(path))
    desk = open_desk(sqlite_location(path), create=False).desk
    try:
        for number in range(SAMPLE_CONTACTS):
            draft = ContactDraft(
                Channel.COUNTER, ContactOutcome.IMMEDIATE_ANSWER, person_name=f"Usager {number}"
            )
            log_contact(desk, login=ADMIN_LOGIN, draft=draft)
    finally:
        desk.close()
    assert not Path(f"{path}-wal").exists()
    return path
