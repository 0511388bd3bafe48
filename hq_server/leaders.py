"""The Leaders page: each leader's last sync, the changes their desk still has waiting, the
records HQ refused and their devices; revoking a device and issuing an enrolment code."""

from __future__ import annotations

from typing import Any

from hq_server.db import Database
from hq_server.service import now_iso

SORTS = {
    "name": "name, id",
    "last_sync": "last_sync DESC, name, id",
    "rejected": "rejected DESC, name, id",
    "pending": "pending DESC, name, id",
}


def seen(db: Database, device_id: str, pending: str | None) -> None:
    """A desk pulled the catalog (the end of its sync round) and said how many changes it still
    has waiting (header X-Pending-Changes); absent or malformed means unknown."""
    count = int(pending) if pending and pending.isdigit() and len(pending) < 12 else None
    with db.transaction() as cur:
        cur.execute(
            "UPDATE devices SET last_seen_at = ?, pending = ? WHERE id = ?",
            (now_iso(), count, device_id),
        )


def listing(
    db: Database, sort: str = "name", limit: int = 50, offset: int = 0, query: str = ""
) -> dict[str, Any]:
    where, params = "", []
    if query.strip():
        where, params = " WHERE l.name LIKE ? OR l.id = ?", [f"%{query.strip()}%", query.strip()]
    sql = (
        "SELECT id, name, created_at, last_sync, pending, rejected, devices FROM ("
        "SELECT l.id, l.name, l.created_at, "
        "(SELECT MAX(d.last_seen_at) FROM devices d WHERE d.leader_id = l.id) AS last_sync, "
        "(SELECT SUM(d.pending) FROM devices d WHERE d.leader_id = l.id "
        "AND d.revoked_at IS NULL) AS pending, "
        "(SELECT COUNT(*) FROM dead_letters x WHERE x.leader_id = l.id) AS rejected, "
        "(SELECT COUNT(*) FROM devices d WHERE d.leader_id = l.id AND d.revoked_at IS NULL) "
        f"AS devices FROM leaders l{where}) s ORDER BY {SORTS.get(sort, SORTS['name'])} "
        f"LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    with db.transaction() as cur:
        total = cur.one(f"SELECT COUNT(*) FROM leaders l{where}", params)[0]
        rows = cur.all(sql, params)
    keys = ("id", "name", "created_at", "last_sync", "pending", "rejected", "devices")
    return {"rows": [dict(zip(keys, r, strict=True)) for r in rows], "total": int(total)}


def detail(db: Database, leader_id: str) -> dict[str, Any] | None:
    with db.transaction() as cur:
        row = cur.one("SELECT id, name, created_at FROM leaders WHERE id = ?", (leader_id,))
        if row is None:
            return None
        devices = cur.all(
            "SELECT id, name, created_at, last_seen_at, pending, revoked_at FROM devices "
            "WHERE leader_id = ? ORDER BY created_at, id",
            (leader_id,),
        )
        rejected = cur.all(
            "SELECT entity, entity_id, reason, at FROM dead_letters WHERE leader_id = ? "
            "ORDER BY at DESC LIMIT 50",
            (leader_id,),
        )
    return {
        "id": row[0],
        "name": row[1],
        "created_at": row[2],
        "devices": [
            dict(
                zip(
                    ("id", "name", "created_at", "last_seen_at", "pending", "revoked_at"),
                    d,
                    strict=True,
                )
            )
            for d in devices
        ],
        "rejected": [
            dict(zip(("entity", "entity_id", "reason", "at"), r, strict=True)) for r in rejected
        ],
    }


def names(db: Database) -> list[tuple[str, str]]:
    with db.transaction() as cur:
        return [tuple(r) for r in cur.all("SELECT id, name FROM leaders ORDER BY name, id")]
