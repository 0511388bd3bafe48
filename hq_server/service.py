"""HQ's rules, independent of the web framework: enrolment, tokens, batches, catalog, stats."""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hq_server import codes, projection, validate, verify
from hq_server.db import Database
from hq_server.instance import Instance
from hq_server.validate import ENTITIES, MAX_FIELD, MAX_PRICE_FEN  # noqa: F401 (re-exported)

PROTOCOL = 1
CLAIM_TIMEOUT = 30.0  # seconds before a claim whose owner still looks alive is taken over
CODE_DAYS = 7.0  # an enrolment code expires this many days after it is made


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


def _busy() -> HQError:
    return HQError(
        409, "in_progress", "this batch is being applied; retry shortly", {"Retry-After": "1"}
    )


def batch_hash(changes: list[dict[str, Any]]) -> str:
    """What makes a replay the same batch (surrogatepass: a lone surrogate in a record is
    refused later, record by record, not with a 500 here)."""
    text = json.dumps(changes, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class HQ:
    def __init__(
        self, db: Database, claim_timeout: float = CLAIM_TIMEOUT, instance: Instance | None = None
    ) -> None:
        self.db = db
        self.claim_timeout = claim_timeout
        self._instance = instance
        # batches a request of this process is handling now: a claim we own that is not in
        # here was abandoned (its apply failed and the release did too), so it is taken over
        self._active: set[tuple[str, str]] = set()
        self._active_lock = threading.Lock()

    @property
    def instance(self) -> Instance:
        """This process as a claim owner; registered (with its heartbeat) on first use."""
        if self._instance is None:
            self._instance = Instance(self.db)
        return self._instance.start()

    # -- leaders and devices ---------------------------------------------------------------
    def add_leader(self, name: str, days: float = CODE_DAYS) -> dict[str, str]:
        name = validate.safe_text(name.strip(), 100)
        if not name:
            raise HQError(400, "bad_name", "a leader needs a name")
        leader_id = str(uuid.uuid4())
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO leaders (id, name, created_at) VALUES (?, ?, ?)",
                (leader_id, name, now_iso()),
            )
        return self.enroll_code(leader_id, days)

    def enroll_code(self, leader_id: str, days: float = CODE_DAYS) -> dict[str, str]:
        """A fresh single-use code for an existing leader: a desk re-enrols under the same
        leader (after a revoked device, a new PC), so HQ keeps one history per shop."""
        if not 0 < days <= 365:
            raise HQError(400, "bad_expiry", "a code lasts more than 0 and at most 365 days")
        code = codes.new_code()
        expires = _iso(datetime.now(UTC) + timedelta(days=days))
        with self.db.transaction() as cur:
            if cur.one("SELECT 1 FROM leaders WHERE id = ?", (leader_id,)) is None:
                raise HQError(404, "no_leader", f"no leader {validate.safe_text(leader_id, 80)}")
            cur.execute(
                "INSERT INTO enrollments (code_hash, leader_id, created_at, expires_at) "
                "VALUES (?, ?, ?, ?)",
                (_hash(codes.normalise(code)), leader_id, now_iso(), expires),
            )
        return {"leader_id": leader_id, "enrollment_code": code, "expires_at": expires}

    def enroll(self, code: str, device_name: str, days: int = 3650) -> dict[str, str]:
        token, device_id = secrets.token_urlsafe(32), str(uuid.uuid4())
        device_name = validate.safe_text(device_name, 100)
        # new codes are stored by their normalised form; codes from before were used verbatim
        hashes = (_hash(codes.normalise(code)), _hash(code))
        bad = HQError(401, "bad_enrollment_code", "unknown or used enrollment code")
        with self.db.transaction() as cur:
            row = cur.one(
                "SELECT leader_id, used_at, expires_at, created_at, code_hash FROM enrollments "
                "WHERE code_hash IN (?, ?)",
                hashes,
            )
            if row is None or row[1]:
                raise bad
            legacy_expiry = _iso(datetime.fromisoformat(row[3]) + timedelta(days=CODE_DAYS))
            if (row[2] or legacy_expiry) < now_iso():
                raise HQError(
                    401,
                    "expired_enrollment_code",
                    "this enrollment code has expired; HQ can give a new one (enroll-code)",
                )
            # conditional: of simultaneous uses of one code exactly one changes the row
            # (PostgreSQL re-checks used_at after waiting for the other's row lock)
            cur.execute(
                "UPDATE enrollments SET used_at = ? WHERE code_hash = ? AND used_at IS NULL",
                (now_iso(), row[4]),
            )
            if cur.raw.rowcount != 1:
                raise bad
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
        body_hash = batch_hash(body["changes"])
        owner, key = self.instance.id, (device.leader_id, batch_id)
        with self._active_lock:
            if key in self._active:
                raise _busy()
            self._active.add(key)
        try:
            stored = self._claim(device.leader_id, batch_id, body_hash, owner)
            if stored is not None:
                return {**stored, "replayed": True}
            try:
                return self._apply(device, batch_id, body, owner)
            except HQError:
                raise
            except BaseException:
                self._release(device.leader_id, batch_id, owner)
                raise
        finally:
            with self._active_lock:
                self._active.discard(key)

    def _release(self, leader_id: str, batch_id: str, owner: str) -> None:
        """Applying failed without a result: drop our claim, so a retry is applied afresh
        instead of answering 409 until the claim times out."""
        try:
            with self.db.transaction() as cur:
                cur.execute(
                    "DELETE FROM batches WHERE leader_id = ? AND batch_id = ? AND owner = ? "
                    "AND status = 'in_progress'",
                    (leader_id, batch_id, owner),
                )
        except Exception:
            pass  # the owner check lets the next request take it over anyway

    def _apply(
        self, device: Device, batch_id: str, body: dict[str, Any], owner: str
    ) -> dict[str, Any]:
        results, applied, rejected, at = [], 0, 0, now_iso()
        with self.db.transaction() as cur:
            # fencing: still ours? This takes the row lock on PostgreSQL, so a takeover waits
            # for us and then finds the batch done; if it took over first, we roll back.
            cur.execute(
                "UPDATE batches SET claimed_at = ? WHERE leader_id = ? AND batch_id = ? "
                "AND owner = ? AND status = 'in_progress'",
                (time.time(), device.leader_id, batch_id, owner),
            )
            if cur.raw.rowcount != 1:
                raise HQError(
                    409, "in_progress", "this batch was taken over; retry", {"Retry-After": "1"}
                )
            records, letters = [], []
            for change in body["changes"]:
                code, reason = validate.refusal(change)
                if code:
                    rejected += 1
                    letters.append(
                        (
                            device.leader_id,
                            batch_id,
                            change["seq"],
                            str(change["entity"])[:40],
                            change["entity_id"],
                            reason,
                            validate.dead_letter(change, code),
                            now_iso(),
                        )
                    )
                    results.append(
                        {"seq": change["seq"], "status": "rejected", "code": code, "reason": reason}
                    )
                    continue
                applied += 1
                deleted = 1 if change["op"] == "delete" else 0
                text = verify.canonical({} if deleted else change["data"])  # stored and hashed
                records.append(
                    (
                        device.leader_id,
                        change["entity"],
                        change["entity_id"],
                        text,
                        deleted,
                        at,
                        "" if deleted else verify.version_of(text),
                        verify.bucket_key(change["entity_id"]),
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

    def _claim(
        self, leader_id: str, batch_id: str, body_hash: str, owner: str
    ) -> dict[str, Any] | None:
        """Record the batch as in progress under `owner` (committed on its own), or answer from
        what is stored: the stored result for a replay, 422 for a different body, 409 while
        another live request is applying it. A claim whose owner is gone (instance.py), or
        older than the claim timeout, is taken over."""
        with self.db.transaction() as cur:
            # simultaneous first sends: one INSERT wins, the others see its row (no 500)
            cur.execute(
                "INSERT INTO batches (leader_id, batch_id, body_hash, status, claimed_at, "
                "created_at, owner) VALUES (?, ?, ?, 'in_progress', ?, ?, ?) "
                "ON CONFLICT (leader_id, batch_id) DO NOTHING",
                (leader_id, batch_id, body_hash, time.time(), now_iso(), owner),
            )
            if cur.raw.rowcount == 1:
                return None
            row = cur.one(
                "SELECT body_hash, status, claimed_at, result, owner FROM batches "
                "WHERE leader_id = ? AND batch_id = ?",
                (leader_id, batch_id),
            )
            busy = _busy()
            if row is None:
                raise busy  # claimed and released in between: the retry claims it
            stored_hash, status, claimed_at, result, held_by = row
            if stored_hash != body_hash:
                raise HQError(422, "batch_id_reused", "this batch id was used for other changes")
            if status == "done":
                return json.loads(result)
            expired = time.time() - claimed_at >= self.claim_timeout
            # held_by == owner: ours, yet no request of ours is on it (push holds the key)
            if not expired and held_by != owner and not self.instance.owner_gone(cur, held_by):
                raise busy
            cur.execute(
                "UPDATE batches SET claimed_at = ?, owner = ? WHERE leader_id = ? AND "
                "batch_id = ? AND status = 'in_progress' AND "
                + ("owner IS NULL" if held_by is None else "owner = ?"),
                (time.time(), owner, leader_id, batch_id, *([] if held_by is None else [held_by])),
            )
            if cur.raw.rowcount != 1:
                raise busy  # another request took it over first
            return None

    # -- catalog ------------------------------------------------------------------------------
    def publish(self, item: dict[str, Any], op: str = "upsert", kind: str = "product") -> int:
        """Append a product or a suggested campaign (kind) to the catalog feed; a delete is a
        tombstone. Returns the new cursor."""
        if kind not in ("product", "campaign"):
            raise HQError(400, "bad_kind", "kind is product or campaign")
        try:
            if op == "upsert":
                (validate.check_suggestion if kind == "campaign" else validate.check_product)(item)
            if item.get("id") is not None:
                validate.check_id(item["id"])
        except validate.PublishError as exc:
            raise HQError(400, f"bad_{kind}", str(exc)) from None
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

    def digest(self, leader_id: str, entities: list[str], prefix: str) -> dict[str, Any]:
        with self.db.transaction() as cur:
            return verify.digest(cur, leader_id, entities, prefix)

    def listing(
        self, leader_id: str, entity: str, prefix: str, after: str, limit: int
    ) -> dict[str, Any]:
        with self.db.transaction() as cur:
            return verify.listing(cur, leader_id, entity, prefix, after, limit)

    def dump(self, leader_id: str, entity: str) -> dict[str, Any]:
        with self.db.transaction() as cur:
            rows = cur.all(
                "SELECT entity_id, data FROM records WHERE leader_id = ? AND "
                "entity = ? AND deleted = 0",
                (leader_id, entity),
            )
        return {r[0]: json.loads(r[1]) for r in rows}
