"""Import a 100,000-line 快团团 export; export 100,000 lines.

What the leader waits for is the whole command, so each figure is the wall time of a whole
process: `leader-app import FILE --new-campaign …` into an empty new store, and into a copy of
the 100,000-order demo store (whose pre-import backup and checks then cost what they cost). The
floor is the fastest plain way to do the same work, also a whole process: calamine's read plus
one executemany into SQLite, measured in the same run. Target: import ≤ 2× the floor. Nothing is
warmed: the CLI process loads pypinyin itself, as it does for a leader.
"""

from __future__ import annotations

import json
import shutil
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


def wall(argv: list[str]) -> tuple[float, str]:
    """Seconds for a whole process, start to exit, and what it printed."""
    start = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - start, out.stdout


def cli_import(source: Path, db: Path) -> tuple[float, dict, float]:
    """`leader-app import` as the leader runs it, with its peak memory (RSS of the child)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds, out = wall(
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
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return seconds, json.loads(out), peak


def main() -> None:
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
    with tempfile.TemporaryDirectory() as tmp:
        floors = [
            wall([sys.executable, "-c", FLOOR, str(source), f"{tmp}/floor{i}.db"])[0]
            for i in range(2)
        ]
        floor = min(floors)
        print(f"  floor: calamine read + one executemany     {floor:6.2f} s (whole process)")
        empty_s, report, rss = cli_import(source, Path(tmp) / "import.db")
        print(
            f"  leader-app import, empty store             {empty_s:6.2f} s  = "
            f"{empty_s / floor:.2f}× the floor (target ≤ 2×)  {report['orders_imported']:,} "
            f"orders, {report['lines']:,} lines, {len(report['errors'])} errors, "
            f"peak {rss:.0f} MB"
        )
        big = Path(tmp) / "big.db"
        shutil.copy(demo_store(), big)
        size_before = big.stat().st_size
        full_s, report, _ = cli_import(source, big)
        grown = (big.stat().st_size - size_before) / 1e6
        print(
            f"  leader-app import, 100,000-order store     {full_s:6.2f} s  = "
            f"{full_s / floor:.2f}× the floor (target ≤ 2×)  store grew {grown:.0f} MB"
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
        for suffix in ("xlsx", "csv"):
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
