"""Right-to-error register figures (issue 5) on a database built by bench_foundation.py
(1,000,000 contacts), with ``--cases`` cases recorded through the real service.

    python tests/benchmarks/bench_register.py --db /tmp/bench1m/bench.db --cases 20000

Prints JSON: recording one case (with and without an invited regularisation, whose
deadline opens a request), reading one, the register's first page in each sort, filtered
by procedure, outcome and a search, its count, a year's statistics, the earlier cases of
a person, and the board's first rows now that regularisations share it. Not collected
by pytest; no timing assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

TARGETS = {"record_case_ms": 100, "register_first_page_ms": 100, "stats_year_ms": 100}


def timed_ms(action: Callable[[], object], runs: int) -> dict[str, float]:
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        values.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(values), 3), "max_ms": round(max(values), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("SPPLUS_DESK_HOME", str(args.db.parent / "home"))

    from sqlalchemy import select

    from spplus_desk.domain.delay import parse_delay
    from spplus_desk.domain.enums import Channel
    from spplus_desk.domain.error_case import (
        CaseDraft,
        CaseOutcome,
        DiscoveredBy,
        ErrorNature,
        Exclusion,
        PersonIdentity,
        Regularisation,
    )
    from spplus_desk.domain.error_register import RegisterColumn, RegisterFilter, RegisterSort
    from spplus_desk.domain.request_board import BoardFilter, Bucket
    from spplus_desk.services.choice_lists import PROCEDURES, list_choices
    from spplus_desk.services.desk import open_desk
    from spplus_desk.services.error_cases import error_case, record_case
    from spplus_desk.services.error_register import (
        earlier_cases,
        register_count,
        register_rows,
        register_stats,
    )
    from spplus_desk.services.request_board import board_rows
    from spplus_desk.store.location import sqlite_location
    from spplus_desk.store.schema import Agent

    started = time.perf_counter()
    desk = open_desk(sqlite_location(args.db)).desk
    opening_s = round(time.perf_counter() - started, 2)
    with desk.database.reading() as session:
        logins = list(session.scalars(select(Agent.login).where(Agent.active.is_(True))))
    procedures = [choice.id for choice in list_choices(desk, PROCEDURES)]
    today = desk.clock.now().date()
    chance = random.Random(5)

    def a_case(day: date, person: int) -> CaseDraft:
        invited = chance.random() < 0.3
        excluded = chance.random() < 0.1
        done = None if invited and chance.random() < 0.4 else day
        outcome = CaseOutcome.PENDING if done is None else CaseOutcome.SANCTION_WAIVED
        return CaseDraft(
            procedure_id=chance.choice(procedures),
            nature=chance.choice(list(ErrorNature)[:4]),
            channel=chance.choice(list(Channel)[:4]),
            error_on=day - timedelta(days=chance.randint(0, 90)),
            discovered_on=day,
            discovered_by=chance.choice(list(DiscoveredBy)),
            checklist_first_time=True,
            checklist_good_faith=True,
            exclusions=frozenset({Exclusion.FRAUD}) if excluded else frozenset(),
            regularisation=Regularisation.INVITED if invited else Regularisation.SPONTANEOUS,
            invited_on=day if invited else None,
            regularisation_delay=parse_delay("30 jours calendaires") if invited else None,
            regularised_on=done,
            outcome=outcome,
            amount_cents=chance.choice([None, 15_000, 35_000, 120_000]),
            person=PersonIdentity(f"Personne {person}", f"06 {person % 100:02d} 00 00 00", ""),
            notes="Pièce justificative apportée au guichet",
        )

    existing = register_count(desk, RegisterFilter(include_cancelled=True))
    filling_started = time.perf_counter()
    clock_day = today
    for number in range(existing, args.cases):
        day = clock_day - timedelta(days=chance.randint(0, 5 * 365))
        draft = a_case(day, number)
        record_case(desk, login=chance.choice(logins), draft=draft)
    filled_s = round(time.perf_counter() - filling_started, 1)

    runs = args.runs
    figures: dict[str, object] = {
        "cases": register_count(desk, RegisterFilter(include_cancelled=True)),
        "opening_s": opening_s,
        "filling_s": filled_s,
    }
    login = logins[0]
    figures["record_case_spontaneous"] = timed_ms(
        lambda: record_case(desk, login=login, draft=a_case(today, 1)), runs
    )
    invited = replace(
        a_case(today, 2),
        regularisation=Regularisation.INVITED,
        invited_on=today,
        regularisation_delay=parse_delay("15 jours calendaires"),
        regularised_on=None,
        outcome=CaseOutcome.PENDING,
        exclusions=frozenset(),
    )
    figures["record_case_invited"] = timed_ms(
        lambda: record_case(desk, login=login, draft=invited), runs
    )
    one = register_rows(desk, RegisterFilter(), limit=1)[0].id
    figures["read_one_case"] = timed_ms(lambda: error_case(desk, one), runs)
    everything = RegisterFilter()
    for column in RegisterColumn:
        for descending in (True, False):
            sort = RegisterSort(column, descending)
            key = f"first_page_{column.value}_{'desc' if descending else 'asc'}"
            figures[key] = timed_ms(lambda s=sort: register_rows(desk, everything, s), runs)  # type: ignore[misc]
    year = RegisterFilter(start=today - timedelta(days=365), end=today)
    figures["first_page_last_year"] = timed_ms(lambda: register_rows(desk, year), runs)
    one_procedure = RegisterFilter(procedure_id=procedures[0])
    figures["first_page_one_procedure"] = timed_ms(lambda: register_rows(desk, one_procedure), runs)
    pending = RegisterFilter(outcome=CaseOutcome.PENDING)
    figures["first_page_pending"] = timed_ms(lambda: register_rows(desk, pending), runs)
    search = RegisterFilter(search="personne 1234")
    figures["search_person"] = timed_ms(lambda: register_rows(desk, search), runs)
    figures["count_all"] = timed_ms(lambda: register_count(desk, everything), runs)
    figures["stats_year"] = timed_ms(
        lambda: register_stats(desk, today - timedelta(days=365), today), runs
    )
    figures["stats_all"] = timed_ms(lambda: register_stats(desk), runs)
    person = PersonIdentity("Personne 4321", "06 21 00 00 00", "")
    figures["earlier_cases"] = timed_ms(lambda: earlier_cases(desk, person), runs)
    board = BoardFilter(Bucket.OVERDUE)
    figures["board_first_rows_overdue"] = timed_ms(lambda: board_rows(desk, board), runs)
    figures["targets"] = TARGETS
    json.dump(figures, sys.stdout, indent=2)
    print()
    desk.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
