"""Issue 10 benchmark: CLI read commands while the desk holds the 100,000-order store open, and
how long the open desk takes to notice a pickup made from the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, demo_store, report, timed


def cli(db: Path, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return out.stdout


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from leader_app.app import LeaderApp
    from ui.app import Desk, make_qapp

    print("CLI beside the open desk (100,000 orders):")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "shop.db"
        shutil.copy(demo_store(), db)
        report("campaigns --json, no desk open", timed(lambda: cli(db, "campaigns", "--json")))
        make_qapp("zh_CN")
        desk = Desk(LeaderApp.open(db))  # the desk's lock, writer thread and readers
        desk.window.show()
        QApplication.processEvents()
        campaign = next(
            c["id"] for c in json.loads(cli(db, "campaigns", "--json")) if c["status"] == "arrived"
        )
        for name, args in (
            ("campaigns --json", ["campaigns", "--json"]),
            ("members --json", ["members", "--json"]),
            ("summary --json", ["summary", "--campaign", campaign, "--json"]),
            ("backups --json", ["backups", "--json"]),
        ):
            report(f"{name}, desk open", timed(lambda a=args: cli(db, *a)), 1000)
        codes = json.loads(cli(db, "codes", "--campaign", campaign, "--json"))
        placed = {
            r[0]
            for r in desk.reader.conn.execute(
                "SELECT order_no FROM orders WHERE campaign_id = ? AND status = 'placed'",
                (campaign,),
            )
        }
        code = next(c["qr_payload"] for c in codes if c["order_no"] in placed)
        seen: list[float] = []
        desk.outside.changed.connect(lambda _c: seen.append(time.perf_counter()))
        cli(db, "pickup", code)
        done = time.perf_counter()
        while not seen and time.perf_counter() - done < 10:
            QApplication.processEvents()
            time.sleep(0.005)
        if seen:
            print(f"  desk noticed the CLI pickup {1000 * (seen[0] - done):.0f} ms after it exited")
        # What the refresh costs the GUI thread: every page re-reads (timer stopped, one poll).
        desk.outside.stop()
        other = next(
            c["qr_payload"] for c in codes if c["order_no"] in placed and c["qr_payload"] != code
        )
        cli(db, "pickup", other)
        start = time.perf_counter()
        desk.outside.poll()
        print(
            f"  one poll that refreshes every page: {1000 * (time.perf_counter() - start):.0f} ms"
        )
        start = time.perf_counter()
        desk.outside.poll()
        print(f"  one poll with nothing new: {1e6 * (time.perf_counter() - start):.0f} µs")
        desk.window.close()
        desk.close()


if __name__ == "__main__":
    main()
