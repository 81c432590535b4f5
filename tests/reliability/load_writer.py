"""One of the desks of the concurrency test (run as a program, not collected by pytest).

    python tests/reliability/load_writer.py (--db FILE | --database-url URL)
        --login LOGIN --seconds S --seed N --out RESULT.json

It opens the database as the app does and says ``ready``; on the first line read from
stdin it logs contacts with ``services.contacts.log_contact`` for S seconds, one in four
opening a request, and writes to RESULT.json what it saved (contact id, request
reference) and every exception it met — a UserError counts too: a person would have
seen it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from spplus_desk.domain.contact import ContactDraft
from spplus_desk.domain.enums import Channel, ContactOutcome
from spplus_desk.domain.errors import UserError
from spplus_desk.services.contacts import log_contact
from spplus_desk.services.desk import Desk, locate, open_desk
from spplus_desk.services.request_kinds import list_request_kinds

MAX_ERROR_TEXTS = 20  # the first ones are enough to understand; all are counted


def draft_for(rng: random.Random, number: int, kind_ids: list[object]) -> ContactDraft:
    channel = rng.choice([Channel.COUNTER, Channel.PHONE, Channel.EMAIL, Channel.LETTER])
    if number % 4 == 3:
        return ContactDraft(
            channel=channel,
            outcome=ContactOutcome.REQUEST_OPENED,
            request_kind_id=rng.choice(kind_ids),  # type: ignore[arg-type]
            person_name=f"Demandeur {number}",
        )
    outcome = rng.choice([ContactOutcome.IMMEDIATE_ANSWER, ContactOutcome.CALLBACK_PROMISED])
    return ContactDraft(channel=channel, outcome=outcome, notes=f"Contact {number}")


def write_for(desk: Desk, login: str, seconds: float, rng: random.Random) -> dict[str, object]:
    kind_ids: list[object] = [kind.id for kind in list_request_kinds(desk)]
    saved: list[tuple[str, str | None]] = []
    errors: list[str] = []
    failures = 0
    stop = time.monotonic() + seconds
    number = 0
    while time.monotonic() < stop:
        try:
            record = log_contact(desk, login=login, draft=draft_for(rng, number, kind_ids))
        except Exception as error:  # every failure counts, a clear message included
            failures += 1
            text = error.message if isinstance(error, UserError) else repr(error)
            if len(errors) < MAX_ERROR_TEXTS:
                errors.append(f"{type(error).__name__}: {text}")
        else:
            saved.append((str(record.id), record.request_reference))
        number += 1
    return {"saved": saved, "errors": errors, "failures": failures}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--database-url")
    parser.add_argument("--login", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    desk = open_desk(locate(args.db, args.database_url), create=False).desk
    try:
        print("ready", flush=True)
        sys.stdin.readline()  # every desk starts at the same moment
        result = write_for(desk, args.login, args.seconds, random.Random(args.seed))
    finally:
        desk.close()
    partial = args.out.with_suffix(".part")
    partial.write_text(json.dumps(result), encoding="utf-8")
    partial.replace(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
