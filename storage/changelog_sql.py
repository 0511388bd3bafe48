"""Reading the change log (audit, undo, sync) and the tx bookkeeping around it."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def changes_of(conn: sqlite3.Connection, tx_id: str) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT * FROM change_log WHERE tx_id = ? ORDER BY seq", (tx_id,))
    out = []
    for r in rows:
        d = dict(r)
        d["before"] = json.loads(d["before"]) if d["before"] else None
        d["after"] = json.loads(d["after"]) if d["after"] else None
        out.append(d)
    return out


def tx(conn: sqlite3.Connection, tx_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM tx_log WHERE tx_id = ?", (tx_id,)).fetchone()
    return dict(row) if row else None


def mark_undone(conn: sqlite3.Connection, tx_id: str, by: str) -> None:
    conn.execute("UPDATE tx_log SET undone_by = ? WHERE tx_id = ?", (by, tx_id))


def recent(conn: sqlite3.Connection, limit: int = 200) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT t.tx_id, t.action, t.at, t.undone_by, t.undoes, COUNT(c.seq) AS changes
           FROM tx_log t JOIN change_log c ON c.tx_id = t.tx_id  -- what changed records
           GROUP BY t.tx_id ORDER BY t.rowid DESC LIMIT ?""",
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
