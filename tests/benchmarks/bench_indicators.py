"""SP+ indicators (issue 6) on a big database: one period's figures for a month, a
quarter and a year, each query of the year on its own, the exports, and the command
line ``indicators --json`` for a year as a real process.

    python tests/benchmarks/bench_indicators.py --db /tmp/bench6/big.db

The database is opened by the app (an older schema is upgraded first: the time is
printed, as ``opening_s``); a missing one is built with ``--contacts`` demo contacts
(a million by default: about two minutes). Point ``--db`` at a copy: the upgrade
writes to it. Prints JSON; target: a year in under 1 s. Not collected by pytest; no
timing assertions.
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
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

TARGETS = {"year_ms": 1000, "cli_year_json_s": 2.0}


def timed_ms(action: Callable[[], object], runs: int) -> dict[str, float]:
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        values.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(values), 1), "max_ms": round(max(values), 1)}


def periods(today: date) -> dict[str, tuple[date, date]]:
    """The last whole month, the last three whole months, and the 365 days before today."""
    month_end = today.replace(day=1) - timedelta(days=1)
    month_start = month_end.replace(day=1)
    quarter_start = month_start
    for _ in range(2):
        quarter_start = (quarter_start - timedelta(days=1)).replace(day=1)
    return {
        "month": (month_start, month_end),
        "quarter": (quarter_start, month_end),
        "year": (today - timedelta(days=365), today - timedelta(days=1)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--contacts", type=int, default=1_000_000, help="to build a missing db")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cli-runs", type=int, default=5)
    args = parser.parse_args()
    home = args.db.parent / "home"
    os.environ.setdefault("SPPLUS_DESK_HOME", str(home))

    from spplus_desk.domain.indicators import Period
    from spplus_desk.reports.indicators_export import indicators_csv, indicators_json_bytes
    from spplus_desk.services.desk import open_desk
    from spplus_desk.services.indicators import period_indicators
    from spplus_desk.services.setup import get_service
    from spplus_desk.store.location import sqlite_location

    figures: dict[str, Any] = {}
    if not args.db.exists():
        figures["built_s"] = _build(args.db, args.contacts)
    started = time.perf_counter()
    report = open_desk(sqlite_location(args.db))
    figures["opening_s"] = round(time.perf_counter() - started, 1)
    figures["upgraded_from"] = report.previous_revision
    figures["revision"] = report.revision
    desk = report.desk
    service = get_service(desk)
    assert service is not None, "a database with a service"
    today = desk.clock.now().astimezone(ZoneInfo(service.time_zone)).date()
    runs = args.runs
    for name, (first, last) in periods(today).items():
        period = Period(first, last)
        figures[name] = {"from": first.isoformat(), "to": last.isoformat()}
        figures[name] |= timed_ms(lambda p=period: period_indicators(desk, p), runs)  # type: ignore[misc]
    first, last = periods(today)["year"]
    year = period_indicators(desk, Period(first, last))
    figures["year_contacts"] = year.contacts.total
    figures["year_requests_due"] = year.requests.on_time.denominator
    figures["year_queries"] = _queries(desk, Period(first, last), runs)
    figures["year_json"] = timed_ms(lambda: indicators_json_bytes(year), runs)
    figures["year_csv"] = timed_ms(lambda: indicators_csv(year), runs)
    desk.close()
    figures["cli_year_json"] = _cli(args.db, first, last, args.cli_runs)
    figures["cli_version"] = _cli_baseline(args.cli_runs)
    figures["targets"] = TARGETS
    json.dump(figures, sys.stdout, indent=2)
    print()
    return 0


def _queries(desk: Any, period: Any, runs: int) -> dict[str, dict[str, float]]:
    """Each of the year's queries alone (medians): where the time goes."""
    from spplus_desk.store import error_cases, indicators, requests
    from spplus_desk.store import feedback as feedback_store

    now = desk.clock.now()
    with desk.database.reading() as session:
        zone = requests.service_calendar(session).zone
        bounds = period.bounds(zone)
        first, last = period.first_day, period.last_day
        today = now.astimezone(zone).date()
        queries: dict[str, Callable[[], object]] = {
            "service_calendar": lambda: requests.service_calendar(session),
            "contacts_by_channel": lambda: indicators.contacts_by_channel(session, bounds),
            "contacts_by_motif": lambda: indicators.contacts_by_motif(session, bounds),
            "contacts_by_hour": lambda: indicators.contacts_by_hour(session, bounds),
            "phone_pickup": lambda: indicators.phone_pickup(session, bounds),
            "counter_waits": lambda: indicators.counter_waits(session, bounds),
            "satisfaction_answers": lambda: indicators.satisfaction_answers(session, bounds),
            "answers": lambda: indicators.answers(session, bounds),
            "late_unanswered": lambda: indicators.late_unanswered(session, first, last, now),
            "kind_labels": lambda: indicators.kind_labels(session),
            "feedback_counts_by_kind": lambda: feedback_store.counts_by_kind(session, first, last),
            "complaints_on_time": lambda: feedback_store.complaints_on_time(
                session, first, last, today
            ),
            "improvements_done": lambda: feedback_store.improvements_done(session, first, last),
            "register_stats": lambda: error_cases.register_stats(session, first, last, at=now),
        }
        return {name: timed_ms(query, runs) for name, query in queries.items()}


def _cli(db: Path, first: date, last: date, runs: int) -> dict[str, Any]:
    """The whole process, start to exit: what a script calling it waits for."""
    command = [
        *(sys.executable, "-m", "spplus_desk", "--db", str(db), "indicators"),
        *("--from", first.isoformat(), "--to", last.isoformat(), "--json"),
    ]
    values, keys = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, check=True, capture_output=True)
        values.append(time.perf_counter() - started)
        keys = len(json.loads(done.stdout))
    return {"median_s": round(statistics.median(values), 2), "max_s": round(max(values), 2)} | {
        "keys": keys
    }


def _cli_baseline(runs: int) -> dict[str, float]:
    """``spplus-desk --version``: the interpreter's and the package's start alone."""
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "spplus_desk", "--version"], check=True, capture_output=True
        )
        values.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(values), 2)}


def _build(db: Path, contacts: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "spplus_desk", "--db", str(db), "demo", "--contacts", str(contacts)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return round(time.perf_counter() - started, 1)


if __name__ == "__main__":
    raise SystemExit(main())
