"""Typed copies of the desks' records for HQ's web desk, written in the push's transaction.

HQ stores each desk record as a JSON text (`records.data`). Summing demand over 1,000 leaders by
parsing JSON at query time would not answer in 500 ms, so every push also writes narrow typed
tables (`p_*`), set-based per batch (`apply`, one call in HQ.push): a record can never be in one
and not the other, and a malformed value becomes NULL instead of failing the batch. The tables
are rebuilt from `records` when their definition (VERSION) changes.
"""

from __future__ import annotations

import json
from typing import Any

from hq_server import projection_live

VERSION = 5  # 2: the live demand; 5: written by the push per batch, not by row triggers

# entity → (table, [(column, json key, type)]); every table also has leader_id and id.
SPEC: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "campaigns": (
        "p_campaigns",
        [
            ("status", "status", "TEXT"),
            ("pickup_on", "pickup_on", "TEXT"),
            ("title", "title", "TEXT"),
            ("point_ids", "pickup_point_ids", "TEXT"),
        ],
    ),
    "campaign_items": (
        "p_items",
        [
            ("campaign_id", "campaign_id", "TEXT"),
            ("product_id", "product_id", "TEXT"),
            ("commission_bp", "commission_bp", "BIGINT"),
        ],
    ),
    "orders": (
        "p_orders",
        [
            ("campaign_id", "campaign_id", "TEXT"),
            ("status", "status", "TEXT"),
            ("amount_fen", "amount_fen", "BIGINT"),
            ("created_at", "created_at", "TEXT"),
            ("pickup_point_id", "pickup_point_id", "TEXT"),
        ],
    ),
    "order_lines": (
        "p_lines",
        [
            ("order_id", "order_id", "TEXT"),
            ("campaign_item_id", "campaign_item_id", "TEXT"),
            ("product_id", "product_id", "TEXT"),
            ("quantity", "quantity", "BIGINT"),
            ("unit_price_fen", "unit_price_fen", "BIGINT"),
            ("picked_qty", "picked_qty", "BIGINT"),
        ],
    ),
    "products": (
        "p_products",
        [
            ("name", "name", "TEXT"),
            ("spec", "spec", "TEXT"),
            ("unit", "unit", "TEXT"),
            ("hq_id", "hq_id", "TEXT"),
        ],
    ),
    "pickup_points": ("p_points", [("name", "name", "TEXT"), ("address", "address", "TEXT")]),
}
INDEXES = [
    "CREATE INDEX IF NOT EXISTS ix_p_campaigns_status ON p_campaigns (status, pickup_on)",
    "CREATE INDEX IF NOT EXISTS ix_p_orders_campaign ON p_orders (leader_id, campaign_id)",
    "CREATE INDEX IF NOT EXISTS ix_p_lines_order ON p_lines (leader_id, order_id)",
]
TABLES = [table for table, _ in SPEC.values()] + projection_live.TABLES + ["p_meta"]


def _create_tables(cur: Any) -> None:
    for table, columns in SPEC.values():
        cols = ", ".join(f"{c} {t}" for c, _, t in columns)
        cur.execute(
            f"CREATE TABLE {table} (leader_id TEXT NOT NULL, id TEXT NOT NULL, {cols}, "
            "PRIMARY KEY (leader_id, id))"
        )
    for statement in INDEXES:
        cur.execute(statement)


def _sqlite_value(key: str, kind: str, src: str) -> str:
    value = f"json_extract({src}, '$.{key}')"
    if kind == "BIGINT":  # only a real integer; anything else is NULL, never an error
        return f"CASE WHEN typeof({value}) = 'integer' THEN {value} END"
    return f"CAST({value} AS TEXT)"


def _pg_value(key: str, kind: str) -> str:
    if kind == "BIGINT":
        return (
            f"CASE WHEN jsonb_typeof(j->'{key}') = 'number' AND (j->>'{key}') ~ '^-{{0,1}}[0-9]{{1,15}}$' "
            f"THEN (j->>'{key}')::bigint END"
        )
    return f"(j->>'{key}')"


def _install_sqlite(cur: Any) -> None:
    for entity, (table, columns) in SPEC.items():
        names = ", ".join(c for c, _, _ in columns)
        backfill = ", ".join(_sqlite_value(k, t, "data") for _, k, t in columns)
        cur.execute(
            f"INSERT INTO {table} (leader_id, id, {names}) SELECT leader_id, entity_id, "
            f"{backfill} FROM records WHERE entity = ? AND deleted = 0",
            (entity,),
        )


