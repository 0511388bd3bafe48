"""Push the outbox to HQ and pull the catalog, surviving whatever the network does.

Retries back off exponentially with jitter; 401/403 stop and ask to enrol again; 413 halves
the batch; 429 and 409 wait as told; rejected records are parked and never block the queue.
"""

from __future__ import annotations

import logging
import random
import socket
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from leader_app.errors import LeaderError
from leader_app.i18n import QT_TRANSLATE_NOOP
from storage import sync_sql
from storage.db import Store
from sync import credentials
from sync.client import TIMEOUT, HQClient, Reply
from sync.outbox import Outbox, Writer, direct

log = logging.getLogger("leader_desk.sync")

PROBLEMS = {
    "not_enrolled": QT_TRANSLATE_NOOP(
        "sync",
        "This desk is not enrolled with HQ yet. Ask HQ for an enrolment code, then enter HQ's "
        "address and the code on the Sync page (or run: leader-app enroll --server URL --code "
        "CODE).",
    ),
    "auth": QT_TRANSLATE_NOOP(
        "sync", "HQ refused this desk's token ({detail}). Enrol again; nothing local was lost."
    ),
    "offline": QT_TRANSLATE_NOOP("sync", "HQ cannot be reached ({detail}); will retry."),
    "server": QT_TRANSLATE_NOOP("sync", "HQ had a problem (HTTP {status}); will retry."),
    "protocol": QT_TRANSLATE_NOOP("sync", "HQ needs a newer Leader Desk: {detail}"),
    "deadline": QT_TRANSLATE_NOOP("sync", "Stopped for now with changes still waiting."),
    "local": QT_TRANSLATE_NOOP("sync", "Sync stopped on this desk: {detail}"),
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
    catalog_parked: int = 0
    drift_repaired: int = 0
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
            "catalog_parked": self.catalog_parked,
            "drift_repaired": self.drift_repaired,
            "problem": self.problem,
            "message": self.message(),
        }


class SyncStopped(Exception):
    def __init__(self, problem: str, **detail: Any) -> None:
        super().__init__(problem)
        self.problem, self.detail = problem, detail


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _put(store: Store, **values: str) -> None:
    """Device-local sync state, in one transaction on the writing store."""
    with store.local():
        for key, value in values.items():
            sync_sql.put(store.conn, key.replace("__", "."), value)


def enroll(
    store: Store, server: str, code: str, device_name: str = "", write: Writer | None = None
) -> dict[str, Any]:
    reply = HQClient(server).enroll(code, device_name or socket.gethostname())
    if reply.status != 200:
        raise SyncStopped(
            "auth" if reply.status in (400, 401, 403) else "offline",
            detail=reply.error or f"HTTP {reply.status}",
            status=reply.status,
        )
    where = credentials.save(store.path, reply.body["token"])
    server = server.rstrip("/")
    leader_id, device_id = reply.body["leader_id"], reply.body["device_id"]

    def record(store: Store) -> bool:
        with store.local():
            conn = store.conn
            old_server = sync_sql.get(conn, "sync.server")
            old_leader = sync_sql.get(conn, "sync.leader_id")
            # Another leader, or another HQ, has none of what this desk already sent: send it
            # all again (a revoked desk enrolled under a new leader, a copied store). Same
            # leader on the same HQ: the watermark stays; the drift check finds any gap.
            resend = sync_sql.acked_seq(conn) > 0 and (
                old_leader != leader_id or old_server != server
            )
            if resend:
                sync_sql.reset_upload(conn)
            if old_server and old_server != server:
                sync_sql.put(conn, "sync.cursor", "0")  # another HQ's catalog feed
            for key, value in (
                ("sync.server", server),
                ("sync.device_id", device_id),
                ("sync.leader_id", leader_id),
                ("sync.verify_due", "1"),  # check HQ against the desk on the next round
            ):
                sync_sql.put(conn, key, value)
        return resend

    resend = (write or direct(store))(record)
    log.info("enrolled as %s (resend everything: %s)", device_id, resend)
    return {"device_id": device_id, "token_store": where, "resend": resend}


