"""Issue 12, faults 7 and 8 and the flipped-bytes check: a real 20 MB filesystem that fills up,
a stale half-written backup, a 0-byte data file with good backups beside it, and a file with
flipped bytes. Real CLI processes throughout; never a traceback."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from leader_app.app import LeaderApp
from leader_app.demo import generate
from leader_app.demo_files import write_ktt_csv
from tests.resilience.conftest import TRIED, consistent
from tests.resilience.test_restore_safety import cli
from tests.tmpfs import small_tmpfs


@pytest.fixture
def small_disk(tmp_path):
    with small_tmpfs(tmp_path / "disk", "20m") as mount:
        yield mount


def _fill(mount: Path, leave: int) -> None:
    """A filler file that leaves `leave` bytes free."""
    free = shutil.disk_usage(mount).free
    with (mount / "filler.bin").open("ab") as fh:
        fh.write(b"\0" * max(0, free - leave))


def test_full_disk_imports_fail_cleanly_and_never_lock_the_shop_out(small_disk, tmp_path) -> None:
    db = small_disk / "shop.db"
    with LeaderApp.open(db) as app:
        generate(app, members=150, orders=800, seed=4)
        size = db.stat().st_size
    big = write_ktt_csv(tmp_path / "big.csv", 20_000, seed=2)
    _fill(small_disk, size + 3 * 1024 * 1024)  # room for one backup, not for the import
    free = []
    for _attempt in range(5):
        out = cli(db, "import", str(big), "--new-campaign", "大团")
        assert out.returncode == 1, out.stdout
        assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
        assert "disk is full" in out.stderr or "not enough free space" in out.stderr
        free.append(shutil.disk_usage(small_disk).free)
    assert min(free) >= free[0] - 512 * 1024, free  # a failed try no longer eats the disk
    backups = db.parent / "shop-backups"
    assert not [p for p in backups.glob("*") if ".partial" in p.name]
    assert not list(backups.glob("pre-import-*.db"))  # each was the store as it still is
    for args in (("check",), ("backups",), ("campaigns",)):
        done = cli(db, *args)
        assert done.returncode == 0, (args, done.stderr)
    _fill(small_disk, 64 * 1024)  # now truly full: a backup is refused before it starts
    out = cli(db, "backup")
    assert out.returncode == 1 and "not enough free space" in out.stderr
    assert not [p for p in backups.glob("*") if ".partial" in p.name]
    (small_disk / "filler.bin").unlink()
    consistent(db)
    TRIED["fault cases: full disk, 5 failed imports (tmpfs)"] += 1


def test_a_stale_partial_backup_never_breaks_opening(small_disk) -> None:
    db = small_disk / "shop.db"
    with LeaderApp.open(db) as app:
        generate(app, members=30, orders=100, seed=4)
    backups = db.parent / "shop-backups"
    backups.mkdir(exist_ok=True)
    for name in ("daily-20261201.db.partial", "daily-20261201.db.partial-journal"):
        (backups / name).write_bytes(os.urandom(2 * 1024 * 1024))
    _fill(small_disk, 0)  # what a crash on a full disk leaves: the half-copies hold the space
    for args in (("check",), ("backups",), ("pickup", "1128-0042-K7Q", "--dry-run")):
        done = cli(db, *args)
        assert "disk I/O error" not in done.stderr and "Traceback" not in done.stderr, args
    assert cli(db, "check").returncode == 0
    assert not list(backups.glob("*.partial*"))
    TRIED["fault cases: stale .partial on a full disk"] += 1


def test_an_empty_data_file_is_not_a_new_shop(tmp_path) -> None:
    db = tmp_path / "shop.db"
    with LeaderApp.open(db) as app:
        generate(app, members=40, orders=200, seed=5)
        app.store.backups.at_start()
        orders = app.store.conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    db.write_bytes(b"")  # a sync tool or a crash while saving left 0 bytes
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    checked = cli(db, "check", "--json")
    report = json.loads(checked.stdout)
    assert checked.returncode == 1 and report["error"] == "store_empty"
    assert "backups" in report["message"]
    assert db.stat().st_size == 0  # nothing was written into it
    listed = json.loads(cli(db, "backups", "--json").stdout)
    assert listed and all(b["counts"]["orders"] == orders for b in listed)
    newest = listed[0]["path"]
    restored = cli(db, "restore", newest)
    assert restored.returncode == 0, restored.stderr
    with LeaderApp.open(db, check=True) as app:
        assert app.store.conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == orders
    TRIED["fault cases: 0-byte data file"] += 1


def test_a_new_empty_store_writes_no_empty_backups(tmp_path) -> None:
    with LeaderApp.open(tmp_path / "new.db") as app:
        assert app.store.backups.at_start() == []
        app.set_up_shop("幸福里便利店", "王店长", "北门")
        assert len(app.store.backups.at_start()) == 2


def test_flipped_bytes_check_reports_and_reads_warn(tmp_path) -> None:
    db = tmp_path / "shop.db"
    with LeaderApp.open(db) as app:
        generate(app, members=60, orders=400, seed=9)
    size = db.stat().st_size
    with db.open("r+b") as fh:  # flip every bit of 8 KB in the middle of the file
        fh.seek(size // 2)
        flipped = bytes(b ^ 0xFF for b in fh.read(8192))
        fh.seek(size // 2)
        fh.write(flipped)
    checked = cli(db, "check", "--json")
    assert "Traceback" not in checked.stderr
    assert checked.returncode == 1 and json.loads(checked.stdout)["ok"] is False
    for args in (("campaigns",), ("export", "orders", "-o", str(tmp_path / "o.csv"))):
        out = cli(db, *args)
        assert "Traceback" not in out.stderr, args
        assert "damaged" in out.stderr, args  # a warning, or a refusal, never silence
    TRIED["fault cases: flipped bytes (check, campaigns, export)"] += 1
