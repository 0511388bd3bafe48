"""Arrival check and refund queries: what was ordered per product, the lines a shortage can
reduce, refunds owed, and stock on hand."""

from __future__ import annotations

import sqlite3
from typing import Any

ACTIVE = "('placed', 'picked_up')"


def products(conn: sqlite3.Connection, campaign_id: str) -> list[dict[str, Any]]:
    """Every product of the campaign with what active orders hold of it (0 if none)."""
    rows = conn.execute(
        f"""SELECT p.id AS product_id, p.name, p.spec, p.unit, ci.price_fen,
                   COALESCE((SELECT SUM(l.quantity) FROM order_lines l
                             JOIN orders o ON o.id = l.order_id
                             WHERE l.campaign_item_id = ci.id AND o.status IN {ACTIVE}), 0)
                     AS ordered
            FROM campaign_items ci JOIN products p ON p.id = ci.product_id
            WHERE ci.campaign_id = ? ORDER BY ci.position, p.name, p.spec""",
        (campaign_id,),
    )
    return [dict(r) for r in rows]


def lines(conn: sqlite3.Connection, campaign_id: str) -> list[dict[str, Any]]:
    """Active order lines, oldest order first (the order a first-come rule needs)."""
    rows = conn.execute(
        f"""SELECT l.id, l.order_id, l.product_id, l.quantity, l.picked_qty, l.unit_price_fen,
                   l.ordered_qty, o.order_no, o.seq, o.created_at, o.status, o.amount_fen,
                   o.external_no, o.member_id, m.name AS member_name
            FROM order_lines l JOIN orders o ON o.id = l.order_id
            JOIN members m ON m.id = o.member_id
            WHERE o.campaign_id = ? AND o.status IN {ACTIVE}
            ORDER BY o.created_at, o.seq, l.position""",
        (campaign_id,),
    )
    return [dict(r) for r in rows]


def order_line_count(conn: sqlite3.Connection, order_id: str) -> int:
    return conn.execute(
        "SELECT COUNT(*) FROM order_lines WHERE order_id = ?", (order_id,)
    ).fetchone()[0]


def arrival(conn: sqlite3.Connection, campaign_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT * FROM arrivals WHERE campaign_id = ? AND deleted_at IS NULL "
        "ORDER BY created_at DESC LIMIT 1",
        (campaign_id,),
    ).fetchone()
    return dict(row) if row else None


def refunds(conn: sqlite3.Connection, campaign_id: str | None = None) -> list[dict[str, Any]]:
    sql = """SELECT r.id, r.order_id, r.amount_fen, r.reason, r.detail, r.created_at, r.done_at,
                    o.order_no, o.external_no, o.campaign_id, m.name AS member, m.nickname,
                    m.mobile, m.building, m.unit, m.room, c.title AS campaign_title
             FROM refunds r JOIN orders o ON o.id = r.order_id
             JOIN members m ON m.id = o.member_id JOIN campaigns c ON c.id = o.campaign_id
             WHERE r.deleted_at IS NULL"""
    params: list[Any] = []
    if campaign_id:
        sql += " AND o.campaign_id = ?"
        params.append(campaign_id)
    sql += " ORDER BY o.seq, r.created_at"
    return [dict(r) for r in conn.execute(sql, params)]


def refund_totals(conn: sqlite3.Connection, campaign_id: str) -> dict[str, int]:
    row = conn.execute(
        """SELECT COUNT(*), COALESCE(SUM(r.amount_fen), 0),
                  COALESCE(SUM(CASE WHEN r.done_at IS NOT NULL THEN r.amount_fen END), 0),
                  COALESCE(SUM(r.done_at IS NOT NULL), 0)
           FROM refunds r JOIN orders o ON o.id = r.order_id
           WHERE o.campaign_id = ? AND r.deleted_at IS NULL""",
        (campaign_id,),
    ).fetchone()
    return {"refunds": row[0], "owed_fen": row[1], "done_fen": row[2], "refunds_done": row[3]}


def stock(conn: sqlite3.Connection, campaign_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT s.id, s.quantity, p.name, p.spec, p.unit FROM stock_on_hand s
           JOIN products p ON p.id = s.product_id
           WHERE s.campaign_id = ? AND s.deleted_at IS NULL ORDER BY p.name, p.spec""",
        (campaign_id,),
    )
    return [dict(r) for r in rows]


def candidates(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Campaigns whose arrival can still be checked: ordering over or goods in, no check yet."""
    rows = conn.execute(
        """SELECT c.id, c.title, c.status, c.pickup_on FROM campaigns c
           WHERE c.status IN ('open', 'closed', 'arrived')
           AND NOT EXISTS (SELECT 1 FROM arrivals a WHERE a.campaign_id = c.id
                           AND a.deleted_at IS NULL)
           ORDER BY c.status = 'open', c.pickup_on DESC"""
    )
    return [dict(r) for r in rows]
