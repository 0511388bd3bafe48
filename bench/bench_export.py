"""`leader-app export orders` of 100,000 order lines to .xlsx, whole process, against its floors.

What the leader waits for is the whole command, so every figure is the wall time of a whole
process, start to exit: `leader-app export orders --campaign … -o out.xlsx` on a store that holds
the 100,000 lines of a 快团团 export (imported once with `leader-app import` and cached).

The floors are the plainest way to write the same sheet, also whole processes measured in the
same run: the same 20 columns of the same 100,000 rows, read with one plain SELECT and written
as plain values (fen as integers, times as the stored text, no styles, no widths, no totals):
- openpyxl's write-only workbook (the user's choice of library; lxml installed, as in the desk);
- XlsxWriter with constant_memory (when it is installed).
Target: the export ≤ 1.3× the openpyxl floor. Each figure is the median of 3 runs; runs
alternate between the programs so a busy moment on the shared machine hits them alike.
`--demo` also exports the whole 100,000-order demo store (216,000 lines) once.
"""

from __future__ import annotations

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
REPEAT = 3

# The same 20 columns as the export's 订单明细 sheet, as stored (no conversion in Python).
SELECT = """
SELECT o.order_no, o.external_no, c.title, m.member_no, m.name, m.nickname, m.mobile,
       m.building || '-' || m.unit || '-' || m.room, p.name, p.spec, l.quantity,
       l.unit_price_fen, l.quantity * l.unit_price_fen, o.platform_refund_fen, o.status, o.paid,
       l.picked_qty, o.member_note, o.leader_note, o.created_at
FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN members m ON m.id = o.member_id
JOIN campaigns c ON c.id = o.campaign_id JOIN products p ON p.id = l.product_id
ORDER BY o.campaign_id, o.seq, l.position
"""

FLOOR_OPENPYXL = f"""
import sqlite3, sys
from openpyxl import Workbook
conn = sqlite3.connect(sys.argv[1])
wb = Workbook(write_only=True)
ws = wb.create_sheet("orders")
for row in conn.execute('''{SELECT}'''):
    ws.append(row)
wb.save(sys.argv[2])
"""

FLOOR_XLSXWRITER = f"""
import sqlite3, sys
import xlsxwriter
conn = sqlite3.connect(sys.argv[1])
wb = xlsxwriter.Workbook(sys.argv[2], {{"constant_memory": True}})
ws = wb.add_worksheet("orders")
for r, row in enumerate(conn.execute('''{SELECT}''')):
    ws.write_row(r, 0, row)
wb.close()
"""


def wall(argv: list[str]) -> tuple[float, float]:
    """Seconds for a whole process, start to exit, and the CPU seconds it used (user + system:
    steadier than the wall time when other work shares the machine)."""
    import resource

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    before, start = cpu(), time.perf_counter()
    subprocess.run(argv, capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - start, cpu() - before


def lines_store() -> Path:
    """A store holding the 100,000 lines of a 快团团 export, imported once by the real CLI."""
    from leader_app.demo_files import write_ktt_xlsx

    source = CACHE / f"ktt-{LINES}.xlsx"
    if not source.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        write_ktt_xlsx(source, LINES, seed=7)
    store = CACHE / f"export-{LINES}.db"
    if not store.exists():
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "x.db"
            cmd = [sys.executable, str(ROOT / "main.py"), "import", str(source), "--db", str(db)]
            subprocess.run(
                [*cmd, "--new-campaign", "bench", "--json"],
                check=True,
                cwd=ROOT,
                capture_output=True,
            )
            shutil.copy(db, store.with_suffix(".building"))
            store.with_suffix(".building").replace(store)
    return store


def has_xlsxwriter() -> bool:
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import sqlite3

    print(f"Leader Desk: export benchmark (issue 15), {LINES:,} order lines to .xlsx")
    print(f"  load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    store = lines_store()
    conn = sqlite3.connect(store)
    campaign, lines = conn.execute(
        "SELECT o.campaign_id, COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id"
    ).fetchone()
    conn.close()
    py = sys.executable
    programs = {
        "leader-app export orders (whole CLI)": lambda out: [
            py,
            str(ROOT / "main.py"),
            "export",
            "orders",
            "--db",
            str(store),
            "--campaign",
            campaign,
            "-o",
            out,
        ],
        "floor: openpyxl write-only, plain values": lambda out: [
            py,
            "-c",
            FLOOR_OPENPYXL,
            str(store),
            out,
        ],
    }
    if has_xlsxwriter():
        programs["floor: XlsxWriter constant_memory"] = lambda out: [
            py,
            "-c",
            FLOOR_XLSXWRITER,
            str(store),
            out,
        ]
    samples: dict[str, list[float]] = {name: [] for name in programs}
    cpus: dict[str, list[float]] = {name: [] for name in programs}
    sizes: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(REPEAT):
            for n, (name, argv) in enumerate(programs.items()):
                out = f"{tmp}/out{n}-{i}.xlsx"
                seconds, cpu = wall(argv(out))
                samples[name].append(seconds)
                cpus[name].append(cpu)
                sizes[name] = Path(out).stat().st_size / 1e6
        export = statistics.median(samples["leader-app export orders (whole CLI)"])
        floor = statistics.median(samples["floor: openpyxl write-only, plain values"])
        print(f"  {lines:,} lines, one campaign; median of {REPEAT} whole processes")
        floor_cpu = statistics.median(cpus["floor: openpyxl write-only, plain values"])
        for name, values in samples.items():
            median, cpu = statistics.median(values), statistics.median(cpus[name])
            print(
                f"  {name:<42} {median:6.2f} s = {median / floor:.2f}×  "
                f"(CPU {cpu:5.2f} s = {cpu / floor_cpu:.2f}×; {sizes[name]:.1f} MB; "
                f"runs {', '.join(f'{v:.2f}' for v in values)})"
            )
        verdict = "ok" if export <= 1.3 * floor else "OVER"
        print(f"  target: export ≤ 1.3× the openpyxl floor: {export / floor:.2f}×  {verdict}")
        print(f"  load average after the runs: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        results = {name: statistics.median(v) for name, v in samples.items()}
        if "--demo" in sys.argv:
            out, db = f"{tmp}/demo.xlsx", f"{tmp}/demo.db"
            shutil.copy(demo_store(), db)  # the cached store stays as it was
            seconds, _cpu = wall(
                [py, str(ROOT / "main.py"), "export", "orders", "--db", db, "-o", out]
            )
            print(f"  whole 100,000-order demo store (216,062 lines): {seconds:.2f} s")
    (CACHE / "export-results.json").write_text(json.dumps(results))


if __name__ == "__main__":
    main()
