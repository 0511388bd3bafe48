"""The live demand, kept by triggers: `p_live` holds every active order line (placed or picked
up) of an open or closed campaign, with the product's name, spec and HQ id as they were when the
line went in; `p_dl` sums it per leader, pickup date and product. The demand page then reads a
few tens of thousands of narrow rows instead of joining millions of order lines.

Each push (projection.apply) calls refresh() after writing its typed rows: it takes out the live
lines those rows affect and puts back those that are still live. Triggers on p_live add and
subtract in p_dl (they fire for live lines only, a small share of what is pushed). Rows of p_dl belong to one leader, so two leaders' pushes never wait
on each other.
"""

from __future__ import annotations

import json
from typing import Any

LIVE = "('open', 'closed')"
ACTIVE = "('placed', 'picked_up')"
TABLES = ["p_dl", "p_live"]
DDL = [
    """CREATE TABLE p_live (
           leader_id TEXT NOT NULL, line_id TEXT NOT NULL, order_id TEXT, campaign_id TEXT,
           product_id TEXT, pickup_on TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL,
           hq_id TEXT NOT NULL, unit TEXT, quantity BIGINT NOT NULL,
           PRIMARY KEY (leader_id, line_id))""",
    "CREATE INDEX ix_p_live_order ON p_live (leader_id, order_id)",
    "CREATE INDEX ix_p_live_campaign ON p_live (leader_id, campaign_id)",
    "CREATE INDEX ix_p_live_product ON p_live (leader_id, product_id)",
    """CREATE TABLE p_dl (
           leader_id TEXT NOT NULL, pickup_on TEXT NOT NULL, name TEXT NOT NULL,
           spec TEXT NOT NULL, hq_id TEXT NOT NULL, unit TEXT, quantity BIGINT NOT NULL,
           lines BIGINT NOT NULL, PRIMARY KEY (leader_id, pickup_on, name, spec))""",
    "CREATE INDEX ix_p_dl_product ON p_dl (name, spec, pickup_on, quantity, leader_id)",
    "CREATE INDEX ix_p_lines_product ON p_lines (leader_id, product_id)",
]
_COLUMNS = """SELECT l.leader_id, l.id, l.order_id, c.id, l.product_id,
        COALESCE(c.pickup_on, ''), COALESCE(p.name, ''), COALESCE(p.spec, ''),
        COALESCE(p.hq_id, ''), p.unit, COALESCE(l.quantity, 0)"""
_PRODUCT = "LEFT JOIN p_products p ON p.leader_id = l.leader_id AND p.id = l.product_id"
_LIVE = f"o.status IN {ACTIVE} AND c.status IN {LIVE}"
# The join order is spelled out (SQLite keeps a CROSS JOIN's order; PostgreSQL plans freely):
# from the changed line or order outwards, or from the leader's live campaigns inwards.
FROM_LINES = f"""{_COLUMNS}
    FROM p_lines l CROSS JOIN p_orders o CROSS JOIN p_campaigns c {_PRODUCT}
    WHERE o.leader_id = l.leader_id AND o.id = l.order_id AND c.leader_id = o.leader_id
    AND c.id = o.campaign_id AND {_LIVE}"""
FROM_CAMPAIGNS = f"""{_COLUMNS}
    FROM p_campaigns c CROSS JOIN p_orders o CROSS JOIN p_lines l {_PRODUCT}
    WHERE o.leader_id = c.leader_id AND o.campaign_id = c.id AND l.leader_id = o.leader_id
    AND l.order_id = o.id AND {_LIVE}"""
INSERT_LIVE = (
    "INSERT INTO p_live (leader_id, line_id, order_id, campaign_id, product_id, pickup_on, "
    "name, spec, hq_id, unit, quantity) "
)
# entity → (the p_live column its ids match, the select that puts back the live ones, and the
# column of that select the ids match)
SCOPES = {
    "order_lines": ("line_id", FROM_LINES, "l.leader_id = ? AND l.id"),
    "orders": ("order_id", FROM_LINES, "l.leader_id = ? AND l.order_id"),
    "campaigns": ("campaign_id", FROM_CAMPAIGNS, "c.leader_id = ? AND c.id"),
    "products": ("product_id", FROM_CAMPAIGNS, "c.leader_id = ? AND l.product_id"),
}


