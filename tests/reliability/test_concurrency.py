"""Concurrency: 8 desks log contacts into one database at the same time for 20 s
(SPPLUS_RELIABILITY_SECONDS changes it), some opening requests: no desk meets an error,
nothing saved is lost, nothing is saved twice, references stay unique — on a SQLite file
and on PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spplus_desk.store.location import DatabaseLocation, sqlite_location
from tests.reliability.harness import (
    TEST_DATABASE_URL_ENV,
    LoadRun,
    load_seconds,
    run_desks,
    sqlite_run_only,
)

DESKS = 8


def assert_nothing_lost_nor_doubled(run: LoadRun) -> None:
    assert run.failures == 0, f"{run.failures} errors met by the desks: {run.error_texts}"
    assert run.saved > 0
    assert run.lost == 0
    assert run.duplicated == 0
    assert run.rows == run.saved
    assert run.problems == ()


@sqlite_run_only
def test_eight_desks_on_one_sqlite_file(tmp_path: Path) -> None:
    location = sqlite_location(tmp_path / "partage.db")
    assert_nothing_lost_nor_doubled(run_desks(location, DESKS, load_seconds(), tmp_path))


@pytest.mark.skipif(
    not os.environ.get(TEST_DATABASE_URL_ENV), reason=f"{TEST_DATABASE_URL_ENV} is not set"
)
def test_eight_desks_on_postgresql(location: DatabaseLocation, tmp_path: Path) -> None:
    # ``location``: a database of its own on the test server, dropped afterwards.
    assert location.sqlite_path is None
    assert_nothing_lost_nor_doubled(run_desks(location, DESKS, load_seconds(), tmp_path))
