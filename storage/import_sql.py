"""Queries the importer needs in bulk: existing keys, members and products by their natural keys."""

from __future__ import annotations

import sqlite3
from typing import Any


def order_keys(conn: sqlite3.Connection, campaign_id: str) -> tuple[set[str], set[str]]:
    """(platform order numbers, fingerprints) already in the campaign."""
    external, prints = set(), set()
    for ext, fp in conn.execute(
        "SELECT external_no, fingerprint FROM orders WHERE campaign_id = ?", (campaign_id,)
    ):
        if ext:
            external.add(ext)
        if fp:
            prints.add(fp)
    return external, prints


def members_by_mobile(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    rows = conn.execute("SELECT * FROM members WHERE deleted_at IS NULL AND mobile IS NOT NULL")
    return {r["mobile"]: dict(r) for r in rows}


def members_by_nickname(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute("SELECT * FROM members WHERE deleted_at IS NULL"):
        for key in {r["nickname"], r["name"]}:
            if key:
                out.setdefault(key, []).append(dict(r))
    return out


def products_by_name_spec(conn: sqlite3.Connection) -> dict[tuple[str, str], dict[str, Any]]:
    rows = conn.execute("SELECT * FROM products WHERE deleted_at IS NULL")
    return {(r["name"], r["spec"]): dict(r) for r in rows}


def item_totals(conn: sqlite3.Connection, campaign_id: str) -> dict[str, int]:
    """Quantities already taken per campaign item by active orders."""
    rows = conn.execute(
        """SELECT l.campaign_item_id, SUM(l.quantity) FROM order_lines l
           JOIN orders o ON o.id = l.order_id
           WHERE o.campaign_id = ? AND o.status IN ('placed', 'picked_up')
           GROUP BY l.campaign_item_id""",
        (campaign_id,),
    )
    return dict(rows.fetchall())


def saved_mapping(conn: sqlite3.Connection, signature: str) -> str | None:
    row = conn.execute(
        "SELECT value FROM settings WHERE key = ?", (f"import.mapping.{signature}",)
    ).fetchone()
    return row[0] if row else None


def existing_orders(conn: sqlite3.Connection, campaign_id: str) -> dict[tuple[str, str], dict]:
    """The campaign's orders with their lines (by campaign item), keyed ('x', platform number)
    and ('f', fingerprint), for bringing them in line with a later export."""
    orders: dict[str, dict[str, Any]] = {}
    for r in conn.execute(
        """SELECT o.id, o.order_no, o.external_no, o.fingerprint, o.status, o.paid, o.member_id,
                  o.amount_fen, o.platform_refund_fen, o.leader_note, m.mobile AS member_mobile,
                  m.name AS member_name, m.nickname AS member_nickname
           FROM orders o JOIN members m ON m.id = o.member_id WHERE o.campaign_id = ?""",
        (campaign_id,),
    ):
        orders[r["id"]] = {**dict(r), "lines": {}}
    for r in conn.execute(
        """SELECT l.*, p.name || ' ' || p.spec AS name FROM order_lines l
           JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id
           WHERE o.campaign_id = ?""",
        (campaign_id,),
    ):
        orders[r["order_id"]]["lines"][r["campaign_item_id"]] = dict(r)
    out: dict[tuple[str, str], dict] = {}
    for order in orders.values():
        if order["fingerprint"]:
            out[("f", order["fingerprint"])] = order
        if order["external_no"]:
            out[("x", order["external_no"])] = order
    return out


def campaigns_holding(
    conn: sqlite3.Connection, externals: list[str], prints: list[str], exclude: str | None
) -> dict[str, int]:
    """Campaigns (other than `exclude`) holding any of these platform numbers or fingerprints,
    with how many each holds."""
    out: dict[str, int] = {}
    for column, keys in (("external_no", externals), ("fingerprint", prints)):
        if not keys:
            continue
        marks = ", ".join("?" * len(keys))
        for campaign_id, count in conn.execute(
            f"""SELECT campaign_id, COUNT(DISTINCT {column}) FROM orders
                WHERE {column} IN ({marks}) AND campaign_id != ? GROUP BY campaign_id""",
            (*keys, exclude or ""),
        ):
            out[campaign_id] = out.get(campaign_id, 0) + count
    return out


def member_item_totals(conn: sqlite3.Connection, campaign_id: str) -> dict[tuple[str, str], int]:
    """Quantities per (member, campaign item) taken by active orders, for per-member limits."""
    rows = conn.execute(
        """SELECT o.member_id, l.campaign_item_id, SUM(l.quantity) FROM order_lines l
           JOIN orders o ON o.id = l.order_id
           WHERE o.campaign_id = ? AND o.status IN ('placed', 'picked_up')
           GROUP BY o.member_id, l.campaign_item_id""",
        (campaign_id,),
    )
    return {(m, i): q for m, i, q in rows}


def product_keys(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    rows = conn.execute("SELECT name, spec FROM products WHERE deleted_at IS NULL")
    return {(r[0], r[1]) for r in rows}


def order_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM orders").fetchone()[0]
