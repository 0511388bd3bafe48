"""Deliveries: what HQ sends a leader for a campaign, per product. The desk pulls it with the
catalog feed (kind "delivery", for that leader only) and starts its arrival check from it.

Product ids are the desk's own (as HQ holds them in the leader's records) or HQ catalog ids
(the desk maps those through products.hq_id). One delivery per (leader, campaign): recording it
again replaces it, on the desk too.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from hq_server.db import Database
from hq_server.service import HQError, now_iso

NAMESPACE = uuid.UUID("6f1c2a52-7c1e-4c55-9a39-1e4d7f0d1401")
MAX_QTY = 1_000_000


def delivery_id(leader_id: str, campaign_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{leader_id}/{campaign_id}"))


def append_feed(
    cur: Any,
    pg: bool,
    item_id: str,
    data: dict[str, Any],
    kind: str,
    leader_id: str | None,
    op: str = "upsert",
) -> int:
    """Append to the catalog feed inside the caller's transaction; returns the cursor."""
    if pg:
        cur.execute("SELECT pg_advisory_xact_lock(7140002)")
    last = cur.one("SELECT COALESCE(MAX(cursor), 0) FROM catalog")[0]
    cur.execute(
        "INSERT INTO catalog (cursor, product_id, op, data, at, kind, leader_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (last + 1, item_id, op, json.dumps(data, ensure_ascii=False), now_iso(), kind, leader_id),
    )
    return last + 1


def parse_items(specs: list[str]) -> dict[str, int]:
    items: dict[str, int] = {}
    for spec in specs:
        product_id, _, qty = str(spec).strip().rpartition(":")
        if not product_id or not qty.strip().isdigit() or int(qty) > MAX_QTY:
            raise HQError(400, "bad_item", f"{spec!r}: expected PRODUCT_ID:QUANTITY (0 or more)")
        items[product_id.strip()] = items.get(product_id.strip(), 0) + int(qty)
    return items


def record(
    db: Database,
    leader_id: str,
    campaign_id: str,
    items: dict[str, int],
    note: str = "",
    by_staff: str = "",
) -> dict[str, Any]:
    if not items:
        raise HQError(400, "bad_delivery", "a delivery needs at least one product")
    with db.transaction() as cur:
        if cur.one("SELECT 1 FROM leaders WHERE id = ?", (leader_id,)) is None:
            raise HQError(404, "no_leader", f"no leader {leader_id}")
        if (
            cur.one(
                "SELECT 1 FROM p_campaigns WHERE leader_id = ? AND id = ?", (leader_id, campaign_id)
            )
            is None
        ):
            raise HQError(404, "no_campaign", f"leader {leader_id} has no campaign {campaign_id}")
        marks = ", ".join("?" for _ in items)
        known = {
            r[0]
            for r in cur.all(
                f"SELECT id FROM p_products WHERE leader_id = ? AND id IN ({marks}) "
                f"UNION SELECT hq_id FROM p_products WHERE leader_id = ? AND hq_id IN ({marks})",
                [leader_id, *items, leader_id, *items],
            )
        }
        unknown = [pid for pid in items if pid not in known]
        if unknown:
            raise HQError(404, "no_product", f"leader {leader_id} has no product {unknown[0]}")
        did = delivery_id(leader_id, campaign_id)
        at = now_iso()
        body = [{"product_id": p, "quantity": q} for p, q in items.items()]
        cur.execute("DELETE FROM deliveries WHERE id = ?", (did,))
        cur.execute(
            "INSERT INTO deliveries (id, leader_id, campaign_id, items, note, by_staff, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (did, leader_id, campaign_id, json.dumps(body), note[:500], by_staff, at),
        )
        cursor = append_feed(
            cur,
            db.is_pg,
            did,
            {"id": did, "campaign_id": campaign_id, "items": body, "note": note[:500], "at": at},
            "delivery",
            leader_id,
        )
    return {"delivery_id": did, "cursor": cursor, "items": body}


def listing(db: Database, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    with db.transaction() as cur:
        total = cur.one("SELECT COUNT(*) FROM deliveries")[0]
        rows = cur.all(
            "SELECT d.id, d.leader_id, l.name, d.campaign_id, c.title, c.pickup_on, d.items, "
            "d.note, d.by_staff, d.at FROM deliveries d LEFT JOIN leaders l ON l.id = d.leader_id "
            "LEFT JOIN p_campaigns c ON c.leader_id = d.leader_id AND c.id = d.campaign_id "
            f"ORDER BY d.at DESC, d.id LIMIT {int(limit)} OFFSET {int(offset)}"
        )
    keys = (
        "id",
        "leader_id",
        "leader",
        "campaign_id",
        "campaign",
        "pickup_on",
        "items",
        "note",
        "by_staff",
        "at",
    )
    out = [dict(zip(keys, r, strict=True)) for r in rows]
    for row in out:
        row["items"] = json.loads(row["items"])
        row["pieces"] = sum(i["quantity"] for i in row["items"])
    return {"rows": out, "total": int(total)}


def campaign_products(db: Database, leader_id: str, campaign_id: str) -> list[dict[str, Any]]:
    """The campaign's products with what its active orders add up to (the form's defaults)
    and what was last delivered."""
    with db.transaction() as cur:
        rows = cur.all(
            "SELECT i.product_id, COALESCE(p.name, ''), COALESCE(p.spec, ''), "
            "COALESCE(SUM(CASE WHEN o.status IN ('placed', 'picked_up') THEN l.quantity END), 0) "
            "FROM p_items i LEFT JOIN p_products p ON p.leader_id = i.leader_id "
            "AND p.id = i.product_id LEFT JOIN p_lines l ON l.leader_id = i.leader_id "
            "AND l.campaign_item_id = i.id LEFT JOIN p_orders o ON o.leader_id = l.leader_id "
            "AND o.id = l.order_id WHERE i.leader_id = ? AND i.campaign_id = ? "
            "GROUP BY i.product_id, p.name, p.spec ORDER BY p.name, p.spec",
            (leader_id, campaign_id),
        )
        last = cur.one(
            "SELECT items FROM deliveries WHERE leader_id = ? AND campaign_id = ?",
            (leader_id, campaign_id),
        )
    delivered = {i["product_id"]: i["quantity"] for i in json.loads(last[0])} if last else {}
    return [
        {
            "product_id": r[0],
            "product": r[1],
            "spec": r[2],
            "ordered": int(r[3]),
            "delivered": delivered.get(r[0]),
        }
        for r in rows
    ]


def open_campaigns(db: Database, leader_id: str) -> list[dict[str, Any]]:
    """The leader's campaigns a delivery can be for (closed, open, or arrived)."""
    with db.transaction() as cur:
        rows = cur.all(
            "SELECT id, title, status, pickup_on FROM p_campaigns WHERE leader_id = ? AND "
            "status IN ('open', 'closed', 'arrived') ORDER BY pickup_on DESC, title",
            (leader_id,),
        )
    return [dict(zip(("id", "title", "status", "pickup_on"), r, strict=True)) for r in rows]
