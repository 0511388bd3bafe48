"""Campaigns suggested by HQ (pulled from its catalog feed; device-local, not synced)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def upsert(conn: sqlite3.Connection, hq_id: str, title: str, data: dict[str, Any], at: str) -> None:
    conn.execute(
        "INSERT INTO hq_suggestions (hq_id, title, data, received_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (hq_id) DO UPDATE SET title = excluded.title, data = excluded.data, "
        "received_at = excluded.received_at",
        (hq_id, title, json.dumps(data, ensure_ascii=False), at),
    )


def delete(conn: sqlite3.Connection, hq_id: str) -> None:
    conn.execute("DELETE FROM hq_suggestions WHERE hq_id = ?", (hq_id,))


def all_(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        {**dict(r), "data": json.loads(r["data"])}
        for r in conn.execute(
            # c.id: a campaign opened from it and then undone no longer counts
            "SELECT s.hq_id, s.title, s.data, s.received_at, c.id AS campaign_id, "
            "c.title AS campaign_title FROM hq_suggestions s "
            "LEFT JOIN campaigns c ON c.id = s.campaign_id ORDER BY s.received_at DESC, s.hq_id"
        )
    ]


def get(conn: sqlite3.Connection, hq_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM hq_suggestions WHERE hq_id = ?", (hq_id,)).fetchone()
    return {**dict(row), "data": json.loads(row["data"])} if row else None


def opened(conn: sqlite3.Connection, hq_id: str, campaign_id: str) -> None:
    conn.execute("UPDATE hq_suggestions SET campaign_id = ? WHERE hq_id = ?", (campaign_id, hq_id))


def waiting(conn: sqlite3.Connection) -> int:
    """Suggestions not opened as a campaign (or whose campaign was undone)."""
    return conn.execute(
        "SELECT COUNT(*) FROM hq_suggestions s WHERE NOT EXISTS "
        "(SELECT 1 FROM campaigns c WHERE c.id = s.campaign_id)"
    ).fetchone()[0]
