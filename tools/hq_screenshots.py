"""Screenshots of HQ's web desk in zh_CN: `python tools/hq_screenshots.py docs/screenshots`.

Builds a throwaway HQ (SQLite) with three demo desks pushed into it, starts the real server on
a free port, signs in with headless chromium and saves docs/screenshots/hq_*.png."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out_dir: str) -> None:
    import requests

    from hq_server import deliveries, staff
    from hq_server.admin import browser
    from hq_server.catalog_admin import current as catalog_current
    from hq_server.catalog_admin import publish_product
    from hq_server.db import Database
    from hq_server.leaders import seen
    from hq_server.service import HQ, Device
    from leader_app.app import LeaderApp
    from leader_app.demo import generate
    from sync.outbox import Outbox
    from sync.pull import apply_catalog

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="hq-shots-"))
    db_path = str(work / "hq.db")
    hq = HQ(Database(db_path))
    staff.add_staff(hq.db, "周主管", "screenshot-pass")
    for name, spec, unit, price, supplier, category in (
        ("丹东草莓", "500g/盒", "盒", 2990, "丹东果园合作社", "水果"),
        ("散养土鸡蛋", "30枚", "盒", 3580, "山东禽蛋", "蛋品"),
        ("五常大米", "10斤", "袋", 5990, "五常米业", "粮油"),
    ):
        publish_product(
            hq,
            {
                "name": name,
                "spec": spec,
                "unit": unit,
                "price_fen": price,
                "supplier": supplier,
                "category": category,
                "commission_bp": 1000,
            },
        )
    ids = [p["id"] for p in catalog_current(hq.db, "product")]
    hq.publish(
        {
            "title": "周末水果蛋品团",
            "items": [{"product_id": i, "price_fen": 2800} for i in ids],
            "pickup_date": time.strftime("%Y-%m-%d"),
            "note": "",
        },
        kind="campaign",
    )
    first = None
    for i, name in enumerate(("王店长 · 幸福里", "李团长 · 阳光花园", "张姐 · 锦绣苑")):
        app = LeaderApp.open(work / f"desk{i}.db")
        generate(app, members=60, orders=400, seed=i + 3)
        feed = hq.catalog(0)
        apply_catalog(app.store, feed["changes"], feed["cursor"])  # HQ's products get hq_id
        leader = hq.add_leader(name)
        enrolled = hq.enroll(leader["enrollment_code"], f"收银台电脑 {i + 1}")
        outbox = Outbox(app.store)
        while batch := outbox.next_batch():
            outbox.ack(
                batch,
                hq.push(
                    Device(enrolled["device_id"], leader["leader_id"]),
                    {"batch_id": batch.batch_id, "changes": batch.changes},
                ),
            )
        seen(hq.db, enrolled["device_id"], "0")
        closed = app.store.conn.execute(
            "SELECT id FROM campaigns WHERE status = 'closed'"
        ).fetchone()["id"]
        if first is None:
            first = (leader["leader_id"], closed)
            items = {
                p["product_id"]: p["ordered"]
                for p in deliveries.campaign_products(hq.db, leader["leader_id"], closed)
            }
            deliveries.record(hq.db, leader["leader_id"], closed, items, "", "周主管")
        app.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "hq_server", "serve", "--db", db_path, "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(base + "/healthz", timeout=0.5).ok:
                    break
            except requests.RequestException:
                time.sleep(0.05)
        driver, profile = browser.start("zh-CN", 1360, 900)
        try:
            browser.log_in(driver, base, "周主管", "screenshot-pass")
            month = time.strftime("%Y-%m")
            for name, path in (
                ("hq_demand", "/admin/demand"),
                ("hq_leaders", "/admin/leaders"),
                ("hq_catalog", "/admin/catalog"),
                ("hq_statements", f"/admin/statements?leader={first[0]}&month={month}"),
                ("hq_deliveries", f"/admin/deliveries?leader={first[0]}&campaign={first[1]}"),
            ):
                driver.get(base + path)
                driver.save_screenshot(str(out / f"{name}.png"))
                print(out / f"{name}.png")
        finally:
            driver.quit()
            shutil.rmtree(profile, ignore_errors=True)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("TZ", "Asia/Shanghai")
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
