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
from datetime import UTC, datetime
from typing import Any, TypeVar

from storage import sync_sql
from storage.db import Store

PROTOCOL = 1
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

    def payload(self) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "protocol": PROTOCOL, "changes": self.changes}


def _change(row: Any) -> dict[str, Any]:
    return {
        "seq": row["seq"],
        "tx_id": row["tx_id"],
        "entity": row["entity"],
        "entity_id": row["entity_id"],
        "op": row["op"],
        "data": json.loads(row["after"]) if row["after"] else None,
        "at": row["at"],
    }


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
                rows = sync_sql.changes_between(conn, fixed["first_seq"], fixed["last_seq"])
                return Batch(
                    fixed["batch_id"],
                    fixed["first_seq"],
                    fixed["last_seq"],
                    [_change(r) for r in rows],
                )
            rows = sync_sql.changes_after(conn, sync_sql.acked_seq(conn), self.max_changes + 1)
            if not rows:
                return None
            chosen = self._cut(rows)
            batch = Batch(
                str(uuid.uuid4()), chosen[0]["seq"], chosen[-1]["seq"], [_change(r) for r in chosen]
            )
            sync_sql.create_batch(
                conn,
                {
                    "batch_id": batch.batch_id,
                    "first_seq": batch.first_seq,
                    "last_seq": batch.last_seq,
                    "changes": len(chosen),
                    "bytes": sum(len(r["after"] or "") for r in chosen),
                    "created_at": _now(),
                },
            )
            return batch

    def _cut(self, rows: list[Any]) -> list[Any]:
        chosen, size, boundary = [], 0, 0
        for i, row in enumerate(rows):
            if i and row["tx_id"] != rows[i - 1]["tx_id"]:
                boundary = i  # a transaction starts here
            size += len(row["after"] or "") + 120
            if len(chosen) >= self.max_changes or (chosen and size > self.max_bytes):
                return chosen[:boundary] if boundary else chosen  # split only a giant tx
            chosen.append(row)
        return chosen

    def halve(self, batch: Batch) -> bool:
        """HQ said 413: keep the first half under the same id (HQ stored nothing) and lower
        the caps for what follows. False when a single change is already too large."""
        if len(batch.changes) <= 1:
            return False
        keep = batch.changes[: len(batch.changes) // 2]
        self.max_changes = max(1, len(keep))
        self.max_bytes = max(10_000, self.max_bytes // 2)
        size = sum(len(json.dumps(c["data"] or {})) for c in keep)

        def resize(store: Store) -> None:
            with store.local():
                sync_sql.resize_batch(store.conn, batch.batch_id, keep[-1]["seq"], len(keep), size)

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
        self.write(lambda store: _local(store, sync_sql.ack, batch_row, applied, rejects, _now()))
        return len(rejects)


def _local(store: Store, fn: Callable[..., T], *args: Any) -> T:
    """fn(conn, *args) in one device-local transaction on the writing store."""
    with store.local():
        return fn(store.conn, *args)
