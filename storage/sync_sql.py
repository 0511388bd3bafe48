"""The sync outbox and its bookkeeping: watermark, batches, parked rejects, HQ product ids."""

from __future__ import annotations

import sqlite3
from typing import Any

from storage.tx import TABLES

ACKED = "sync.acked_seq"


def get(conn: sqlite3.Connection, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def put(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
        "DO UPDATE SET value = excluded.value",
        (key, value),
    )


def acked_seq(conn: sqlite3.Connection) -> int:
    return int(get(conn, ACKED, "0") or 0)


def pending_count(conn: sqlite3.Connection) -> int:
    return conn.execute(
        "SELECT COUNT(*) FROM change_log WHERE seq > ?", (acked_seq(conn),)
    ).fetchone()[0]


def open_batch(conn: sqlite3.Connection) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT * FROM sync_batches WHERE status = 'pending' ORDER BY first_seq LIMIT 1"
    ).fetchone()
    return dict(row) if row else None


def changes_after(conn: sqlite3.Connection, seq: int, limit: int) -> list[dict[str, Any]]:
    return _with_tx(
        conn,
        conn.execute(
            "SELECT seq, entity, entity_id, op FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?",
            (seq, limit),
        ).fetchall(),
    )


def changes_between(conn: sqlite3.Connection, first: int, last: int) -> list[dict[str, Any]]:
    return _with_tx(
        conn,
        conn.execute(
            "SELECT seq, entity, entity_id, op FROM change_log WHERE seq BETWEEN ? AND ? "
            "ORDER BY seq",
            (first, last),
        ).fetchall(),
    )


