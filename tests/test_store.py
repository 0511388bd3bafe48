"""The data file: pragmas, migrations with a backup first, locking, undo and the change log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from leader_app.app import LeaderApp
from leader_app.errors import ConflictError, StoreError, ValidationError
from storage import migrations
from storage.backup import backup_to, restore_from, verify
from storage.db import Store, default_db_path
from storage.integrity import check
from tests.conftest import table_dump


def test_pragmas(fresh_db) -> None:
    conn = fresh_db.store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert migrations.current_version(conn) == migrations.LATEST


def test_env_variable_overrides_default_path(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("LEADER_APP_DB", str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"


def test_second_instance_is_refused_and_released_on_close(db_path) -> None:
    first = LeaderApp.open(db_path)
    with pytest.raises(StoreError) as info:
        LeaderApp.open(db_path)
    assert info.value.code == "store_in_use"
    first.close()
    LeaderApp.open(db_path).close()


def test_backup_taken_before_migrating_an_existing_store(db_path, monkeypatch) -> None:
    LeaderApp.open(db_path).close()
    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, "CREATE TABLE extra (x INTEGER);"]
    )
    monkeypatch.setattr(migrations, "LATEST", len(migrations.MIGRATIONS))
    store = Store.open(db_path)
    try:
        assert store.migrated == [migrations.LATEST]
        assert store.pre_migration_backup and store.pre_migration_backup.exists()
        old = sqlite3.connect(store.pre_migration_backup)
        assert old.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST - 1
        old.close()
    finally:
        store.close()


def test_store_from_a_newer_version_is_refused(db_path) -> None:
    LeaderApp.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError) as info:
        Store.open(db_path)
    assert info.value.code == "store_too_new"


def test_not_a_database_is_refused(db_path) -> None:
    db_path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 100)
    with pytest.raises(StoreError) as info:
        Store.open(db_path)
    assert info.value.code == "store_unreadable"


def test_failed_service_rolls_back_everything(shop) -> None:
    app = shop["app"]
    before = table_dump(app)
    with pytest.raises(RuntimeError), app.store.atomic("test") as tx:
        app.members.create({"name": "王五", "mobile": "13700000009"}, tx=tx)
        raise RuntimeError("boom")
    assert table_dump(app) == before


def test_undo_order_creation_and_edit(shop) -> None:
    app = shop["app"]
    seen = []
    app.on_change(seen.append)
    order = app.orders.create(
        shop["campaign"]["id"],
        shop["zhang"]["id"],
        [{"item_id": shop["strawberry"]["id"], "quantity": 2}],
    )
    create_tx = seen[-1].tx_id
    assert seen[-1].touches("orders", "order_lines")
    app.orders.replace_lines(order["id"], [{"item_id": shop["strawberry"]["id"], "quantity": 5}])
    app.undo(seen[-1].tx_id)
    assert app.orders.get(order["id"])["amount_fen"] == 2 * 2990
    app.undo(create_tx)
    assert app.store.conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 0
    with pytest.raises(ValidationError):
        app.undo(create_tx)
    assert check(app.store.conn)["ok"]


def test_undo_refuses_when_changed_since(shop) -> None:
    app = shop["app"]
    seen = []
    app.on_change(seen.append)
    app.members.update(shop["li"]["id"], {"nickname": "李姐"})
    first = seen[-1].tx_id
    app.members.update(shop["li"]["id"], {"nickname": "李大姐"})
    with pytest.raises(ConflictError):
        app.undo(first)


def test_change_log_replays_to_the_data(shop) -> None:
    """The outbox is complete: replaying what HQ would receive, from empty, rebuilds every
    synced table, with nothing deleted sent as live."""
    from tests.resilience.conftest import replayed

    app = shop["app"]
    order = app.orders.create(
        shop["campaign"]["id"],
        shop["zhang"]["id"],
        [{"item_id": shop["eggs"]["id"], "quantity": 2}],
    )
    app.orders.pick_up(order["id"])
    app.members.merge(shop["zhang"]["id"], shop["li"]["id"])
    state = replayed(app.store.conn)
    for table in ("members", "products", "campaigns", "campaign_items", "orders", "order_lines"):
        rows = {r["id"]: dict(r) for r in app.store.conn.execute(f"SELECT * FROM {table}")}
        replay = {k: v for (t, k), v in state.items() if t == table}
        assert replay == rows and rows, table


def test_change_log_is_lean(shop) -> None:
    """An insert logs a reference, an update the changed columns as they were and became, a
    delete the whole row; a transaction's changes are one run of seq recorded in tx_log."""
    app = shop["app"]
    conn = app.store.conn
    start = conn.execute("SELECT max(seq) FROM change_log").fetchone()[0]
    app.members.update(shop["li"]["id"], {"nickname": "李大姐"})
    rows = conn.execute(
        "SELECT entity, entity_id, op, before, after FROM change_log WHERE seq > ?", (start,)
    ).fetchall()
    assert [tuple(r[:3]) for r in rows] == [("members", shop["li"]["id"], "update")]
    before, after = json.loads(rows[0]["before"]), json.loads(rows[0]["after"])
    assert after["nickname"] == "李大姐" and before["nickname"] != "李大姐"
    assert "name" not in after and "mobile" not in before  # unchanged columns are not copied
    inserts = conn.execute(
        "SELECT count(*), count(before), count(after) FROM change_log WHERE op = 'insert'"
    ).fetchone()
    assert inserts[0] > 0 and tuple(inserts[1:]) == (0, 0)
    total = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    ranges = conn.execute(
        "SELECT sum(last_seq - first_seq + 1) FROM tx_log WHERE first_seq IS NOT NULL"
    ).fetchone()[0]
    assert ranges == total


