"""Paged, sorted, filtered lists for the table views, done in SQL on indexed columns.

A Listing is a spec; `fetch` and `count` run it. The UI's generic table model pages through it
with LIMIT/OFFSET, so a view over 100,000 orders only ever reads one screenful at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SearchFn = Callable[[sqlite3.Connection, str], tuple[str, list[Any]]]


@dataclass(frozen=True)
class Listing:
    name: str
    columns: str  # the SELECT list, aliased to the keys the views use
    source: str  # FROM … JOINs (no WHERE)
    base_where: str  # always applied
    sort_keys: dict[str, str]  # key → SQL expression
    default_sort: str
    search: SearchFn
    filters: dict[str, str] = field(default_factory=dict)  # name → "expr = ?"
    tiebreak: str = ""
    default_descending: bool = False
    count_source: str = ""  # a cheaper FROM for COUNT(*) when the joins only add columns

    def where(
        self, conn: sqlite3.Connection, text: str, filters: dict[str, Any]
    ) -> tuple[str, list[Any]]:
        clauses, params = [self.base_where], []
        for name, value in filters.items():
            if value is None or value == "":
                continue
            clauses.append(self.filters[name])
            params.append(value)
        text = text.strip()
        if text:
            clause, extra = self.search(conn, text)
            clauses.append(clause)
            params.extend(extra)
        return " AND ".join(f"({c})" for c in clauses), params


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def fetch(
    conn: sqlite3.Connection,
    listing: Listing,
    *,
    text: str = "",
    filters: dict[str, Any] | None = None,
    sort: str | None = None,
    descending: bool = False,
    limit: int = 200,
    offset: int = 0,
) -> list[dict[str, Any]]:
    where, params = listing.where(conn, text, filters or {})
    key = sort if sort in listing.sort_keys else listing.default_sort
    direction = "DESC" if descending else "ASC"
    order = f"{listing.sort_keys[key]} {direction}"
    if listing.tiebreak:
        order += f", {listing.tiebreak} {direction}"
    sql = (
        f"SELECT {listing.columns} FROM {listing.source} WHERE {where} "
        f"ORDER BY {order} LIMIT ? OFFSET ?"
    )
    return [dict(r) for r in conn.execute(sql, [*params, limit, offset])]


def count(
    conn: sqlite3.Connection,
    listing: Listing,
    *,
    text: str = "",
    filters: dict[str, Any] | None = None,
) -> int:
    where, params = listing.where(conn, text, filters or {})
    source = listing.count_source or listing.source
    return conn.execute(f"SELECT COUNT(*) FROM {source} WHERE {where}", params).fetchone()[0]


def _member_search(alias: str) -> SearchFn:
    def search(_conn: sqlite3.Connection, text: str) -> tuple[str, list[Any]]:
        return f"{alias}.search LIKE ? ESCAPE '\\'", [like_pattern(text)]

    return search


BROAD_SHARE = 0.02  # a search matching more than 2% of members is "broad"


def _order_search(conn: sqlite3.Connection, text: str) -> tuple[str, list[Any]]:
    """Two plans, picked by how selective the text is (bench/bench_desk.py, 100,000 orders):
    a broad text ("1", "z") walks the sort index and stops after a page of hits (~3 ms);
    a narrow one ("王芳", "8000") collects matching rowids through the member index and the
    covering order-number index (~5 ms) instead of walking all 100,000 rows (~50 ms)."""
    pattern = like_pattern(text)
    matched, total = conn.execute(
        "SELECT SUM(search LIKE ? ESCAPE '\\'), COUNT(*) FROM members", (pattern,)
    ).fetchone()
    members = "SELECT id FROM members WHERE search LIKE ? ESCAPE '\\'"
    numbers = "order_no LIKE ? ESCAPE '\\' OR external_no LIKE ? ESCAPE '\\'"
    if total and (matched or 0) > BROAD_SHARE * total:
        return f"o.member_id IN ({members}) OR o.{numbers.replace(' OR ', ' OR o.')}", [
            pattern,
            pattern,
            pattern,
        ]
    return (
        f"o.rowid IN (SELECT rowid FROM orders WHERE member_id IN ({members}) "
        f"UNION SELECT rowid FROM orders WHERE {numbers})",
        [pattern, pattern, pattern],
    )


MEMBERS = Listing(
    name="members",
    columns="""m.id, m.member_no, m.name, m.nickname, m.mobile, m.building, m.unit, m.room,
                     m.tags, m.tier, m.tier_expires_on, m.created_at, m.notes,
                     r.name AS referrer_name,
                     (SELECT COUNT(*) FROM members x
                       WHERE x.referrer_id = m.id AND x.deleted_at IS NULL) AS referrals""",
    source="members m LEFT JOIN members r ON r.id = m.referrer_id",
    base_where="m.deleted_at IS NULL",
    sort_keys={
        "member_no": "m.member_no",
        "name": "m.name",
        "mobile": "m.mobile",
        "address": "m.building, m.unit, m.room",
        "tier": "m.tier",
        "created_at": "m.created_at",
        "nickname": "m.nickname",
    },
    default_sort="member_no",
    search=_member_search("m"),
    filters={
        "tag": "EXISTS (SELECT 1 FROM json_each(m.tags) WHERE value = ?)",
        "tier": "m.tier = ?",
    },
    tiebreak="m.member_no",
    default_descending=True,
    count_source="members m",
)

PRODUCTS = Listing(
    name="products",
    columns="""p.id, p.name, p.spec, p.unit, p.price_fen, p.list_price_fen, p.sku,
                     p.commission_bp, p.withdrawn, p.updated_at""",
    source="products p",
    base_where="p.deleted_at IS NULL",
    sort_keys={
        "name": "p.name",
        "spec": "p.spec",
        "price_fen": "p.price_fen",
        "list_price_fen": "p.list_price_fen",
        "sku": "p.sku",
        "commission_bp": "p.commission_bp",
    },
    default_sort="name",
    search=lambda _c, t: (
        "(p.name || ' ' || p.spec || ' ' || p.sku) LIKE ? ESCAPE '\\'",
        [like_pattern(t)],
    ),
    tiebreak="p.spec",
)

CAMPAIGNS = Listing(
    name="campaigns",
    columns="""c.id, c.title, c.status, c.deadline_at, c.pickup_on, c.created_at,
                     (SELECT COUNT(*) FROM orders o WHERE o.campaign_id = c.id) AS orders,
                     (SELECT COALESCE(SUM(o.amount_fen), 0) FROM orders o
                       WHERE o.campaign_id = c.id AND o.status IN ('placed', 'picked_up'))
                       AS amount_fen""",
    source="campaigns c",
    base_where="1",
    sort_keys={
        "title": "c.title",
        "status": "c.status",
        "deadline_at": "c.deadline_at",
        "pickup_on": "c.pickup_on",
        "created_at": "c.created_at",
    },
    default_sort="deadline_at",
    search=lambda _c, t: ("c.title LIKE ? ESCAPE '\\'", [like_pattern(t)]),
    filters={"status": "c.status = ?"},
    tiebreak="c.created_at",
    default_descending=True,
)

ORDERS = Listing(
    name="orders",
    columns="""o.id, o.order_no, o.status, o.paid, o.amount_fen, o.platform_refund_fen, o.created_at,
                     o.source, o.member_note, o.leader_note, o.campaign_id, o.member_id,
                     m.name AS member_name, m.mobile AS member_mobile,
                     m.building, m.unit, m.room, c.title AS campaign_title""",
    source="""orders o JOIN members m ON m.id = o.member_id
                            JOIN campaigns c ON c.id = o.campaign_id""",
    base_where="1",
    sort_keys={
        "order_no": "o.order_no",
        "created_at": "o.created_at",
        "amount_fen": "o.amount_fen",
        "status": "o.status",
        "member_name": "m.name",
        "campaign_title": "c.title",
    },
    default_sort="created_at",
    search=_order_search,
    filters={
        "campaign_id": "o.campaign_id = ?",
        "status": "o.status = ?",
        "member_id": "o.member_id = ?",
    },
    tiebreak="o.id",
    default_descending=True,
    count_source="orders o",
)
