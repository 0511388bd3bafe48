"""Issue 4 benchmark: import a 100,000-line 快团团 export; export 100,000 lines.

Target: within 2× of the floor measured in the same run (the fastest raw read of the file plus
one executemany of its rows into SQLite), with peak memory under 300 MB. Each measurement runs
in its own process so that its peak RSS is its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CACHE, ROOT

LINES = 100_000

FLOOR = """
import resource, sqlite3, sys, time
from python_calamine import CalamineWorkbook
start = time.perf_counter()
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
conn = sqlite3.connect(sys.argv[2])
conn.execute("CREATE TABLE t (" + ", ".join(f"c{i}" for i in range(15)) + ")")
conn.executemany("INSERT INTO t VALUES (" + ", ".join("?" * 15) + ")",
                 [r[:15] for r in rows[2:]])
conn.commit()
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

IMPORT = """
import resource, sys, time
sys.path.insert(0, sys.argv[3])
from leader_app.app import LeaderApp
from leader_app.importing.service import import_file
from leader_app import pinyin
app = LeaderApp.open(sys.argv[2])
pinyin.warm()  # as on the desk, which loads pypinyin's dictionaries after start-up
start = time.perf_counter()
report = import_file(app.store, sys.argv[1], new_campaign="bench")
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
      report.orders_imported, report.lines, len(report.errors))
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
        floors = [float(run(FLOOR, str(source), f"{tmp}/floor{i}.db")[0]) for i in range(2)]
        floor = min(floors)
        elapsed, rss, orders, lines, errors = run(
            IMPORT, str(source), f"{tmp}/import.db", str(ROOT)
        )
        elapsed = float(elapsed)
        ratio = elapsed / floor
        print(f"  floor (calamine read + one executemany)    {floor:6.2f} s")
        print(
            f"  import into a new campaign                 {elapsed:6.2f} s  = {ratio:.2f}× the "
            f"floor (target ≤ 2×)  {int(orders):,} orders, {int(lines):,} lines, "
            f"{int(errors)} errors"
        )
        print(f"  import peak memory (RSS)                   {float(rss):6.0f} MB (target < 300)")
        for suffix in ("xlsx", "csv"):
            seconds, rows = run(EXPORT, f"{tmp}/import.db", f"{tmp}/out.{suffix}", str(ROOT))
            size = Path(f"{tmp}/out.{suffix}").stat().st_size / 1e6
            print(
                f"  export {int(rows):,} order lines to .{suffix:<5}           "
                f"{float(seconds):6.2f} s  ({size:.1f} MB)"
            )
            results[f"export_{suffix}_s"] = float(seconds)
        results.update(floor_s=floor, import_s=elapsed, ratio=ratio, peak_mb=float(rss))
    (CACHE / "import-results.json").write_text(json.dumps(results))


if __name__ == "__main__":
    main()
