"""The bundle's figures, printed as JSON (never run by pytest: no timing asserts in tests).

    python3 packaging/build.py && python -m tests.benchmarks.bench_bundle [--runs 5]

- size: the one-folder bundle on disk (each file once, as a person's disk holds it) and
  its archive (tar.gz), with the biggest parts of it;
- start-up: seconds from process launch to the shown main window and to the window filled
  in with the service (``--self-test`` on a fresh database): "cold" with the system's file
  cache emptied first (needs root; said when it could not be done), then warm medians;
  baseline: the same self-test from the source checkout's virtual environment, in turns.
  Target (issue 9): a cold start to a shown window under 2 s on Linux.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.bench_foundation import SELF_TEST_LINE

ROOT = Path(__file__).resolve().parents[2]


def own_files(folder: Path) -> list[Path]:
    """The files themselves: PyInstaller's symlinks to them (``_internal/libQt6*.so``)
    are left out, as a disk holds each file once."""
    return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]


def files_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in own_files(folder))


def biggest_parts(folder: Path, count: int = 6) -> dict[str, float]:
    parts = {child.name: files_size(child) if child.is_dir() else child.lstat().st_size
             for child in (folder / "_internal").iterdir()}  # fmt: skip
    top = sorted(parts.items(), key=lambda item: item[1], reverse=True)[:count]
    return {name: round(size / 1e6, 1) for name, size in top}


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")
    except OSError:
        return False
    return True


def self_test(command: list[str], home: Path) -> tuple[float, float]:
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [*command, "--self-test"], env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:  # say why: an incomplete bundle names what it lacks
        raise SystemExit(f"--self-test failed ({done.returncode}):\n{done.stderr}")
    found = SELF_TEST_LINE.search(done.stdout)
    assert found is not None, done.stdout + done.stderr
    return (float(found["shown"].replace(",", ".")), float(found["loaded"].replace(",", ".")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "spplus-desk")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    program = args.bundle / ("spplus-desk.exe" if sys.platform == "win32" else "spplus-desk")
    archives = sorted(args.bundle.parent.glob("spplus-desk-*.tar.gz"), key=os.path.getmtime)
    source = [str(ROOT / ".venv" / "bin" / "python"), "-m", "spplus_desk"]
    with tempfile.TemporaryDirectory() as scratch:
        homes = Path(scratch)
        cold_dropped = drop_caches()
        cold = self_test([str(program)], homes / "cold")  # a fresh database, created
        bundle_runs, source_runs = [], []
        for run in range(args.runs):  # in turns: the machine's load falls on both alike
            bundle_runs.append(self_test([str(program)], homes / f"bundle-{run}"))
            source_runs.append(self_test(source, homes / f"source-{run}"))
    figures = {
        "bundle_mb_on_disk": round(files_size(args.bundle) / 1e6, 1),
        "bundle_files": len(own_files(args.bundle)),
        "archive_mb": round(archives[-1].stat().st_size / 1e6, 1) if archives else None,
        "biggest_parts_mb": biggest_parts(args.bundle),
        "cold_start": {
            "file_cache_emptied": cold_dropped,
            "window_shown_s": cold[0],
            "service_loaded_s": cold[1],
        },
        "warm_start_median": {
            "window_shown_s": statistics.median(run[0] for run in bundle_runs),
            "service_loaded_s": statistics.median(run[1] for run in bundle_runs),
        },
        "baseline_source_checkout_median": {
            "window_shown_s": statistics.median(run[0] for run in source_runs),
            "service_loaded_s": statistics.median(run[1] for run in source_runs),
        },
        "runs": args.runs,
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