def test_every_table_and_id_reads_back_through_the_log_view(fresh_db) -> None:
    """change_rows keeps an entity code and 16-byte ids; the change_log view must spell every
    table of the write API and every kind of id back exactly."""
    from storage.tx import ENTITY_CODES, OP_CODES, TABLES, id_key, new_id

    assert set(ENTITY_CODES) == set(TABLES) and len(set(ENTITY_CODES.values())) == len(TABLES)
    conn = fresh_db.store.conn
    ids = [new_id(), "shop_name", "ABCDEF01-2345-6789-ABCD-EF0123456789", "x" * 36]
    wanted = [(t, i, op) for t in TABLES for i in ids for op in OP_CODES]
    start = conn.execute("SELECT coalesce(max(seq), 0) FROM change_rows").fetchone()[0]
    with conn:
        conn.executemany(
            "INSERT INTO change_rows (kind, entity_id) VALUES (?, ?)",
            [(ENTITY_CODES[t] * 4 + OP_CODES[op], id_key(i)) for t, i, op in wanted],
        )
    back = conn.execute(
        "SELECT entity, entity_id, op FROM change_log WHERE seq > ? ORDER BY seq", (start,)
    ).fetchall()
    assert [tuple(r) for r in back] == wanted
    assert isinstance(id_key(ids[0]), bytes) and id_key(ids[2]) == ids[2]


def test_ids_are_time_ordered_uuid7() -> None:
    import uuid

    from storage.tx import new_id

    ids = [new_id() for _ in range(20_000)]  # many per millisecond: the counter keeps order
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for value in ids[::997]:
        parsed = uuid.UUID(value)
        assert str(parsed) == value and parsed.version == 7 and parsed.variant == uuid.RFC_4122


def test_shop_secret_is_local_and_stable(db_path) -> None:
    with LeaderApp.open(db_path) as app:
        secret = app.ensure_shop_secret()
        logged = app.store.conn.execute(
            "SELECT COUNT(*) FROM change_log WHERE entity_id = 'shop_secret'"
        ).fetchone()[0]
    assert len(secret) == 64 and logged == 0
    with LeaderApp.open(db_path) as app:
        assert app.ensure_shop_secret() == secret


def test_backup_and_restore_round_trip(shop, tmp_path) -> None:
    app = shop["app"]
    dest = backup_to(app.store.conn, tmp_path / "b" / "copy.db")
    assert verify(dest)["members"] == 2
    app.members.create({"name": "王五", "mobile": "13700000003"})
    assert restore_from(app.store.conn, dest)["members"] == 2
    assert app.store.conn.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 2


def test_corrupt_backup_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00" * 4096)
    with pytest.raises(StoreError):
        verify(bad)


def test_demo_data_is_consistent(fresh_db) -> None:
    from leader_app.demo import generate

    made = generate(fresh_db, members=50, orders=500, seed=3)
    assert made["orders"] == 500 and made["campaigns"] == 12
    result = check(fresh_db.store.conn)
    assert result["ok"], result


