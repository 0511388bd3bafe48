"""Sales and commission statements: one leader, one month (campaigns whose pickup date falls in
it). Sold counts active orders (placed or picked up); refunds are refunded orders; commission is
each campaign item's sales × its rate, rounded half up per item as the desk's summary does."""

from __future__ import annotations

import re
from typing import Any

from hq_server.db import Database
from hq_server.service import HQError

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_range(month: str) -> tuple[str, str]:
    m = MONTH.match(month or "")
    if not m:
        raise HQError(400, "bad_month", f"{month!r}: expected YYYY-MM")
    year, mon = int(m.group(1)), int(m.group(2))
    nxt = f"{year + 1}-01-01" if mon == 12 else f"{year}-{mon + 1:02d}-01"
    return f"{year}-{mon:02d}-01", nxt


def statement(db: Database, leader_id: str, month: str) -> dict[str, Any]:
    start, end = month_range(month)
    with db.transaction() as cur:
        leader = cur.one("SELECT name FROM leaders WHERE id = ?", (leader_id,))
        if leader is None:
            raise HQError(404, "no_leader", f"no leader {leader_id}")
        campaigns = cur.all(
            "SELECT id, title, status, pickup_on FROM p_campaigns WHERE leader_id = ? "
            "AND pickup_on >= ? AND pickup_on < ? AND status <> 'draft' ORDER BY pickup_on, title",
            (leader_id, start, end),
        )
        items = cur.all(
            "SELECT o.campaign_id, COALESCE(MAX(i.commission_bp), 0), "
            "SUM(l.quantity), SUM(l.quantity * l.unit_price_fen), SUM(l.picked_qty), "
            "SUM(l.picked_qty * l.unit_price_fen) FROM p_campaigns c "
            "JOIN p_orders o ON o.leader_id = c.leader_id AND o.campaign_id = c.id "
            "JOIN p_lines l ON l.leader_id = o.leader_id AND l.order_id = o.id "
            "LEFT JOIN p_items i ON i.leader_id = l.leader_id AND i.id = l.campaign_item_id "
            "WHERE c.leader_id = ? AND c.pickup_on >= ? AND c.pickup_on < ? "
            "AND c.status <> 'draft' AND o.status IN ('placed', 'picked_up') "
            "GROUP BY o.campaign_id, l.campaign_item_id",
            (leader_id, start, end),
        )
        orders = cur.all(
            "SELECT o.campaign_id, o.status, COUNT(*), SUM(o.amount_fen) FROM p_campaigns c "
            "JOIN p_orders o ON o.leader_id = c.leader_id AND o.campaign_id = c.id "
            "WHERE c.leader_id = ? AND c.pickup_on >= ? AND c.pickup_on < ? "
            "AND c.status <> 'draft' GROUP BY o.campaign_id, o.status",
            (leader_id, start, end),
        )
    rows: dict[str, dict[str, Any]] = {
        c[0]: {
            "campaign_id": c[0],
            "title": c[1],
            "status": c[2],
            "pickup_on": c[3],
            "orders": 0,
            "sold_qty": 0,
            "sold_fen": 0,
            "picked_qty": 0,
            "picked_fen": 0,
            "refunds": 0,
            "refunded_fen": 0,
            "commission_fen": 0,
        }
        for c in campaigns
    }
    for cid, bp, qty, fen, picked, picked_fen in items:
        row = rows[cid]
        row["sold_qty"] += int(qty or 0)
        row["sold_fen"] += int(fen or 0)
        row["picked_qty"] += int(picked or 0)
        row["picked_fen"] += int(picked_fen or 0)
        row["commission_fen"] += (int(fen or 0) * int(bp or 0) + 5_000) // 10_000
    for cid, status, count, amount in orders:
        if status in ("placed", "picked_up"):
            rows[cid]["orders"] += int(count)
        elif status == "refunded":
            rows[cid]["refunds"] += int(count)
            rows[cid]["refunded_fen"] += int(amount or 0)
    listed = list(rows.values())
    keys = (
        "orders",
        "sold_qty",
        "sold_fen",
        "picked_qty",
        "picked_fen",
        "refunds",
        "refunded_fen",
        "commission_fen",
    )
    return {
        "leader_id": leader_id,
        "leader": leader[0],
        "month": month,
        "campaigns": listed,
        "totals": {k: sum(r[k] for r in listed) for k in keys},
    }
