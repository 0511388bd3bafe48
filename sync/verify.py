"""Drift between the desk and HQ: detect it from HQ's digest, then repair it.

The contract is docs/sync-verify.md: per entity a count and an XOR of record hashes over
(id, content version), split into 16 buckets by the first hex digit of sha256(id). Entities
whose digest matches are done; in the others only the differing buckets are listed id by id.
Repair goes through the ordinary batch endpoint: the desk's current row for what HQ lacks or
holds stale, a tombstone for what HQ holds and the desk no longer has (after a restore).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from storage import sync_sql
from storage.db import Store
from sync.client import HQClient, Reply

log = logging.getLogger("leader_desk.sync")

ENTITIES = list(sync_sql.VERIFIED)
BATCH = 500
ZERO = "0" * 64


class VerifyStopped(Exception):
    def __init__(self, problem: str, **detail: Any) -> None:
        super().__init__(problem)
        self.problem, self.detail = problem, detail


def version(data: dict[str, Any]) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def bucket_key(entity_id: str) -> str:
    return hashlib.sha256(entity_id.encode("utf-8")).hexdigest()


def record_hash(entity_id: str, ver: str) -> int:
    return int(hashlib.sha256(f"{entity_id}\n{ver}".encode()).hexdigest(), 16)


class LocalSide:
    """The desk's (id → version) per entity, with bucket digests, computed once per verify."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.versions: dict[str, dict[str, str]] = {}
        self.buckets: dict[str, dict[str, str]] = {}  # entity → id → first hex digit

    def of(self, entity: str) -> dict[str, str]:
        if entity not in self.versions:
            self.versions[entity] = {
                row["id"]: version(dict(row))
                for row in sync_sql.entity_rows(self.store.conn, entity)
            }
            self.buckets[entity] = {i: bucket_key(i)[0] for i in self.versions[entity]}
        return self.versions[entity]

    def in_bucket(self, entity: str, digit: str) -> dict[str, str]:
        versions = self.of(entity)
        return {i: versions[i] for i, d in self.buckets[entity].items() if d == digit}

    def digest(self, entity: str) -> dict[str, Any]:
        total, buckets = 0, defaultdict(lambda: [0, 0])
        versions = self.of(entity)
        where = self.buckets[entity]
        for entity_id, ver in versions.items():
            h = record_hash(entity_id, ver)
            total ^= h
            b = buckets[where[entity_id]]
            b[0] += 1
            b[1] ^= h
        return {
            "count": len(versions),
            "hash": f"{total:064x}",
            "buckets": {k: {"count": c, "hash": f"{x:064x}"} for k, (c, x) in buckets.items()},
        }


def _ok(reply: Reply, what: str) -> dict[str, Any]:
    if reply.status in (401, 403):
        raise VerifyStopped("auth", detail=reply.error or f"HTTP {reply.status}")
    if reply.status == 404:
        raise VerifyStopped("unsupported", detail=f"HQ has no {what}")
    if reply.status != 200:
        raise VerifyStopped(
            "offline" if reply.status == 0 else "server",
            detail=reply.error or what,
            status=reply.status,
        )
    return reply.body


def _call(fn: Callable[[], Reply], what: str, sleep: Callable[[float], None]) -> dict[str, Any]:
    for _attempt in range(8):
        reply = fn()
        if reply.status in (409, 429, 503) or (reply.status == 0 and _attempt < 2):
            sleep(min(reply.retry_after or 1.0, 10.0))
            continue
        return _ok(reply, what)
    return _ok(reply, what)


def compare(
    store: Store,
    client: HQClient,
    sleep: Callable[[float], None] = time.sleep,
    local: LocalSide | None = None,
) -> tuple[dict[str, dict[str, list[str]]], dict[str, int], dict[str, int]]:
    """(differences per entity, HQ's counts, the desk's counts). Records whose latest change
    HQ refused are not differences: they are parked on the desk with HQ's reason. Pass the
    same `local` again to compare after a repair without hashing the desk twice."""
    local = local or LocalSide(store)
    refused = sync_sql.rejected_ids(store.conn)
    remote = _call(lambda: client.digest(ENTITIES), "digest", sleep)["entities"]
    differences: dict[str, dict[str, list[str]]] = {}
    hq_counts = {e: int(remote.get(e, {}).get("count", 0)) for e in ENTITIES}
    desk_counts: dict[str, int] = {}
    for entity in ENTITIES:
        mine = local.digest(entity)
        desk_counts[entity] = mine["count"]
        theirs = remote.get(entity) or {"count": 0, "hash": ZERO, "buckets": {}}
        if mine["count"] == theirs["count"] and mine["hash"] == theirs["hash"]:
            continue
        found = {"desk_only": [], "hq_only": [], "different": []}
        for digit in "0123456789abcdef":
            a = mine["buckets"].get(digit, {"count": 0, "hash": ZERO})
            b = (theirs.get("buckets") or {}).get(digit, {"count": 0, "hash": ZERO})
            if a["count"] == b["count"] and a["hash"] == b["hash"]:
                continue
            hq = _list(client, entity, digit, sleep)
            here = local.in_bucket(entity, digit)
            found["desk_only"] += [i for i in here if i not in hq]
            found["hq_only"] += [i for i in hq if i not in here]
            found["different"] += [i for i in here if i in hq and hq[i] != here[i]]
        for kind in ("desk_only", "different"):
            found[kind] = sorted(i for i in found[kind] if (entity, i) not in refused)
        found["hq_only"] = sorted(found["hq_only"])
        if any(found.values()):
            differences[entity] = found
    return differences, hq_counts, desk_counts


def _list(
    client: HQClient, entity: str, prefix: str, sleep: Callable[[float], None]
) -> dict[str, str]:
    out, after = {}, ""
    while True:
        page = _call(
            lambda after=after: client.records(entity, prefix, after), "record listing", sleep
        )
        out.update({r["id"]: r["version"] for r in page.get("records", [])})
        if not page.get("more") or not page.get("next"):
            return out
        after = str(page["next"])


def repair(
    store: Store,
    client: HQClient,
    differences: dict[str, dict[str, list[str]]],
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, int]:
    """Send the desk's row for what HQ lacks or holds stale, a tombstone for what only HQ
    holds. Each batch keeps its id across retries, so a lost answer is never applied twice;
    the records are upserts, so a repair cut short is simply run again."""
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    tx_id = f"repair-{uuid.uuid4()}"
    changes: list[dict[str, Any]] = []
    for entity, found in differences.items():
        for entity_id in found["desk_only"] + found["different"]:
            row = sync_sql.entity_row(store.conn, entity, entity_id)
            if row is not None:
                changes.append(_change(tx_id, entity, entity_id, "update", row, at))
        for entity_id in found["hq_only"]:
            changes.append(_change(tx_id, entity, entity_id, "delete", None, at))
    sent = refused = 0
    for start in range(0, len(changes), BATCH):
        chunk = changes[start : start + BATCH]
        for seq, change in enumerate(chunk, start=1):
            change["seq"] = seq
        payload = {"batch_id": str(uuid.uuid4()), "protocol": 1, "changes": chunk}
        body = _call(lambda payload=payload: client.push(payload), "batch", sleep)
        sent += int(body.get("applied", 0))
        refused += int(body.get("rejected", 0))
    return {"sent": sent, "refused_now": refused}


def _change(
    tx_id: str, entity: str, entity_id: str, op: str, data: dict | None, at: str
) -> dict[str, Any]:
    return {
        "seq": 0,
        "tx_id": tx_id,
        "entity": entity,
        "entity_id": entity_id,
        "op": op,
        "data": data,
        "at": at,
    }