def test_ids_from_several_threads_never_share_a_time_and_counter() -> None:
    """The writer, sync and GUI threads all make ids. Each (millisecond, counter) pair must be
    handed out once, or two ids made at once sort by chance instead of by creation."""
    import sys
    import threading

    from storage.tx import new_id

    made: list[list[str]] = [[] for _ in range(4)]

    def work(out: list[str]) -> None:
        for _ in range(20_000):
            out.append(new_id())

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to expose a race
    try:
        threads = [threading.Thread(target=work, args=(out,)) for out in made]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    prefixes = [i[:18] for out in made for i in out]  # 48 bits of time + version + 12-bit counter
    assert len(set(prefixes)) == len(prefixes)
    for out in made:
        assert out == sorted(out)


def test_bulk_inserts_on_the_writer_thread_are_seen_in_order_and_logged(fresh_db) -> None:
    """insert_many hands big batches to a second thread. Whatever the transaction reads next
    sees them; small inserts queued after big ones keep their order (members before the
    orders that point at them); every row is logged once."""
    import sys

    from storage.tx import BulkWriter, new_id

    app = fresh_db
    interval = sys.getswitchinterval()
    count = 3 * BulkWriter.ROWS + 7  # several multi-row statements and a short last one
    rows = [
        {"key": f"bulk.{i:05d}", "value": new_id()} for i in range(count)
    ]  # settings: the smallest table the write API knows
    with app.store.atomic("test.bulk") as tx:
        tx.insert_many("settings", rows)
        tx.insert_many("settings", [{"key": "bulk.after", "value": "x"}])  # queued behind
        seen = tx.conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'bulk.%'")
        assert seen.fetchone()[0] == count + 1
        first = tx.first_seq
    assert sys.getswitchinterval() == interval  # lowered only while the writer ran
    conn = app.store.conn
    stored = dict(conn.execute("SELECT key, value FROM settings WHERE key LIKE 'bulk.%'"))
    assert stored == {**{r["key"]: r["value"] for r in rows}, "bulk.after": "x"}
    logged = conn.execute(
        "SELECT entity_id FROM change_log WHERE seq >= ? AND entity = 'settings' "
        "AND op = 'insert' ORDER BY seq",
        (first,),
    ).fetchall()
    assert [r[0] for r in logged] == [r["key"] for r in rows] + ["bulk.after"]


def test_a_failing_bulk_insert_rolls_the_whole_transaction_back(fresh_db) -> None:
    """The writer thread's error reaches the transaction's thread, and nothing is written:
    not the rows before the bad one, not the earlier batches, not the change log."""
    from storage.tx import BulkWriter

    app = fresh_db
    before = table_dump(app)
    rows = [{"key": f"bad.{i}", "value": "v"} for i in range(2 * BulkWriter.ROWS)]
    rows[BulkWriter.ROWS + 5]["key"] = "bad.3"  # a duplicate key, deep in the second batch
    with pytest.raises(StoreError), app.store.atomic("test.bulk") as tx:
        tx.insert_many("settings", rows[: BulkWriter.ROWS])
        tx.insert_many("settings", rows[BulkWriter.ROWS :])
    assert table_dump(app) == before
    assert (
        app.store.conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'bad.%'").fetchone()[0]
        == 0
    )


def test_a_forked_child_makes_ids_of_its_own() -> None:
    """The ids' random bits come from a seeded generator: a forked child reseeds it, or it
    would hand out its parent's next ids."""
    import os

    from storage.tx import new_id

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next ids, to the parent
        os.write(write, "".join(new_id()[19:] for _ in range(50)).encode())
        os._exit(0)
    os.close(write)
    theirs = b""
    while chunk := os.read(read, 65536):
        theirs += chunk
    os.waitpid(pid, 0)
    ours = "".join(new_id()[19:] for _ in range(50))
    assert len(theirs) == len(ours) and theirs.decode() != ours


