"""Typed copies of the desks' records, kept by database triggers, for HQ's web desk.

HQ stores each desk record as a JSON text (`records.data`). Summing demand over 1,000 leaders by
parsing JSON at query time would not answer in 500 ms, so triggers on `records` keep narrow typed
tables (`p_*`) in the same transaction as every push: nothing in the push path changes, a record
can never be in one and not the other, and a malformed value becomes NULL instead of failing the
batch. The tables are rebuilt from `records` when their definition (VERSION) changes.
"""

from __future__ import annotations

from typing import Any

from hq_server import projection_live

VERSION = 4  # 2: the live demand (projection_live.py); 3: NUL-safe on PostgreSQL

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
        values = ", ".join(_sqlite_value(k, t, "NEW.data") for _, k, t in columns)
        live = "".join(f"{sql};\n" for sql in projection_live.refresh(entity))
        for event in ("INSERT", "UPDATE"):
            cur.execute(
                f"""CREATE TRIGGER IF NOT EXISTS tr_{table}_{event.lower()}
                    AFTER {event} ON records WHEN NEW.entity = '{entity}' BEGIN
                    DELETE FROM {table} WHERE leader_id = NEW.leader_id AND id = NEW.entity_id;
                    INSERT INTO {table} (leader_id, id, {names})
                        SELECT NEW.leader_id, NEW.entity_id, {values} WHERE NEW.deleted = 0;
                    {live}
                    END"""
            )
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
        live = "".join(f"{sql};\n" for sql in projection_live.refresh(entity))
        cur.execute(
            f"""CREATE OR REPLACE FUNCTION fn_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE j jsonb;
                BEGIN
                    DELETE FROM {table} WHERE leader_id = NEW.leader_id AND id = NEW.entity_id;
                    IF NEW.deleted = 0 THEN
                        j := p_jsonb(NEW.data);
                        INSERT INTO {table} (leader_id, id, {names})
                            VALUES (NEW.leader_id, NEW.entity_id, {values});
                    END IF;
                    {live}
                    RETURN NULL;
                END $$"""
        )
        cur.execute(f"DROP TRIGGER IF EXISTS tr_{table} ON records")
        cur.execute(
            f"CREATE TRIGGER tr_{table} AFTER INSERT OR UPDATE ON records FOR EACH ROW "
            f"WHEN (NEW.entity = '{entity}') EXECUTE FUNCTION fn_{table}()"
        )
        cur.execute(
            f"INSERT INTO {table} (leader_id, id, {names}) SELECT leader_id, entity_id, "
            f"{values} FROM (SELECT leader_id, entity_id, p_jsonb(data) AS j FROM records "
            "WHERE entity = ? AND deleted = 0) src",
            (entity,),
        )


def install(db: Any) -> None:
    """Create the typed tables and their triggers, or rebuild them when VERSION changed.
    On PostgreSQL an advisory lock keeps API processes that start together from racing."""
    with db.transaction() as cur:
        if db.is_pg:
            cur.execute("SELECT pg_advisory_xact_lock(7140001)")
        cur.execute("CREATE TABLE IF NOT EXISTS p_meta (version INTEGER NOT NULL)")
        row = cur.one("SELECT MAX(version) FROM p_meta")
        if row and row[0] == VERSION:
            return
        for table, _ in SPEC.values():
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
