"""What printed lists and labels show, per order, in pickup order."""

from __future__ import annotations

import sqlite3
from typing import Any


def orders(conn: sqlite3.Connection, campaign_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT o.id, o.order_no, o.status, o.amount_fen, o.paid, o.member_note,
                  o.member_id, o.external_no, m.member_no, m.name, m.nickname, m.mobile, m.building, m.unit, m.room,
                  COALESCE(pp.name, '') AS pickup_point
           FROM orders o JOIN members m ON m.id = o.member_id
           LEFT JOIN pickup_points pp ON pp.id = o.pickup_point_id
           WHERE o.campaign_id = ? AND o.status IN ('placed', 'picked_up')
           ORDER BY pickup_point, CAST(m.building AS INTEGER), m.building,
                    CAST(m.unit AS INTEGER), CAST(m.room AS INTEGER), m.room, o.seq""",
        (campaign_id,),
    )
    return [dict(r) for r in rows]


def lines(conn: sqlite3.Connection, campaign_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT l.order_id, l.quantity, l.unit_price_fen, p.name, p.spec, p.unit
           FROM order_lines l JOIN orders o ON o.id = l.order_id
           JOIN products p ON p.id = l.product_id
           WHERE o.campaign_id = ? AND o.status IN ('placed', 'picked_up')
           ORDER BY l.order_id, l.position""",
        (campaign_id,),
    )
    return [dict(r) for r in rows]


def first_pickup_point(conn: sqlite3.Connection, point_ids: list[str]) -> str:
    for point_id in point_ids:
        row = conn.execute("SELECT name FROM pickup_points WHERE id = ?", (point_id,)).fetchone()
        if row:
            return row[0]
    return ""
