"""Issue 3 benchmark: 1,000 labels and a 1,000-member pickup list to PDF; scan-to-result
latency on a store of 100,000 orders, in the core and through the desk's UI.

The print timings include loading the campaign's print data (SQL plus an HMAC per order and
per member), since the leader waits for that too (issue 15); the load is also shown alone."""

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
    secret = app.ensure_shop_secret()

    # What the leader waits for starts with the print data: the campaign's orders and lines
    # (SQL) and a signed pickup code per order and per member (an HMAC each). Every timed
    # print below loads it afresh, as `leader-app print` and the desk's print dialog do.
    def load_data():
        return load(app.store, campaign, secret, "幸福里")

    data = load_data()
    report(
        f"print data of a campaign ({len(data.orders):,} orders: SQL + HMACs)",
        _time(load_data, 3),
    )

    def first_members(orders, count):
        # 1,000 orders of distinct members: a block per order on the "cards" list
        seen, chosen = set(), []
        for order in orders:
            if order.name not in seen:
                seen.add(order.name)
                chosen.append(order)
            if len(chosen) == count:
                break
        return chosen

    with tempfile.TemporaryDirectory() as tmp:
        # 1,000 labels (orders of the arrived campaign), QR cache cold each run.
        def run_labels() -> None:
            qr_matrix.cache_clear()
            full = load_data()
            labels = type(full)(full.title, full.pickup_on, full.shop, full.orders[:1000])
            to_pdf(Path(tmp) / "labels.pdf", labels, "labels", "a4-3x8")

        report("1,000 labels to PDF (A4 3×8), data load incl.", _time(run_labels, 3), 2000)

        def run_list() -> None:
            qr_matrix.cache_clear()
            full = load_data()
            members = first_members(full.orders, 1000)
            listing = type(full)(full.title, full.pickup_on, full.shop, members)
            to_pdf(Path(tmp) / "list.pdf", listing, "pickup-list", "cards")  # block per order

        report("pickup list of 1,000 members, data load incl.", _time(run_list, 3), 3000)
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
