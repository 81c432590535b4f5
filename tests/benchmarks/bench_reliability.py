"""Reliability figures (issue 8) for the benchmark note: the crash loop, the concurrent
desks on SQLite (and PostgreSQL when a server is given), and the bad-file cases.

    python -m tests.benchmarks.bench_reliability [--kills 50] [--seconds 20]
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

Run from the repository's root (it uses the reliability tests' own harness). On a server
it works in a database of its own, dropped afterwards. Prints JSON: kills survived,
contacts lost, errors, duplicates, contacts saved per second by 8 desks at once, and the
bad-file tests passed. Not collected by pytest; no timing assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import uuid
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spplus_desk.store.location import DatabaseLocation

BAD_FILE_TESTS = ("tests/reliability/test_bad_files.py", "tests/reliability/test_full_disk.py")


def crash_figures(folder: Path, kills: int, seed: int) -> dict[str, object]:
    from tests.reliability.harness import crash_rounds, self_test

    survived, saved = 0, 0
    lost: set[str] = set()
    errors: list[str] = []
    for crash in crash_rounds(folder / "coupures.db", kills, random.Random(seed)):
        survived += crash.survived
        lost.update(crash.lost)
        saved += crash.saved
        errors += [f"kill {crash.number}: {p}" for p in crash.problems]
        if crash.writer_error:
            errors.append(f"kill {crash.number}: {crash.writer_error}")
    app = self_test(folder / "coupures.db")
    return {
        "kills": kills,
        "kills_survived": survived,
        "contacts_saved_before_a_kill": saved,
        "contacts_lost": len(lost),
        "errors": errors,
        "app_opens_afterwards": app.returncode == 0,
        "seed": seed,
    }


def load_figures(
    location: DatabaseLocation, writers: int, seconds: float, folder: Path
) -> dict[str, object]:
    from tests.reliability.harness import run_desks

    folder.mkdir()
    run = run_desks(location, writers, seconds, folder)
    return {
        "desks": run.writers,
        "seconds": run.seconds,
        "contacts_saved": run.saved,
        "requests_opened": run.requests,
        "contacts_per_second": round(run.contacts_per_second, 1),
        "errors": run.failures,
        "error_texts": list(run.error_texts),
        "contacts_lost": run.lost,
        "duplicates": run.duplicated,
        "check_problems": list(run.problems),
    }


@contextmanager
def server_database(url: str) -> Iterator[DatabaseLocation]:
    """A database of its own on the server, dropped afterwards."""
    from sqlalchemy import create_engine, text

    from spplus_desk.store.location import url_location

    server = url_location(url)
    admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
    name = f"spplus_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.__class__(url=server.url.set(database=name), sqlite_path=None)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bad_file_figures(folder: Path) -> dict[str, object]:
    """The bad-file tests run by pytest as usual (as root, a real full disk and
    read-only files; otherwise their simulated twins)."""
    report = folder / "bad-files.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"--junitxml={report}", *BAD_FILE_TESTS],
        capture_output=True, check=False, env=_sqlite_run(),
    )  # fmt: skip
    suite = ElementTree.parse(report).getroot().find("testsuite")
    assert suite is not None
    tests, failures, errors, skipped = (
        int(suite.get(key, "0")) for key in ("tests", "failures", "errors", "skipped")
    )
    failed = failures + errors
    passed = tests - failed - skipped
    return {"cases": tests, "passed": passed, "failed": failed, "skipped": skipped}


def _sqlite_run() -> dict[str, str]:
    """The environment of the suite's SQLite run, where the bad-file tests are made."""
    return {k: v for k, v in os.environ.items() if k != "SPPLUS_TEST_DATABASE_URL"}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--desks", type=int, default=8)
    parser.add_argument("--database-url", help="a PostgreSQL server to test as well")
    parser.add_argument("--seed", type=int, default=random.randrange(1_000_000))
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="spplus-fiabilite-"))
    os.environ.setdefault("SPPLUS_DESK_HOME", str(folder / "home"))

    from spplus_desk.store.location import sqlite_location

    figures: dict[str, object] = {"crash": crash_figures(folder, args.kills, args.seed)}
    sqlite = sqlite_location(folder / "partage.db")
    figures["concurrency_sqlite"] = load_figures(sqlite, args.desks, args.seconds, folder / "sq")
    if args.database_url:
        with server_database(args.database_url) as server:
            figures["concurrency_postgresql"] = load_figures(
                server, args.desks, args.seconds, folder / "pg"
            )
    figures["bad_files"] = bad_file_figures(folder)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
