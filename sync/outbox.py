"""The upload queue: the change log, cut into batches in order.

A batch ends at a transaction boundary once it has reached the caps (500 changes, 1 MB); only a
single transaction larger than the caps is split. Its id and range are written before the first
send, so whatever happens next (a lost response, a killed desk) the retry sends the same id and
HQ answers from what it stored.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from storage import changelog_sql, sync_sql
from storage.db import Store

PROTOCOL = 1
# How long a change HQ has acknowledged keeps its images (and so can be undone); after that it
# shrinks to the audit summary (which record, what kind of change, when, by which action).
KEEP_IMAGES = timedelta(days=30)
T = TypeVar("T")
Writer = Callable[[Callable[[Store], Any]], Any]  # runs a function on the writing Store


def direct(store: Store) -> Writer:
    """Writes on the same connection (the CLI, which has the store to itself)."""
    return lambda fn: fn(store)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Batch:
    batch_id: str
    first_seq: int
    last_seq: int
    changes: list[dict[str, Any]]
    encoded: str = ""  # the changes as the JSON array that is sent and kept

    def payload(self) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "protocol": PROTOCOL, "changes": self.changes}

    def body(self) -> bytes:
        """The request body, from the changes' JSON encoded once when the batch was fixed."""
        encoded = self.encoded or _ENCODE(self.changes)
        head = _ENCODE({"batch_id": self.batch_id, "protocol": PROTOCOL})[:-1]
        return f'{head},"changes":{encoded}}}'.encode()


