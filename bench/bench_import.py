"""Import a 100,000-line 快团团 export; export 100,000 lines.

What the leader waits for is the whole command, so each figure is the wall time of a whole
process: `leader-app import FILE --new-campaign …` into an empty new store, and into a copy of
the 100,000-order demo store (whose pre-import backup and checks then cost what they cost). The
floor is the fastest plain way to do the same work, also a whole process: calamine's read plus
one executemany into SQLite, measured in the same run. Target: import ≤ 2× the floor. Nothing is
warmed: the CLI process loads pypinyin itself, as it does for a leader.

Each figure is the median of `--runs` runs (default 3; the machine is shared), with the floor
and the two imports interleaved so that load falls on all of them alike. Peak memory is the
import process's own (wait4), not the largest of every child so far.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CACHE, ROOT, demo_store

LINES = 100_000

FLOOR = """
import resource, sqlite3, sys, time
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
conn = sqlite3.connect(sys.argv[2])
conn.execute("CREATE TABLE t (" + ", ".join(f"c{i}" for i in range(15)) + ")")
conn.executemany("INSERT INTO t VALUES (" + ", ".join("?" * 15) + ")",
                 [r[:15] for r in rows[2:]])
conn.commit()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

EXPORT = """
import sys, time
sys.path.insert(0, sys.argv[3])
from leader_app import exporting
from leader_app.app import LeaderApp
app = LeaderApp.open(sys.argv[1])
campaign = app.store.conn.execute("SELECT id FROM campaigns").fetchone()[0]
start = time.perf_counter()
sheets = exporting.build(app, "orders", campaign)
exporting.write(sys.argv[2], sheets)
print(time.perf_counter() - start, len(sheets[0].rows))
"""


def run(script: str, *args: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return out.stdout.split()


def wall(argv: list[str]) -> tuple[float, str, float]:
    """Seconds for a whole process, start to exit, what it printed, and its peak RSS in MB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, problem = out.read().decode(), err.read().decode()
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, argv, text, problem)
    return seconds, text, usage.ru_maxrss / 1024


def cli_import(source: Path, db: Path) -> tuple[float, dict, float]:
    """`leader-app import` as the leader runs it, with its peak memory (RSS of the child)."""
    seconds, out, peak = wall(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "import",
            str(source),
            "--db",
            str(db),
            "--new-campaign",
            "bench",
            "--json",
        ]
    )
    return seconds, json.loads(out), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--no-export", action="store_true", help="time the imports only")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from leader_app.demo_files import write_ktt_xlsx

    print(f"Leader Desk: import/export benchmarks (issue 4), {LINES:,} lines")
    CACHE.mkdir(parents=True, exist_ok=True)
    source = CACHE / f"ktt-{LINES}.xlsx"
    if not source.exists():
        start = time.perf_counter()
        write_ktt_xlsx(source, LINES, seed=7)
        print(
            f"  generated {source.name} ({source.stat().st_size / 1e6:.1f} MB) "
            f"in {time.perf_counter() - start:.1f} s"
        )
    results = {}
    demo = demo_store()
    with tempfile.TemporaryDirectory() as tmp:
        floors, empties, fulls, peaks, full_peaks = [], [], [], [], []
        for run_no in range(args.runs):
            floors.append(
                wall([sys.executable, "-c", FLOOR, str(source), f"{tmp}/floor{run_no}.db"])[0]
            )
            empty_db = Path(tmp) / "import.db"
            for old in Path(tmp).glob("import*"):
                shutil.rmtree(old) if old.is_dir() else old.unlink()
            seconds, report, rss = cli_import(source, empty_db)
            empties.append(seconds)
            peaks.append(rss)
            big = Path(tmp) / f"big{run_no}.db"
            shutil.copy(demo, big)
            # A leader's store is at rest on disk: the 146 MB that the copy left dirty in the
            # page cache would otherwise be written back during the import, on its CPU time.
            os.sync()
            size_before = big.stat().st_size
            seconds, _full, rss = cli_import(source, big)
            fulls.append(seconds)
            full_peaks.append(rss)
            grown = (big.stat().st_size - size_before) / 1e6
            big.unlink()
            shutil.rmtree(Path(tmp) / f"big{run_no}-backups", ignore_errors=True)
        floor = statistics.median(floors)
        empty_s, full_s = statistics.median(empties), statistics.median(fulls)
        rss = max(peaks)
        print(
            f"  floor: calamine read + one executemany     {floor:6.2f} s (whole process; "
            f"median of {args.runs}, load {os.getloadavg()[0]:.1f})"
        )
        for name, times in (("empty", empties), ("full", fulls)):
            ratios = sorted(t / f for t, f in zip(times, floors, strict=True))
            print(
                f"    {name} store, each run against its own floor: "
                + ", ".join(f"{r:.2f}×" for r in ratios)
            )
        print(
            f"  leader-app import, empty store             {empty_s:6.2f} s  = "
            f"{empty_s / floor:.2f}× the floor (target ≤ 2×)  {report['orders_imported']:,} "
            f"orders, {report['lines']:,} lines, {len(report['errors'])} errors, "
            f"peak {rss:.0f} MB"
        )
        print(
            f"  leader-app import, 100,000-order store     {full_s:6.2f} s  = "
            f"{full_s / floor:.2f}× the floor (target ≤ 2×)  store grew {grown:.0f} MB, "
            f"peak {max(full_peaks):.0f} MB"
        )
        results.update(
            floor_s=floor,
            import_empty_s=empty_s,
            import_full_s=full_s,
            ratio_empty=empty_s / floor,
            ratio_full=full_s / floor,
            peak_mb=rss,
            growth_mb=grown,
        )
        for suffix in () if args.no_export else ("xlsx", "csv"):
            seconds, rows = run(EXPORT, f"{tmp}/import.db", f"{tmp}/out.{suffix}", str(ROOT))
            size = Path(f"{tmp}/out.{suffix}").stat().st_size / 1e6
            print(
                f"  export {int(rows):,} order lines to .{suffix:<5}           "
                f"{float(seconds):6.2f} s  ({size:.1f} MB)"
            )
            results[f"export_{suffix}_s"] = float(seconds)
    (CACHE / "import-results.json").write_text(json.dumps(results))


if __name__ == "__main__":
    main()
