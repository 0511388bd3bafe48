"""Reading the change log (audit, undo, sync) and the tx bookkeeping around it.

change_log is a view over change_rows, which keeps each change compactly (migration 10).

A transaction's changes are one run of `seq` (one writer at a time holds SQLite's write lock), so
tx_log keeps the run's ends and change_log needs no transaction column or index. An insert logs
a reference (images NULL: the row is its own image); an update logs the changed columns as they
were and became; a delete logs the whole row as it was.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from storage import sync_sql

SHRUNK = "log.shrunk_seq"  # the change log's images are shrunk up to here


def last_seq(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(max(seq), 0) FROM change_rows").fetchone()[0]


def log_tx(
    conn: sqlite3.Connection, tx_id: str, action: str, at: str, undoes: str | None, start: int
) -> None:
    """The transaction's row, written last, with the run of seq its changes took (after
    `start`); a transaction that changed nothing keeps NULL ends."""
    end = last_seq(conn)
    first, last = (start + 1, end) if end > start else (None, None)
    conn.execute(
        "INSERT INTO tx_log (tx_id, action, at, undoes, first_seq, last_seq) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (tx_id, action, at, undoes, first, last),
    )


def changes_of(conn: sqlite3.Connection, tx_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT c.* FROM tx_log t JOIN change_log c ON c.seq BETWEEN t.first_seq AND t.last_seq "
        "WHERE t.tx_id = ? ORDER BY c.seq",
        (tx_id,),
    )
    out = []
    for r in rows:
        d = dict(r)
        d["before"] = json.loads(d["before"]) if d["before"] else None
        d["after"] = json.loads(d["after"]) if d["after"] else None
        out.append(d)
    return out


def summary_of(conn: sqlite3.Connection, tx_id: str) -> list[tuple[str, str, int]]:
    """(entity, op, count) of a transaction's changes, in the order they were first made: a
    count over its run of seq, so a 100,000-line import's images are not read to list it."""
    rows = conn.execute(
        "SELECT c.entity, c.op, COUNT(*) FROM tx_log t "
        "JOIN change_log c ON c.seq BETWEEN t.first_seq AND t.last_seq "
        "WHERE t.tx_id = ? GROUP BY c.entity, c.op ORDER BY min(c.seq)",
        (tx_id,),
    )
    return [(r[0], r[1], r[2]) for r in rows]


def tx(conn: sqlite3.Connection, tx_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM tx_log WHERE tx_id = ?", (tx_id,)).fetchone()
    return dict(row) if row else None


def touched_since(conn: sqlite3.Connection, seq: int) -> set[tuple[str, str]]:
    """(entity, entity_id) of every record changed after `seq`, leaving out transactions that
    were undone after it together with their undo (the pair put the record back)."""
    cancelled = conn.execute(
        "SELECT t.first_seq, t.last_seq FROM tx_log t WHERE t.first_seq > ? AND "
        "(EXISTS (SELECT 1 FROM tx_log u WHERE u.tx_id = t.undone_by) OR "
        " EXISTS (SELECT 1 FROM tx_log d WHERE d.tx_id = t.undoes AND d.first_seq > ?))",
        (seq, seq),
    ).fetchall()
    out = set()
    for entity, entity_id, at in conn.execute(
        "SELECT entity, entity_id, seq FROM change_log WHERE seq > ?", (seq,)
    ):
        if not any(first <= at <= last for first, last in cancelled):
            out.add((entity, entity_id))
    return out


def shrink_images(conn: sqlite3.Connection, upto_seq: int, older_than: str) -> int:
    """Images HQ has acknowledged (seq ≤ `upto_seq`) of transactions older than `older_than`
    shrink to the audit summary: which record, what kind of change, when, by which action.
    They can no longer be undone. Returns the changes shrunk."""
    start = int(sync_sql.get(conn, SHRUNK, "0"))
    (end,) = conn.execute(  # only the transactions not shrunk yet (ix_tx_log_seq)
        "SELECT coalesce(max(last_seq), 0) FROM tx_log WHERE first_seq > ? AND at < ? "
        "AND last_seq <= ?",
        (start, older_than, upto_seq),
    ).fetchone()
    if end <= start:
        return 0
    done = conn.execute(
        "UPDATE change_rows SET before = NULL, after = NULL WHERE seq > ? AND seq <= ? "
        "AND (before IS NOT NULL OR after IS NOT NULL)",
        (start, end),
    ).rowcount
    sync_sql.put(conn, SHRUNK, str(end))
    return done


def mark_undone(conn: sqlite3.Connection, tx_id: str, by: str) -> None:
    conn.execute("UPDATE tx_log SET undone_by = ? WHERE tx_id = ?", (by, tx_id))


def recent(conn: sqlite3.Connection, limit: int = 200) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT tx_id, action, at, undone_by, undoes, last_seq - first_seq + 1 AS changes
           FROM tx_log WHERE first_seq IS NOT NULL  -- what changed records
           ORDER BY first_seq DESC LIMIT ?""",
        (limit,),
    )
    return [dict(r) for r in rows]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {
        r[0]: r[1] for r in conn.execute("SELECT entity, COUNT(*) FROM change_log GROUP BY entity")
    }


def last_tx(conn: sqlite3.Connection) -> int:
    """The newest transaction's position in tx_log (its rowid; 0 for none)."""
    return conn.execute("SELECT coalesce(max(rowid), 0) FROM tx_log").fetchone()[0]


def txs_since(conn: sqlite3.Connection, position: int) -> list[tuple[int, str]]:
    """(position, tx_id) of every transaction committed after `position`: a rowid range on
    tx_log, so it costs the same after a 100,000-line import (the change log's row images
    are never read)."""
    rows = conn.execute(
        "SELECT rowid, tx_id FROM tx_log WHERE rowid > ? ORDER BY rowid", (position,)
    )
    return [(r[0], r[1]) for r in rows]
