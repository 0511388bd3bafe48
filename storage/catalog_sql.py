"""Product and pickup-point queries."""

from __future__ import annotations

import sqlite3
from typing import Any


def get(conn: sqlite3.Connection, product_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM products WHERE id = ?", (product_id,)).fetchone()
    return dict(row) if row else None


def by_name_spec(conn: sqlite3.Connection, name: str, spec: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT * FROM products WHERE name = ? AND spec = ? AND deleted_at IS NULL", (name, spec)
    ).fetchone()
    return dict(row) if row else None


def is_used(conn: sqlite3.Connection, product_id: str) -> bool:
    return (
        conn.execute(
            "SELECT EXISTS (SELECT 1 FROM campaign_items WHERE product_id = ?)", (product_id,)
        ).fetchone()[0]
        == 1
    )


def active_products(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute("""SELECT * FROM products WHERE deleted_at IS NULL AND withdrawn = 0
                           ORDER BY name, spec""")
    return [dict(r) for r in rows]


def pickup_points(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT * FROM pickup_points WHERE deleted_at IS NULL ORDER BY name")
    return [dict(r) for r in rows]


def setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def by_hq_ids(conn: sqlite3.Connection, hq_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Live products by their HQ id."""
    if not hq_ids:
        return {}
    marks = ", ".join("?" for _ in hq_ids)
    return {
        r["hq_id"]: dict(r)
        for r in conn.execute(
            f"SELECT * FROM products WHERE hq_id IN ({marks}) AND deleted_at IS NULL", hq_ids
        )
    }
