"""Publishing HQ's catalog from the web desk and the CLI, with one validation for both: no
empty names, no negative or implausible prices, rates within 0–100 %."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from hq_server.db import Database
from hq_server.service import HQ, MAX_PRICE_FEN, HQError


def yuan_to_fen(text: str, field: str = "price") -> int:
    """'29.9', '¥29.90', '29' → fen; refused: empty, negative, more than 2 decimals."""
    raw = str(text).strip().replace("¥", "").replace("￥", "").replace(",", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise HQError(400, "bad_price", f"{field}: {text!r} is not an amount") from None
    if value < 0:
        raise HQError(400, "bad_price", f"{field}: a price cannot be negative")
    fen = value * 100
    if fen != fen.to_integral_value():
        raise HQError(400, "bad_price", f"{field}: at most two decimals")
    return int(fen)


def validate_product(product: dict[str, Any]) -> dict[str, Any]:
    name = str(product.get("name") or "").strip()
    if not name:
        raise HQError(400, "bad_product", "name: a product needs a name")
    if len(name) > 60:
        raise HQError(400, "bad_product", "name: at most 60 characters")
    price = product.get("price_fen")
    if not isinstance(price, int) or isinstance(price, bool) or price < 0:
        raise HQError(400, "bad_price", "price_fen: a price cannot be negative")
    if price > MAX_PRICE_FEN:
        raise HQError(400, "bad_price", "price_fen: more than ¥50,000")
    bp = product.get("commission_bp", 0) or 0
    if not isinstance(bp, int) or not 0 <= bp <= 10_000:
        raise HQError(400, "bad_product", "commission_bp: 0 to 10000 (0–100 %)")
    out = {**product, "name": name, "price_fen": price, "commission_bp": bp}
    for key in ("spec", "unit", "supplier", "category"):
        if key in out:
            out[key] = str(out[key] or "").strip()[:60]
    return {k: v for k, v in out.items() if v is not None}


def publish_product(hq: HQ, product: dict[str, Any]) -> int:
    return hq.publish(validate_product(product))


def current(db: Database, kind: str) -> list[dict[str, Any]]:
    """What desks see now: the latest entry per id, withdrawn ones left out."""
    with db.transaction() as cur:
        rows = cur.all(
            "SELECT c.product_id, c.op, c.data, c.at FROM catalog c WHERE c.kind = ? AND "
            "c.leader_id IS NULL AND c.cursor = (SELECT MAX(c2.cursor) FROM catalog c2 "
            "WHERE c2.kind = ? AND c2.product_id = c.product_id) ORDER BY c.cursor DESC",
            (kind, kind),
        )
    return [{**json.loads(r[2]), "id": r[0], "at": r[3]} for r in rows if r[1] != "delete"]


def campaign_items(
    prices: dict[str, str], products: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The suggested campaign's products: each HQ product given a price on the form."""
    items = []
    for pid, price in prices.items():
        if not price.strip():
            continue
        if pid not in products:
            raise HQError(400, "bad_campaign", f"no HQ product {pid}")
        name = products[pid].get("name", pid)
        items.append({"product_id": pid, "price_fen": yuan_to_fen(price, name)})
    return items