def _changes(conn: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What HQ receives for these log rows: an insert or update carries the record as it is now
    (the log keeps a reference, not a copy), a delete carries nothing. A record deleted since is
    sent as a delete: its own delete follows, and HQ applies records by id."""
    wanted: dict[str, list[str]] = {}
    for row in rows:
        if row["op"] != "delete":
            wanted.setdefault(row["entity"], []).append(row["entity_id"])
    now = {entity: sync_sql.current_rows(conn, entity, ids) for entity, ids in wanted.items()}
    out = []
    for row in rows:
        data = None if row["op"] == "delete" else now[row["entity"]].get(row["entity_id"])
        out.append(
            {
                "seq": row["seq"],
                "tx_id": row["tx_id"],
                "entity": row["entity"],
                "entity_id": row["entity_id"],
                "op": "delete" if data is None else row["op"],
                "data": data,
                "at": row["at"],
            }
        )
    return out


def waiting(conn: Any, after_seq: int = 0, limit: int = 1 << 62) -> list[dict[str, Any]]:
    """The changes after `after_seq` as HQ would receive them (for checks and tests; a batch
    is cut from the same list)."""
    return _changes(conn, sync_sql.changes_after(conn, after_seq, limit))


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class Outbox:
    def __init__(
        self,
        store: Store,
        max_changes: int = 500,
        max_bytes: int = 1_000_000,
        write: Writer | None = None,
    ) -> None:
        self.store = store  # reads
        self.write = write or direct(store)  # writes: on the desk, the writer thread's Store
        self.max_changes = max_changes
        self.max_bytes = max_bytes

    def pending(self) -> int:
        return sync_sql.pending_count(self.store.conn)

    def next_batch(self) -> Batch | None:
        """The batch to send: the one already fixed, or a new one fixed now."""
        return self.write(self._next_batch)

    def _next_batch(self, store: Store) -> Batch | None:
        conn = store.conn
        with store.local():
            fixed = sync_sql.open_batch(conn)
            if fixed is not None:
                if fixed["payload"]:  # exactly what was sent before, so HQ sees the same batch
                    encoded = fixed["payload"]
                    changes = json.loads(encoded)
                else:  # fixed by a desk from before batches kept their payload
                    changes = _changes(
                        conn, sync_sql.changes_between(conn, fixed["first_seq"], fixed["last_seq"])
                    )
                    encoded = _ENCODE(changes)
                return Batch(
                    fixed["batch_id"], fixed["first_seq"], fixed["last_seq"], changes, encoded
                )
            rows = sync_sql.changes_after(conn, sync_sql.acked_seq(conn), self.max_changes + 1)
            if not rows:
                return None
            chosen, parts = self._cut(_changes(conn, rows))
            encoded = "[" + ",".join(parts) + "]"
            batch = Batch(str(uuid.uuid4()), chosen[0]["seq"], chosen[-1]["seq"], chosen, encoded)
            sync_sql.create_batch(
                conn,
                {
                    "batch_id": batch.batch_id,
                    "first_seq": batch.first_seq,
                    "last_seq": batch.last_seq,
                    "changes": len(chosen),
                    "bytes": len(encoded),
                    "created_at": _now(),
                    "payload": encoded,
                },
            )
            return batch

    def _cut(self, changes: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
        """The changes that fit the caps, each encoded once (the size counts what is sent)."""
        chosen: list[dict[str, Any]] = []
        parts: list[str] = []
        size, boundary = 0, 0
        for i, change in enumerate(changes):
            if i and change["tx_id"] != changes[i - 1]["tx_id"]:
                boundary = i  # a transaction starts here
            part = _ENCODE(change)
            size += len(part) + 1
            if len(chosen) >= self.max_changes or (chosen and size > self.max_bytes):
                end = boundary or len(chosen)  # split only a giant tx
                return chosen[:end], parts[:end]
            chosen.append(change)
            parts.append(part)
        return chosen, parts

    def halve(self, batch: Batch) -> bool:
        """HQ said 413: keep the first half under the same id (HQ stored nothing) and lower
        the caps for what follows. False when a single change is already too large."""
        if len(batch.changes) <= 1:
            return False
        keep = batch.changes[: len(batch.changes) // 2]
        self.max_changes = max(1, len(keep))
        self.max_bytes = max(10_000, self.max_bytes // 2)
        payload = _ENCODE(keep)

        def resize(store: Store) -> None:
            with store.local():
                sync_sql.resize_batch(
                    store.conn, batch.batch_id, keep[-1]["seq"], len(keep), payload
                )

        self.write(resize)
        return True

    def renew_id(self, batch: Batch) -> None:
        """HQ has this id for other content (422): the batch gets a fresh id."""
        new = str(uuid.uuid4())
        self.write(lambda store: _local(store, sync_sql.replace_batch_id, batch.batch_id, new))

    def failed(self, batch: Batch, error: str) -> None:
        self.write(lambda store: _local(store, sync_sql.note_attempt, batch.batch_id, error))

    def ack(self, batch: Batch, response: dict[str, Any]) -> int:
        """Only after a 2xx: record the result, park the rejects, move the watermark."""
        by_seq = {c["seq"]: c for c in batch.changes}
        rejects = [
            (
                r["seq"],
                by_seq[r["seq"]]["entity"],
                by_seq[r["seq"]]["entity_id"],
                r.get("code") or r.get("reason", ""),  # a code the desk can translate
            )
            for r in response.get("results", [])
            if r.get("status") == "rejected" and r.get("seq") in by_seq
        ]
        batch_row = {"batch_id": batch.batch_id, "last_seq": batch.last_seq}
        applied = int(response.get("applied", 0))
        cutoff = (datetime.now(UTC) - KEEP_IMAGES).strftime("%Y-%m-%dT%H:%M:%SZ")

        def ack(store: Store) -> None:
            with store.local():
                sync_sql.ack(store.conn, batch_row, applied, rejects, _now())
                changelog_sql.shrink_images(store.conn, batch.last_seq, cutoff)

        self.write(ack)
        return len(rejects)


def _local(store: Store, fn: Callable[..., T], *args: Any) -> T:
    """fn(conn, *args) in one device-local transaction on the writing store."""
    with store.local():
        return fn(store.conn, *args)
