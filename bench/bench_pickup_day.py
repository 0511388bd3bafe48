"""Issue 11 benchmark: arrival check on a big campaign, the dense pickup list (pages and time)
and a member-code scan, on the 100,000-order demo store."""

from __future__ import annotations

import math
import shutil
import tempfile
import time
from pathlib import Path

from common import demo_store, report, timed


def main() -> None:
    from leader_app.app import LeaderApp
    from leader_app.print_data import load
    from ui.app import make_qapp
    from ui.printing.output import to_pdf

    print("Leader Desk: pickup day benchmarks (issue 11)")
    make_qapp("zh_CN")
    db = demo_store()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "x.db"
        shutil.copy(db, copy)
        app = LeaderApp.open(copy)
        conn = app.store.conn
        campaign, orders = conn.execute(
            """SELECT c.id, COUNT(*) FROM campaigns c JOIN orders o ON o.campaign_id = c.id
               WHERE c.status IN ('open', 'closed') GROUP BY c.id ORDER BY 2 DESC LIMIT 1"""
        ).fetchone()
        products = sorted(app.arrival.products(campaign), key=lambda p: -p["ordered"])[:3]
        received = {p["product_id"]: p["ordered"] * 9 // 10 for p in products}
        plan = app.arrival.plan(campaign, received, "proportional")
        report(
            f"arrival plan, {orders:,} orders, 3 products 10% short "
            f"({len(plan.changes)} lines cut)",
            timed(lambda: app.arrival.plan(campaign, received, "proportional"), 3),
            2000,
        )
        start = time.perf_counter()
        app.arrival.arrive(campaign, received, "proportional")
        took = (time.perf_counter() - start) * 1000
        report(
            "arrival applied (one transaction)",
            {"median_ms": took, "max_ms": took},
            5000,
        )
        arrived = conn.execute("SELECT id FROM campaigns WHERE status = 'arrived'").fetchone()[0]
        data = load(app.store, arrived, app.ensure_shop_secret(), "幸福里")
        pdf = Path(tmp) / "dense.pdf"
        pages = {}

        def dense() -> None:
            pages["n"] = to_pdf(pdf, data, "pickup-list")

        result = timed(dense, 3)
        members = len(data.members)
        report(
            f"dense pickup list, {members:,} members ({len(data.orders):,} orders): "
            f"{pages['n']} pages (bound {math.ceil(members / 25) + 1})",
            result,
            5000,
        )
        code = data.members[0].qr_payload
        report("member code scan → verdict, core", timed(lambda: app.pickup.check(code), 50), 50)
        app.close()


if __name__ == "__main__":
    main()
