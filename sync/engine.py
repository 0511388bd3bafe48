"""Push the outbox to HQ and pull the catalog, surviving whatever the network does.

Retries back off exponentially with jitter; 401/403 stop and ask to enrol again; 413 halves
the batch; 429 and 409 wait as told; rejected records are parked and never block the queue.
"""

from __future__ import annotations

import logging
import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from leader_app.i18n import QT_TRANSLATE_NOOP
from storage import sync_sql
from storage.db import Store
from sync import credentials
from sync.client import TIMEOUT, HQClient, Reply
from sync.outbox import Outbox

log = logging.getLogger("leader_desk.sync")

PROBLEMS = {
    "not_enrolled": QT_TRANSLATE_NOOP("sync", "This desk is not enrolled with HQ yet."),
    "auth": QT_TRANSLATE_NOOP(
        "sync", "HQ refused this desk's token ({detail}). Enrol again; nothing local was lost."
    ),
    "offline": QT_TRANSLATE_NOOP("sync", "HQ cannot be reached ({detail}); will retry."),
    "server": QT_TRANSLATE_NOOP("sync", "HQ had a problem (HTTP {status}); will retry."),
    "protocol": QT_TRANSLATE_NOOP("sync", "HQ needs a newer Leader Desk: {detail}"),
    "deadline": QT_TRANSLATE_NOOP("sync", "Stopped for now with changes still waiting."),
}


# Why HQ refused a record, by HQ's reason code (older HQs send text, shown as it is).
REJECT_REASONS = {
    "unknown_entity": QT_TRANSLATE_NOOP("sync", "HQ does not keep this kind of record"),
    "unknown_operation": QT_TRANSLATE_NOOP("sync", "HQ does not understand this change"),
    "no_data": QT_TRANSLATE_NOOP("sync", "the change carried no data"),
    "field_too_long": QT_TRANSLATE_NOOP("sync", "a field is longer than HQ accepts"),
    "price_out_of_range": QT_TRANSLATE_NOOP(
        "sync", "the price is outside what HQ accepts (¥0 to ¥50,000)"
    ),
    "secret": QT_TRANSLATE_NOOP("sync", "secrets are never sent"),
    "too large for HQ": QT_TRANSLATE_NOOP("sync", "the record is too large for HQ"),
}


@dataclass
class SyncResult:
    pushed: int = 0
    pending: int = 0
    rejected: int = 0
    pulled: int = 0
    problem: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problem and self.pending == 0

    def message(self) -> str:
        return PROBLEMS[self.problem].format(**self.detail) if self.problem else ""

    def as_json(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "pending": self.pending,
            "rejected": self.rejected,
            "pulled": self.pulled,
            "problem": self.problem,
            "message": self.message(),
        }


class SyncStopped(Exception):
    def __init__(self, problem: str, **detail: Any) -> None:
        super().__init__(problem)
        self.problem, self.detail = problem, detail


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def enroll(store: Store, server: str, code: str, device_name: str = "") -> dict[str, str]:
    reply = HQClient(server).enroll(code, device_name or socket.gethostname())
    if reply.status != 200:
        raise SyncStopped(
            "auth" if reply.status in (400, 401, 403) else "offline",
            detail=reply.error or f"HTTP {reply.status}",
            status=reply.status,
        )
    where = credentials.save(store.path, reply.body["token"])
    with store.local():
        for key, value in (
            ("sync.server", server.rstrip("/")),
            ("sync.device_id", reply.body["device_id"]),
            ("sync.leader_id", reply.body["leader_id"]),
        ):
            sync_sql.put(store.conn, key, value)
    return {"device_id": reply.body["device_id"], "token_store": where}


