"""The crash loop and the concurrent desks, shared by the reliability tests and by
tests/benchmarks/bench_reliability.py: each run returns its figures, the tests assert
on them, the script prints them.

The writers are separate programs (crash_writer.py, load_writer.py) that only use the
app's own functions, as the app does: what they prove holds for the app.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import func, select

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.services.agents import add_agent
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.services.setup import initialise
from spplus_desk.store.location import DatabaseLocation, sqlite_location
from spplus_desk.store.schema import Contact, Request

HERE = Path(__file__).parent
CRASH_WRITER = HERE / "crash_writer.py"
LOAD_WRITER = HERE / "load_writer.py"
ADMIN_LOGIN = "agent.test"
SAMPLE_CONTACTS = 12  # in the saved_sample fixture's database
SECONDS_ENV = "SPPLUS_RELIABILITY_SECONDS"  # how long the desks write (the issue: 20 s)
DEFAULT_SECONDS = 20.0
TEST_DATABASE_URL_ENV = "SPPLUS_TEST_DATABASE_URL"
# The PostgreSQL run of the suite (CI's second step) tests the server; what only concerns
# a SQLite file, or no database at all, was proved by the first, SQLite, run.
sqlite_run_only = pytest.mark.skipif(
    bool(os.environ.get(TEST_DATABASE_URL_ENV)),
    reason="no server involved: the SQLite run of the suite makes this test",
)
MAX_KILL_DELAY = 0.25  # seconds: a kill lands while opening, saving or between saves
EARLY_KILLS = 0.2  # the share of kills timed from the fork, often during the opening


def load_seconds() -> float:
    return float(os.environ.get(SECONDS_ENV) or DEFAULT_SECONDS)


def prepare(location: DatabaseLocation, logins: tuple[str, ...] = ()) -> None:
    """A database set up as the first run does, with one agent per desk."""
    desk = open_desk(location).desk
    try:
        initialise(desk, login=ADMIN_LOGIN, service_name="Mairie de Test", departement_code="75")
        for login in logins:
            add_agent(desk, login=ADMIN_LOGIN, name=login, agent_login=login, role=Role.AGENT)
    finally:
        desk.close()


def check_problems(desk: Desk) -> tuple[str, ...]:
    """What ``spplus-desk check`` would report (nothing: the database is sound)."""
    from spplus_desk.services.integrity import check_desk

    report = check_desk(desk)
    return () if report.sound else tuple(report.problems)


# --- Crash -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CrashRound:
    number: int
    saved: int  # contacts whose save returned in this round
    status: int | None  # the writer's exit: -9 when killed
    lost: tuple[str, ...]  # contacts saved in any round so far, now missing
    problems: tuple[str, ...]  # opening refused, or check_desk's findings
    writer_error: str | None

    @property
    def survived(self) -> bool:
        killed = self.status == -signal.SIGKILL
        return killed and not self.lost and not self.problems and self.writer_error is None


def crash_rounds(path: Path, rounds: int, rng: random.Random) -> Iterator[CrashRound]:
    """Kill a writer of ``path`` with SIGKILL at a random moment, ``rounds`` times on the
    same file (damage would add up), checking the file after each kill."""
    prepare(sqlite_location(path))
    saved: set[uuid.UUID] = set()
    with subprocess.Popen(
        [sys.executable, str(CRASH_WRITER), str(path), ADMIN_LOGIN],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as zygote:
        assert zygote.stdin is not None
        assert zygote.stdout is not None
        try:
            for number in range(1, rounds + 1):
                said = _kill_one_writer(zygote.stdin, zygote.stdout, rng)
                saved.update(said.ids)
                lost, problems = _after_the_crash(path, saved)
                yield CrashRound(number, len(said.ids), said.status, lost, problems, said.error)
        finally:
            zygote.stdin.close()
            zygote.wait(timeout=60)


@dataclass(slots=True)
class _WriterLines:
    """What the crash writer said, line by line, in whatever order the lines came."""

    pid: int | None = None
    ready: bool = False
    ids: list[uuid.UUID] = field(default_factory=list)
    status: int | None = None
    error: str | None = None

    def read(self, lines: IO[str]) -> bool:
        """Take one line; False at the end of the output (the writer program died)."""
        line = lines.readline()
        if not line.endswith("\n"):  # cut short by the kill: the writer said no more
            return False
        word, _, rest = line.strip().partition(" ")
        if word == "pid":
            self.pid = int(rest)
        elif word == "ready":
            self.ready = True
        elif word == "saved":
            try:
                self.ids.append(uuid.UUID(rest))
            except ValueError:
                self.error = f"an unreadable line from the writer: {line!r}"
        elif word == "error":
            self.error = rest
        elif word == "ended":
            self.status = int(rest.split()[1])
        return bool(line)


def _kill_one_writer(commands: IO[str], lines: IO[str], rng: random.Random) -> _WriterLines:
    commands.write("go\n")
    commands.flush()
    said = _WriterLines()
    wait_until_ready = rng.random() >= EARLY_KILLS
    while said.pid is None or (wait_until_ready and not said.ready and said.status is None):
        if not said.read(lines):
            raise RuntimeError("the crash writer program stopped")
    time.sleep(rng.uniform(0, MAX_KILL_DELAY))  # the random moment of the crash
    with contextlib.suppress(ProcessLookupError):  # ended already: "ended" says how
        os.kill(said.pid, signal.SIGKILL)
    while said.status is None:  # everything the writer printed comes before "ended"
        if not said.read(lines):
            raise RuntimeError("the crash writer program stopped")
    return said


def _after_the_crash(path: Path, saved: set[uuid.UUID]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ids saved but missing, and why the file is not sound (nothing: it is)."""
    try:
        desk = open_desk(sqlite_location(path), create=False).desk
    except UserError as error:
        return (), (f"open_desk refused the file: {error.message}",)
    try:
        with desk.database.reading() as session:
            present = set(session.scalars(select(Contact.id)))
        lost = tuple(sorted(str(i) for i in saved - present))
        return lost, check_problems(desk)
    finally:
        desk.close()


