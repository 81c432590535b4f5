"""The writer the crash test kills (run as a program, not collected by pytest).

    python tests/reliability/crash_writer.py DATABASE LOGIN

Started once, it imports the app, then for each line read on stdin forks one writer
(so each round costs a fork, not an interpreter start-up) and says ``pid N``. The writer
opens the database as the app does, says ``ready``, then logs contacts one by one with
``services.contacts.log_contact`` — every third one opening a request — and prints
``saved ID`` only after log_contact has returned. The test kills it with SIGKILL; this
program then says ``ended N STATUS`` (negative: the signal), after everything the
writer printed. End of stdin ends the program.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import open_desk
from spplus_desk.services.request_kinds import list_request_kinds
from spplus_desk.store.location import sqlite_location

# A writer nobody killed stops by itself, so a test that died leaves nothing running.
MAX_SECONDS = 30.0


def write_until_killed(path: Path, login: str) -> None:
    desk = open_desk(sqlite_location(path), create=False).desk
    kind_id = list_request_kinds(desk)[0].id
    print("ready", flush=True)
    stop = time.monotonic() + MAX_SECONDS
    for number in itertools.count():
        opens_request = number % 3 == 2
        draft = ContactDraft(
            channel=Channel.COUNTER if number % 2 else Channel.PHONE,
            outcome=ContactOutcome.REQUEST_OPENED
            if opens_request
            else ContactOutcome.IMMEDIATE_ANSWER,
            request_kind_id=kind_id if opens_request else None,
            person_name=f"Personne {number}",
            notes=f"Contact n° {number} du test de coupure brutale.",
        )
        record = log_contact(desk, login=login, draft=draft)
        print(f"saved {record.id}", flush=True)
        if time.monotonic() > stop:
            return


def warm_up(path: Path) -> None:
    """Import and set up once what every writer needs (the ORM's mappers), then close
    the database again: the forked writers start with no connection inherited."""
    desk = open_desk(sqlite_location(path), create=False).desk
    try:
        list_request_kinds(desk)
    finally:
        desk.close()


def main() -> int:
    path, login = Path(sys.argv[1]), sys.argv[2]
    warm_up(path)
    while sys.stdin.readline():
        sys.stdout.flush()  # nothing buffered may be printed twice by the child
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                write_until_killed(path, login)
            except BaseException as error:  # said on stdout: the test shows it
                print(f"error {type(error).__name__}: {error}", flush=True)
                code = 1
            finally:
                os._exit(code)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"ended {pid} {os.waitstatus_to_exitcode(status)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
