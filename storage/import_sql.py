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
