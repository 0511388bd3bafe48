"""Campaign queries: items, stock use, summaries and the CLI list."""

from __future__ import annotations

import sqlite3
from typing import Any

ACTIVE = "('placed', 'picked_up')"


def get(conn: sqlite3.Connection, campaign_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM campaigns WHERE id = ?", (campaign_id,)).fetchone()
    return dict(row) if row else None


def items(conn: sqlite3.Connection, campaign_id: str) -> list[dict[str, Any]]:
    """The campaign's product list with what has been ordered so far."""
    rows = conn.execute(
        f"""SELECT ci.*, p.name, p.spec, p.unit, p.list_price_fen, p.sku,
                   COALESCE((SELECT SUM(l.quantity) FROM order_lines l
                             JOIN orders o ON o.id = l.order_id
                             WHERE l.campaign_item_id = ci.id AND o.status IN {ACTIVE}), 0)
                     AS ordered
            FROM campaign_items ci JOIN products p ON p.id = ci.product_id
            WHERE ci.campaign_id = ? ORDER BY ci.position, p.name""",
        (campaign_id,),
    )
    return [dict(r) for r in rows]


def item(conn: sqlite3.Connection, item_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        """SELECT ci.*, p.name, p.spec, p.unit FROM campaign_items ci
           JOIN products p ON p.id = ci.product_id WHERE ci.id = ?""",
        (item_id,),
    ).fetchone()
    return dict(row) if row else None


def item_ordered(
    conn: sqlite3.Connection,
    item_id: str,
    *,
    member_id: str | None = None,
    exclude_order: str | None = None,
) -> int:
    sql = f"""SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l
              JOIN orders o ON o.id = l.order_id
              WHERE l.campaign_item_id = ? AND o.status IN {ACTIVE}"""
    params: list[Any] = [item_id]
    if member_id is not None:
        sql += " AND o.member_id = ?"
        params.append(member_id)
    if exclude_order is not None:
        sql += " AND o.id != ?"
        params.append(exclude_order)
    return conn.execute(sql, params).fetchone()[0]


def item_has_orders(conn: sqlite3.Connection, item_id: str) -> bool:
    return (
        conn.execute(
            "SELECT EXISTS (SELECT 1 FROM order_lines WHERE campaign_item_id = ?)", (item_id,)
        ).fetchone()[0]
        == 1
    )


def order_prefixes(conn: sqlite3.Connection, start: str) -> set[str]:
    """The order-number prefixes in use that begin with `start` (1128, 1128B, …)."""
    return {
        r[0]
        for r in conn.execute(
            "SELECT order_prefix FROM campaigns WHERE substr(order_prefix, 1, ?) = ?",
            (len(start), start),
        )
    }


def next_order_seq(conn: sqlite3.Connection, campaign_id: str) -> int:
    return conn.execute(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM orders WHERE campaign_id = ?", (campaign_id,)
    ).fetchone()[0]


def summary(conn: sqlite3.Connection, campaign_id: str) -> dict[str, Any]:
    """Sales per product and the totals, over active orders (placed or picked up)."""
    lines = [
        dict(r)
        for r in conn.execute(
            f"""SELECT p.name, p.spec, p.unit, ci.commission_bp,
                   SUM(l.quantity) AS quantity,
                   SUM(l.quantity * l.unit_price_fen) AS amount_fen,
                   SUM(l.picked_qty) AS picked
            FROM order_lines l JOIN orders o ON o.id = l.order_id
            JOIN campaign_items ci ON ci.id = l.campaign_item_id
            JOIN products p ON p.id = l.product_id
            WHERE o.campaign_id = ? AND o.status IN {ACTIVE}
            GROUP BY ci.id ORDER BY ci.position, p.name""",
            (campaign_id,),
        )
    ]
    counts = dict(
        conn.execute(
            """SELECT status, COUNT(*) FROM orders WHERE campaign_id = ? GROUP BY status""",
            (campaign_id,),
        ).fetchall()
    )
    members = conn.execute(
        f"""SELECT COUNT(DISTINCT member_id) FROM orders
            WHERE campaign_id = ? AND status IN {ACTIVE}""",
        (campaign_id,),
    ).fetchone()[0]
    paid = conn.execute(
        f"""SELECT COALESCE(SUM(amount_fen), 0) FROM orders
            WHERE campaign_id = ? AND status IN {ACTIVE} AND paid = 1""",
        (campaign_id,),
    ).fetchone()[0]
    refunded = conn.execute(
        f"""SELECT COALESCE(SUM(platform_refund_fen), 0) FROM orders
            WHERE campaign_id = ? AND status IN {ACTIVE}""",
        (campaign_id,),
    ).fetchone()[0]
    return {
        "lines": lines,
        "status_counts": counts,
        "members": members,
        "paid_fen": paid,
        "platform_refund_fen": refunded,  # partial refunds on orders still counted as sales
    }


def cli_list(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT c.id, c.title, c.status, c.deadline_at, c.pickup_on,
                  (SELECT COUNT(*) FROM orders o WHERE o.campaign_id = c.id) AS orders
           FROM campaigns c ORDER BY c.deadline_at DESC, c.created_at DESC"""
    )
    return [dict(r) for r in rows]


def dashboard(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The Today page: campaigns that are open or being picked up, with progress."""
    rows = conn.execute(
        f"""SELECT c.id, c.title, c.status, c.deadline_at, c.pickup_on,
                   COUNT(o.id) AS orders,
                   COALESCE(SUM(CASE WHEN o.status IN {ACTIVE} THEN o.amount_fen END), 0)
                     AS amount_fen,
                   COALESCE(SUM(o.status = 'picked_up'), 0) AS picked_up,
                   COALESCE(SUM(o.status IN {ACTIVE}), 0) AS active
            FROM campaigns c LEFT JOIN orders o ON o.campaign_id = c.id
            WHERE c.status IN ('open', 'closed', 'arrived')
            GROUP BY c.id ORDER BY c.deadline_at"""
    )
    return [dict(r) for r in rows]


def open_campaigns(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute("""SELECT id, title, deadline_at FROM campaigns WHERE status = 'open'
                           ORDER BY deadline_at""")
    return [dict(r) for r in rows]


def titles(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute("""SELECT id, title, status FROM campaigns
                           ORDER BY deadline_at DESC, created_at DESC""")
    return [dict(r) for r in rows]
