"""The tables of HQ's web desk (staff, sessions, deliveries) and the typed projections.

Installed by `Database` after its own schema, so every process that opens HQ's database (API,
CLI, tests) sees the same tables and triggers.
"""

from __future__ import annotations

from typing import Any

from hq_server import projection

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS staff (
           id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
           failed INTEGER NOT NULL DEFAULT 0, locked_until TEXT, created_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS staff_sessions (
           token_hash TEXT PRIMARY KEY, staff_id TEXT NOT NULL, csrf TEXT NOT NULL,
           created_at TEXT NOT NULL, expires_at TEXT NOT NULL)""",
    # What HQ delivered to a leader for a campaign; one row per (leader, campaign), revised in
    # place. The catalog feed carries it to that leader's desk only (catalog.leader_id).
    """CREATE TABLE IF NOT EXISTS deliveries (
           id TEXT PRIMARY KEY, leader_id TEXT NOT NULL, campaign_id TEXT NOT NULL,
           items TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', by_staff TEXT NOT NULL DEFAULT '',
           at TEXT NOT NULL, UNIQUE (leader_id, campaign_id))""",
    # the catalog page and the demand's supplier filter read the latest entry per item
    "CREATE INDEX IF NOT EXISTS ix_catalog_item ON catalog (kind, product_id, cursor)",
]
# Added to tables of db.SCHEMA: (table, column, definition).
ADDED_COLUMNS = [
    ("catalog", "leader_id", "TEXT"),  # NULL: for every desk; else one leader's (deliveries)
    ("devices", "last_seen_at", "TEXT"),  # the device's last catalog pull (end of a sync)
    ("devices", "pending", "BIGINT"),  # changes the desk said were still waiting then
]


def install(db: Any) -> None:
    with db.transaction() as cur:
        for statement in SCHEMA:
            cur.execute(statement)
    for table, column, definition in ADDED_COLUMNS:
        try:
            with db.transaction() as cur:
                cur.execute(f"SELECT {column} FROM {table} WHERE 1 = 0")
        except Exception:  # a database made before the column existed
            with db.transaction() as cur:
                cur.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
    projection.install(db)
