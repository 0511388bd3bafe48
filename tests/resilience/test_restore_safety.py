"""Issue 12, fault 3: a backup, 3 pickups, then one damaged entry of an order-lines index
(quick_check ok, integrity_check not). The repair keeps every row; a restore says what it would
lose and records the lost pickups again; the damaged file is always kept. Real CLI processes on
real files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from leader_app.app import LeaderApp
from leader_app.demo import generate
from tests.conftest import ROOT
from tests.resilience.conftest import TRIED, consistent


def cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "LEADER_APP_LOCK_WAIT": "5"},
        timeout=120,
    )


def _varint(data: bytearray, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[pos + i]
        if i == 8:
            return (value << 8) | byte, 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, i + 1
    raise AssertionError("unreachable")


def _serial_size(t: int) -> int:
    return {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8, 8: 0, 9: 0}.get(t, (t - 12) // 2)


def damage_index_entry(db: Path, index: str) -> None:
    """Point the first entry of `index` at rowid 0, a row that does not exist. The b-trees
    stay well-formed (quick_check ok); the index no longer matches its table."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)).fetchone()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    page = root[0]
    while True:
        start = (page - 1) * page_size
        head = start + (100 if page == 1 else 0)
        if data[head] == 0x02:  # interior index page: follow the leftmost child
            cell = start + int.from_bytes(data[head + 12 : head + 14], "big")
            page = int.from_bytes(data[cell : cell + 4], "big")
            continue
        assert data[head] == 0x0A, "an index leaf page"
        pos = start + int.from_bytes(data[head + 8 : head + 10], "big")
        _size, n = _varint(data, pos)
        record = pos + n
        header, n = _varint(data, record)
        types, at, p = [], [], record + n
        while p < record + header:
            t, n = _varint(data, p)
            types.append(t)
            at.append(p)
            p += n
        sizes = [_serial_size(t) for t in types]
        if types[-1] == 9:  # rowid 1 is stored as the constant "integer 1": make it 0
            data[at[-1]] = 8
        else:
            rowid_at = record + header + sum(sizes[:-1])
            data[rowid_at : rowid_at + sizes[-1]] = bytes(sizes[-1])
        break
    db.write_bytes(bytes(data))


def shop_with_backup_then_3_pickups(
    tmp_path: Path, damage: bool = True
) -> tuple[Path, Path, list[str]]:
    db = tmp_path / "shop.db"
    with LeaderApp.open(db) as app:
        generate(app, members=30, orders=300, seed=3)
        campaign, placed = app.store.conn.execute(
            "SELECT c.id, COUNT(*) FROM campaigns c JOIN orders o ON o.campaign_id = c.id "
            "WHERE c.status = 'arrived' AND o.status = 'placed'"
        ).fetchone()
        assert placed >= 3
    made = cli(db, "backup", "--json")
    assert made.returncode == 0, made.stderr
    backup = Path(json.loads(made.stdout)["path"])
    codes = json.loads(cli(db, "codes", "--campaign", campaign, "--json").stdout)
    picked = []
    for code in codes:
        if len(picked) == 3:
            break
        if cli(db, "pickup", code["qr_payload"], "--dry-run").returncode == 0:
            done = cli(db, "pickup", code["qr_payload"], "--by", "王店长")
            assert done.returncode == 0, done.stderr
            picked.append(code["qr_payload"])
    assert len(picked) == 3
    if not damage:
        return db, backup, picked
    damage_index_entry(db, "ix_order_lines_order")
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        found = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        assert any("missing from index ix_order_lines_order" in f for f in found), found
    finally:
        conn.close()
    return db, backup, picked


def _picked_up(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM orders WHERE status = 'picked_up'").fetchone()[0]
    finally:
        conn.close()


def test_index_damage_is_repaired_keeping_every_pickup(tmp_path) -> None:
    db, backup, picked = shop_with_backup_then_3_pickups(tmp_path)
    before = _picked_up(db)
    checked = cli(db, "check", "--json")
    assert checked.returncode == 1 and json.loads(checked.stdout)["ok"] is False
    preview = json.loads(cli(db, "restore", str(backup), "--dry-run", "--json").stdout)
    assert preview["pickups"] == 3 and preview["orders"] == 0  # what the old offer hid
    repaired = cli(db, "repair", "--json")
    assert repaired.returncode == 0, repaired.stderr
    out = json.loads(repaired.stdout)
    assert out["method"] == "reindex" and out["rows_lost"] == 0
    damaged = Path(out["damaged_copy"])
    assert damaged.is_file() and damaged.name.startswith("shop.db.damaged-")
    assert oct(damaged.stat().st_mode & 0o777) == "0o600"
    assert _picked_up(db) == before  # nothing lost
    assert cli(db, "check", "--json").returncode == 0
    for code in picked:
        assert cli(db, "pickup", code, "--dry-run").returncode == 2  # already picked up
    consistent(db)
    leftovers = [p.name for p in backup.parent.iterdir() if ".partial" in p.name]
    assert leftovers == []
    TRIED["fault cases: damaged index repaired (REINDEX)"] += 1


def test_a_damaged_table_is_copied_row_by_row(tmp_path) -> None:
    """Damage a table page as well: the copy keeps every row it can read."""
    db, _backup, _picked = shop_with_backup_then_3_pickups(tmp_path)
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tx_log'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    total = conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    conn.close()
    with db.open("r+b") as fh:  # scribble over the tx_log table's root page
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * page_size)
    out = json.loads(cli(db, "repair", "--json").stdout)
    assert out["method"] == "copy" and out["rows_lost"] > 0
    checked = cli(db, "check", "--json")  # the file is sound; the lost tx_log rows show
    assert json.loads(checked.stdout)["integrity"] == ["ok"] and "Traceback" not in checked.stderr
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == total
    finally:
        conn.close()
    TRIED["fault cases: damaged table copied row by row"] += 1


def test_restoring_the_older_backup_records_the_lost_pickups_again(tmp_path) -> None:
    db, backup, picked = shop_with_backup_then_3_pickups(tmp_path)
    before = _picked_up(db)
    restored = cli(db, "restore", str(backup), "--json")
    assert restored.returncode == 0, restored.stderr
    out = json.loads(restored.stdout)
    assert out["pickups_recorded_again"] == 3 and out["lost_orders"] == 0
    assert ".damaged-" in out["safety_backup"] and Path(out["safety_backup"]).is_file()
    assert _picked_up(db) == before
    for code in picked:  # not pickable a second time
        again = cli(db, "pickup", code, "--json")
        assert again.returncode == 2 and json.loads(again.stdout)["result"] == "already_picked_up"
    consistent(db)
    TRIED["fault cases: restore keeps the pickups made since the backup"] += 1