class SyncEngine:
    def __init__(
        self,
        store: Store,
        sleep: Callable[[float], None] = time.sleep,
        max_changes: int = 500,
        max_bytes: int = 1_000_000,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        self.store = store
        self.sleep = sleep
        self.timeout = timeout
        self.outbox = Outbox(store, max_changes, max_bytes)
        self.base_delay, self.max_delay = 0.5, 60.0

    def client(self) -> HQClient:
        server = sync_sql.get(self.store.conn, "sync.server")
        token = credentials.load(Path(self.store.path))
        if not server or not token:
            raise SyncStopped("not_enrolled")
        return HQClient(server, token, self.timeout)

    def status(self) -> dict[str, Any]:
        conn = self.store.conn
        return {
            "server": sync_sql.get(conn, "sync.server"),
            "pending": self.outbox.pending(),
            "last_success": sync_sql.get(conn, "sync.last_success"),
            "last_error": sync_sql.get(conn, "sync.last_error"),
            "rejected": len(sync_sql.rejects(conn)),
        }

    # -- one full round -------------------------------------------------------------------------
    def sync_once(
        self, deadline_seconds: float = 120.0, should_stop: Callable[[], bool] = lambda: False
    ) -> SyncResult:
        result = SyncResult()
        try:
            client = self.client()
            self.push(client, result, time.monotonic() + deadline_seconds, should_stop)
            result.pulled = self.pull(client)
        except SyncStopped as stop:
            result.problem, result.detail = stop.problem, stop.detail
        result.pending = self.outbox.pending()
        with self.store.local():
            if result.problem:
                sync_sql.put(self.store.conn, "sync.last_error", result.message())
            else:
                sync_sql.put(self.store.conn, "sync.last_success", _now())
                sync_sql.put(self.store.conn, "sync.last_error", "")
        return result

    def push(
        self, client: HQClient, result: SyncResult, deadline: float, should_stop: Callable[[], bool]
    ) -> None:
        failures = 0
        while True:
            batch = self.outbox.next_batch()
            if batch is None:
                return
            if time.monotonic() > deadline or should_stop():
                raise SyncStopped("deadline")
            reply = client.push(batch.payload())
            if 200 <= reply.status < 300:
                result.rejected += self.outbox.ack(batch, reply.body)
                result.pushed += len(batch.changes)
                failures = 0
                continue
            self.outbox.failed(batch, reply.error or f"HTTP {reply.status}")
            if reply.status in (401, 403):
                raise SyncStopped("auth", detail=reply.error or f"HTTP {reply.status}")
            if reply.status == 426:
                raise SyncStopped("protocol", detail=reply.error)
            if reply.status == 413:
                if self.outbox.halve(batch):
                    continue
                # a single change HQ will never take: park it like any rejected record
                change = batch.changes[0]
                self.outbox.ack(
                    batch,
                    {
                        "applied": 0,
                        "results": [
                            {
                                "seq": change["seq"],
                                "status": "rejected",
                                "reason": "too large for HQ",
                            }
                        ],
                    },
                )
                result.rejected += 1
                continue
            if reply.status == 422:
                self.outbox.renew_id(batch)
                continue
            failures += 1
            wait = self._wait(reply, failures)
            log.info("push failed (%s), retrying in %.1f s", reply.error or reply.status, wait)
            if time.monotonic() + wait > deadline:
                problem = "offline" if reply.status == 0 else "server"
                raise SyncStopped(problem, detail=reply.error, status=reply.status)
            self.sleep(wait)

    def _wait(self, reply: Reply, failures: int) -> float:
        if reply.retry_after is not None and reply.status in (409, 429, 503):
            return reply.retry_after
        ceiling = min(self.max_delay, self.base_delay * (2 ** min(failures, 10)))
        return random.uniform(ceiling / 2, ceiling)  # exponential backoff with jitter

    # -- the catalog ------------------------------------------------------------------------------
    def pull(self, client: HQClient) -> int:
        from sync.pull import apply_catalog

        pulled = 0
        while True:
            cursor = sync_sql.get(self.store.conn, "sync.cursor", "0")
            reply = client.catalog(cursor, self.outbox.pending())
            if reply.status in (401, 403):
                raise SyncStopped("auth", detail=reply.error or f"HTTP {reply.status}")
            if reply.status != 200:
                raise SyncStopped(
                    "offline" if reply.status == 0 else "server",
                    detail=reply.error,
                    status=reply.status,
                )
            changes = reply.body.get("changes", [])
            if changes:
                pulled += apply_catalog(self.store, changes, reply.body["cursor"])
            if not reply.body.get("more"):
                return pulled