def _with_tx(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    """Each change with its transaction's id and time (a transaction is a run of seq)."""
    if not rows:
        return []
    txs = conn.execute(  # from the transaction holding the first change: an index range
        "SELECT tx_id, at, first_seq, last_seq FROM tx_log WHERE first_seq BETWEEN "
        "(SELECT max(first_seq) FROM tx_log WHERE first_seq <= ?) AND ? ORDER BY first_seq",
        (rows[0]["seq"], rows[-1]["seq"]),
    ).fetchall()
    out, i = [], 0
    for row in rows:
        while txs[i]["last_seq"] < row["seq"]:
            i += 1
        out.append({**dict(row), "tx_id": txs[i]["tx_id"], "at": txs[i]["at"]})
    return out


def current_rows(
    conn: sqlite3.Connection, entity: str, ids: list[str]
) -> dict[str, dict[str, Any]]:
    """The rows as they are now, by id: what an insert or update sends to HQ."""
    pk = TABLES[entity]
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(f"SELECT * FROM {entity} WHERE {pk} IN ({marks})", chunk):
            out[row[pk]] = dict(row)
    return out


def create_batch(conn: sqlite3.Connection, batch: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO sync_batches (batch_id, first_seq, last_seq, changes, bytes, "
        "created_at, payload) VALUES (:batch_id, :first_seq, :last_seq, :changes, :bytes, "
        ":created_at, :payload)",
        batch,
    )


def resize_batch(
    conn: sqlite3.Connection, batch_id: str, last_seq: int, changes: int, payload: str
) -> None:
    conn.execute(
        "UPDATE sync_batches SET last_seq = ?, changes = ?, bytes = ?, payload = ? "
        "WHERE batch_id = ?",
        (last_seq, changes, len(payload), payload, batch_id),
    )


def replace_batch_id(conn: sqlite3.Connection, old: str, new: str) -> None:
    conn.execute("UPDATE sync_batches SET batch_id = ? WHERE batch_id = ?", (new, old))


def note_attempt(conn: sqlite3.Connection, batch_id: str, error: str) -> None:
    conn.execute(
        "UPDATE sync_batches SET attempts = attempts + 1, last_error = ? WHERE batch_id = ?",
        (error[:500], batch_id),
    )


def ack(
    conn: sqlite3.Connection,
    batch: dict[str, Any],
    applied: int,
    rejects: list[tuple[int, str, str, str]],
    at: str,
) -> None:
    conn.execute(
        "UPDATE sync_batches SET status = 'done', acked_at = ?, applied = ?, "
        "rejected = ?, last_error = '', payload = NULL WHERE batch_id = ?",
        (at, applied, len(rejects), batch["batch_id"]),
    )
    conn.executemany(
        "INSERT OR REPLACE INTO sync_rejects (seq, batch_id, entity, entity_id, "
        "reason, at) VALUES (?, ?, ?, ?, ?, ?)",
        [(s, batch["batch_id"], e, i, r, at) for s, e, i, r in rejects],
    )
    put(conn, ACKED, str(batch["last_seq"]))


def skip_own(conn: sqlite3.Connection, first_seq: int) -> None:
    """Changes that came from HQ (a catalog pull, logged from `first_seq` on in the open
    transaction) are not sent back: when nothing else is waiting before them, the watermark
    moves past them."""
    (last,) = conn.execute("SELECT coalesce(max(seq), 0) FROM change_rows").fetchone()
    if last >= first_seq == acked_seq(conn) + 1 and open_batch(conn) is None:
        put(conn, ACKED, str(last))


def rejects(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT * FROM sync_rejects ORDER BY seq DESC")]


def recent_batches(conn: sqlite3.Connection, limit: int = 50) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in conn.execute(
            "SELECT * FROM sync_batches ORDER BY first_seq DESC LIMIT ?", (limit,)
        )
    ]


def product_by_hq_id(conn: sqlite3.Connection, hq_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM products WHERE hq_id = ?", (hq_id,)).fetchone()
    return dict(row) if row else None


def reset_upload(conn: sqlite3.Connection) -> int:
    """Send everything again from the first change (a new leader or HQ that lacks this desk's
    data): the watermark goes back to 0 and a batch fixed for the old HQ is dropped. HQ
    applies records by id, so a full resend is safe. Returns the changes now waiting."""
    conn.execute("DELETE FROM sync_batches WHERE status = 'pending'")
    put(conn, ACKED, "0")
    return conn.execute("SELECT COUNT(*) FROM change_log").fetchone()[0]


def park_catalog(
    conn: sqlite3.Connection, hq_id: str, cursor: str, kind: str, reason: str, data: str, at: str
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO catalog_rejects (hq_id, cursor, kind, reason, data, at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (hq_id, cursor, kind, reason[:500], data[:20_000], at),
    )


def catalog_rejects(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in conn.execute(
            "SELECT hq_id, cursor, kind, reason, at FROM catalog_rejects ORDER BY at DESC"
        )
    ]


VERIFIED = ("members", "products", "campaigns", "campaign_items", "orders", "order_lines",
            "pickup_points")  # fmt: skip


def entity_rows(conn: sqlite3.Connection, entity: str) -> sqlite3.Cursor:
    """Every row of a synced table, as HQ receives it (all columns)."""
    if entity not in VERIFIED:
        raise ValueError(entity)
    return conn.execute(f"SELECT * FROM {entity}")


def entity_row(conn: sqlite3.Connection, entity: str, entity_id: str) -> dict[str, Any] | None:
    if entity not in VERIFIED:
        raise ValueError(entity)
    row = conn.execute(f"SELECT * FROM {entity} WHERE id = ?", (entity_id,)).fetchone()
    return dict(row) if row else None


def rejected_ids(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """Records whose latest change HQ refused: they differ from HQ on purpose. Rejects are
    few, so only the log from the oldest of them on is read (a full pass took 1 s at 316,000
    changes, for the usual answer of nothing)."""
    rejects: dict[tuple[str, str], int] = {}
    for seq, entity, entity_id in conn.execute(
        "SELECT seq, entity, entity_id FROM sync_rejects ORDER BY seq"
    ):
        rejects[(entity, entity_id)] = seq
    if not rejects:
        return set()
    latest: dict[tuple[str, str], int] = {}
    for entity, entity_id, seq in conn.execute(
        "SELECT entity, entity_id, seq FROM change_log WHERE seq >= ?", (min(rejects.values()),)
    ):
        if (entity, entity_id) in rejects:
            latest[(entity, entity_id)] = seq
    return {key for key, seq in rejects.items() if latest.get(key) == seq}
