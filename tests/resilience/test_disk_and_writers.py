"""A full disk and two writers at once: failures are clean, the store stays intact, nothing is
lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from leader_app.app import LeaderApp
from leader_app.demo import generate
from leader_app.demo_files import write_ktt_csv
from leader_app.errors import StoreError
from leader_app.importing.service import import_file
from tests.conftest import ROOT, table_dump
from tests.resilience.conftest import TRIED, consistent
from tests.tmpfs import small_tmpfs


def test_disk_full_equivalent_rolls_back_and_the_app_goes_on(tmp_path) -> None:
    """SQLite's max_page_count makes the file unable to grow: the same SQLITE_FULL a full disk
    gives, on any machine."""
    app = LeaderApp.open(tmp_path / "shop.db")
    generate(app, members=50, orders=300, seed=5)
    big = write_ktt_csv(tmp_path / "big.csv", 20_000, seed=2)
    before = table_dump(app)
    pages = app.store.conn.execute("PRAGMA page_count").fetchone()[0]
    app.store.conn.execute(f"PRAGMA max_page_count = {pages + 20}")
    with pytest.raises(StoreError) as info:
        import_file(app.store, big, new_campaign="大团")
    assert info.value.code == "store_disk_full" and "disk is full" in info.value.english()
    assert table_dump(app) == before
    app.store.conn.execute("PRAGMA max_page_count = 1073741823")
    app.members.create({"name": "还能用", "mobile": "13700000000"})  # the app keeps running
    app.close()
    consistent(tmp_path / "shop.db")
    TRIED["fault cases: disk full (max_page_count)"] += 1


def test_real_small_filesystem(tmp_path) -> None:
    with small_tmpfs(tmp_path / "small", "4m") as mount:
        db = mount / "shop.db"
        app = LeaderApp.open(db)
        generate(app, members=40, orders=100, seed=6)
        snapshot = table_dump(app)
        with pytest.raises(StoreError) as info:
            generate(app, members=3000, orders=30_000, seed=7)
        assert info.value.code in ("store_disk_full", "store_write_failed")
        assert table_dump(app) == snapshot
        app.close()
        consistent(db)
        TRIED["fault cases: disk full (tmpfs)"] += 1


def test_two_cli_writers_both_succeed(tmp_path) -> None:
    db = tmp_path / "shop.db"
    with LeaderApp.open(db) as app:
        generate(app, members=20, orders=50, seed=8)
    files = [write_ktt_csv(tmp_path / f"f{i}.csv", 3000, seed=30 + i) for i in range(2)]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "import",
                str(f),
                "--new-campaign",
                f"团{i}",
                "--db",
                str(db),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "LEADER_APP_LOCK_WAIT": "60"},
        )
        for i, f in enumerate(files)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    with LeaderApp.open(db) as app:
        titles = {r[0] for r in app.store.conn.execute("SELECT title FROM campaigns")}
    assert {"团0", "团1"} <= titles
    consistent(db)
    TRIED["fault cases: two writers (CLI)"] += 1


WRITER = """
import sys
sys.path.insert(0, sys.argv[3])
from storage.db import Store
from leader_app.app import LeaderApp
app = LeaderApp(Store.open(sys.argv[1], lock=False))
for i in range(150):
    app.members.create({"name": f"并发{sys.argv[2]}-{i}", "mobile": f"1{sys.argv[2]}{i:09d}"})
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path) -> None:
    """Without the desk's file lock (as a script might), SQLite's own locking still keeps
    every write: both processes finish and every row is there."""
    db = tmp_path / "shop.db"
    LeaderApp.open(db).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(n), str(ROOT)]) for n in (5, 7)
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    with LeaderApp.open(db) as app:
        total = app.store.conn.execute("SELECT COUNT(*) FROM members").fetchone()[0]
    assert total == 300
    consistent(db)
    TRIED["fault cases: two writers (no lock)"] += 1


def test_corrupted_store_is_detected_with_a_way_back(tmp_path) -> None:
    db = tmp_path / "shop.db"
    with LeaderApp.open(db) as app:
        generate(app, members=60, orders=400, seed=9)
        app.store.backups.make("daily")
        expected = table_dump(app)
    with db.open("r+b") as fh:  # scribble over pages in the middle of the file
        size = db.stat().st_size
        fh.seek(size // 2)
        fh.write(os.urandom(8192))
    with pytest.raises(StoreError) as info:
        LeaderApp.open(db, check=True)
    assert info.value.code == "store_corrupt" and info.value.args_map["backup"]
    shutil.copy(info.value.args_map["backup"], db)  # what the desk's restore offer does
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    with LeaderApp.open(db, check=True) as app:
        restored = table_dump(app)
    for table in ("members", "orders", "order_lines", "change_rows", "tx_log"):
        assert restored[table] == expected[table]
    TRIED["fault cases: corrupted store"] += 1
