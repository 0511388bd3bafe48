"""需求汇总: what all leaders' members ordered, per product and pickup date — HQ's purchase order.

Counts campaigns that are open or closed (not draft, arrived or done) and active orders only
(placed or picked up), like the desk's purchase list. A product is known across leaders by its
name and spec (each desk has its own product ids; products from HQ's catalog carry HQ's name).
Reads the typed projections (hq_server/projection.py); pages and sorts in SQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from hq_server.db import Database

OPEN = "('open', 'closed')"
SORTS = {
    "date": "pickup_on, name, spec",
    "product": "name, spec, pickup_on",
    "quantity": "quantity DESC, name, spec, pickup_on",
    "leaders": "leaders DESC, name, spec, pickup_on",
}
GROUPED = (
    "SELECT name, spec, MAX(unit) AS unit, pickup_on, SUM(quantity) AS quantity, "
    "COUNT(*) AS leaders FROM p_dl WHERE 1 = 1{where} GROUP BY name, spec, pickup_on"
)


@dataclass
class DemandFilter:
    date: str | None = None  # YYYY-MM-DD pickup date
    supplier: str | None = None  # from HQ's catalog (products published with a supplier)
    category: str | None = None
    hq_ids: list[str] | None = field(default=None, repr=False)  # resolved from the two above


def catalog_products(db: Database) -> dict[str, dict[str, Any]]:
    """HQ's current products: the latest non-deleted feed entry per id."""
    with db.transaction() as cur:
        rows = cur.all(
            "SELECT c.product_id, c.op, c.data FROM catalog c WHERE c.kind = 'product' AND "
            "c.cursor = (SELECT MAX(c2.cursor) FROM catalog c2 WHERE c2.kind = 'product' "
            "AND c2.product_id = c.product_id) ORDER BY c.cursor"
        )
    return {r[0]: json.loads(r[2]) for r in rows if r[1] != "delete"}


def suppliers_and_categories(db: Database) -> tuple[list[str], list[str]]:
    products = catalog_products(db).values()
    return (
        sorted({p["supplier"] for p in products if p.get("supplier")}),
        sorted({p["category"] for p in products if p.get("category")}),
    )


def _where(db: Database, flt: DemandFilter) -> tuple[str, list[Any]]:
    sql, params = "", []
    if flt.date:
        sql += " AND pickup_on = ?"
        params.append(flt.date)
    if flt.supplier or flt.category:
        ids = [
            pid
            for pid, p in catalog_products(db).items()
            if (not flt.supplier or p.get("supplier") == flt.supplier)
            and (not flt.category or p.get("category") == flt.category)
        ]
        if not ids:
            return " AND 1 = 0", params
        sql += f" AND hq_id IN ({', '.join('?' for _ in ids)})"
        params += ids
    return sql, params


def demand(
    db: Database,
    flt: DemandFilter | None = None,
    *,
    sort: str = "date",
    limit: int | None = 100,
    offset: int = 0,
    per_row: int | None = None,
) -> dict[str, Any]:
    """{"rows": [...], "total": n}: one row per (product, spec, pickup date) with the quantity,
    the number of leaders and the per-leader breakdown (the `per_row` largest, or all) with each
    leader's pickup points. Reads p_dl (projection_live.py): one row per leader and product."""
    flt = flt or DemandFilter()
    where, params = _where(db, flt)
    grouped = GROUPED.format(where=where)
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    with db.transaction() as cur:
        rows = cur.all(
            f"SELECT name, spec, unit, pickup_on, quantity, leaders, COUNT(*) OVER () "
            f"FROM ({grouped}) g ORDER BY {SORTS.get(sort, SORTS['date'])}{page}",
            params,
        )
        count = f"SELECT COUNT(*) FROM ({grouped}) g"
        total = rows[0][6] if rows else cur.one(count, params)[0]
        out = [
            {
                "product": r[0],
                "spec": r[1],
                "unit": r[2] or "",
                "pickup_date": r[3] or None,
                "quantity": int(r[4] or 0),
                "leaders": int(r[5]),
                "by_leader": [],
            }
            for r in rows
        ]
        if out:
            _breakdown(cur, out, where, params, per_row)
    return {"rows": out, "total": int(total)}