def self_test(path: Path) -> subprocess.CompletedProcess[str]:
    """The app opens its window on the file and closes it again, as a person starts it."""
    return subprocess.run(
        [sys.executable, "-m", "spplus_desk", "--db", str(path), "--self-test"],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- Concurrency -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoadRun:
    writers: int
    seconds: float
    saved: int  # contacts whose save returned, all desks together
    failures: int  # exceptions met by the desks (UserError included) or desks that died
    error_texts: tuple[str, ...]
    lost: int  # saved but not in the database
    duplicated: int  # ids or references given twice, rows beyond what was saved
    rows: int  # contacts in the database
    requests: int  # requests saved, each with its reference
    problems: tuple[str, ...]  # check_desk's findings

    @property
    def contacts_per_second(self) -> float:
        return self.saved / self.seconds if self.seconds else 0.0


def run_desks(location: DatabaseLocation, writers: int, seconds: float, folder: Path) -> LoadRun:
    """``writers`` desks log contacts into one database for ``seconds``, all at once."""
    logins = tuple(f"guichet.{number}" for number in range(1, writers + 1))
    prepare(location, logins)
    if location.sqlite_path is not None:
        target = ["--db", str(location.sqlite_path)]
    else:
        target = ["--database-url", location.url.render_as_string(hide_password=False)]
    desks: list[tuple[subprocess.Popen[str], Path]] = []
    try:
        for number, login in enumerate(logins):
            out = folder / f"desk-{number}.json"
            command = [sys.executable, str(LOAD_WRITER), *target, "--login", login]
            command += ["--seconds", str(seconds), "--seed", str(number), "--out", str(out)]
            desks.append((_start(command, folder / f"desk-{number}.err"), out))
        for process, _out in desks:  # every desk open before any writes
            assert process.stdout is not None
            process.stdout.readline()
        for process, _out in desks:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.close()
        for process, _out in desks:
            process.wait(timeout=seconds + 120)
    finally:
        for process, _out in desks:
            if process.poll() is None:
                process.kill()
            process.wait()
            if process.stdout is not None:
                process.stdout.close()
    return _tally(location, writers, seconds, desks, folder)


def _start(command: list[str], errors: Path) -> subprocess.Popen[str]:
    with errors.open("w", encoding="utf-8") as stderr:
        return subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True
        )


def _tally(
    location: DatabaseLocation,
    writers: int,
    seconds: float,
    desks: list[tuple[subprocess.Popen[str], Path]],
    folder: Path,
) -> LoadRun:
    ids: Counter[str] = Counter()
    references: Counter[str] = Counter()
    failures, texts = 0, []
    for number, (process, out) in enumerate(desks):
        if not out.exists():  # the desk died: its own error output says why
            failures += 1
            stderr = (folder / f"desk-{number}.err").read_text(encoding="utf-8")
            texts.append(f"desk {number} ended with {process.returncode}: {stderr[-2000:]}")
            continue
        result = json.loads(out.read_text(encoding="utf-8"))
        failures += result["failures"]
        texts += result["errors"]
        for contact_id, reference in result["saved"]:
            ids[contact_id] += 1
            if reference is not None:
                references[reference] += 1
    desk = open_desk(location, create=False).desk
    try:
        with desk.database.reading() as session:
            present = {str(i) for i in session.scalars(select(Contact.id))}
            stored = list(session.scalars(select(Request.reference)))
            distinct = session.scalar(select(func.count(func.distinct(Request.reference)))) or 0
        problems = check_problems(desk)
    finally:
        desk.close()
    told = set(references)
    lost = len(set(ids) - present) + len(told - set(stored))
    # Given twice to a desk, stored twice, or stored without any desk being told.
    duplicated = sum(n - 1 for n in ids.values()) + sum(n - 1 for n in references.values())
    duplicated += len(stored) - distinct + len(present - set(ids)) + len(set(stored) - told)
    return LoadRun(
        writers=writers,
        seconds=seconds,
        saved=sum(ids.values()),
        failures=failures,
        error_texts=tuple(texts),
        lost=lost,
        duplicated=duplicated,
        rows=len(present),
        requests=len(stored),
        problems=problems,
    )