class SyncEngine:
    def __init__(
        self,
        store: Store,
        sleep: Callable[[float], None] = time.sleep,
        max_changes: int = 500,
        max_bytes: int = 1_000_000,
        timeout: tuple[float, float] = TIMEOUT,
        write: Writer | None = None,
    ) -> None:
        self.store = store  # reads; on the desk a read-only connection
        self.write = write or direct(store)  # writes, on the desk through the writer thread
        self.sleep = sleep
        self.timeout = timeout
        self.outbox = Outbox(store, max_changes, max_bytes, self.write)
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
        self,
        deadline_seconds: float = 120.0,
        should_stop: Callable[[], bool] = lambda: False,
        verify: bool = True,
    ) -> SyncResult:
        """Push, pull, and when due (after an enrolment or a restore, once a day) check HQ
        against the desk and repair any drift."""
        result = SyncResult()
        try:
            client = self.client()
            self.push(client, result, time.monotonic() + deadline_seconds, should_stop)
            result.pulled = self.pull(client, result)
            if verify and self.verify_due() and not self.outbox.pending():
                drift = self.verify_and_repair()
                result.drift_repaired = sum(
                    len(v) for d in drift["found"].values() for v in d.values()
                )
        except SyncStopped as stop:
            result.problem, result.detail = stop.problem, stop.detail
        except LeaderError as exc:  # the store refused (full disk, read-only …): say so
            result.problem, result.detail = "local", {"detail": exc.english(), "code": exc.code}
        except Exception as exc:  # noqa: BLE001 - a round ends in a result, never a traceback
            log.exception("sync round failed")
            result.problem, result.detail = "local", {"detail": f"{type(exc).__name__}: {exc}"}
        try:
            result.pending = self.outbox.pending()
            if result.problem:
                message = result.message()
                self.write(lambda store: _put(store, sync__last_error=message))
            else:
                now = _now()
                self.write(lambda store: _put(store, sync__last_success=now, sync__last_error=""))
        except (LeaderError, sqlite3.Error) as exc:
            log.warning("could not record the sync result: %s", exc)
        return result

    # -- drift ----------------------------------------------------------------------------------
    def verify_due(self) -> bool:
        """After an enrolment or a restore (flagged), and once a day."""
        conn = self.store.conn
        if not sync_sql.get(conn, "sync.server"):
            return False
        today = datetime.now(UTC).strftime("%Y-%m-%d")
        return sync_sql.get(conn, "sync.verify_due") == "1" or (
            sync_sql.get(conn, "sync.last_verify")[:10] < today
        )

    def verify_and_repair(self, result: SyncResult | None = None) -> dict[str, Any]:
        """Compare with HQ's digest, repair what differs, compare again. Returns
        {"in_sync", "differences" (what is left), "found" (before repair), "repaired",
        "hq_counts", "desk_counts", "problem", "message"}."""
        from sync.verify import LocalSide, VerifyStopped, compare, repair

        out: dict[str, Any] = {"in_sync": False, "differences": {}, "found": {}, "repaired": {}}
        if result is not None and result.problem:
            return {**out, "problem": result.problem, "message": result.message()}
        if self.outbox.pending():
            stop = SyncStopped("deadline")
            return {**out, "problem": stop.problem, "message": PROBLEMS["deadline"]}
        try:
            client = self.client()
            local = LocalSide(self.store)
            found, _hq, _desk = compare(self.store, client, self.sleep, local)
            out["found"] = found
            if found:
                out["repaired"] = repair(self.store, client, found, self.sleep)
                left, hq, desk = compare(self.store, client, self.sleep, local)
            else:
                left, hq, desk = found, _hq, _desk
            out.update(in_sync=not left, differences=left, hq_counts=hq, desk_counts=desk)
            out.update(problem="", message="")
            self.write(lambda store: _put(store, sync__verify_due="0", sync__last_verify=_now()))
        except SyncStopped as stop:
            out.update(problem=stop.problem, message=PROBLEMS[stop.problem].format(**stop.detail))
        except VerifyStopped as stop:
            if stop.problem == "unsupported":  # an older HQ: nothing to compare with
                self.write(
                    lambda store: _put(store, sync__verify_due="0", sync__last_verify=_now())
                )
            problem = stop.problem if stop.problem in PROBLEMS else "server"
            detail = {
                "detail": stop.detail.get("detail", ""),
                "status": stop.detail.get("status", 0),
            }
            out.update(problem=problem, message=PROBLEMS[problem].format(**detail))
        if out["found"]:
            log.warning("drift with HQ found: %s; left after repair: %s",
                        {e: {k: len(v) for k, v in d.items()} for e, d in out["found"].items()},
                        bool(out["differences"]))  # fmt: skip
        return out

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
            reply = client.push(batch.body())
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
    def pull(self, client: HQClient, result: SyncResult | None = None) -> int:
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
            if not isinstance(changes, list) or not str(reply.body.get("cursor", "")).strip():
                raise SyncStopped("server", status="bad catalog page")
            if changes:
                page_cursor = str(reply.body["cursor"])
                applied = self.write(
                    lambda store, c=changes, k=page_cursor: apply_catalog(store, c, k)
                )
                pulled += applied
                if result is not None:
                    result.catalog_parked += len(changes) - applied
            if not reply.body.get("more") or str(reply.body["cursor"]) == cursor:
                return pulled
