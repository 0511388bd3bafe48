"""Issue 12: drift between desk and HQ is detected from HQ's digest and repaired. Real HQ
processes, the real CLI, real files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from leader_app.app import LeaderApp
from leader_app.demo_files import write_ktt_csv
from storage import sync_sql
from sync.engine import SyncEngine, enroll
from tests.sync.conftest import assert_hq_matches, make_desk, push_all
from tests.sync.test_reenrol_and_catalog import _cli


def _desk_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {
            "members": conn.execute("SELECT COUNT(*) FROM members").fetchone()[0],
            "orders": conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0],
            "order_lines": conn.execute("SELECT COUNT(*) FROM order_lines").fetchone()[0],
            "pickups": conn.execute(
                "SELECT COUNT(*) FROM orders WHERE status = 'picked_up'"
            ).fetchone()[0],
        }
    finally:
        conn.close()


def _hq_forgets(db: str, ids: list[str]) -> None:
    if db.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            for entity_id in ids:
                conn.execute("DELETE FROM records WHERE entity_id = %s", (entity_id,))
        return
    conn = sqlite3.connect(db)
    conn.executemany("DELETE FROM records WHERE entity_id = ?", [(i,) for i in ids])
    conn.commit()
    conn.close()


def test_restore_then_sync_tombstones_what_hq_kept(hq, tmp_path, creds) -> None:
    """Back up, import 11 orders, sync, restore the backup, sync: HQ must drop the 11 orders
    and their campaign, and say so through verify."""
    app, leader = make_desk(tmp_path, hq, orders=150, members=30)
    assert push_all(app).ok
    db = app.store.path
    app.close()
    backup = json.loads(_cli(db, "backup", "--json").stdout)["path"]
    rows = write_ktt_csv(tmp_path / "eleven.csv", 20, seed=12)  # 20 lines: 11 orders
    imported = _cli(db, "import", str(rows), "--new-campaign", "十一单", "--json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["orders_imported"] == 11
    assert _cli(db, "sync", "--once", "--json").returncode == 0
    assert hq.stats(leader["leader_id"])["orders"] == 161
    assert _cli(db, "restore", backup).returncode == 0
    verified = _cli(db, "sync", "--verify", "--json")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    out = json.loads(verified.stdout)
    assert out["in_sync"] is True and out["differences"] == {}
    assert len(out["found"]["orders"]["hq_only"]) == 11
    assert len(out["found"]["campaigns"]["hq_only"]) == 1
    stats = hq.stats(leader["leader_id"])
    desk = _desk_counts(db)
    assert {k: stats[k] for k in desk} == desk
    with LeaderApp.open(db) as again:
        assert_hq_matches(again, hq, leader["leader_id"])
    again_out = json.loads(_cli(db, "sync", "--verify", "--json").stdout)
    assert again_out["in_sync"] and again_out["found"] == {}  # nothing left to repair


def test_hq_that_lost_records_gets_them_back(hq, tmp_path, creds) -> None:
    """Re-enrolled under the same leader after HQ lost rows: the watermark says all was
    sent, the digest says otherwise, and the repair resends exactly what is missing."""
    app, leader = make_desk(tmp_path, hq, orders=120, members=25)
    assert push_all(app).ok
    victim = app.store.conn.execute("SELECT id FROM orders LIMIT 3").fetchall()
    _hq_forgets(hq.db, [v[0] for v in victim])  # HQ restored from an older backup of its own
    code = hq.cli("enroll-code", leader["leader_id"])
    out = enroll(app.store, hq.url, code["enrollment_code"], "desk")
    assert out["resend"] is False  # same leader, same HQ: nothing to resend wholesale
    result = SyncEngine(app.store).sync_once(60)
    assert result.ok and result.drift_repaired == 3
    assert sync_sql.get(app.store.conn, "sync.verify_due") == "0"
    assert_hq_matches(app, hq, leader["leader_id"])
    app.close()


def test_verify_after_reenrolment_under_a_new_leader(hq, tmp_path, creds) -> None:
    app, first = make_desk(tmp_path, hq, orders=80, members=20)
    assert push_all(app).ok
    hq.cli("revoke-device", sync_sql.get(app.store.conn, "sync.device_id"))
    second = hq.add_leader("新号")
    enroll(app.store, hq.url, second["enrollment_code"], "desk")
    assert push_all(app).ok
    db = app.store.path
    app.close()
    out = json.loads(_cli(db, "sync", "--verify", "--json").stdout)
    assert out["in_sync"] is True and out["found"] == {}
    stats = hq.stats(second["leader_id"])
    desk = _desk_counts(db)
    assert {k: stats[k] for k in desk} == desk


def test_restoring_a_backup_from_before_enrolment_keeps_the_desk_enrolled(
    hq, tmp_path, creds
) -> None:
    """The leader backs up, enrols, works, then restores the older backup. The restored store
    knows nothing of HQ, but the desk is still the enrolled one (its token is outside the
    store): it must stay enrolled and sync, not say "not enrolled" for ever."""
    app = LeaderApp.open(tmp_path / "shop.db")
    from leader_app.demo import generate

    generate(app, members=20, orders=60, seed=4)
    db = app.store.path
    app.close()
    backup = json.loads(_cli(db, "backup", "--json").stdout)["path"]
    leader = hq.add_leader()
    with LeaderApp.open(db) as desk:
        enroll(desk.store, hq.url, leader["enrollment_code"], "desk")
        assert push_all(desk).ok
    rows = write_ktt_csv(tmp_path / "more.csv", 20, seed=5)
    assert _cli(db, "import", str(rows), "--new-campaign", "后来", "--json").returncode == 0
    assert _cli(db, "sync", "--once", "--json").returncode == 0
    restored = _cli(db, "restore", backup, "--json")
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["kept_enrolment"] is True
    synced = _cli(db, "sync", "--once", "--json")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert json.loads(synced.stdout.splitlines()[-1])["problem"] == ""
    stats = hq.stats(leader["leader_id"])
    desk = _desk_counts(db)
    assert {k: stats[k] for k in desk} == desk  # HQ dropped what came after the backup
