"""The member pool's figures: one per-member aggregate over the orders, kept in a temp table
for the length of one look at the pool, and the sums over it.

Only active orders count ('placed', 'picked_up'); cancelled and refunded ones never do. Times
are compared as UTC ISO strings, which sort as times. `:end` is the exclusive end of the as-of
day; every `*_from` is an inclusive start computed from it by leader_app.insights.
"""

from __future__ import annotations

import sqlite3
from typing import Any

ACTIVE = "('placed', 'picked_up')"
POOL = "temp.insight_pool"

# One pass over the active orders (index only: ix_orders_member_activity): one row per member.
_BUILD_STATS = f"""
CREATE TEMP TABLE insight_stats AS
    SELECT o.member_id,
       MIN(o.created_at) AS first_at,
       MAX(o.created_at) AS last_at,
       COUNT(*) AS orders,
       SUM(o.amount_fen) AS sales_fen,
       COUNT(DISTINCT o.campaign_id) AS campaigns,
       COUNT(DISTINCT CASE WHEN o.created_at >= :loyal_from THEN o.campaign_id END)
           AS recent_campaigns,
       SUM(o.created_at >= :active_from) AS orders_recent,
       SUM(CASE WHEN o.created_at >= :active_from THEN o.amount_fen ELSE 0 END)
           AS sales_recent,
       SUM(CASE WHEN o.created_at >= :prev_from AND o.created_at < :active_from
                THEN o.amount_fen ELSE 0 END) AS sales_prev
FROM orders o
WHERE o.status IN {ACTIVE} AND o.created_at < :end
GROUP BY o.member_id
"""

# One row per member in the pool (not deleted, and known by the as-of day): their order
# figures and a 0/1 flag per segment.
_BUILD_POOL = """
CREATE TEMP TABLE insight_pool AS
SELECT m.id, m.member_no, m.name, m.nickname, m.mobile, m.building, m.unit, m.room, m.tags,
       m.referrer_id, m.created_at,
       s.first_at, s.last_at,
       COALESCE(s.orders, 0) AS orders,
       COALESCE(s.sales_fen, 0) AS sales_fen,
       COALESCE(s.campaigns, 0) AS campaigns,
       COALESCE(s.recent_campaigns, 0) AS recent_campaigns,
       COALESCE(s.orders_recent, 0) AS orders_recent,
       COALESCE(s.sales_recent, 0) AS sales_recent,
       COALESCE(s.sales_prev, 0) AS sales_prev,
       COALESCE(s.first_at >= :new_from, 0) AS is_new,
       COALESCE(s.last_at >= :active_from, 0) AS is_active,
       COALESCE(s.recent_campaigns >= :loyal_campaigns, 0) AS is_loyal,
       COALESCE(s.last_at < :active_from AND s.last_at >= :dormant_from, 0) AS is_at_risk,
       COALESCE(s.last_at < :dormant_from, 0) AS is_dormant,
       s.member_id IS NULL AS is_never
FROM members m LEFT JOIN temp.insight_stats s ON s.member_id = m.id
WHERE m.deleted_at IS NULL AND (m.created_at < :end OR s.member_id IS NOT NULL)
"""

SEGMENTS = ("new", "active", "loyal", "at_risk", "dormant", "never")


def build_pool(conn: sqlite3.Connection, bounds: dict[str, Any]) -> None:
    """(Re)build the pool for these bounds. Temp tables belong to this connection only and
    never touch the shop's file, so a read-only look needs no write lock."""
    own = not conn.in_transaction
    if own:  # one snapshot: a commit elsewhere cannot fall between the two passes
        conn.execute("BEGIN")
    try:
        conn.execute(f"DROP TABLE IF EXISTS {POOL}")
        conn.execute("DROP TABLE IF EXISTS temp.insight_stats")
        # Every member's figures, deleted ones too (their orders are still the shop's sales).
        conn.execute(_BUILD_STATS, bounds)
        conn.execute(_BUILD_POOL, bounds)
    finally:
        if own:
            conn.execute("COMMIT")


def overview(conn: sqlite3.Connection, active_from: str) -> dict[str, Any]:
    parts = ", ".join(
        f"COALESCE(SUM(is_{s}), 0) AS {s}, COALESCE(SUM(is_{s} * sales_fen), 0) AS {s}_sales_fen"
        for s in SEGMENTS
    )
    row = conn.execute(
        f"""SELECT COUNT(*) AS members, {parts},
                   COALESCE(SUM(orders > 0), 0) AS buyers,
                   COALESCE(SUM(campaigns >= 2), 0) AS repeaters,
                   COALESCE(SUM(orders_recent), 0) AS orders_recent,
                   COALESCE(SUM(first_at >= :active_from), 0) AS first_orders_recent,
                   COALESCE(SUM(is_new + is_active + is_loyal + is_at_risk + is_dormant
                                + is_never > 1), 0) AS in_several
            FROM {POOL}""",
        {"active_from": active_from},
    ).fetchone()
    return dict(row)


def order_totals(conn: sqlite3.Connection) -> dict[str, int]:
    """The shop's active orders before the end of the as-of day, whoever placed them (deleted
    members too), summed from the per-member figures instead of a second pass over orders."""
    row = conn.execute(
        """SELECT COALESCE(SUM(orders), 0) AS orders, COALESCE(SUM(sales_fen), 0) AS sales_fen
           FROM temp.insight_stats"""
    ).fetchone()
    return dict(row)


