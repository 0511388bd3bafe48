"""Issue 13 benchmark: the member pool on the 100,000-order demo store (`leader-app demo
--orders 100000`): `insights --json`'s query and the insights page's first paint, ≤ 300 ms."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from common import CACHE, ROOT, report, timed

ORDERS = 100_000


def insights_store() -> Path:
    """Its own demo store, built by the CLI as a leader would (never a store another bench
    shares: opening it migrates it)."""
    path = CACHE / f"insights-{ORDERS}.db"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = CACHE / f"insights-{ORDERS}.building.db"
        for old in CACHE.glob(f"insights-{ORDERS}.building.db*"):
            old.unlink()
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "demo",
                "--orders",
                str(ORDERS),
                "--db",
                str(tmp),
            ],
            check=True,
            timeout=900,
            capture_output=True,
        )
        print(f"  built the demo store ({ORDERS:,} orders) in {time.perf_counter() - start:.1f} s")
        tmp.replace(path)
    return path


def bench_query(db: Path) -> None:
    from leader_app.app import LeaderApp
    from leader_app.insights import Insights

    with LeaderApp.open(db) as app:
        conn = app.store.conn
        counts = conn.execute(
            "SELECT (SELECT COUNT(*) FROM orders), (SELECT COUNT(*) FROM members)"
        ).fetchone()
        print(f"  store: {counts[0]:,} orders, {counts[1]:,} members")
        report(
            "insights --json: the query (in process)",
            timed(lambda: Insights(conn).as_json(), 7),
            300,
        )
        report("  of which the per-member aggregate", timed(lambda: Insights(conn), 7))
        look = Insights(conn)
        report("  one segment list (at risk)", timed(lambda: look.segment("at_risk"), 7))
        data = look.as_json()
        print(f"  segments: {json.dumps(data['segments'])}")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "insights", "--json", "--db", str(db)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    wall = (time.perf_counter() - start) * 1000
    report("insights --json: whole process (Python start)", {"median_ms": wall, "max_ms": wall})


def bench_page(db: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from leader_app.app import LeaderApp
    from ui.app import make_qapp
    from ui.insights_page import InsightsPage
    from ui.worker import DbWorker

    make_qapp("zh_CN")
    app = LeaderApp.open(db)
    reader = app.store.reader()
    worker = DbWorker(app, lambda exc: None)
    pages: list[InsightsPage] = []

    def open_page() -> None:
        page = InsightsPage(worker, reader)
        page.resize(1090, 760)
        page.show()  # computes on first show
        QApplication.processEvents()
        page.grab()  # the first screen is painted: cards, health and the three charts
        pages.append(page)

    report("Insights page: open to first painted screen", timed(open_page, 5), 300)
    page = pages[-1]
    report("Insights page: refresh after a change", timed(page.refresh, 5))
    report(
        "Insights page: click a segment card (list)",
        timed(lambda: page.open_segment("active"), 5),
    )
    for p in pages:
        p.close()
    worker.stop()
    reader.close()
    app.close()


def main() -> None:
    print("Leader Desk: member insights benchmarks (issue 13)")
    db = insights_store()
    bench_query(db)
    bench_page(db)


if __name__ == "__main__":
    main()