def test_a_paused_index_is_built_again_at_commit_and_kept_on_rollback(fresh_db) -> None:
    """pause_index drops an index for a bulk insert and builds it again before COMMIT: after
    the transaction it is there, with the same definition, and the planner uses it; a
    transaction that fails brings it back without ever having lost it."""
    from leader_app.demo import generate

    app = fresh_db
    generate(app, members=30, orders=200, seed=1)
    conn = app.store.conn
    name = "ix_orders_member_activity"

    def definition() -> str | None:
        row = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    sql = definition()
    assert sql is not None
    with app.store.atomic("test.pause") as tx:
        tx.pause_index(name)
        gone = tx.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (name,))
        assert gone.fetchone()[0] == 0
        tx.put_setting("shop.name", "x")
    assert definition() == sql
    plan = " ".join(
        str(tuple(r))
        for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT member_id, count(*) FROM orders "
            "WHERE status IN ('placed', 'picked_up') GROUP BY member_id"
        )
    )
    assert name in plan
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with pytest.raises(RuntimeError), app.store.atomic("test.pause") as tx:
        tx.pause_index(name)
        raise RuntimeError("boom")
    assert definition() == sql


def test_ids_made_in_bulk_are_the_ids_new_id_would_make() -> None:
    """new_ids builds many ids column by column; each must be a valid UUIDv7, in order, unique,
    with what new_id makes next after all of them, and with id_keys' 16 bytes."""
    import uuid

    from storage.tx import id_key, id_keys, new_id, new_ids

    before = new_id()
    made = new_ids(10_000)  # more than one millisecond's 4,096 counter values
    after = new_id()
    assert len(made) == len(set(made)) == 10_000
    assert [before, *made, after] == sorted([before, *made, after])
    for text in (made[0], made[4095], made[4096], made[-1]):
        parsed = uuid.UUID(text)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122 and str(parsed) == text
    assert id_keys(made) == [uuid.UUID(t).bytes for t in made]
    assert new_ids(0) == []
    # id_keys takes its fast path only when every value is a lowercase UUID
    odd = [made[0], "shop_name", made[1].upper(), made[2][:35] + " ", "x" * 36]
    assert id_keys(odd) == [id_key(v) for v in odd]
    assert id_keys([made[3][:9] + "-" + made[3][10:]]) == [made[3][:9] + "-" + made[3][10:]]


def test_a_bulk_transaction_checks_each_reference_once_at_the_end(shop) -> None:
    """Store.atomic(bulk=True), as an import writes: SQLite's row-by-row foreign-key checks
    are off for that one transaction, and every reference it wrote is checked at the end. A
    row pointing at nothing fails it whole, as SQLite's deferred check did; one pointing at a
    row written later in the same transaction, or already in the store, is fine. After it,
    commit or rollback, the connection checks foreign keys again."""
    from storage.tx import new_id

    app = shop["app"]
    conn = app.store.conn
    member = shop["zhang"]
    before = table_dump(app)

    def order(member_id: str) -> dict:
        return {
            "id": new_id(),
            "campaign_id": shop["campaign"]["id"],
            "member_id": member_id,
            "seq": 900 + len(made),
            "order_no": f"1128-{900 + len(made)}",
            "created_at": "2026-11-27T00:00:00Z",
            "updated_at": "2026-11-27T00:00:00Z",
        }

    made: list[dict] = []
    ghost = new_id()
    with pytest.raises(StoreError) as refused, app.store.atomic("test.bulk", bulk=True) as tx:
        made.append(order(member["id"]))
        made.append(order(ghost))  # no such member, now or later
        tx.insert_many("orders", made)
    assert "FOREIGN KEY" in str(refused.value) and ghost in str(refused.value)
    assert table_dump(app) == before
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1

    newcomer = {"id": new_id(), "member_no": 99, "name": "新邻居", "created_at": "x"}
    newcomer["updated_at"] = "x"
    with app.store.atomic("test.bulk", bulk=True) as tx:
        made.clear()
        made.append(order(newcomer["id"]))  # the member comes later in the transaction
        tx.insert_many("orders", made)
        tx.insert_many("members", [newcomer])
        with pytest.raises(sqlite3.IntegrityError):
            tx.delete("members", member["id"])  # nothing would check what points at it
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert check(conn)["foreign_keys"] == []
    with pytest.raises(StoreError), app.store.atomic("test.plain") as tx:
        tx.insert_many("orders", [order(new_id())])  # SQLite's own check is back


def _journal(conn: sqlite3.Connection) -> str:
    return conn.execute("PRAGMA journal_mode").fetchone()[0]


