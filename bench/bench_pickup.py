"""Issue 3 benchmark: 1,000 labels and a 1,000-member pickup list to PDF; scan-to-result
latency on a store of 100,000 orders, in the core and through the desk's UI."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from common import demo_store, report


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from leader_app.app import LeaderApp
    from leader_app.print_data import load
    from ui.app import Desk, make_qapp
    from ui.printing.canvas import qr_matrix
    from ui.printing.output import to_pdf

    print("Leader Desk: pickup and printing benchmarks (issue 3)")
    make_qapp("zh_CN")
    db = demo_store()
    app = LeaderApp.open(db)
    conn = app.store.conn
    campaign = conn.execute("SELECT id FROM campaigns WHERE status = 'arrived'").fetchone()[0]
    data = load(app.store, campaign, app.ensure_shop_secret(), "幸福里")
    with tempfile.TemporaryDirectory() as tmp:
        # 1,000 labels (orders of the arrived campaign), QR cache cold each run.
        labels = type(data)(data.title, data.pickup_on, data.shop, data.orders[:1000])

        def run_labels() -> None:
            qr_matrix.cache_clear()
            to_pdf(Path(tmp) / "labels.pdf", labels, "labels", "a4-3x8")

        report(f"{len(labels.orders):,} labels to PDF (A4 3×8)", _time(run_labels, 3), 2000)
        # pickup list of 1,000 members: one row per order, 1,000 orders of distinct members
        seen, members = set(), []
        for order in data.orders:
            if order.name not in seen:
                seen.add(order.name)
                members.append(order)
            if len(members) == 1000:
                break
        listing = type(data)(data.title, data.pickup_on, data.shop, members)

        def run_list() -> None:
            qr_matrix.cache_clear()
            to_pdf(Path(tmp) / "list.pdf", listing, "pickup-list", "cards")  # block per order

        report(f"pickup list of {len(members):,} members to PDF", _time(run_list, 3), 3000)
    # scan latency, core: verify signature, load order and lines, judge
    codes = [o.qr_payload for o in data.orders]
    rng = random.Random(3)
    samples = []
    for code in rng.sample(codes, 200):
        start = time.perf_counter()
        app.pickup.check(code)
        samples.append((time.perf_counter() - start) * 1000)
    report("scan → verdict, core (200 scans, 100k orders)", _stats(samples), 50)
    app.close()
    # scan latency through the desk: Enter in the scan field → result on screen
    with tempfile.TemporaryDirectory() as tmp:
        import shutil

        copy = Path(tmp) / "x.db"
        shutil.copy(db, copy)
        desk = Desk(LeaderApp.open(copy))
        desk.window.show()
        desk.window.sidebar.setCurrentRow(5)
        page = desk.window.pickup
        QApplication.processEvents()
        samples = []
        for code in rng.sample(codes, 100):
            page.current = None
            start = time.perf_counter()
            page.scan.setText(code)
            page.scan.returnPressed.emit()
            while page.current is None:
                QApplication.processEvents()
            samples.append((time.perf_counter() - start) * 1000)
        report("scan → result on screen, desk UI (100 scans)", _stats(samples), 50)
        desk.close()


def _time(fn, repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return _stats(samples)


def _stats(samples: list[float]) -> dict[str, float]:
    return {"median_ms": statistics.median(samples), "max_ms": max(samples)}


if __name__ == "__main__":
    main()
