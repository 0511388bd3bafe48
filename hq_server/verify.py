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


def version(data: dict[str, Any]) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


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
