"""Crash: a desk logging contacts is killed with SIGKILL at random moments, 50 times on
the same file; after each kill every contact whose save returned is there, the file
opens and ``check`` finds it sound; at the end the app itself opens on it."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.reliability.harness import crash_rounds, self_test, sqlite_run_only

KILLS = 50
SEED_ENV = "SPPLUS_CRASH_SEED"  # replays the same moments of a failed run


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the writers are forked (POSIX)")
@sqlite_run_only
def test_fifty_kills_lose_nothing_saved(tmp_path: Path) -> None:
    seed = int(os.environ.get(SEED_ENV) or random.randrange(1_000_000))
    path = tmp_path / "coupures.db"
    saved = 0
    for crash in crash_rounds(path, KILLS, random.Random(seed)):
        where = f"kill {crash.number}/{KILLS} ({SEED_ENV}={seed})"
        assert crash.writer_error is None, f"{where}: the writer failed: {crash.writer_error}"
        assert crash.status == -9, f"{where}: the writer was not killed ({crash.status})"
        assert not crash.lost, f"{where}: saved contacts missing: {crash.lost}"
        assert not crash.problems, f"{where}: {crash.problems}"
        saved += crash.saved
    assert saved > 0, "no kill came after a save: the test proved nothing"

    result = self_test(path)
    assert result.returncode == 0, result.stderr
    assert "Auto-test réussi" in result.stdout
