"""Printed documents (issue 7) on a big database: each document of the print centre built
from the service's data, end to end (reading the data, laying out, PDF bytes), with the
layout alone for the posters whose data is costly (the year's indicators).

    python tests/benchmarks/bench_documents.py --db /tmp/mine/big.db

The database is opened by the app (an older schema is upgraded first); point ``--db`` at a
copy. Prints JSON; target: any document in under 500 ms. Not collected by pytest; no
timing assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGETS = {"any_document_ms": 500}


def timed_ms(action: Callable[[], object], runs: int) -> dict[str, float]:
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        values.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(values), 1), "max_ms": round(max(values), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("SPPLUS_DESK_HOME", str(args.db.parent / "home"))

    from sqlalchemy import select

    from spplus_desk.domain.documents import (
        DocumentKind,
        DocumentOrder,
        PaperSize,
        ResultsPoster,
    )
    from spplus_desk.domain.indicators import Period
    from spplus_desk.reports.results_poster import results_poster_pdf
    from spplus_desk.services.desk import open_desk
    from spplus_desk.services.documents import build_document, default_period
    from spplus_desk.services.indicators import period_indicators
    from spplus_desk.services.print_settings import get_print_settings
    from spplus_desk.services.setup import get_service
    from spplus_desk.store.location import sqlite_location
    from spplus_desk.store.schema import Request

    desk = open_desk(sqlite_location(args.db)).desk
    year = default_period(desk)
    month = Period(year.last_day.replace(day=1), year.last_day)
    with desk.database.reading() as session:
        reference = session.scalars(select(Request.reference).limit(1)).one()
    orders: dict[str, DocumentOrder] = {
        "commitments_a4": DocumentOrder(DocumentKind.COMMITMENTS),
        "commitments_a3": DocumentOrder(DocumentKind.COMMITMENTS, size=PaperSize.A3),
        "results_month_a4": DocumentOrder(DocumentKind.RESULTS, period=month),
        "results_year_a4": DocumentOrder(DocumentKind.RESULTS, period=year),
        "results_year_a3": DocumentOrder(DocumentKind.RESULTS, size=PaperSize.A3, period=year),
        "feedback_year_a4": DocumentOrder(DocumentKind.FEEDBACK, period=year),
        "receipt": DocumentOrder(DocumentKind.RECEIPT, reference=reference),
        "leaflet": DocumentOrder(DocumentKind.LEAFLET),
        "day_list": DocumentOrder(DocumentKind.DAY_LIST),
    }
    figures: dict[str, Any] = {"period": [year.first_day.isoformat(), year.last_day.isoformat()]}
    for name, order in orders.items():
        document = build_document(desk, order)
        figures[name] = timed_ms(lambda o=order: build_document(desk, o), args.runs)  # type: ignore[misc]
        figures[name]["kb"] = round(len(document.data) / 1024)
    service = get_service(desk)
    assert service is not None
    indicators = period_indicators(desk, year)
    poster = ResultsPoster(service, indicators, range(8, 18), year.last_day)
    look = get_print_settings(desk).look
    figures["results_year_layout_only"] = timed_ms(
        lambda: results_poster_pdf(poster, PaperSize.A4, look), args.runs
    )
    desk.close()
    figures["targets"] = TARGETS
    json.dump(figures, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