def segment_members(conn: sqlite3.Connection, segment: str) -> list[dict[str, Any]]:
    if segment not in SEGMENTS:
        raise KeyError(segment)
    rows = conn.execute(
        f"""SELECT id, member_no, name, nickname, mobile, building, unit, room, tags,
                   first_at, last_at, orders, sales_fen, campaigns
            FROM {POOL} WHERE is_{segment} = 1
            ORDER BY last_at IS NULL, last_at DESC, member_no"""
    )
    return [dict(r) for r in rows]


def communities_by_tag(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"""SELECT j.value AS tag, COUNT(*) AS members, SUM(p.is_active) AS active,
                   SUM(p.sales_recent) AS sales_fen, SUM(p.sales_prev) AS sales_prev_fen
            FROM {POOL} p, json_each(p.tags) j
            GROUP BY j.value ORDER BY sales_fen DESC, members DESC, tag"""
    )
    return [dict(r) for r in rows]


def communities_by_building(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"""SELECT building, COUNT(*) AS members, SUM(is_active) AS active,
                   SUM(sales_recent) AS sales_fen, SUM(sales_prev) AS sales_prev_fen
            FROM {POOL}
            GROUP BY building
            ORDER BY building = '', CAST(building AS INTEGER), building"""
    )
    return [dict(r) for r in rows]


def referrers(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Referrers by the members they brought in (those still members, as `members --json`
    counts them), then by those members' sales."""
    rows = conn.execute(
        f"""SELECT r.id, r.member_no, r.name, r.mobile, COUNT(*) AS referrals,
                   SUM(p.orders) AS referred_orders, SUM(p.sales_fen) AS referred_sales_fen,
                   SUM(p.is_active) AS referred_active
            FROM {POOL} p JOIN members r ON r.id = p.referrer_id
            WHERE r.deleted_at IS NULL
            GROUP BY r.id
            ORDER BY referrals DESC, referred_sales_fen DESC, r.member_no"""
    )
    return [dict(r) for r in rows]


def weekly(conn: sqlite3.Connection, windows: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """Orders, sales and ordering members per window `(back, start, stop)`. One index range
    per window on the covering created_at index; twelve small statements cost half the CPU of
    one grouped statement, which sorts every order of the twelve weeks."""
    out = []
    for back, start, stop in windows:
        row = conn.execute(
            f"""SELECT COUNT(*) AS orders, COALESCE(SUM(amount_fen), 0) AS sales_fen,
                       COUNT(DISTINCT member_id) AS active_members
                FROM orders
                WHERE status IN {ACTIVE} AND created_at >= ? AND created_at < ?""",
            (start, stop),
        ).fetchone()
        out.append({"back": back, **dict(row)})
    return out


def tiers_expiring(conn: sqlite3.Connection, first: str, last: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT id, member_no, name, mobile, tier, tier_fee_fen, tier_expires_on
           FROM members
           WHERE deleted_at IS NULL AND tier != '' AND tier_expires_on BETWEEN ? AND ?
           ORDER BY tier_expires_on, member_no""",
        (first, last),
    )
    return [dict(r) for r in rows]


def member_campaigns(conn: sqlite3.Connection, member_id: str) -> list[dict[str, Any]]:
    """A member's history per campaign: active orders, their sales and the last pickup."""
    rows = conn.execute(
        f"""SELECT c.id, c.title, c.pickup_on, COUNT(*) AS orders,
                   SUM(o.amount_fen) AS sales_fen, MAX(o.created_at) AS last_at,
                   MAX(o.picked_up_at) AS picked_up_at
            FROM orders o JOIN campaigns c ON c.id = o.campaign_id
            WHERE o.member_id = ? AND o.status IN {ACTIVE}
            GROUP BY c.id ORDER BY last_at DESC""",
        (member_id,),
    )
    return [dict(r) for r in rows]


def referral_tree(conn: sqlite3.Connection, member_id: str) -> list[dict[str, Any]]:
    """Who this member brought in (level 1) and whom they brought in (level 2), with their
    active orders and sales."""
    rows = conn.execute(
        f"""WITH tree AS (
                SELECT id, member_no, name, referrer_id, 1 AS level FROM members
                WHERE referrer_id = :id AND deleted_at IS NULL
                UNION ALL
                SELECT m.id, m.member_no, m.name, m.referrer_id, 2 FROM members m
                JOIN members up ON up.id = m.referrer_id
                WHERE up.referrer_id = :id AND up.deleted_at IS NULL AND m.deleted_at IS NULL
            )
            SELECT t.id, t.member_no, t.name, t.referrer_id, t.level,
                   (SELECT COUNT(*) FROM orders o
                     WHERE o.member_id = t.id AND o.status IN {ACTIVE}) AS orders,
                   (SELECT COALESCE(SUM(o.amount_fen), 0) FROM orders o
                     WHERE o.member_id = t.id AND o.status IN {ACTIVE}) AS sales_fen
            FROM tree t ORDER BY t.level, t.member_no""",
        {"id": member_id},
    )
    return [dict(r) for r in rows]


def setting_values(conn: sqlite3.Connection, prefix: str) -> dict[str, str]:
    rows = conn.execute("SELECT key, value FROM settings WHERE key LIKE ? || '%'", (prefix,))
    return {r[0][len(prefix) :]: r[1] for r in rows}
