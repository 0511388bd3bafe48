"""Deliveries HQ recorded for this leader (pulled from its catalog feed; device-local)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def upsert(
    conn: sqlite3.Connection,
    hq_id: str,
    campaign_id: str,
    items: list[dict[str, Any]],
    note: str,
    sent_at: str | None,
    at: str,
) -> None:
    conn.execute(
        "INSERT INTO hq_deliveries (hq_id, campaign_id, items, note, sent_at, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hq_id) DO UPDATE SET "
        "campaign_id = excluded.campaign_id, items = excluded.items, note = excluded.note, "
        "sent_at = excluded.sent_at, received_at = excluded.received_at",
        (hq_id, campaign_id, json.dumps(items, ensure_ascii=False), note, sent_at, at),
    )


def delete(conn: sqlite3.Connection, hq_id: str) -> None:
    conn.execute("DELETE FROM hq_deliveries WHERE hq_id = ?", (hq_id,))


def for_campaign(conn: sqlite3.Connection, campaign_id: str) -> list[dict[str, Any]]:
    return [
        {**dict(r), "items": json.loads(r["items"])}
        for r in conn.execute(
            "SELECT * FROM hq_deliveries WHERE campaign_id = ? ORDER BY received_at, hq_id",
            (campaign_id,),
        )
    ]


def local_product_ids(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    """HQ names a product by the desk's own id or by HQ's catalog id: both → the local id."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    out: dict[str, str] = {}
    for row in conn.execute(
        f"SELECT id, hq_id FROM products WHERE id IN ({marks}) OR hq_id IN ({marks})",
        [*ids, *ids],
    ):
        if row["hq_id"] in ids:
            out.setdefault(row["hq_id"], row["id"])
        if row["id"] in ids:
            out[row["id"]] = row["id"]
    return out
