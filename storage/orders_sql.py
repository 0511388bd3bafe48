"""Order queries."""

from __future__ import annotations

import sqlite3
from typing import Any


def get(conn: sqlite3.Connection, order_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
    return dict(row) if row else None


def lines(conn: sqlite3.Connection, order_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT l.*, p.name, p.spec, p.unit FROM order_lines l
           JOIN products p ON p.id = l.product_id WHERE l.order_id = ?
           ORDER BY l.position""",
        (order_id,),
    )
    return [dict(r) for r in rows]


def detail(conn: sqlite3.Connection, order_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        """SELECT o.*, m.name AS member_name, m.mobile AS member_mobile, m.nickname,
                  m.building, m.unit, m.room, c.title AS campaign_title
           FROM orders o JOIN members m ON m.id = o.member_id
           JOIN campaigns c ON c.id = o.campaign_id WHERE o.id = ?""",
        (order_id,),
    ).fetchone()
    if row is None:
        return None
    result = dict(row)
    result["lines"] = lines(conn, order_id)
    return result
