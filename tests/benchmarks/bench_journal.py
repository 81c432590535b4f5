"""Journal figures (issue 3) on a database built by bench_foundation.py.

    python tests/benchmarks/bench_journal.py --db /tmp/bench1m/bench.db

Prints JSON: first page of the journal (rows + count, as the panel reads them) for
several periods and every sort column, full-text searches over a year, and the resident
memory (VmRSS, VmHWM) of the app's main window (quick entry, journal, day's counters) once
the journal's first page and the counters are in, then after 20 pages over a year.
Not collected by pytest; no timing assertions.
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
from datetime import timedelta
from functools import partial
from pathlib import Path

MEMORY_PROBE = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from spplus_desk.ui.app import ConsoleStartupDialogs, start
from spplus_desk.ui.journal_view import Period
window = start(sys.argv[1], None, ConsoleStartupDialogs(), interactive=False)
window.show()
panel = window.journal
assert window.quick_entry is not None and window.quick_entry.isVisible(), "no quick entry"

def settle():  # the day's counters and the journal's count are read in the background
    deadline = time.monotonic() + 120
    while (window.counters.reading or panel.counting) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()
    assert window.counters.summary is not None and not panel.counting, "still reading"

def memory(label):
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    mib = {key: int(status[key].split()[0]) // 1024 for key in ("VmRSS", "VmHWM")}
    print(label, mib["VmRSS"], mib["VmHWM"], panel.model.rowCount())

settle()
memory("today_first_page")
panel.period_combo.setCurrentIndex(panel.period_combo.findData(Period.LAST_12_MONTHS))
for _ in range(20):  # scroll through 20 pages
    panel.model.fetchMore(panel.table.rootIndex())
settle()
memory("year_21_pages")
window.close()
"""


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

    from spplus_desk.domain.journal import JournalColumn, JournalFilter, JournalSort
    from spplus_desk.services.desk import open_desk
    from spplus_desk.services.journal import count_contacts, read_page, service_today
    from spplus_desk.store.location import sqlite_location

    started = time.perf_counter()
    report = open_desk(sqlite_location(args.db))
    figures: dict[str, object] = {
        "open_seconds_including_migrations": round(time.perf_counter() - started, 2),
        "migrated_from": report.previous_revision if report.migrated else None,
    }
    desk = report.desk
    today = service_today(desk)

    def first_page(wanted: JournalFilter, sort: JournalSort) -> dict[str, float]:
        return timed_ms(partial(read_page, desk, wanted, sort, offset=0), args.runs)

    def count(wanted: JournalFilter) -> dict[str, float]:
        # The panel counts in the background, after the first page is shown.
        return timed_ms(partial(count_contacts, desk, wanted), args.runs) | {
            "rows": count_contacts(desk, wanted)
        }

    periods = {
        "today": JournalFilter.day(today),
        "yesterday": JournalFilter.day(today - timedelta(days=1)),
        "last_7_days": JournalFilter(today - timedelta(days=6), today),
        "last_30_days": JournalFilter(today - timedelta(days=29), today),
        "last_12_months": JournalFilter(today - timedelta(days=364), today),
    }
    latest = JournalSort()
    figures["open_period"] = {
        name: {"first_page": first_page(wanted, latest), "count": count(wanted)}
        for name, wanted in periods.items()
    }
    for name in ("last_30_days", "last_12_months"):
        figures[f"sort_{name}_first_page"] = {
            f"{column.value}_{'desc' if descending else 'asc'}": first_page(
                periods[name], JournalSort(column, descending)
            )
            for column in JournalColumn
            for descending in (False, True)
        }
    year = periods["last_12_months"]
    searches = {
        "frequent_name": "Martin",
        "name_prefix": "dur",
        "two_words": "Martin Jean",
        "notes_word": "justificatif",
        "motif_words": "état civil",
        "rare": "zzyzx",
        "demo_surname": "Hoarau",  # in ~1 % and ~8 % of the demo's rows
        "demo_notes_word": "formulaire",
    }
    searched = {
        name: JournalFilter(year.first_day, year.last_day, text=text)
        for name, text in searches.items()
    }
    figures["search_12_months_first_page"] = {
        name: first_page(wanted, latest) for name, wanted in searched.items()
    }
    figures["search_12_months_count"] = {name: count(wanted) for name, wanted in searched.items()}
    desk.close()

    probe = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(args.db)],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    # Main window with its quick entry, journal and day's counters loaded; MiB.
    figures["app_memory"] = {
        label: {"vm_rss_mib": int(rss), "vm_hwm_mib": int(hwm), "journal_rows": int(rows)}
        for label, rss, hwm, rows in (line.split() for line in probe.stdout.splitlines())
    } | {"target_mib": 300}
    figures["targets"] = {"first_rows_ms": 150, "search_year_ms": 300}
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
