"""Power loss: the data file copied without its -wal at random moments while a desk writes, as
a crash at the wall leaves it. A copy torn mid-checkpoint can pass quick_check (run at every
start); the desk's full check right after start catches it. Every copy is intact, refused at
start, or caught, and then the newest good backup is offered; never used half-broken."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

from leader_app.app import LeaderApp
from leader_app.demo import generate
from leader_app.errors import StoreError
from storage.backup import newest_good
from storage.integrity import check
from tests.conftest import ROOT
from tests.resilience.conftest import TRIED, consistent

COPIES = 40


def test_copies_without_wal_recover_or_are_refused(tmp_path) -> None:
    db = tmp_path / "shop.db"
    with LeaderApp.open(db) as app:
        generate(app, members=150, orders=800, seed=21)
        app.store.backups.make("daily")
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.resilience.drivers", "orders", str(db)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rng = random.Random(31)
    outcomes = {"intact": 0, "refused at start": 0, "caught by the full check": 0}
    try:
        for n in range(COPIES):
            time.sleep(rng.uniform(0.0, 0.08))
            folder = tmp_path / f"crash{n}"
            (folder / "shop-backups").mkdir(parents=True)
            copy = folder / "shop.db"
            shutil.copy(db, copy)  # the main file only: the -wal is lost with the power
            for backup in (tmp_path / "shop-backups").glob("*"):
                shutil.copy(backup, folder / "shop-backups" / backup.name)
            try:
                app = LeaderApp.open(copy, check=True)  # quick_check, as at every start
            except StoreError as exc:
                assert exc.code == "store_corrupt" and exc.args_map["backup"]
                outcomes["refused at start"] += 1
                TRIED["power-loss copies"] += 1
                continue
            try:  # the desk's full check, run in the background right after start
                verdict = check(app.store.conn)
            except sqlite3.DatabaseError:
                verdict = {"ok": False}
            app.close()
            if verdict["ok"]:
                consistent(copy)
                outcomes["intact"] += 1
            else:
                assert newest_good(folder / "shop-backups") is not None  # the way back offered
                outcomes["caught by the full check"] += 1
            TRIED["power-loss copies"] += 1
    finally:
        if writer.poll() is None:
            os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    assert sum(outcomes.values()) == COPIES
