"""Automatic backups: rotation, sidecar counts, the newest good copy, a movable folder."""

from __future__ import annotations

import json

from storage.backup import KEEP_DAILY, KEEP_WEEKLY, list_backups, newest_good, verify


def test_start_up_makes_daily_and_weekly_copies_once(shop) -> None:
    app = shop["app"]
    made = app.store.backups.at_start()
    assert [p.name.split("-")[0] for p in made] == ["daily", "weekly"]
    assert app.store.backups.at_start() == []  # once a day
    meta = json.loads(made[0].with_suffix(".json").read_text())
    assert meta["counts"]["members"] == 2 and meta["at"].endswith("Z")
    # Made together they are one copy on disk (a hard link), each with its own sidecar.
    daily, weekly = made
    assert daily.stat().st_ino == weekly.stat().st_ino and weekly.stat().st_nlink == 2
    assert json.loads(weekly.with_suffix(".json").read_text())["kind"] == "weekly"
    daily.unlink()  # rotation removes the daily a week later: the weekly stays whole
    assert verify(weekly)["members"] == 2


def test_the_wal_is_cut_back_after_a_big_write(fresh_db) -> None:
    """An import or an upgrade writes its pages through the WAL. After the checkpoint the file
    goes back to at most WAL_KEEP_BYTES, instead of keeping its largest size for good (an
    upgrade of a 329 MB store left a 203 MB WAL behind)."""
    from leader_app.demo import generate
    from storage.db import WAL_KEEP_BYTES

    generate(fresh_db, members=300, orders=30_000, seed=2)
    wal = fresh_db.store.path.with_name(fresh_db.store.path.name + "-wal")
    assert wal.stat().st_size > WAL_KEEP_BYTES
    conn = fresh_db.store.conn
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    with fresh_db.store.atomic("test.small") as tx:  # the next write starts the WAL over
        tx.put_setting("shop.name", "x")
    assert wal.stat().st_size <= WAL_KEEP_BYTES


def test_rotation_keeps_7_daily_4_weekly_and_10_event_copies(shop) -> None:
    """And the copy from before a schema upgrade apart from them: ten imports after it took
    the only way back to the old version away."""
    backups = shop["app"].store.backups
    folder = backups.folder
    folder.mkdir(parents=True, exist_ok=True)
    upgrade = backups.make("pre-migration")
    source = backups.make("manual")
    for day in range(1, 12):
        (folder / f"daily-202611{day:02d}.db").write_bytes(source.read_bytes())
    for week in range(30, 38):
        (folder / f"weekly-2026-W{week}.db").write_bytes(source.read_bytes())
    for _n in range(14):
        backups.make("pre-import")
    names = sorted(p.name for p in folder.glob("*.db"))
    assert len([n for n in names if n.startswith("daily-")]) == KEEP_DAILY
    assert len([n for n in names if n.startswith("weekly-")]) == KEEP_WEEKLY
    assert "daily-20261111.db" in names and "daily-20261101.db" not in names
    assert len([n for n in names if not n.startswith(("daily-", "weekly-", "pre-mig"))]) == 10
    assert upgrade.name in names


def test_newest_good_skips_a_damaged_copy(shop) -> None:
    backups = shop["app"].store.backups
    good = backups.make("manual")
    bad = backups.make("pre-merge")  # within the same second: still the newer one
    bad.write_bytes(b"not a database" * 100)
    assert newest_good(backups.folder)["path"] == str(good)
    assert [b["kind"] for b in list_backups(backups.folder)][:2] == ["pre-merge", "manual"]


def test_backup_folder_can_move(shop, tmp_path) -> None:
    app = shop["app"]
    target = tmp_path / "usb" / "leader-backups"
    with app.store.atomic("settings.backup_dir") as tx:
        tx.put_local("backup.dir", str(target))
    path = app.store.backups.make("manual")
    assert path.parent == target


def test_merge_and_import_take_a_backup_first(shop) -> None:
    app = shop["app"]
    app.members.merge(shop["zhang"]["id"], shop["li"]["id"])
    kinds = [b["kind"] for b in app.store.backups.list()]
    assert "pre-merge" in kinds
    pre = next(b for b in app.store.backups.list() if b["kind"] == "pre-merge")
    assert pre["counts"]["members"] == 2  # taken before the merge


def test_a_half_copy_another_process_is_writing_is_left_alone(tmp_path) -> None:
    """Two CLI commands side by side: the second one's clean-up at open removed the first one's
    pre-import copy while it was being written, and the first import failed ("….partial does
    not exist"). Only half-copies whose writer is gone are removed."""
    import subprocess
    import sys

    from storage.backup import clean_partials

    writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
        live = tmp_path / f"pre-import-1.db.{writer.pid}.partial"
        gone = tmp_path / f"pre-import-2.db.{dead}.partial"
        crashed = tmp_path / "daily-20261201.db.partial"
        for path in (live, gone, crashed):
            path.write_bytes(b"half")
        assert clean_partials(tmp_path) == 2
        assert live.exists() and not gone.exists() and not crashed.exists()
    finally:
        writer.kill()
        writer.wait()
