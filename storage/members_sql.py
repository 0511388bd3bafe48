"""Member queries used by the services and the order-entry finder."""

from __future__ import annotations

import sqlite3
from typing import Any

from storage.listing import like_pattern


def by_mobile(conn: sqlite3.Connection, mobile: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT * FROM members WHERE mobile = ? AND deleted_at IS NULL", (mobile,)
    ).fetchone()
    return dict(row) if row else None


def get(conn: sqlite3.Connection, member_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM members WHERE id = ?", (member_id,)).fetchone()
    return dict(row) if row else None


def next_member_no(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COALESCE(MAX(member_no), 0) + 1 FROM members").fetchone()[0]


def referrer_chain(conn: sqlite3.Connection, member_id: str) -> list[str]:
    """Ids from this member up through whoever invited them (for loop checks)."""
    rows = conn.execute(
        """WITH RECURSIVE up(id, depth) AS (
               SELECT ?, 0
               UNION SELECT m.referrer_id, up.depth + 1 FROM members m JOIN up ON m.id = up.id
               WHERE m.referrer_id IS NOT NULL AND up.depth < 1000)
           SELECT id FROM up""",
        (member_id,),
    )
    return [r[0] for r in rows]


def referred_ids(conn: sqlite3.Connection, member_id: str) -> list[str]:
    return [
        r[0] for r in conn.execute("SELECT id FROM members WHERE referrer_id = ?", (member_id,))
    ]


def order_ids(conn: sqlite3.Connection, member_id: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM orders WHERE member_id = ?", (member_id,))]


def find_for_entry(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """The order-entry finder: last 4 digits of a mobile rank first, then name or nickname
    prefix, then pinyin initials and any substring."""
    text = text.strip().lower()
    if not text:
        return []
    pattern = like_pattern(text)
    rows = conn.execute(
        """SELECT id, member_no, name, nickname, mobile, building, unit, room,
                  CASE WHEN substr(mobile, 8) = :t THEN 0
                       WHEN lower(name) LIKE :p_prefix ESCAPE '\\'
                         OR lower(nickname) LIKE :p_prefix ESCAPE '\\' THEN 1
                       ELSE 2 END AS rank
           FROM members
           WHERE deleted_at IS NULL AND (search LIKE :p ESCAPE '\\' OR substr(mobile, 8) = :t)
           ORDER BY rank, member_no LIMIT :limit""",
        {"t": text, "p": pattern, "p_prefix": pattern[1:], "limit": limit},
    )
    return [dict(r) for r in rows]


def all_active(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT m.*, r.mobile AS referrer_mobile,
                  (SELECT COUNT(*) FROM members x WHERE x.referrer_id = m.id
                     AND x.deleted_at IS NULL) AS referrals
           FROM members m LEFT JOIN members r ON r.id = m.referrer_id
           WHERE m.deleted_at IS NULL ORDER BY m.member_no"""
    )
    return [dict(r) for r in rows]


def tags_in_use(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("""SELECT DISTINCT j.value FROM members m, json_each(m.tags) j
                           WHERE m.deleted_at IS NULL ORDER BY j.value""")
    return [r[0] for r in rows]


def all_mobiles(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT mobile FROM members")}
