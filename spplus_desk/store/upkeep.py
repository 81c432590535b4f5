"""Derived data to compute again, recorded in the database until it is done.

A schema upgrade or a bulk load may leave derived data behind (the roll-ups the
indicators read, the answers' response times). The work to do is written as a row in
the same transaction that makes it necessary, and the row is deleted in the same
transaction that does it: an interrupted start-up or demo leaves the row, and the next
opening finishes the job (``services.desk.open_desk``). Nothing depends on memory or on
the revision the database came from.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from spplus_desk.store.schema import Upkeep

RESPONSE_TIMES = "response_times"  # derive every answered request's response time
TALLIES = "tallies"  # rebuild every roll-up from the journal and the requests
SEALS = "seals"  # seal the rows written before seals existed (store.seals)
# The answers' roll-up reads the response times; seals last, over what is then stored.
ORDER = (RESPONSE_TIMES, TALLIES, SEALS)


def pending(session: Session) -> list[str]:
    """The tasks waiting, in the order they must run."""
    waiting = set(session.scalars(select(Upkeep.task)))
    return [task for task in ORDER if task in waiting]


def request(session: Session, task: str, at: datetime) -> None:
    if session.get(Upkeep, task) is None:
        session.add(Upkeep(task=task, requested_at=at))
        session.flush()


def done(session: Session, task: str) -> None:
    session.execute(delete(Upkeep).where(Upkeep.task == task))