def _setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def test_a_bulk_transaction_alone_on_the_store_goes_through_a_rollback_journal(shop) -> None:
    """Its pages are then written once, into the store, not into the WAL and again by the
    checkpoint. Commit or rollback, the store is in WAL again after it; with another
    connection open (the desk's readers) it stays in WAL throughout, and does not wait."""
    import time

    app = shop["app"]
    conn = app.store.conn
    with app.store.atomic("test.bulk", bulk=True) as tx:
        assert _journal(tx.conn) == "delete"
        tx.put_setting("bulk.one", "1")
    assert _journal(conn) == "wal"
    with pytest.raises(ValidationError), app.store.atomic("test.bulk", bulk=True) as tx:
        tx.put_setting("bulk.two", "2")
        raise ValidationError("nothing_to_import", path="x.xlsx")
    assert _journal(conn) == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
    keys = {r[0] for r in conn.execute("SELECT key FROM settings WHERE key LIKE 'bulk.%'")}
    assert keys == {"bulk.one"}

    reader = app.store.reader()
    try:
        assert reader.conn.execute("SELECT count(*) FROM settings").fetchone()[0] > 0
        start = time.monotonic()
        with app.store.atomic("test.bulk", bulk=True) as tx:
            assert _journal(tx.conn) == "wal"
            tx.put_setting("bulk.three", "3")
        assert time.monotonic() - start < 5  # not the 10 s busy timeout
        assert _setting(reader.conn, "bulk.three") == "3"
    finally:
        reader.close()


HOLDS_A_BULK_TRANSACTION = """
import sys, time
sys.path.insert(0, sys.argv[2])
from storage.db import Store
store = Store.open(sys.argv[1], lock=False)
with store.atomic("test.bulk", bulk=sys.argv[4] == "bulk") as tx:
    tx.put_setting("bulk.other", "written")
    print(tx.conn.execute("PRAGMA journal_mode").fetchone()[0], flush=True)
    time.sleep(float(sys.argv[3]))
store.close()
"""


@contextmanager
def _another_writer(db_path, seconds: float, kind: str = "bulk") -> Iterator[None]:
    """Another process inside a transaction on the store for `seconds`: a bulk one, alone
    on the store (through a rollback journal), or a plain one through the WAL (`kind`
    "plain"). It must then commit and exit cleanly."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDS_A_BULK_TRANSACTION, str(db_path), str(root), str(seconds)]
        + [kind],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        expected = "delete" if kind == "bulk" else "wal"
        assert child.stdout.readline().strip() == expected  # inside its transaction
        yield
        assert child.wait(timeout=30) == 0
    finally:
        child.kill()
        child.wait()


def test_opening_the_store_during_another_process_bulk_write_waits_for_its_commit(
    db_path,
) -> None:
    """Out of WAL, SQLite refuses a new connection's switch back to it at once ("database is
    locked"), without waiting as busy_timeout would: the desk, started while the command
    line imports, said the store was unreadable. It now waits for the commit, and opens."""
    Store.open(db_path).close()
    with _another_writer(db_path, 1.0):
        store = Store.open(db_path, lock=False)
        try:
            assert _journal(store.conn) == "wal"
            assert _setting(store.conn, "bulk.other") == "written"
        finally:
            store.close()


def test_a_store_busy_past_the_timeout_is_called_busy_not_damaged(db_path) -> None:
    """The desk opens with check=True: after a failed open it probes the file for damage,
    and a file another process still held for writing read as damaged ("database is
    locked"), with advice to restore a backup. A busy file is now called busy."""
    Store.open(db_path).close()
    with _another_writer(db_path, 3.0), pytest.raises(StoreError) as busy:
        Store.open(db_path, lock=False, check=True, busy_seconds=0.3)
    assert busy.value.code == "store_busy"
    Store.open(db_path, lock=False, check=True).close()  # and opens once it is done


def test_a_write_that_waits_out_another_process_says_so(db_path) -> None:
    """ "Saving failed and nothing was changed: database is locked" did not say that another
    program held the file, nor that trying again later would do."""
    Store.open(db_path).close()
    with _another_writer(db_path, 3.0, "plain"):
        store = Store.open(db_path, lock=False, busy_seconds=0.3)
        try:
            with pytest.raises(StoreError) as busy, store.atomic("test.write") as tx:
                tx.put_setting("mine", "1")
        finally:
            store.close()
    assert busy.value.code == "store_write_busy"
