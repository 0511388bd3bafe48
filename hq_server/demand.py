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
ACTIVE = "('placed', 'picked_up')"
SORTS = {
    "date": "pickup_on, name, spec",
    "product": "name, spec, pickup_on",
    "quantity": "quantity DESC, name, spec, pickup_on",
    "leaders": "leaders DESC, name, spec, pickup_on",
}
BASE = f"""FROM p_campaigns c
    JOIN p_orders o ON o.leader_id = c.leader_id AND o.campaign_id = c.id
    JOIN p_lines l ON l.leader_id = o.leader_id AND l.order_id = o.id
    LEFT JOIN p_products p ON p.leader_id = l.leader_id AND p.id = l.product_id
    WHERE c.status IN {OPEN} AND o.status IN {ACTIVE}"""


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
        sql += " AND c.pickup_on = ?"
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
        sql += f" AND p.hq_id IN ({', '.join('?' for _ in ids)})"
        params += ids
    return sql, params


def demand(
    db: Database,
    flt: DemandFilter | None = None,
    *,
    sort: str = "date",
    limit: int | None = 100,
    offset: int = 0,
) -> dict[str, Any]:
    """{"rows": [...], "total": n}: one row per (product, spec, pickup date) with the quantity,
    the number of leaders and the per-leader breakdown with each leader's pickup points."""
    flt = flt or DemandFilter()
    where, params = _where(db, flt)
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    with db.transaction() as cur:
        total = cur.one(
            "SELECT COUNT(*) FROM (SELECT 1 "
            + BASE
            + where
            + " GROUP BY COALESCE(p.name, ''), COALESCE(p.spec, ''), c.pickup_on) g",
            params,
        )[0]
        rows = cur.all(
            "SELECT name, spec, unit, pickup_on, quantity, leaders FROM (SELECT "
            "COALESCE(p.name, '') AS name, COALESCE(p.spec, '') AS spec, MAX(p.unit) AS unit, "
            "c.pickup_on AS pickup_on, SUM(l.quantity) AS quantity, "
            "COUNT(DISTINCT c.leader_id) AS leaders "
            + BASE
            + where
            + " GROUP BY COALESCE(p.name, ''), COALESCE(p.spec, ''), c.pickup_on) g "
            f"ORDER BY {SORTS.get(sort, SORTS['date'])}{page}",
            params,
        )
        out = [
            {
                "product": r[0],
                "spec": r[1],
                "unit": r[2] or "",
                "pickup_date": r[3],
                "quantity": int(r[4] or 0),
                "leaders": int(r[5]),
                "by_leader": [],
            }
            for r in rows
        ]
        if out:
            _breakdown(cur, out, where, params)
    return {"rows": out, "total": int(total)}


def _breakdown(cur: Any, out: list[dict[str, Any]], where: str, params: list[Any]) -> None:
    """Per-leader quantities for the rows of this page, with the leaders' names and the
    pickup points of their open or closed campaigns on that date."""
    names = sorted({r["product"] for r in out})
    marks = ", ".join("?" for _ in names)
    rows = cur.all(
        "SELECT COALESCE(p.name, ''), COALESCE(p.spec, ''), c.pickup_on, c.leader_id, "
        "SUM(l.quantity) "
        + BASE
        + where
        + f" AND COALESCE(p.name, '') IN ({marks}) GROUP BY COALESCE(p.name, ''), "
        "COALESCE(p.spec, ''), c.pickup_on, c.leader_id ORDER BY c.leader_id",
        [*params, *names],
    )
    by_key: dict[tuple, list[dict[str, Any]]] = {}
    leader_ids = sorted({r[3] for r in rows})
    for name, spec, day, leader_id, qty in rows:
        by_key.setdefault((name, spec, day), []).append(
            {"leader_id": leader_id, "quantity": int(qty or 0)}
        )
    leaders, points = _leaders_and_points(cur, leader_ids)
    for row in out:
        row["by_leader"] = [
            {
                **entry,
                "leader": leaders.get(entry["leader_id"], ""),
                "pickup_points": points.get((entry["leader_id"], row["pickup_date"]), []),
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
        names = points.setdefault((leader_id, day), [])
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
