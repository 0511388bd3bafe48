"""Issue 12: re-enrolment under a leader that lacks this desk's data resends everything, and a
malformed catalog item from HQ is parked without ever blocking the pulls. Real HQ processes,
real desks, the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

from leader_app.app import LeaderApp
from storage import sync_sql
from sync.engine import enroll
from tests.conftest import ROOT
from tests.sync.conftest import assert_hq_matches, make_desk, push_all


def _cli(db, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_revoked_desk_enrolled_under_a_new_leader_resends_everything(hq, tmp_path, creds) -> None:
    app, first = make_desk(tmp_path, hq, orders=200, members=40)
    assert push_all(app).ok
    assert hq.stats(first["leader_id"])["orders"] == 200
    hq.cli("revoke-device", sync_sql.get(app.store.conn, "sync.device_id"))
    assert push_all(app).problem == "auth"
    second = hq.add_leader("王店长（新）")  # the only way to a code before HQ's enroll-code
    out = enroll(app.store, hq.url, second["enrollment_code"], "desk")
    assert out["resend"] is True
    result = push_all(app)
    assert (
        result.ok
        and result.pushed == app.store.conn.execute("SELECT COUNT(*) FROM change_log").fetchone()[0]
    )
    assert_hq_matches(app, hq, second["leader_id"])
    assert hq.stats(second["leader_id"])["members"] == 40
    app.close()


def test_copied_store_enrolled_as_a_new_leader_sends_its_history(hq, tmp_path, creds) -> None:
    app, first = make_desk(tmp_path, hq, orders=120, members=30)
    assert push_all(app).ok
    app.close()
    copy = tmp_path / "copy" / "shop.db"
    copy.parent.mkdir()
    shutil.copy2(app.store.path, copy)
    other = hq.add_leader("分店")
    enrolled = _cli(copy, "enroll", "--server", hq.url, "--code", other["enrollment_code"])
    assert enrolled.returncode == 0, enrolled.stderr
    synced = _cli(copy, "sync", "--once", "--json")
    assert synced.returncode == 0, synced.stderr
    data = json.loads(synced.stdout.strip().splitlines()[-1])
    assert data["pending"] == 0 and data["pushed"] > 0
    with LeaderApp.open(copy) as copied:
        assert_hq_matches(copied, hq, other["leader_id"])
    assert hq.stats(first["leader_id"])["orders"] == 120  # the original leader is untouched


def _publish_raw(hq, items: list[tuple[str, dict]]) -> None:
    """Rows as an older or faulty HQ stored them, straight into its catalog table."""
    conn = sqlite3.connect(hq.db)
    try:
        last = conn.execute("SELECT COALESCE(MAX(cursor), 0) FROM catalog").fetchone()[0]
        for n, (item_id, data) in enumerate(items, start=1):
            conn.execute(
                "INSERT INTO catalog (cursor, product_id, op, data, at, kind) "
                "VALUES (?, ?, 'upsert', ?, '2026-12-01T00:00:00Z', 'product')",
                (last + n, item_id, json.dumps({**data, "id": item_id}, ensure_ascii=False)),
            )
        conn.commit()
    finally:
        conn.close()


def test_malformed_catalog_items_are_parked_and_never_block_pulls(make_hq, tmp_path, creds) -> None:
    server = make_hq()
    app, _leader = make_desk(tmp_path, server, orders=20, members=10)
    db = app.store.path
    app.close()
    _publish_raw(
        server,
        [
            ("hq-bad-name", {"name": "", "spec": "", "price_fen": 100}),
            ("hq-bad-price", {"name": "负价橙", "spec": "1斤", "price_fen": -500}),
            ("hq-good", {"name": "黄岩蜜橘", "spec": "5斤", "price_fen": 3990}),
        ],
    )
    first = _cli(db, "sync", "--once", "--json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["pulled"] == 1 and data["catalog_parked"] == 2 and data["problem"] == ""
    _publish_raw(server, [("hq-later", {"name": "丹东草莓", "spec": "1斤", "price_fen": 2590})])
    second = _cli(db, "sync", "--once", "--json")
    assert json.loads(second.stdout)["pulled"] == 1  # the cursor moved past the bad ones
    with LeaderApp.open(db) as app:
        conn = app.store.conn
        parked = {r["hq_id"]: r["reason"] for r in sync_sql.catalog_rejects(conn)}
        assert set(parked) == {"hq-bad-name", "hq-bad-price"}
        assert parked["hq-bad-name"].startswith("name_required")
        assert parked["hq-bad-price"].startswith("money_negative")
        hq_ids = {r[0] for r in conn.execute("SELECT hq_id FROM products WHERE hq_id IS NOT NULL")}
        assert hq_ids == {"hq-good", "hq-later"}
        assert sync_sql.get(conn, "sync.last_error") == ""


def test_sync_json_prints_json_on_every_error(hq, tmp_path, creds) -> None:
    app, _leader = make_desk(tmp_path, hq, orders=10, members=5)
    db = app.store.path
    app.close()
    hq.kill()  # offline: a problem, in JSON, and remembered as the last error
    offline = _cli(db, "sync", "--once", "--json", "--timeout", "1")
    data = json.loads(offline.stdout)
    assert offline.returncode == 1 and data["problem"] == "offline" and data["message"]
    with LeaderApp.open(db) as app:
        assert "cannot be reached" in sync_sql.get(app.store.conn, "sync.last_error")
    # A local failure: the command line works beside an open desk now, so a held store is no
    # error; a file that is not a store is.
    broken = tmp_path / "not-a-store.db"
    broken.write_bytes(b"this is not an SQLite file, " * 200)
    local = _cli(broken, "sync", "--once", "--json")
    data = json.loads(local.stdout)
    assert local.returncode == 1 and data["problem"] == "local"
    assert data["code"] in ("store_corrupt", "store_unreadable")
    assert "Traceback" not in local.stderr
