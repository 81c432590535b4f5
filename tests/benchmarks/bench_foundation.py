"""Foundation benchmarks, printed as JSON (never run by pytest: no timing asserts in tests).

    python tests/benchmarks/bench_foundation.py --contacts 1000000 [--workdir DIR]

Figures, each with its baseline measured in the same run:
- demo_throughput: contacts/s of `spplus-desk demo` (whole process); baseline: raw sqlite3
  executemany of the same contact rows into the same schema, same pragmas, same batches.
- startup: seconds from process launch to the shown main window, to the window filled in
  with the service read from the database, and to process exit (`--self-test`, medians of
  several runs) on the database of that size; baseline: a bare PySide6 QMainWindow started
  the same way (python -c ...). Targets: < 1.5 s and < 2.5x the baseline.
- save_contact (issue 3): ms from services.contacts.log_contact to its commit, median and
  p95; baseline: a raw sqlite3 insert of the same row into the same table (its indexes and
  FTS triggers), in turns with the saves. Targets: < 10 ms, p95 < 20 ms, < 3x the baseline.
  It adds --save-runs contacts to the database: point --workdir at a copy.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import os, time
def seconds_since_launch():  # as spplus_desk.ui.app does, without importing the app
    fields = open("/proc/self/stat").read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return time.clock_gettime(time.CLOCK_BOOTTIME) - int(fields[19]) / ticks
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.show()
print(f"shown {seconds_since_launch():.3f}")
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""
# The app's self-test line: "... affichée 0,34 s après le lancement, service chargé à 0,89 s."
SELF_TEST_LINE = re.compile(r"affichée (?P<shown>[\d,]+) s .* chargé à (?P<loaded>[\d,]+) s")


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time of the whole process (start to exit) and what it printed."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - started, done.stdout


def startup_runs(command: list[str], env: dict[str, str], runs: int) -> dict[str, float]:
    shown, loaded, wall = [], [], []
    for _ in range(runs):
        seconds, output = timed(command, env)
        wall.append(seconds)
        if match := SELF_TEST_LINE.search(output):
            shown.append(float(match["shown"].replace(",", ".")))
            loaded.append(float(match["loaded"].replace(",", ".")))
        elif output.startswith("shown "):
            shown.append(float(output.split()[1]))
    figures = {
        "window_shown_seconds_median": round(statistics.median(shown), 3),
        "process_wall_seconds_median": round(statistics.median(wall), 3),
    }
    if loaded:
        figures["service_loaded_seconds_median"] = round(statistics.median(loaded), 3)
    return figures


def raw_sqlite_baseline(source: Path, workdir: Path, limit: int) -> dict[str, float]:
    """Insert the demo's own contact rows with bare sqlite3, into the same schema: the
    contact table, its indexes and its FTS triggers with the tables they write to."""
    target = workdir / "baseline.db"
    target.unlink(missing_ok=True)
    schema_source = sqlite3.connect(source)
    ddl = [
        row[0]
        for row in schema_source.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN "
            "('contact', 'contact_search_key', 'contact_fts') ORDER BY rowid"
        )
    ]
    rows = schema_source.execute(f"SELECT * FROM contact LIMIT {limit}").fetchall()
    schema_source.close()
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    for statement in ddl:  # SQLite's foreign keys are off by default
        connection.execute(statement)
    marks = ", ".join("?" for _ in rows[0])
    started = time.perf_counter()
    for offset in range(0, len(rows), 20_000):
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            f"INSERT INTO contact VALUES ({marks})", rows[offset : offset + 20_000]
        )
        connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return {
        "rows": len(rows),
        "seconds": round(seconds, 3),
        "rows_per_second": round(len(rows) / seconds),
    }


def save_contact_figures(database: Path, runs: int, warmup: int = 20) -> dict[str, object]:
    """Issue 3: saving one contact through the service (validation, agent check, insert,
    audit entry, commit) vs a raw sqlite3 insert of the same row, measured in turns.

    The raw insert goes into the same database's contact table, so the same indexes and
    FTS triggers (contact_search_key, contact_fts) run; same pragmas as the app, a
    time-ordered id like the app's. Its rows are removed afterwards; the service's stay
    (the audit trail is append-only): run this on a copy of the benchmark database.
    """
    from spplus_desk.domain.contact import ContactDraft
    from spplus_desk.domain.enums import Channel, ContactOutcome
    from spplus_desk.domain.ids import time_ordered_uuid
    from spplus_desk.services.contacts import log_contact
    from spplus_desk.services.desk import open_desk
    from spplus_desk.services.login import current_login
    from spplus_desk.store.database import BUSY_TIMEOUT_MS, CACHE_KIB
    from spplus_desk.store.location import sqlite_location

    desk = open_desk(sqlite_location(database)).desk
    login = current_login()
    draft = ContactDraft(
        Channel.COUNTER,
        ContactOutcome.IMMEDIATE_ANSWER,
        person_name="Jeanne Martin",
        notes="Formulaire remis.",
    )
    raw = sqlite3.connect(database, isolation_level=None)
    for pragma in (
        f"busy_timeout = {BUSY_TIMEOUT_MS}",
        "synchronous = FULL",
        "foreign_keys = ON",
        f"cache_size = -{CACHE_KIB}",
    ):
        raw.execute(f"PRAGMA {pragma}")
    agent = raw.execute("SELECT id FROM agent WHERE login = ?", (login,)).fetchone()[0]
    raw_ids: list[str] = []

    def service_save() -> None:
        log_contact(desk, login=login, draft=draft)

    def raw_insert() -> None:
        now = datetime.now(UTC)
        stamp = now.replace(tzinfo=None).isoformat(" ", "microseconds")
        raw_ids.append(time_ordered_uuid(now).hex)
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(
            "INSERT INTO contact (id, occurred_at, recorded_at, agent_id, channel, outcome, "
            "person_name, needs, notes, callback_promised, version) VALUES (?, ?, ?, ?, "
            "'counter', 'immediate_answer', 'Jeanne Martin', 0, 'Formulaire remis.', 0, 1)",
            (raw_ids[-1], stamp, stamp, agent),
        )
        raw.execute("COMMIT")

    timings: dict[str, list[float]] = {"service": [], "raw": []}
    try:
        for n in range(warmup + runs):  # in turns, each first half the time: fair under load
            turns = [("service", service_save), ("raw", raw_insert)]
            for name, action in turns if n % 2 else reversed(turns):
                started = time.perf_counter()
                action()
                if n >= warmup:
                    timings[name].append((time.perf_counter() - started) * 1000)
    finally:
        desk.close()
        raw.execute("BEGIN IMMEDIATE")  # the raw rows, their search key and FTS rows
        raw.executemany(
            "DELETE FROM contact_fts WHERE rowid = "
            "(SELECT rowid FROM contact_search_key WHERE contact_id = ?)",
            [(i,) for i in raw_ids],
        )
        raw.executemany(
            "DELETE FROM contact_search_key WHERE contact_id = ?", [(i,) for i in raw_ids]
        )
        raw.executemany("DELETE FROM contact WHERE id = ?", [(i,) for i in raw_ids])
        raw.execute("COMMIT")
        raw.close()

    def summary(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {
            "median_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[math.ceil(len(ordered) * 0.95) - 1], 2),
            "max_ms": round(ordered[-1], 2),
        }

    service, baseline = summary(timings["service"]), summary(timings["raw"])
    return {
        "runs": runs,
        "service": service,
        "baseline_raw_sqlite3_insert": baseline,
        "median_ratio_to_baseline": round(service["median_ms"] / baseline["median_ms"], 2),
        "p95_ratio_to_baseline": round(service["p95_ms"] / baseline["p95_ms"], 2),
        "targets": {"median_ms": 10, "p95_ms": 20, "ratio": 3},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--save-runs", type=int, default=300, help="contacts saved (issue 3)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database already in --workdir (skip init and demo)",
    )
    parser.add_argument("--skip-startup", action="store_true", help="no startup figures")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="spplus-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "bench.db"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SPPLUS_DESK_HOME=str(workdir / "home"))
    cli = [sys.executable, "-m", "spplus_desk", "--db", str(database)]
    figures: dict[str, object] = {"contacts": args.contacts}

    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        subprocess.run(
            [*cli, "init", "--service-name", "Mairie de Banc-d'Essai"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds, _ = timed([*cli, "demo", "--contacts", str(args.contacts), "--seed", "1"], env)
        figures["demo_throughput"] = {
            "seconds": round(seconds, 2),
            "contacts_per_second": round(args.contacts / seconds),
            "target_seconds_for_1m": 120,
            "baseline_raw_sqlite3_insert": raw_sqlite_baseline(
                database, workdir, min(args.contacts, 200_000)
            ),
        }
    figures["database_bytes"] = database.stat().st_size

    if not args.skip_startup:
        app = startup_runs([*cli, "--self-test"], env, args.runs)
        bare = startup_runs([sys.executable, "-c", BARE_WINDOW], env, args.runs)
        figures["startup"] = {
            "app": app,
            "baseline_bare_pyside6": bare,
            "shown_ratio_to_baseline": round(
                app["window_shown_seconds_median"] / bare["window_shown_seconds_median"], 2
            ),
            "loaded_ratio_to_baseline": round(
                app["service_loaded_seconds_median"] / bare["window_shown_seconds_median"], 2
            ),
            "target_seconds": 1.5,
            "target_ratio": 2.5,
        }
    os.environ["SPPLUS_DESK_HOME"] = str(workdir / "home")
    figures["save_contact"] = save_contact_figures(database, runs=args.save_runs)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
