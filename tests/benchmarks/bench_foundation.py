"""Foundation benchmarks, printed as JSON (never run by pytest: no timing asserts in tests).

    python tests/benchmarks/bench_foundation.py --contacts 1000000 [--workdir DIR]

Figures, each with its baseline measured in the same run:
- demo_throughput: contacts/s of `spplus-desk demo` (whole process); baseline: raw sqlite3
  executemany of the same contact rows into the same schema, same pragmas, same batches.
- startup: seconds from launch to a shown main window and clean exit (`--self-test`, median
  of several runs) on the database of that size; baseline: a bare PySide6 QMainWindow
  started the same way (python -c ...). Targets: < 1.5 s and < 2.5x the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def raw_sqlite_baseline(source: Path, workdir: Path, limit: int) -> dict[str, float]:
    """Insert the demo's own contact rows with bare sqlite3, into the same schema."""
    target = workdir / "baseline.db"
    target.unlink(missing_ok=True)
    schema_source = sqlite3.connect(source)
    ddl = [
        row[0]
        for row in schema_source.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'contact' AND sql IS NOT NULL"
        )
    ]
    rows = schema_source.execute(f"SELECT * FROM contact LIMIT {limit}").fetchall()
    schema_source.close()
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    for statement in ddl:  # the table and its indexes, foreign keys off as in bulk loads
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="spplus-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SPPLUS_DESK_HOME=str(workdir / "home"))
    cli = [sys.executable, "-m", "spplus_desk", "--db", str(database)]

    subprocess.run(
        [*cli, "init", "--service-name", "Mairie de Banc-d'Essai"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    demo_seconds = timed([*cli, "demo", "--contacts", str(args.contacts), "--seed", "1"], env)
    baseline = raw_sqlite_baseline(database, workdir, min(args.contacts, 200_000))

    app_runs = [timed([*cli, "--self-test"], env) for _ in range(args.runs)]
    bare_runs = [timed([sys.executable, "-c", BARE_WINDOW], env) for _ in range(args.runs)]
    app_median, bare_median = statistics.median(app_runs), statistics.median(bare_runs)

    figures = {
        "contacts": args.contacts,
        "database_bytes": database.stat().st_size,
        "demo_throughput": {
            "seconds": round(demo_seconds, 2),
            "contacts_per_second": round(args.contacts / demo_seconds),
            "target_seconds_for_1m": 120,
            "baseline_raw_sqlite3_insert": baseline,
        },
        "startup": {
            "app_seconds_median": round(app_median, 3),
            "app_seconds_runs": [round(r, 3) for r in app_runs],
            "baseline_bare_pyside6_seconds_median": round(bare_median, 3),
            "ratio_to_baseline": round(app_median / bare_median, 2),
            "target_seconds": 1.5,
            "target_ratio": 2.5,
        },
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