PG_JSONB = r"""CREATE OR REPLACE FUNCTION p_jsonb(t text) RETURNS jsonb LANGUAGE plpgsql
    IMMUTABLE AS $$
    BEGIN
        IF strpos(t, '\u0000') = 0 THEN
            RETURN t::jsonb;
        END IF;
        BEGIN  -- jsonb refuses NUL characters: such a record must never fail a push
            RETURN replace(t, '\u0000', '')::jsonb;
        EXCEPTION WHEN others THEN
            RETURN '{}'::jsonb;
        END;
    END $$"""


def _install_pg(cur: Any) -> None:
    cur.execute(PG_JSONB)
    for entity, (table, columns) in SPEC.items():
        names = ", ".join(c for c, _, _ in columns)
        values = ", ".join(_pg_value(k, t) for _, k, t in columns)
        cur.execute(
            f"INSERT INTO {table} (leader_id, id, {names}) SELECT leader_id, entity_id, "
            f"{values} FROM (SELECT leader_id, entity_id, p_jsonb(data) AS j FROM records "
            "WHERE entity = ? AND deleted = 0) src",
            (entity,),
        )


def _typed(value: Any, kind: str) -> Any:
    if kind == "BIGINT":  # only a real integer; anything else is NULL, never an error
        ok = isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**15
        return value if ok else None
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.replace("\x00", "")  # PostgreSQL's text cannot hold NUL


def apply(cur: Any, leader_id: str, records: list[tuple]) -> None:
    """Bring the typed tables and the live demand up to date with one batch's records
    (leader_id, entity, entity_id, data JSON, deleted, at), inside the push's transaction."""
    latest: dict[tuple[str, str], tuple] = {}
    for record in records:
        if record[1] in SPEC:
            latest[(record[1], record[2])] = record  # a record sent twice: the last one wins
    if not latest:
        return
    touched: dict[str, list[str]] = {}
    for entity, (table, columns) in SPEC.items():
        rows = [r for (e, _), r in latest.items() if e == entity]
        if not rows:
            continue
        touched[entity] = [r[2] for r in rows]
        values = []
        for r in rows:
            if r[4]:
                continue
            data = json.loads(r[3])
            data = data if isinstance(data, dict) else {}
            values.append((r[2], *(_typed(data.get(k), t) for _, k, t in columns)))
        names = ", ".join(c for c, _, _ in columns)
        cur.executemany(  # by primary key: the index, whatever the statistics say
            f"DELETE FROM {table} WHERE leader_id = ? AND id = ?",
            [(leader_id, i) for i in touched[entity]],
        )
        if cur.pg:  # the rows as arrays: one statement per entity and batch
            if values:
                arrays = ", ".join(f"?::{t}[]" for t in ["TEXT"] + [t for _, _, t in columns])
                cur.execute(
                    f"INSERT INTO {table} (leader_id, id, {names}) SELECT ?, * "
                    f"FROM unnest({arrays})",
                    (leader_id, *(list(column) for column in zip(*values, strict=True))),
                )
        else:  # in-process: executemany is as quick
            marks = ", ".join("?" for _ in range(len(columns) + 2))
            cur.executemany(
                f"INSERT INTO {table} (leader_id, id, {names}) VALUES ({marks})",
                [(leader_id, *v) for v in values],
            )
    projection_live.refresh(cur, leader_id, touched)


def install(db: Any) -> None:
    """Create the typed tables, or rebuild them from `records` when VERSION changed.
    On PostgreSQL an advisory lock keeps API processes that start together from racing."""
    with db.transaction() as cur:
        if db.is_pg:
            cur.execute("SELECT pg_advisory_xact_lock(7140001)")
        cur.execute("CREATE TABLE IF NOT EXISTS p_meta (version INTEGER NOT NULL)")
        row = cur.one("SELECT MAX(version) FROM p_meta")
        if row and row[0] == VERSION:
            return
        for table, _ in SPEC.values():  # versions 1-4 kept them with row triggers
            if db.is_pg:
                cur.execute(f"DROP TRIGGER IF EXISTS tr_{table} ON records")
            else:
                cur.execute(f"DROP TRIGGER IF EXISTS tr_{table}_insert")
                cur.execute(f"DROP TRIGGER IF EXISTS tr_{table}_update")
            cur.execute(f"DROP TABLE IF EXISTS {table}")
        for table in projection_live.TABLES:
            cur.execute(f"DROP TABLE IF EXISTS {table}")
        _create_tables(cur)
        (_install_pg if db.is_pg else _install_sqlite)(cur)
        projection_live.install(cur, db.is_pg)
        cur.execute("DELETE FROM p_meta")
        cur.execute("INSERT INTO p_meta (version) VALUES (?)", (VERSION,))
