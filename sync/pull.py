"""Apply HQ's catalog changes in one local transaction, with the cursor in the same one.

A change this desk cannot take (no name, a negative price, a wrong shape) is parked in
`catalog_rejects` with its reason and skipped: one bad item never blocks the feed."""

from __future__ import annotations

import json
import logging
from typing import Any

from leader_app.catalog import validate
from leader_app.errors import LeaderError, ValidationError
from storage import catalog_sql, deliveries_sql, suggestions_sql, sync_sql
from storage.db import Store
from storage.tx import new_id

log = logging.getLogger("leader_desk.sync")

FIELDS = ("name", "spec", "unit", "price_fen", "list_price_fen", "sku", "commission_bp")


def checked_product(change: Any) -> dict[str, Any]:
    """The product values of one catalog change, validated as the desk's own form would;
    raises ValidationError (or a shape error) for what cannot be taken."""
    if not isinstance(change, dict) or not isinstance(change.get("id"), str):
        raise ValueError("a catalog change without an id")
    if not 0 < len(change["id"]) <= 80 or change.get("op") not in ("upsert", "delete", None):
        raise ValueError("a catalog change with a bad id or operation")
    if change.get("op") == "delete":
        return {}
    data = change.get("data")
    if not isinstance(data, dict):
        raise ValueError("a catalog change without data")
    values = validate({k: data[k] for k in FIELDS if k in data})
    if not values.get("name"):
        raise ValidationError("name_required").with_field("name")
    for key in ("price_fen", "list_price_fen"):
        if values.get(key, 0) < 0:
            raise ValidationError("money_negative", value=str(values[key])).with_field(key)
    if not 0 <= values.get("commission_bp", 0) <= 10_000:
        raise ValidationError("rate_invalid", value=str(values["commission_bp"]))
    return values


def _reason(exc: Exception) -> str:
    return f"{exc.code}: {exc.english()}" if isinstance(exc, LeaderError) else str(exc)


def apply_catalog(store: Store, changes: list[dict[str, Any]], cursor: str) -> int:
    """Upsert published products (matched by HQ id, then by name and spec); a delete withdraws
    a product that orders use and removes one that nothing uses. The cursor moves in the same
    transaction, so it can never run ahead of the data. Returns how many were applied; the
    parked ones are in `catalog_rejects` (and in the announced changes)."""
    with store.atomic("sync.pull") as tx:
        for change in changes:
            try:
                kind = change.get("kind", "product") if isinstance(change, dict) else "product"
                if kind == "campaign":
                    _apply_suggestion(tx.conn, change, tx.at)
                    tx.changes.ids.setdefault("hq_suggestions", set()).add(change["id"])
                    continue
                if kind == "delivery":
                    _apply_delivery(tx.conn, change, tx.at)
                    tx.changes.ids.setdefault("hq_deliveries", set()).add(change["id"])  # UI only
                    continue
                if kind != "product":
                    continue  # a kind this desk does not know yet: skipped, never a failed pull
                values = checked_product(change)
            except (LeaderError, ValueError, TypeError, KeyError) as exc:
                raw = change if isinstance(change, dict) else {"value": change}
                sync_sql.park_catalog(
                    tx.conn,
                    str(raw.get("id") or "?")[:80],
                    str(raw.get("cursor", cursor)),
                    str(raw.get("kind") or "product")[:20],
                    _reason(exc),
                    json.dumps(raw, ensure_ascii=False, default=str),
                    tx.at,
                )
                tx.changes.ids.setdefault("catalog_rejects", set()).add(str(raw.get("id")))
                log.warning("catalog item %s parked: %s", raw.get("id"), _reason(exc))
                continue
            local = sync_sql.product_by_hq_id(tx.conn, change["id"])
            if change["op"] == "delete":
                if local and not local["deleted_at"]:
                    used = catalog_sql.is_used(tx.conn, local["id"])
                    tx.update(
                        "products",
                        local["id"],
                        {"withdrawn": 1, "updated_at": tx.at}
                        if used
                        else {"deleted_at": tx.at, "updated_at": tx.at},
                    )
                continue
            if local is None:
                local = catalog_sql.by_name_spec(
                    tx.conn, values.get("name", ""), values.get("spec", "")
                )
            if local is None:
                tx.insert(
                    "products",
                    {
                        "id": new_id(),
                        "name": values["name"],
                        "spec": values.get("spec", ""),
                        "unit": values.get("unit", ""),
                        "price_fen": values.get("price_fen", 0),
                        "list_price_fen": values.get("list_price_fen", 0),
                        "sku": values.get("sku", ""),
                        "commission_bp": values.get("commission_bp", 0),
                        "withdrawn": 0,
                        "created_at": tx.at,
                        "updated_at": tx.at,
                        "deleted_at": None,
                        "hq_id": change["id"],
                    },
                )
            else:
                tx.update(
                    "products",
                    local["id"],
                    {
                        **values,
                        "hq_id": change["id"],
                        "withdrawn": 0,
                        "deleted_at": None,
                        "updated_at": tx.at,
                    },
                )
        tx.put_local("sync.cursor", str(cursor))
        sync_sql.skip_own(tx.conn, tx.first_seq)
    return len(changes) - len(tx.changes.ids.get("catalog_rejects", ()))


def _apply_suggestion(conn: Any, change: dict[str, Any], at: str) -> None:
    """A suggested campaign is HQ's data, kept on this device for the leader to open; one HQ
    sent malformed is skipped rather than failing the whole pull."""
    if change["op"] == "delete":
        suggestions_sql.delete(conn, change["id"])
        return
    data = change.get("data") or {}
    title = data.get("title")
    items = [
        {"product_id": i["product_id"], "price_fen": i["price_fen"]}
        for i in data.get("items") or []
        if isinstance(i, dict)
        and isinstance(i.get("product_id"), str)
        and isinstance(i.get("price_fen"), int)
        and i["price_fen"] >= 0
    ]
    if not isinstance(title, str) or not title.strip() or not items:
        return
    kept = {
        "items": items,
        "deadline": data.get("deadline") if isinstance(data.get("deadline"), str) else None,
        "pickup_date": data.get("pickup_date")
        if isinstance(data.get("pickup_date"), str)
        else None,
        "note": str(data.get("note") or "")[:500],
    }
    suggestions_sql.upsert(conn, change["id"], title.strip()[:80], kept, at)


def _apply_delivery(conn: Any, change: dict[str, Any], at: str) -> None:
    """What HQ delivered for one of this leader's campaigns; a malformed one is skipped."""
    if change["op"] == "delete":
        deliveries_sql.delete(conn, change["id"])
        return
    data = change.get("data") or {}
    items = [
        {"product_id": i["product_id"], "quantity": i["quantity"]}
        for i in data.get("items") or []
        if isinstance(i, dict)
        and isinstance(i.get("product_id"), str)
        and isinstance(i.get("quantity"), int)
        and i["quantity"] >= 0
    ]
    if not isinstance(data.get("campaign_id"), str) or not items:
        return
    sent = data.get("at") if isinstance(data.get("at"), str) else None
    deliveries_sql.upsert(
        conn, change["id"], data["campaign_id"], items, str(data.get("note") or "")[:500], sent, at
    )
