"""Drift detection: per-leader digests of what HQ holds (docs/sync-verify.md is the contract).

A record's version is a content hash of its data; ranges are prefixes of sha256(id); a range's
hash is the XOR of its records' hashes, so neither side has to sort.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

ALGORITHM = "sha256-xor-v1"
EMPTY = "0" * 64
PREFIX = re.compile(r"[0-9a-f]{0,16}")


def canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def version_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def version(data: dict[str, Any]) -> str:
    return version_of(canonical(data))


def bucket_key(entity_id: str) -> str:
    return hashlib.sha256(entity_id.encode("utf-8")).hexdigest()


def record_hash(entity_id: str, ver: str) -> int:
    return int(hashlib.sha256(f"{entity_id}\n{ver}".encode()).hexdigest(), 16)


def range_hash(records: Iterable[tuple[str, str]]) -> str:
    acc = 0
    for entity_id, ver in records:
        acc ^= record_hash(entity_id, ver)
    return f"{acc:064x}"


def summarise(rows: Iterable[tuple[str, str, str]], prefix: str) -> dict[str, Any]:
    """rows: (entity_id, version, bucket key) of one entity within `prefix` → count, hash and
    the 16 sub-ranges one hex digit deeper (only the non-empty ones)."""
    count, acc = 0, 0
    buckets: dict[str, list[int]] = {}
    depth = len(prefix)
    for entity_id, ver, key in rows:
        h = record_hash(entity_id, ver)
        count += 1
        acc ^= h
        sub = buckets.setdefault(key[depth], [0, 0])
        sub[0] += 1
        sub[1] ^= h
    return {
        "count": count,
        "hash": f"{acc:064x}",
        "buckets": {d: {"count": c, "hash": f"{x:064x}"} for d, (c, x) in sorted(buckets.items())},
    }


def _backfill(cur: Any, leader_id: str, entity: str) -> None:
    """Records stored before versions existed get theirs now, once."""
    rows = cur.all(
        "SELECT entity_id, data FROM records WHERE leader_id = ? AND entity = ? "
        "AND deleted = 0 AND (version IS NULL OR id_hash IS NULL)",
        (leader_id, entity),
    )
    cur.executemany(
        "UPDATE records SET version = ?, id_hash = ? WHERE leader_id = ? AND entity = ? "
        "AND entity_id = ?",
        [(version(json.loads(d)), bucket_key(i), leader_id, entity, i) for i, d in rows],
    )


def _in_range(prefix: str) -> tuple[str, tuple]:
    if not prefix:
        return "", ()
    return " AND substr(id_hash, 1, ?) = ?", (len(prefix), prefix)


def digest(cur: Any, leader_id: str, entities: list[str], prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    where, params = _in_range(prefix)
    for entity in entities:
        _backfill(cur, leader_id, entity)
        rows = cur.all(
            "SELECT entity_id, version, id_hash FROM records WHERE leader_id = ? AND "
            "entity = ? AND deleted = 0" + where,
            (leader_id, entity, *params),
        )
        out[entity] = summarise(rows, prefix)
    return {"algorithm": ALGORITHM, "prefix": prefix, "entities": out}


def listing(
    cur: Any, leader_id: str, entity: str, prefix: str, after: str, limit: int
) -> dict[str, Any]:
    if not after:
        _backfill(cur, leader_id, entity)
    where, params = _in_range(prefix)
    rows = cur.all(
        "SELECT entity_id, version FROM records WHERE leader_id = ? AND entity = ? "
        "AND deleted = 0 AND entity_id > ?" + where + " ORDER BY entity_id LIMIT ?",
        (leader_id, entity, after, *params, limit + 1),
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "entity": entity,
        "prefix": prefix,
        "records": [{"id": r[0], "version": r[1]} for r in rows],
        "more": more,
        "next": rows[-1][0] if rows else after,
    }
