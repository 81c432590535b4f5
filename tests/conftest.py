"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL when
SPPLUS_TEST_DATABASE_URL is set), a clock tests can move, folders under tmp_path."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

# Set by the test configuration itself: Qt aborts without a display otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.setup import initialise
from spplus_desk.store.location import (
    DatabaseLocation,
    sqlite_location,
    url_location,
)
from tests.support import TEST_LOGIN, FixedClock

TEST_DATABASE_URL_ENV = "SPPLUS_TEST_DATABASE_URL"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Data, logs and settings of the app go under tmp_path, never the real home."""
    home = tmp_path / "home"
    monkeypatch.setenv("SPPLUS_DESK_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("SPPLUS_DESK_DB", raising=False)
    monkeypatch.delenv("SPPLUS_DESK_DATABASE_URL", raising=False)
    return home


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2027, 5, 4, 9, 30, tzinfo=UTC))


@pytest.fixture
def location(tmp_path: Path) -> Iterator[DatabaseLocation]:
    """An empty database: a SQLite file, or a new PostgreSQL database on the test server."""
    server = os.environ.get(TEST_DATABASE_URL_ENV)
    if not server:
        yield sqlite_location(tmp_path / "spplus.db")
        return
    from sqlalchemy import create_engine, text

    admin = create_engine(url_location(server).url, isolation_level="AUTOCOMMIT")
    name = f"spplus_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url_location(server).__class__(
            url=url_location(server).url.set(database=name), sqlite_path=None
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def desk(location: DatabaseLocation, clock: FixedClock) -> Iterator[Desk]:
    """An initialised database for the service "Mairie de Test" (Paris)."""
    report = open_desk(location, clock=clock)
    initialise(report.desk, login=TEST_LOGIN, service_name="Mairie de Test", departement_code="75")
    yield report.desk
    report.desk.close()
