"""Deadline figures (issue 4) on a database built by bench_foundation.py (1,000,000
contacts give about 200,000 requests).

    python tests/benchmarks/bench_requests.py --db /tmp/bench1m/bench.db

Prints JSON: one deadline computed by the engine (each unit, and a request's whole log);
the lead's board (counts by bucket, agent and kind, then the first page of each bucket,
as the board tab reads them); an agent's own counts for the status bar; a request's view
and one action on it; ``spplus-desk overdue --json`` as a process, interpreter start-up
included. Not collected by pytest; no timing assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

TARGETS = {"board_first_rows_ms": 150, "overdue_json_process_ms": 1000, "one_deadline_ms": 1}


def timed_ms(action: Callable[[], object], runs: int) -> dict[str, float]:
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        values.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(values), 3), "max_ms": round(max(values), 3)}


def engine_figures(runs: int) -> dict[str, object]:
    from spplus_desk.domain.calendar import WorkingCalendar
    from spplus_desk.domain.deadline import deadline_from
    from spplus_desk.domain.delay import parse_delay
    from spplus_desk.domain.departements import departement
    from spplus_desk.domain.enums import Channel, RequestEventType, WaitPolicy
    from spplus_desk.domain.request_state import RequestEventData, RequestTerms, derive

    calendar = WorkingCalendar(departement("67"))
    start = datetime(2027, 4, 30, 14, 30, tzinfo=UTC)
    figures: dict[str, object] = {}
    for text in ("5 jours ouvrés", "30 jours ouvrés", "10 jours ouvrables", "60 jours calendaires",
                 "48 heures ouvrées"):  # fmt: skip
        delay = parse_delay(text)
        deadline_from(calendar, start, delay)  # the year's holidays are read once, then cached
        figures[text] = timed_ms(lambda d=delay: deadline_from(calendar, start, d), runs)  # type: ignore[misc]
    log = [
        RequestEventData(RequestEventType.RECEIVED, start),
        RequestEventData(RequestEventType.ACKNOWLEDGED, start + timedelta(days=1)),
        RequestEventData(RequestEventType.WAITING_FOR_USER, start + timedelta(days=2), "RIB"),
        RequestEventData(RequestEventType.RESUMED, start + timedelta(days=9)),
        RequestEventData(RequestEventType.ANSWERED, start + timedelta(days=12)),
        RequestEventData(RequestEventType.REOPENED, start + timedelta(days=15)),
    ]
    terms = RequestTerms(Channel.LETTER, parse_delay("15 jours ouvrés"), WaitPolicy.SUSPEND)
    figures["whole_log_6_events_15_jours_ouvres"] = timed_ms(
        lambda: derive(terms, log, calendar), runs
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("SPPLUS_DESK_HOME", str(args.db.parent / "home"))

    from sqlalchemy import func, select

    from spplus_desk.domain.enums import RequestEventType
    from spplus_desk.domain.error_case import REGULARISATION_KIND_ID
    from spplus_desk.domain.request_board import BoardFilter, Bucket
    from spplus_desk.services.desk import open_desk
    from spplus_desk.services.request_board import board_rows, board_summary, my_deadlines
    from spplus_desk.services.requests import act_on_request, request_case
    from spplus_desk.store.location import sqlite_location
    from spplus_desk.store.schema import Agent, Contact, Request

    started = time.perf_counter()
    report = open_desk(sqlite_location(args.db))
    desk = report.desk
    figures: dict[str, object] = {
        "open_seconds_including_migrations": round(time.perf_counter() - started, 2),
        "migrated_from": report.previous_revision if report.migrated else None,
    }
    with desk.database.reading() as session:
        figures["contacts"] = session.scalar(select(func.count()).select_from(Contact))
        figures["requests"] = session.scalar(select(func.count()).select_from(Request))
        busiest = session.execute(
            select(Agent.login, func.count())
            .join(Request, Request.assignee_id == Agent.id)
            .where(Request.status.in_(("open", "acknowledged", "waiting")))
            .group_by(Agent.login)
            .order_by(func.count().desc())
        ).first()
    assert busiest is not None, "no open request: build the database with bench_foundation.py"
    login = busiest[0]
    figures["engine"] = engine_figures(max(args.runs, 1000))

    summary = board_summary(desk)
    figures["open_requests_by_bucket"] = {b.value: n for b, n in summary.totals.items()}
    figures["board_summary"] = timed_ms(lambda: board_summary(desk), args.runs)
    figures["board_first_page"] = {
        bucket.value: timed_ms(lambda b=bucket: board_rows(desk, BoardFilter(b)), args.runs)  # type: ignore[misc]
        for bucket in Bucket
    }
    # What the tab does before its first rows show: the counts, then the first bucket.
    figures["board_first_rows"] = timed_ms(
        lambda: (board_summary(desk), board_rows(desk, BoardFilter(Bucket.OVERDUE))), args.runs
    )
    agent_id = summary.by_agent[0].id
    figures["board_first_page_one_agent"] = timed_ms(
        lambda: board_rows(desk, BoardFilter(Bucket.ALL, assignee_id=agent_id)), args.runs
    )
    figures["status_bar_my_deadlines"] = timed_ms(
        lambda: my_deadlines(desk, login=login), args.runs
    )
    # A request answered by the service (a regularisation's deadline follows its case).
    kind_id = next(
        line.id
        for line in summary.by_kind
        if line.id != REGULARISATION_KIND_ID and line.count(Bucket.OVERDUE)
    )
    late = board_rows(desk, BoardFilter(Bucket.OVERDUE, kind_id=kind_id), limit=1)[0]
    figures["request_view"] = timed_ms(lambda: request_case(desk, late.id), args.runs)
    # An agent's action: waiting for documents, then resuming, in turn (each one a unit
    # of work: the log read, the state derived and cached, the event and audit written).
    actions = [RequestEventType.WAITING_FOR_USER, RequestEventType.RESUMED]
    if request_case(desk, late.id).status.value == "waiting":
        actions.reverse()
    turn = iter(actions * args.runs)

    def act() -> None:
        action = next(turn)
        act_on_request(
            desk,
            login=login,
            request_id=late.id,
            action=action,
            reason="RIB" if action is RequestEventType.WAITING_FOR_USER else None,
        )

    figures["one_action"] = timed_ms(act, 2 * args.runs)
    desk.close()

    command = [sys.executable, "-m", "spplus_desk", "--db", str(args.db), "overdue", "--json"]
    outputs: list[int] = []

    def overdue_process() -> None:
        done = subprocess.run(command, capture_output=True, check=True)
        outputs.append(len(json.loads(done.stdout)))

    figures["overdue_json_process"] = timed_ms(overdue_process, args.runs) | {"rows": outputs[-1]}
    figures["targets"] = TARGETS
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
