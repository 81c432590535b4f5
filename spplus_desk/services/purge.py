"""The retention purge (RGPD): what is due, an export of it, then its anonymisation.

``plan_purge`` says, per record type, how many records are past their duration (no
person named). ``run_purge`` is an administrator's: it purges what that plan showed —
the same cut-offs, so nothing the person did not see — after writing, if asked, every
value about to go into a JSON file. A public service once lost files it thought it had
kept because an automatic purge ran: nothing here runs by itself.

Records are anonymised in batches, one transaction each, so desks keep saving
contacts meanwhile; the audit trail forgets their personal values in the same
transaction, and one entry (``retention.purged``) records the run.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from spplus_desk.domain.enums import Role
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import count_text
from spplus_desk.domain.purge import (
    NOUNS,
    PurgePlan,
    PurgeResult,
    months_before,
    months_before_day,
)
from spplus_desk.domain.retention import RecordType, retention_months
from spplus_desk.services.desk import Desk
from spplus_desk.services.permissions import acting_agent
from spplus_desk.services.request_exports import save_file
from spplus_desk.store import anonymise, audit, queries
from spplus_desk.store import purge as store
from spplus_desk.store.requests import NOT_CONFIGURED
from spplus_desk.store.schema import Service

ACTION = "retention.purged"
BATCH_ACTION = "retention.batch"  # one per batch, in the batch's own transaction
BATCH = 1000
EXPORT_FORMAT = "spplus-desk/anonymisation-export"
Progress = Callable[[int, int], None]  # (records done, records due)

CHANGED_DURATIONS = (
    "Les durées de conservation ont changé depuis l'aperçu : affichez de nouveau ce qui "
    "serait anonymisé avant de lancer l'anonymisation."
)


def check_purger(desk: Desk, *, login: str) -> None:
    """Refused unless ``login`` is an administrator: asked before the plan is read, so
    someone who may not purge is told so first."""
    with desk.database.reading() as session:
        acting_agent(session, login, Role.ADMIN)


def plan_purge(desk: Desk, at: datetime | None = None) -> PurgePlan:
    """What a purge at ``at`` (now by default) would anonymise, per record type."""
    at = at or desk.clock.now()
    with desk.database.snapshot() as session:
        months, cut = _cutoffs(_service(session), at)
        items = tuple(store.summary(session, kind, cut, months[kind]) for kind in RecordType)
    return PurgePlan(at, items)


def run_purge(
    desk: Desk,
    *,
    login: str,
    plan: PurgePlan,
    export_path: Path | None = None,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> PurgeResult:
    """Anonymise what ``plan`` showed (an administrator only), after exporting it to
    ``export_path`` if given. Refused when the durations changed since the plan, or when
    more is due now than it showed; less (someone purged meanwhile, a request reopened)
    is purged and said."""
    started = desk.clock.now()
    with desk.database.snapshot() as session:
        acting_agent(session, login, Role.ADMIN)
        service = _service(session)
        months, cut = _cutoffs(service, plan.at)
        if months != plan.months():
            raise UserError(CHANGED_DURATIONS)
        due = {kind: store.due_records(session, kind, cut) for kind in RecordType}
        exported = _export_lines(session, due) if export_path is not None else None
        service_name, service_id = service.name, service.id
    notes = _compare(plan, due)
    if not any(due.values()):
        return PurgeResult(started, dict.fromkeys(RecordType, 0), plan.counts(), None, notes)
    if export_path is not None and exported is not None:
        save_file(export_path, _export_bytes(service_name, started, months, cut, exported))
    total = sum(len(rows) for rows in due.values())
    run = _Run(desk, login, plan, cut, started, total, progress)
    try:
        for kind in RecordType:
            run.purge(kind, [row.id for row in due[kind]], batch)
    except BaseException:
        with contextlib.suppress(Exception):  # the first failure is the one to tell
            run.record(service_id, months, export_path, interrupted=True)
        raise
    run.record(service_id, months, export_path, interrupted=False)
    if any(run.done.values()):
        with desk.database.writing() as session:
            anonymise.compact_search_index(session)
    return PurgeResult(started, run.done, plan.counts(), export_path, notes)


class _Run:
    """One purge's batches, each re-checking what is still due in its own transaction,
    and the audit entry that records them."""

    def __init__(
        self,
        desk: Desk,
        login: str,
        plan: PurgePlan,
        cut: store.Cutoffs,
        at: datetime,
        total: int,
        progress: Progress | None,
    ) -> None:
        self.desk, self.login, self.plan, self.cut, self.at = desk, login, plan, cut, at
        self.total, self.progress = total, progress
        self.done = dict.fromkeys(RecordType, 0)
        self.seen = 0

    def purge(self, kind: RecordType, ids: Sequence[uuid.UUID], batch: int) -> None:
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            with self.desk.database.writing() as session:
                agent = acting_agent(session, self.login, Role.ADMIN)  # still an administrator
                current = store.still_due(session, kind, self.cut, chunk)
                forgotten = anonymise.anonymise(session, kind, current, self.at)
                session.flush()  # the rows first: their seals are written on flush
                audit.forget_personal(session, forgotten)
                # Each batch says what it did in its own transaction: a purge cut short
                # (a crash, a power cut) never leaves anonymised records unexplained.
                audit.record(
                    session,
                    at=self.desk.clock.now(),
                    actor_id=agent.id,
                    action=BATCH_ACTION,
                    entity_type=kind.value,
                    entity_id=None,
                    after={"count": len(current), "before": _cut_json(self.cut)},
                )
            self.done[kind] += len(current)
            self.seen += len(chunk)
            if self.progress is not None:
                self.progress(self.seen, self.total)

    def record(
        self,
        service_id: uuid.UUID,
        months: dict[RecordType, int],
        export_path: Path | None,
        *,
        interrupted: bool,
    ) -> None:
        """The run's one audit entry: counts, durations, cut-offs, the export's place."""
        with self.desk.database.writing() as session:
            agent = acting_agent(session, self.login)
            audit.record(
                session,
                at=self.desk.clock.now(),  # after the batches: the trail stays in order
                actor_id=agent.id,
                action=ACTION,
                entity_type="service",
                entity_id=service_id,
                after={
                    "counts": {kind.value: n for kind, n in self.done.items()},
                    "planned": {kind.value: n for kind, n in self.plan.counts().items()},
                    "months": {kind.value: n for kind, n in months.items()},
                    "before": _cut_json(self.cut),
                    "export": str(export_path) if export_path is not None else None,
                    "interrupted": interrupted,
                },
            )


def _service(session: Session) -> Service:
    row = queries.service_row(session)
    if row is None:
        raise UserError(NOT_CONFIGURED)
    return row


def _cutoffs(service: Service, at: datetime) -> tuple[dict[RecordType, int], store.Cutoffs]:
    months = retention_months(service.retention)
    zone = ZoneInfo(service.time_zone)
    today = at.astimezone(zone).date()
    cut = store.Cutoffs(
        contact=months_before(at, months[RecordType.CONTACT]),
        request=months_before(at, months[RecordType.REQUEST]),
        error_case=months_before_day(today, months[RecordType.ERROR_CASE]),
        feedback=months_before_day(today, months[RecordType.FEEDBACK]),
        zone=zone,
    )
    return months, cut


def _compare(plan: PurgePlan, due: dict[RecordType, list[store.Due]]) -> tuple[str, ...]:
    """Refuse more than the plan showed; say where there is less."""
    planned = plan.counts()
    more = [kind for kind in RecordType if len(due[kind]) > planned.get(kind, 0)]
    if more:
        names = ", ".join(NOUNS[kind][1] for kind in more)
        raise UserError(
            f"Il y a maintenant plus de données à anonymiser que l'aperçu n'en montrait "
            f"({names}) : affichez de nouveau ce qui serait anonymisé, puis relancez."
        )
    return tuple(
        f"Écart avec l'aperçu : {count_text(planned[kind] - len(due[kind]), *NOUNS[kind])} "
        "de moins (anonymisation faite ailleurs entre-temps, ou fiche rouverte)."
        for kind in RecordType
        if len(due[kind]) < planned.get(kind, 0)
    )


def _export_lines(session: Session, due: dict[RecordType, list[store.Due]]) -> list[str]:
    """Every record about to go, as the export's lines (kept as text: a first purge of
    a large service exports hundreds of thousands)."""
    return [
        json.dumps(record, ensure_ascii=False)
        for kind in RecordType
        for record in anonymise.personal_records(session, kind, due[kind])
    ]


def _export_bytes(
    service: str,
    at: datetime,
    months: dict[RecordType, int],
    cut: store.Cutoffs,
    lines: list[str],
) -> bytes:
    """One JSON document, one record per line: readable, and a search finds a person."""
    head = {
        "format": EXPORT_FORMAT,
        "service": service,
        "exported_at": at.isoformat(),
        "months": {kind.value: n for kind, n in months.items()},
        "before": _cut_json(cut),
    }
    opening = json.dumps(head, ensure_ascii=False, indent=1)[:-2]  # without "\n}"
    records = ",\n".join(lines)
    return f'{opening},\n "records": [\n{records}\n ]\n}}\n'.encode()


def _cut_json(cut: store.Cutoffs) -> dict[str, str]:
    return {
        RecordType.CONTACT.value: cut.contact.isoformat(),
        RecordType.REQUEST.value: cut.request.isoformat(),
        RecordType.ERROR_CASE.value: cut.error_case.isoformat(),
        RecordType.FEEDBACK.value: cut.feedback.isoformat(),
    }
