"""Pickup desk queries: one order for a scan, pending orders for a lookup, progress."""

from __future__ import annotations

import sqlite3
from typing import Any

_ORDER = """SELECT o.id, o.order_no, o.status, o.paid, o.amount_fen, o.picked_up_at,
                   o.picked_up_by, o.campaign_id, o.member_id, o.member_note,
                   m.name AS member_name, m.nickname, m.mobile, m.building, m.unit, m.room,
                   c.title AS campaign_title, c.status AS campaign_status, c.pickup_on
            FROM orders o JOIN members m ON m.id = o.member_id
            JOIN campaigns c ON c.id = o.campaign_id"""
PICKABLE = "('arrived', 'done')"


def order(conn: sqlite3.Connection, order_id: str) -> dict[str, Any] | None:
    row = conn.execute(f"{_ORDER} WHERE o.id = ?", (order_id,)).fetchone()
    return dict(row) if row else None


def orders_by_no(conn: sqlite3.Connection, order_no: str) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(f"{_ORDER} WHERE o.order_no = ?", (order_no,))]


def lines(conn: sqlite3.Connection, order_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT l.id, l.quantity, l.picked_qty, l.unit_price_fen, l.ordered_qty, p.name,
                  p.spec, p.unit
           FROM order_lines l JOIN products p ON p.id = l.product_id
           WHERE l.order_id = ? ORDER BY l.position""",
        (order_id,),
    )
    return [dict(r) for r in rows]


def pending_for_lookup(
    conn: sqlite3.Connection, text: str, limit: int = 20, campaign_id: str | None = None
) -> list[dict[str, Any]]:
    """Orders waiting at the desk for the last 4 digits of a mobile, or a name or nickname."""
    params: list[Any] = []
    if text.isdigit() and len(text) == 4:
        member_clause = "m.mobile LIKE ?"
        params.append(f"%{text}")
    else:
        member_clause = "(m.name = ? OR m.nickname = ? OR m.search LIKE ?)"
        params += [text, text, f"%{text.lower()}%"]
    sql = f"""{_ORDER} WHERE {member_clause} AND o.status = 'placed'
              AND c.status IN {PICKABLE}"""
    if campaign_id:
        sql += " AND o.campaign_id = ?"
        params.append(campaign_id)
    sql += " ORDER BY c.pickup_on DESC, o.order_no LIMIT ?"
    params.append(limit)
    return [dict(r) for r in conn.execute(sql, params)]


def progress(conn: sqlite3.Connection, campaign_id: str) -> dict[str, int]:
    row = conn.execute(
        """SELECT COALESCE(SUM(status = 'picked_up'), 0), COALESCE(SUM(status IN
                  ('placed', 'picked_up')), 0)
           FROM orders WHERE campaign_id = ?""",
        (campaign_id,),
    ).fetchone()
    return {"picked_up": row[0], "total": row[1]}


def still_to_come(conn: sqlite3.Connection, campaign_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT m.name, m.nickname, m.mobile, m.building, m.unit, m.room,
                  COUNT(*) AS orders, group_concat(o.order_no, ' ') AS order_nos
           FROM orders o JOIN members m ON m.id = o.member_id
           WHERE o.campaign_id = ? AND o.status = 'placed'
           GROUP BY m.id ORDER BY CAST(m.building AS INTEGER), CAST(m.unit AS INTEGER),
                    CAST(m.room AS INTEGER), m.name""",
        (campaign_id,),
    )
    return [dict(r) for r in rows]


def pickable_campaigns(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(f"""SELECT id, title, status, pickup_on FROM campaigns
                            WHERE status IN {PICKABLE} ORDER BY pickup_on DESC""")
    return [dict(r) for r in rows]


def codes(conn: sqlite3.Connection, campaign_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT id, order_no FROM orders WHERE campaign_id = ?
           AND status IN ('placed', 'picked_up') ORDER BY seq""",
        (campaign_id,),
    )
    return [dict(r) for r in rows]


# -- one handover per member --------------------------------------------------------------------
def member(conn: sqlite3.Connection, member_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        """SELECT id, member_no, name, nickname, mobile, building, unit, room, deleted_at
           FROM members WHERE id = ?""",
        (member_id,),
    ).fetchone()
    return dict(row) if row else None


def member_by_no(conn: sqlite3.Connection, member_no: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT id FROM members WHERE member_no = ?", (member_no,)).fetchone()
    return member(conn, row[0]) if row else None


def due_orders(conn: sqlite3.Connection, member_id: str) -> list[dict[str, Any]]:
    """Everything waiting for a member, across the campaigns whose goods have arrived."""
    rows = conn.execute(
        f"""{_ORDER} WHERE o.member_id = ? AND o.status = 'placed' AND c.status IN {PICKABLE}
            ORDER BY c.pickup_on, o.seq""",
        (member_id,),
    )
    return [dict(r) for r in rows]


def last_pickup(conn: sqlite3.Connection, member_id: str) -> dict[str, Any] | None:
    """The member's latest handover in a campaign still being picked up (for 'already used')."""
    row = conn.execute(
        f"""{_ORDER} WHERE o.member_id = ? AND o.status = 'picked_up' AND c.status = 'arrived'
            ORDER BY o.picked_up_at DESC LIMIT 1""",
        (member_id,),
    ).fetchone()
    return dict(row) if row else None


def lines_of(conn: sqlite3.Connection, order_ids: list[str]) -> list[dict[str, Any]]:
    if not order_ids:
        return []
    marks = ", ".join("?" for _ in order_ids)
    rows = conn.execute(
        f"""SELECT l.id, l.order_id, o.order_no, l.quantity, l.picked_qty, l.unit_price_fen,
                   l.ordered_qty, p.name, p.spec, p.unit
            FROM order_lines l JOIN products p ON p.id = l.product_id
            JOIN orders o ON o.id = l.order_id
            WHERE l.order_id IN ({marks}) ORDER BY o.seq, l.position""",
        order_ids,
    )
    rank = {order_id: i for i, order_id in enumerate(order_ids)}
    return sorted((dict(r) for r in rows), key=lambda x: rank[x["order_id"]])


def member_codes(conn: sqlite3.Connection, campaign_id: str) -> list[dict[str, Any]]:
    """Members with active orders in a campaign, and those orders' numbers."""
    rows = conn.execute(
        """SELECT m.id, m.member_no, m.name, m.mobile,
                  group_concat(o.order_no, ' ') AS order_nos
           FROM (SELECT * FROM orders WHERE campaign_id = ?
                 AND status IN ('placed', 'picked_up') ORDER BY seq) o
           JOIN members m ON m.id = o.member_id
           GROUP BY m.id ORDER BY MIN(o.seq)""",
        (campaign_id,),
    )
    return [dict(r) for r in rows]


GUARD = "pickup.guard"  # device-local: recent misses of typed codes and the lockout's end


def guard(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (GUARD,)).fetchone()
    return row[0] if row else ""


def save_guard(conn: sqlite3.Connection, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
        "DO UPDATE SET value = excluded.value",
        (GUARD, value),
    )
