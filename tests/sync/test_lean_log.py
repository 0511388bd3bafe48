"""The lean change log (issue 15) as the leader and HQ see it: undo still works, a retried batch
is the same batch, a record deleted before it was sent reaches HQ as a delete, and images HQ
has acknowledged shrink to the audit summary once the undo window has passed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leader_app.errors import ConflictError, ValidationError
from storage import changelog_sql
from sync import outbox
from sync.engine import SyncEngine
from tests.sync.conftest import assert_hq_matches, make_desk, push_all


def _member(app) -> dict:
    return dict(app.store.conn.execute("SELECT * FROM members ORDER BY member_no").fetchone())


def _last_tx(app) -> str:
    return changelog_sql.recent(app.store.conn, 1)[0]["tx_id"]


def test_undo_after_a_later_change_was_itself_undone(fresh_db) -> None:
    app = fresh_db
    member = app.members.create({"name": "周梅", "mobile": "13912345678"})
    app.members.update(member["id"], {"nickname": "梅姐"})
    first = _last_tx(app)
    app.members.update(member["id"], {"nickname": "小周"})
    second = _last_tx(app)
    with pytest.raises(ConflictError):  # a later change stands in the way
        app.undo(first)
    app.undo(second)  # … until it is undone: the pair put the row back as `first` left it
    app.undo(first)
    row = app.members.get(member["id"])
    assert row["nickname"] == "" and row["name"] == "周梅"


def test_a_retried_batch_is_the_same_batch_and_hq_ends_equal(hq, tmp_path, creds) -> None:
    app, leader = make_desk(tmp_path, hq)
    box = outbox.Outbox(app.store)
    fixed = box.next_batch()
    assert fixed is not None and fixed.changes
    first = next(c for c in fixed.changes if c["entity"] == "members" and c["op"] == "insert")
    app.members.update(first["entity_id"], {"nickname": "改过了"})  # after the batch was fixed
    again = box.next_batch()
    assert again.batch_id == fixed.batch_id and again.changes == fixed.changes
    assert push_all(app).ok  # the later change goes in a later batch
    assert_hq_matches(app, hq, leader["leader_id"])
    assert hq.dump(leader["leader_id"], "members")[first["entity_id"]]["nickname"] == "改过了"


def test_a_record_deleted_before_it_was_sent_reaches_hq_as_a_delete(hq, tmp_path, creds) -> None:
    app, leader = make_desk(tmp_path, hq)
    assert push_all(app).ok
    member = app.members.create({"name": "吴昊", "mobile": "13700001111"})
    app.undo(_last_tx(app))  # the insert's row is gone before the desk went online
    sent = outbox.waiting(
        app.store.conn,
        int(
            app.store.conn.execute(
                "SELECT value FROM settings WHERE key = 'sync.acked_seq'"
            ).fetchone()[0]
        ),
    )
    ops = [(c["op"], c["data"]) for c in sent if c["entity_id"] == member["id"]]
    assert ops == [("delete", None), ("delete", None)]
    assert push_all(app).ok
    assert_hq_matches(app, hq, leader["leader_id"])
    assert member["id"] not in hq.dump(leader["leader_id"], "members")


def test_acknowledged_images_shrink_after_the_undo_window(hq, tmp_path, creds, monkeypatch) -> None:
    app, leader = make_desk(tmp_path, hq)
    member = _member(app)
    app.members.update(member["id"], {"nickname": "老主顾"})
    changed = _last_tx(app)
    monkeypatch.setattr(outbox, "KEEP_IMAGES", timedelta(seconds=-5))  # the window has passed
    assert push_all(app).ok
    conn = app.store.conn
    kept = conn.execute(
        "SELECT count(*) FROM change_log WHERE before IS NOT NULL OR after IS NOT NULL"
    ).fetchone()[0]
    assert kept == 0
    with pytest.raises(ValidationError) as refused:
        app.undo(changed)
    assert refused.value.code == "undo_too_old"
    summary = {r["tx_id"]: r for r in changelog_sql.recent(conn)}
    assert summary[changed]["changes"] == 1 and summary[changed]["action"] == "member.update"
    assert app.members.get(member["id"])["nickname"] == "老主顾"
    # A change made after the shrink keeps its images and undoes as before.
    app.members.update(member["id"], {"nickname": "新昵称"})
    app.undo(_last_tx(app))
    assert app.members.get(member["id"])["nickname"] == "老主顾"
    assert SyncEngine(app.store, sleep=lambda s: None).sync_once(deadline_seconds=30).ok
    assert_hq_matches(app, hq, leader["leader_id"])


def test_undoing_an_import_logs_references_and_cannot_itself_be_undone(fresh_db) -> None:
    from leader_app.importing.service import import_file
    from tests.conftest import SAMPLES

    app = fresh_db
    report = import_file(app.store, SAMPLES / "ktt_export.xlsx", new_campaign="团")
    conn = app.store.conn
    imported = conn.execute("SELECT count(*) FROM order_lines").fetchone()[0]
    changes = app.undo(report.tx_id)
    undo_tx = changes.tx_id
    assert conn.execute("SELECT count(*) FROM order_lines").fetchone()[0] == 0 < imported
    logged = changelog_sql.changes_of(conn, undo_tx)
    deletes = [c for c in logged if c["op"] == "delete"]
    assert len(deletes) >= imported
    assert all(c["before"] is None for c in deletes)  # the rows were references all along
    with pytest.raises(ValidationError) as refused:
        app.undo(undo_tx)
    assert refused.value.code == "undo_of_undo"


def test_a_record_counts_as_refused_until_it_changes_again(fresh_db) -> None:
    """verify leaves out records whose latest change HQ refused (sync_sql.rejected_ids)."""
    from storage import sync_sql

    app = fresh_db
    refused = app.members.create({"name": "郑爽", "mobile": "13600002222"})
    mended = app.members.create({"name": "钱多", "mobile": "13600003333"})
    conn = app.store.conn
    seqs = dict(
        conn.execute(
            "SELECT entity_id, max(seq) FROM change_log WHERE entity = 'members' GROUP BY 1"
        )
    )
    with app.store.local():
        sync_sql.ack(
            conn,
            {"batch_id": "b1", "last_seq": max(seqs.values())},
            0,
            [(seqs[m["id"]], "members", m["id"], "bad_field") for m in (refused, mended)],
            "2026-12-04T10:00:00Z",
        )
    assert sync_sql.rejected_ids(conn) == {("members", refused["id"]), ("members", mended["id"])}
    app.members.update(mended["id"], {"nickname": "钱钱"})  # changed since: HQ gets it again
    assert sync_sql.rejected_ids(conn) == {("members", refused["id"])}
