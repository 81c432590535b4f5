"""``check``: is this database sound, and has anything been changed behind the app's back?

Four verifications, each read-only, each giving French sentences a person can act on:
the storage (SQLite's integrity_check, or PostgreSQL reading every table), the audit
chain (every hash recomputed), the rows' seals (an edit with the sqlite3 shell shows),
and the requests' cached status and dates against a recomputation from their events.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session

from spplus_desk.domain.calendar import WorkingCalendar
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text
from spplus_desk.services.desk import Desk, open_desk
from spplus_desk.store import integrity, requests
from spplus_desk.store.location import sqlite_location
from spplus_desk.store.schema import OPEN_STATUSES, AuditEntry, Request, RequestEvent

_BATCH = 1000
# What a request caches that does not depend on the calendar. A request closed before
# the calendar last changed keeps the dates of its time (open ones are derived again at
# each change), so only these are compared for it.
_CALENDAR_FREE = ("status", "assignee_id", "acknowledged_at", "answered_at")
# The audited actions that change the calendar: holidays and closures, the département
# (its holidays) and the opening hours (deadlines in working hours).
CALENDAR_ACTIONS = ("service.calendar_changed", "service.updated")
COLUMN_WORDS = {
    "status": "statut",
    "assignee_id": "agent chargé",
    "due_date": "échéance",
    "due_at": "échéance",
    "alert_at": "alerte",
    "ack_due_date": "accusé de réception dû",
    "acknowledged_at": "accusé de réception",
    "answered_at": "réponse",
    "response_time": "délai de réponse",
}


@dataclass
class IntegrityFigures:
    audit_entries: int = 0
    personal_erased: int = 0  # entries whose personal values the purge erased
    sealed_rows: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class IntegrityReport:
    problems: tuple[str, ...]
    figures: IntegrityFigures

    @property
    def sound(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One French sentence on what was verified."""
        f = self.figures
        rows = sum(f.sealed_rows.values())
        return (
            f"{count_text(f.audit_entries, 'entrée', 'entrées')} du journal d'audit, "
            f"{count_text(rows, 'ligne scellée', 'lignes scellées')} et "
            f"{count_text(f.requests, 'demande recalculée', 'demandes recalculées')} "
            f"vérifiées en {f.seconds:.1f} s".replace(".", ",")
        )


def check_desk(desk: Desk) -> IntegrityReport:
    started = time.perf_counter()
    figures = IntegrityFigures()
    problems: list[str] = []
    # One instant for every step: other desks keep working meanwhile (PostgreSQL).
    with desk.database.snapshot() as session:
        connection = session.connection()
        chain = integrity.ChainFigures()
        steps: tuple[tuple[str, Callable[[], list[str]]], ...] = (
            ("le stockage", lambda: integrity.storage_problems(connection)),
            ("le journal d'audit", lambda: integrity.audit_problems(connection, chain)),
            ("les sceaux", lambda: integrity.seal_problems(connection, figures.sealed_rows)),
            ("les demandes", lambda: _derived_problems(session, figures)),
            ("les cumuls statistiques", lambda: integrity.tally_problems(session)),
            ("l'index de recherche", lambda: integrity.search_index_problems(connection)),
            ("les suppressions", lambda: integrity.deletion_problems(session)),
        )
        for what, step in steps:
            try:
                problems.extend(step())
            except DBAPIError as error:  # a damaged file may fail any read
                problems.append(
                    f"La vérification de {what} n'a pas pu aller au bout : {error.orig}."
                )
            except (StatementError, ValueError, TypeError) as error:  # a value set by hand
                problems.append(
                    f"La vérification de {what} n'a pas pu aller au bout : une valeur écrite "
                    f"hors de l'application est illisible ({error})."
                )
        figures.audit_entries = chain.entries
        figures.personal_erased = chain.personal_erased
    figures.seconds = time.perf_counter() - started
    return IntegrityReport(tuple(problems), figures)


def check_file(path: Path) -> IntegrityReport:
    """Check a SQLite file that is not the one in use (a backup before restoring it).

    ``path`` itself is never modified: the check runs on a temporary copy, brought up
    to the current schema if it is older. A file that cannot be opened (damaged, not a
    database, from a newer version) fails with the reason."""
    with tempfile.TemporaryDirectory(prefix="spplus-check-") as folder:
        copy = Path(folder) / "verification.db"
        try:
            shutil.copyfile(path, copy)
            for suffix in ("-wal",):  # a copy taken while in use may have a journal
                if path.with_name(path.name + suffix).exists():
                    shutil.copyfile(path.with_name(path.name + suffix), Path(str(copy) + suffix))
        except OSError as error:
            reason = error.strerror or str(error)
            raise UserError(f"Le fichier {path} ne peut pas être lu : {reason}.") from None
        try:
            report = open_desk(sqlite_location(copy), create=False, backups=False)
        except UserError as error:
            return IntegrityReport(
                (error.message.replace(str(copy), str(path)),), IntegrityFigures()
            )
        try:
            return check_desk(report.desk)
        finally:
            report.desk.close()


def _derived_problems(session: Session, figures: IntegrityFigures) -> list[str]:
    """Each request's cached status and dates against its events, derived again."""
    calendar: WorkingCalendar | None = None
    differing: list[tuple[str, list[str]]] = []
    calendar_changed = session.scalar(
        select(func.max(AuditEntry.at)).where(AuditEntry.action.in_(CALENDAR_ACTIONS))
    )
    last = None
    while True:
        query = select(Request).order_by(Request.id).limit(_BATCH)
        if last is not None:
            query = query.where(Request.id > last)
        batch = list(session.scalars(query))
        if not batch:
            break
        last = batch[-1].id
        if calendar is None:
            calendar = requests.service_calendar(session)
        logs: dict[object, list[RequestEvent]] = defaultdict(list)
        events = select(RequestEvent).where(RequestEvent.request_id.in_([r.id for r in batch]))
        for event in session.scalars(events.order_by(RequestEvent.request_id, RequestEvent.seq)):
            logs[event.request_id].append(event)
        for request in batch:
            expected = requests.derived_columns(
                requests.state_of(request, logs[request.id], calendar)
            )
            stored = requests.cached_columns(request)
            log = logs[request.id]
            closed_before_change = (
                request.status not in OPEN_STATUSES
                and expected["status"] not in OPEN_STATUSES
                and calendar_changed is not None
                and bool(log)
                and log[-1].at <= calendar_changed
            )
            names = _CALENDAR_FREE if closed_before_change else tuple(stored)
            wrong = [name for name in names if stored[name] != expected[name]]
            if wrong:
                differing.append((request.reference, wrong))
        figures.requests += len(batch)
        session.expunge_all()  # a batch at a time in memory
    if not differing:
        return []
    named = ", ".join(
        f"{reference} ({', '.join(sorted({COLUMN_WORDS[w] for w in wrong}))})"
        for reference, wrong in differing[: integrity.MAX_LISTED]
    )
    more = "…" if len(differing) > integrity.MAX_LISTED else ""
    return [
        f"{count_text(len(differing), 'demande ne correspond', 'demandes ne correspondent')} "
        f"plus à {'son' if len(differing) == 1 else 'leur'} historique (statut ou dates "
        f"modifiés hors de l'application) : "
        f"{named}{more}."
    ]
