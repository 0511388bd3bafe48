"""`leader-app check`: SQLite's own checks plus the invariants the write API keeps."""

from __future__ import annotations

import functools
import sqlite3
from typing import Any

INVARIANTS: dict[str, str] = {
    "order_amount_mismatch": """
        SELECT o.order_no FROM orders o
        WHERE o.amount_fen != (SELECT COALESCE(SUM(quantity * unit_price_fen), 0)
                               FROM order_lines l WHERE l.order_id = o.id)""",
    "duplicate_order_no": """
        SELECT order_no FROM orders GROUP BY campaign_id, order_no HAVING COUNT(*) > 1""",
    "order_without_lines": """
        SELECT o.order_no FROM orders o
        WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)""",
    "picked_up_not_complete": """
        SELECT o.order_no FROM orders o WHERE o.status = 'picked_up'
        AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id
                    AND l.picked_qty != l.quantity)""",
    "line_item_other_campaign": """
        SELECT o.order_no FROM order_lines l JOIN orders o ON o.id = l.order_id
        JOIN campaign_items ci ON ci.id = l.campaign_item_id
        WHERE ci.campaign_id != o.campaign_id""",
    "invalid_mobile": """
        SELECT mobile FROM members WHERE mobile IS NOT NULL
        AND (length(mobile) != 11 OR mobile NOT GLOB '1[3-9][0-9]*')""",
    "change_without_tx": """
        SELECT 'logged ' || n || ', in transactions ' || m FROM (
            SELECT (SELECT count(*) FROM change_log) AS n,
                   (SELECT coalesce(sum(last_seq - first_seq + 1), 0) FROM tx_log) AS m)
        WHERE n != m""",
}


def check(conn: sqlite3.Connection) -> dict[str, Any]:
    """Never raises on a damaged file: what cannot be read is reported as a problem."""
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check(100)")]
    except sqlite3.DatabaseError as exc:
        integrity = [str(exc)]
    try:
        foreign = [
            dict(zip(("table", "rowid", "parent", "fkid"), r, strict=False))
            for r in conn.execute("PRAGMA foreign_key_check")
        ]
    except sqlite3.DatabaseError as exc:
        foreign = [{"table": "?", "rowid": None, "parent": "?", "fkid": str(exc)}]
    problems: dict[str, list[Any]] = {}
    for name, sql in INVARIANTS.items():
        try:
            found = [r[0] for r in conn.execute(sql + " LIMIT 20")]
        except sqlite3.DatabaseError as exc:
            found = [f"unreadable: {exc}"]
        if found:
            problems[name] = found
    problems.update(schema_problems(conn))
    empty = store_is_empty_file(conn)
    if empty:
        problems["empty_file"] = [empty]
    ok = integrity == ["ok"] and not foreign and not problems
    return {"ok": ok, "integrity": integrity, "foreign_keys": foreign[:20], "problems": problems}


def _schema(db: Any) -> dict[str, set[str]]:
    """The store's tables with their columns, its own indexes and its triggers (sqlite-utils'
    introspection). SQLite's automatic indexes are left out: their names depend on the order
    a table's constraints were declared, not on what the program needs."""
    tables = {t.name: t for t in db.tables}
    return {
        "table": set(tables),
        "column": {f"{n}.{c.name}" for n, t in tables.items() for c in t.columns},
        "index": {f"{n}.{i.name}" for n, t in tables.items() for i in t.indexes if i.origin == "c"},
        "trigger": {t.name for t in db.triggers},
    }


@functools.cache
def _expected_schema() -> dict[str, set[str]]:
    """What the migrations build, applied to an empty database in memory."""
    import sqlite_utils

    from storage import migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrations.apply(conn)
    try:
        return _schema(sqlite_utils.Database(conn))
    finally:
        conn.close()


def schema_problems(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """What the program's schema has and this file lacks: a table, a column, an index or a
    trigger (`schema_missing_index: ["orders.idx_orders_campaign"]`). integrity_check cannot
    see a dropped index or trigger (the file is still consistent without it), yet the desk
    slows down or stops logging changes. What the file has beyond that is left alone."""
    import sqlite_utils

    try:
        actual = _schema(sqlite_utils.Database(conn))
    except sqlite3.DatabaseError as exc:
        return {"schema_unreadable": [str(exc)]}
    expected = _expected_schema()
    return {
        f"schema_missing_{kind}": sorted(names - actual[kind])[:20]
        for kind, names in expected.items()
        if names - actual[kind]
    }


def store_is_empty_file(conn: sqlite3.Connection) -> str:
    """A store with no shop and no data, while backups of a real shop lie beside it, is a
    lost file (a 0-byte file opens as a new, empty store); '' when that is not the case."""
    from storage.backup import list_backups
    from storage.db import default_backup_dir

    try:
        path = conn.execute("PRAGMA database_list").fetchone()[2]
        has_data = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM settings WHERE key = 'shop_name') "
            "OR EXISTS (SELECT 1 FROM members) OR EXISTS (SELECT 1 FROM orders)"
        ).fetchone()[0]
    except sqlite3.DatabaseError:
        return ""
    if has_data or not path:
        return ""
    real = [b for b in list_backups(default_backup_dir(path)) if any(b.get("counts", {}).values())]
    return f"no data, but {len(real)} backups with data beside it" if real else ""