def _breakdown(
    cur: Any, out: list[dict[str, Any]], where: str, params: list[Any], per_row: int | None
) -> None:
    """Per-leader quantities for the rows of this page (largest first), with the leaders'
    names and the pickup points of their open or closed campaigns on that date."""
    if per_row is None:  # every leader of every row: one pass
        names = sorted({r["product"] for r in out})
        marks = ", ".join("?" for _ in names)
        rows = cur.all(
            "SELECT name, spec, pickup_on, leader_id, quantity FROM p_dl "
            f"WHERE name IN ({marks}){where} ORDER BY quantity DESC, leader_id DESC",
            [*names, *params],
        )
    else:  # the largest few per row: an index range each (ix_p_dl_product)
        rows = []
        for row in out:
            rows += cur.all(
                "SELECT name, spec, pickup_on, leader_id, quantity FROM p_dl WHERE name = ? "
                f"AND spec = ? AND pickup_on = ?{where} ORDER BY quantity DESC, leader_id DESC "
                f"LIMIT {int(per_row)}",
                [row["product"], row["spec"], row["pickup_date"] or "", *params],
            )
    by_key: dict[tuple, list[dict[str, Any]]] = {}
    leader_ids = sorted({r[3] for r in rows})
    for name, spec, day, leader_id, qty in rows:
        by_key.setdefault((name, spec, day or None), []).append(
            {"leader_id": leader_id, "quantity": int(qty or 0)}
        )
    leaders, points = _leaders_and_points(cur, leader_ids)
    for row in out:
        row["by_leader"] = [
            {
                **entry,
                "leader": leaders.get(entry["leader_id"], ""),
                "pickup_points": points.get((entry["leader_id"], row["pickup_date"] or ""), []),
            }
            for entry in by_key.get((row["product"], row["spec"], row["pickup_date"]), [])
        ]


def _leaders_and_points(
    cur: Any, leader_ids: list[str]
) -> tuple[dict[str, str], dict[tuple[str, str], list[str]]]:
    if not leader_ids:
        return {}, {}
    marks = ", ".join("?" for _ in leader_ids)
    leaders = dict(cur.all(f"SELECT id, name FROM leaders WHERE id IN ({marks})", leader_ids))
    point_names = {
        (r[0], r[1]): r[2]
        for r in cur.all(
            f"SELECT leader_id, id, name FROM p_points WHERE leader_id IN ({marks})", leader_ids
        )
    }
    points: dict[tuple[str, str], list[str]] = {}
    for leader_id, day, ids in cur.all(
        f"SELECT leader_id, pickup_on, point_ids FROM p_campaigns WHERE status IN {OPEN} "
        f"AND leader_id IN ({marks})",
        leader_ids,
    ):
        try:
            chosen = json.loads(ids or "[]")
        except ValueError:
            chosen = []
        names = points.setdefault((leader_id, day or ""), [])
        for pid in chosen if isinstance(chosen, list) else []:
            name = point_names.get((leader_id, str(pid)))
            if name and name not in names:
                names.append(name)
    return leaders, points


def dates(db: Database) -> list[str]:
    """Pickup dates that have demand, for the page's date filter."""
    with db.transaction() as cur:
        rows = cur.all(
            f"SELECT DISTINCT pickup_on FROM p_campaigns WHERE status IN {OPEN} "
            "AND pickup_on IS NOT NULL ORDER BY pickup_on"
        )
    return [r[0] for r in rows]


def demand_row(
    db: Database, product: str, spec: str, day: str | None, limit: int = 100, offset: int = 0
) -> dict[str, Any]:
    """One demand row's leaders, largest first, paged: the page shows a dozen per row."""
    with db.transaction() as cur:
        where = "name = ? AND spec = ? AND pickup_on = ?"
        params = [product, spec, day or ""]
        total, quantity = cur.one(
            f"SELECT COUNT(*), COALESCE(SUM(quantity), 0) FROM p_dl WHERE {where}", params
        )
        rows = cur.all(
            f"SELECT leader_id, quantity FROM p_dl WHERE {where} "
            f"ORDER BY quantity DESC, leader_id DESC LIMIT {int(limit)} OFFSET {int(offset)}",
            params,
        )
        leaders, points = _leaders_and_points(cur, [r[0] for r in rows])
    return {
        "product": product,
        "spec": spec,
        "pickup_date": day,
        "quantity": int(quantity),
        "total": int(total),
        "rows": [
            {
                "leader_id": r[0],
                "leader": leaders.get(r[0], ""),
                "quantity": int(r[1]),
                "pickup_points": points.get((r[0], day or ""), []),
            }
            for r in rows
        ],
    }