def refresh(cur: Any, leader_id: str, touched: dict[str, list[str]]) -> None:
    """Take out the live lines that this batch's records affect, then put back those still
    live: a few set-based statements per batch (ids as one array parameter)."""
    if cur.pg:
        among, wrap = "= ANY(?)", list
        insert = INSERT_LIVE.strip() + " "
        tail = " ON CONFLICT (leader_id, line_id) DO NOTHING"
    else:
        among, wrap = "IN (SELECT value FROM json_each(?))", json.dumps
        insert = INSERT_LIVE.replace("INSERT INTO", "INSERT OR IGNORE INTO", 1)
        tail = ""
    scoped = [(SCOPES[e], wrap(ids)) for e, ids in touched.items() if e in SCOPES and ids]
    for (column, _select, _match), ids in scoped:
        if cur.pg:
            cur.executemany(
                f"DELETE FROM p_live WHERE leader_id = ? AND {column} = ?",
                [(leader_id, i) for i in ids],
            )
        else:
            cur.execute(
                f"DELETE FROM p_live WHERE leader_id = ? AND {column} {among}", (leader_id, ids)
            )
    for entity, ids in touched.items():  # a line in two scopes goes in once
        if entity not in SCOPES or not ids:
            continue
        _column, select, match = SCOPES[entity]
        if cur.pg:  # one id a statement: PostgreSQL then starts from the changed row's key
            cur.executemany(
                f"{insert}{select} AND {match} = ?{tail}", [(leader_id, i) for i in ids]
            )
        else:
            cur.execute(f"{insert}{select} AND {match} {among}{tail}", (leader_id, wrap(ids)))


DL_KEY = "leader_id = {r}.leader_id AND pickup_on = {r}.pickup_on AND name = {r}.name AND spec = {r}.spec"
DL_ADD = (
    "INSERT INTO p_dl (leader_id, pickup_on, name, spec, hq_id, unit, quantity, lines) "
    "VALUES (NEW.leader_id, NEW.pickup_on, NEW.name, NEW.spec, NEW.hq_id, NEW.unit, "
    "NEW.quantity, 1) ON CONFLICT (leader_id, pickup_on, name, spec) DO UPDATE SET "
    "quantity = p_dl.quantity + excluded.quantity, lines = p_dl.lines + 1, "
    "hq_id = excluded.hq_id, unit = COALESCE(excluded.unit, p_dl.unit)"
)
DL_SUB = [
    "UPDATE p_dl SET quantity = quantity - OLD.quantity, lines = lines - 1 WHERE "
    + DL_KEY.format(r="OLD"),
    "DELETE FROM p_dl WHERE " + DL_KEY.format(r="OLD") + " AND lines <= 0",
]


def install(cur: Any, pg: bool) -> None:
    """Tables, the bulk fill from the typed tables, then the add/subtract triggers."""
    for statement in DDL:
        cur.execute(statement)
    cur.execute(INSERT_LIVE + FROM_CAMPAIGNS)
    cur.execute(
        "INSERT INTO p_dl (leader_id, pickup_on, name, spec, hq_id, unit, quantity, lines) "
        "SELECT leader_id, pickup_on, name, spec, MAX(hq_id), MAX(unit), SUM(quantity), "
        "COUNT(*) FROM p_live GROUP BY leader_id, pickup_on, name, spec"
    )
    if pg:
        cur.execute(
            f"""CREATE OR REPLACE FUNCTION fn_p_live() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        {DL_ADD};
                    ELSE
                        {DL_SUB[0]};
                        {DL_SUB[1]};
                    END IF;
                    RETURN NULL;
                END $$"""
        )
        cur.execute(
            "CREATE TRIGGER tr_p_live AFTER INSERT OR DELETE ON p_live FOR EACH ROW "
            "EXECUTE FUNCTION fn_p_live()"
        )
    else:
        cur.execute(f"CREATE TRIGGER tr_p_live_insert AFTER INSERT ON p_live BEGIN {DL_ADD}; END")
        cur.execute(
            f"CREATE TRIGGER tr_p_live_delete AFTER DELETE ON p_live BEGIN {DL_SUB[0]}; "
            f"{DL_SUB[1]}; END"
        )
