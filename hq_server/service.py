"""HQ's rules, independent of the web framework: enrolment, tokens, batches, catalog, stats."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hq_server import projection
from hq_server.db import Database

PROTOCOL = 1
ENTITIES = {
    "members",
    "products",
    "campaigns",
    "campaign_items",
    "orders",
    "order_lines",
    "pickup_points",
    "settings",
}
MAX_FIELD = 10_000  # characters in any one field of a record
MAX_PRICE_FEN = 5_000_000  # ¥50,000: HQ refuses implausible prices (a poison record)
CLAIM_TIMEOUT = 30.0  # seconds before an in-progress claim left by a dead process expires


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class HQError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


@dataclass
class Device:
    id: str
    leader_id: str


class HQ:
    def __init__(self, db: Database, claim_timeout: float = CLAIM_TIMEOUT) -> None:
        self.db = db
        self.claim_timeout = claim_timeout

    # -- leaders and devices ---------------------------------------------------------------
    def add_leader(self, name: str) -> dict[str, str]:
        leader_id, code = str(uuid.uuid4()), secrets.token_urlsafe(12)
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO leaders (id, name, created_at) VALUES (?, ?, ?)",
                (leader_id, name, now_iso()),
            )
            cur.execute(
                "INSERT INTO enrollments (code_hash, leader_id, created_at) VALUES (?, ?, ?)",
                (_hash(code), leader_id, now_iso()),
            )
        return {"leader_id": leader_id, "enrollment_code": code}

    def enroll(self, code: str, device_name: str, days: int = 3650) -> dict[str, str]:
        token, device_id = secrets.token_urlsafe(32), str(uuid.uuid4())
        with self.db.transaction() as cur:
            row = cur.one(
                "SELECT leader_id, used_at FROM enrollments WHERE code_hash = ?", (_hash(code),)
            )
            if row is None or row[1]:
                raise HQError(401, "bad_enrollment_code", "unknown or used enrollment code")
            cur.execute(
                "UPDATE enrollments SET used_at = ? WHERE code_hash = ?", (now_iso(), _hash(code))
            )
            expires = (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
            cur.execute(
                "INSERT INTO devices (id, leader_id, token_hash, name, created_at, "
                "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                (device_id, row[0], _hash(token), device_name[:100], now_iso(), expires),
            )
        return {"device_id": device_id, "leader_id": row[0], "token": token}

    def revoke_device(self, device_id: str) -> bool:
        with self.db.transaction() as cur:
            cur.execute("UPDATE devices SET revoked_at = ? WHERE id = ?", (now_iso(), device_id))
            return cur.raw.rowcount == 1

    def authenticate(self, authorization: str | None) -> Device:
        """The leader comes from the token, never from the payload."""
        if not authorization or not authorization.startswith("Bearer "):
            raise HQError(401, "no_token", "a device token is required")
        with self.db.transaction() as cur:
            row = cur.one(
                "SELECT id, leader_id, expires_at, revoked_at FROM devices WHERE token_hash = ?",
                (_hash(authorization[7:].strip()),),
            )
        if row is None:
            raise HQError(401, "bad_token", "unknown device token")
        if row[3]:
            raise HQError(401, "revoked", "this device was revoked; enrol again")
        if row[2] and row[2] < now_iso():
            raise HQError(401, "expired", "this device token has expired; enrol again")
        return Device(row[0], row[1])

    # -- batches ------------------------------------------------------------------------------
    def push(self, device: Device, body: dict[str, Any]) -> dict[str, Any]:
        batch_id = str(body["batch_id"])
        body_hash = hashlib.sha256(
            json.dumps(body["changes"], sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        stored = self._claim(device.leader_id, batch_id, body_hash)
        if stored is not None:
            return {**stored, "replayed": True}
        results, applied, rejected = [], 0, 0
        with self.db.transaction() as cur:
            records, letters = [], []
            for change in body["changes"]:
                code, reason = self._refusal(change)
                if code:
                    rejected += 1
                    letters.append(
                        (
                            device.leader_id,
                            batch_id,
                            change["seq"],
                            change["entity"],
                            change["entity_id"],
                            reason,
                            json.dumps(change, ensure_ascii=False),
                            now_iso(),
                        )
                    )
                    results.append(
                        {"seq": change["seq"], "status": "rejected", "code": code, "reason": reason}
                    )
                    continue
                applied += 1
                deleted = 1 if change["op"] == "delete" else 0
                data = change.get("data") or {}
                records.append(
                    (
                        device.leader_id,
                        change["entity"],
                        change["entity_id"],
                        json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                        deleted,
                        now_iso(),
                    )
                )
                results.append({"seq": change["seq"], "status": "applied"})
            # one statement per batch, not per change: executemany keeps a batch of 500 fast
            cur.executemany(cur.upsert_sql(), records)
            projection.apply(cur, device.leader_id, records)  # the web desk's typed copies
            cur.executemany(
                "INSERT INTO dead_letters (leader_id, batch_id, seq, entity, "
                "entity_id, reason, change, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                letters,
            )
            result = {
                "batch_id": batch_id,
                "applied": applied,
                "rejected": rejected,
                "results": results,
            }
            cur.execute(
                "UPDATE batches SET status = 'done', result = ? WHERE leader_id = ? "
                "AND batch_id = ?",
                (json.dumps(result), device.leader_id, batch_id),
            )
        return {**result, "replayed": False}

    def _claim(self, leader_id: str, batch_id: str, body_hash: str) -> dict[str, Any] | None:
        """Record the batch as in progress (committed on its own), or answer from what is
        stored: the stored result for a replay, 422 for a different body, 409 while another
        request is still applying it. A claim older than the timeout was left by a process
        that died: it is taken over."""
        with self.db.transaction() as cur:
            row = cur.one(
                "SELECT body_hash, status, claimed_at, result FROM batches "
                "WHERE leader_id = ? AND batch_id = ?",
                (leader_id, batch_id),
            )
            if row is None:
                cur.execute(
                    "INSERT INTO batches (leader_id, batch_id, body_hash, status, "
                    "claimed_at, created_at) VALUES (?, ?, ?, 'in_progress', ?, ?)",
                    (leader_id, batch_id, body_hash, time.time(), now_iso()),
                )
                return None
            stored_hash, status, claimed_at, result = row
            if stored_hash != body_hash:
                raise HQError(422, "batch_id_reused", "this batch id was used for other changes")
            if status == "done":
                return json.loads(result)
            if time.time() - claimed_at < self.claim_timeout:
                raise HQError(
                    409,
                    "in_progress",
                    "this batch is being applied; retry shortly",
                    {"Retry-After": "2"},
                )
            cur.execute(
                "UPDATE batches SET claimed_at = ? WHERE leader_id = ? AND batch_id = ?",
                (time.time(), leader_id, batch_id),
            )
            return None

    @staticmethod
    def _refusal(change: dict[str, Any]) -> tuple[str, str]:
        """(code, message) for a change HQ will not take (it goes to the dead-letter table), or
        ('', ''). Desks show the code in their own language; the message is for HQ's staff."""
        if change.get("entity") not in ENTITIES:
            return "unknown_entity", f"unknown entity {change.get('entity')!r}"
        if change.get("op") not in ("insert", "update", "delete"):
            return "unknown_operation", "unknown operation"
        data = change.get("data")
        if change["op"] != "delete" and not isinstance(data, dict):
            return "no_data", "no data"
        for key, value in (data or {}).items():
            if isinstance(value, str) and len(value) > MAX_FIELD:
                return "field_too_long", f"field {key} is too long"
        if change["entity"] == "products" and data:
            price = data.get("price_fen")
            if not isinstance(price, int) or price < 0 or price > MAX_PRICE_FEN:
                return "price_out_of_range", "price outside what HQ accepts (0 to ¥50,000)"
        if change["entity"] == "settings" and str(change.get("entity_id", "")).endswith("secret"):
            return "secret", "secrets are never accepted"
        return "", ""

    # -- catalog ------------------------------------------------------------------------------
    def publish(self, item: dict[str, Any], op: str = "upsert", kind: str = "product") -> int:
        """Append a product or a suggested campaign (kind) to the catalog feed; a delete is a
        tombstone. Returns the new cursor."""
        if kind not in ("product", "campaign"):
            raise HQError(400, "bad_kind", "kind is product or campaign")
        if kind == "campaign" and op == "upsert":
            _check_suggestion(item)
        item_id = item.get("id") or str(uuid.uuid4())
        with self.db.transaction() as cur:
            last = cur.one("SELECT COALESCE(MAX(cursor), 0) FROM catalog")[0]
            cur.execute(
                "INSERT INTO catalog (cursor, product_id, op, data, at, kind) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    last + 1,
                    item_id,
                    op,
                    json.dumps({**item, "id": item_id}, ensure_ascii=False),
                    now_iso(),
                    kind,
                ),
            )
        return last + 1

    def catalog(self, since: int, limit: int = 500, leader_id: str | None = None) -> dict[str, Any]:
        """The feed after `since`: entries for every desk, plus this leader's own (deliveries)."""
        with self.db.transaction() as cur:
            rows = cur.all(
                "SELECT cursor, product_id, op, data, kind FROM catalog WHERE cursor > ? "
                "AND (leader_id IS NULL OR leader_id = ?) ORDER BY cursor LIMIT ?",
                (since, leader_id or "", limit + 1),
            )
        more = len(rows) > limit
        rows = rows[:limit]
        return {
            "changes": [
                {"cursor": r[0], "id": r[1], "op": r[2], "data": json.loads(r[3]), "kind": r[4]}
                for r in rows
            ],
            "cursor": str(rows[-1][0] if rows else since),
            "more": more,
        }

    # -- reporting ------------------------------------------------------------------------------
    def stats(self, leader_id: str) -> dict[str, int]:
        with self.db.transaction() as cur:
            counts = dict(
                cur.all(
                    "SELECT entity, COUNT(*) FROM records WHERE leader_id = ? "
                    "AND deleted = 0 GROUP BY entity",
                    (leader_id,),
                )
            )
            picked = cur.one(
                "SELECT COUNT(*) FROM records WHERE leader_id = ? AND "
                "entity = 'orders' AND deleted = 0 AND data LIKE ?",
                (leader_id, '%"status":"picked_up"%'),
            )[0]
            batches = cur.one(
                "SELECT COUNT(*) FROM batches WHERE leader_id = ? AND status = 'done'", (leader_id,)
            )[0]
            rejected = cur.one(
                "SELECT COUNT(*) FROM dead_letters WHERE leader_id = ?", (leader_id,)
            )[0]
        return {
            "members": counts.get("members", 0),
            "orders": counts.get("orders", 0),
            "order_lines": counts.get("order_lines", 0),
            "pickups": picked,
            "batches": batches,
            "rejected": rejected,
        }

    def dump(self, leader_id: str, entity: str) -> dict[str, Any]:
        with self.db.transaction() as cur:
            rows = cur.all(
                "SELECT entity_id, data FROM records WHERE leader_id = ? AND "
                "entity = ? AND deleted = 0",
                (leader_id, entity),
            )
        return {r[0]: json.loads(r[1]) for r in rows}


def _check_suggestion(item: dict[str, Any]) -> None:
    """A suggested campaign: a title, and products by HQ id with a price each."""
    title = item.get("title")
    if not isinstance(title, str) or not 0 < len(title.strip()) <= 60:
        raise HQError(400, "bad_campaign", "a suggested campaign needs a title (1–60 characters)")
    items = item.get("items")
    if not isinstance(items, list) or not items:
        raise HQError(400, "bad_campaign", "a suggested campaign needs at least one product")
    for entry in items:
        price = entry.get("price_fen") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not isinstance(entry.get("product_id"), str):
            raise HQError(400, "bad_campaign", "each product needs its HQ product_id")
        if not isinstance(price, int) or not 0 <= price <= MAX_PRICE_FEN:
            raise HQError(400, "bad_campaign", "each product needs a price in fen (0 to ¥50,000)")
    try:
        if item.get("deadline"):
            datetime.fromisoformat(str(item["deadline"]).replace("Z", "+00:00"))
        if item.get("pickup_date"):
            date.fromisoformat(str(item["pickup_date"]))
    except ValueError:
        raise HQError(
            400, "bad_campaign", "deadline is ISO-8601 UTC and pickup_date is YYYY-MM-DD"
        ) from None
