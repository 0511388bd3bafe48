"""Shared by HQ's fault tests: a real HQ on either backend, with its own arguments, and
plain HTTP helpers (no desk needed)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

import requests

from tests.sync.conftest import HQProcess


def query(db: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Read HQ's database directly (what an operator would see)."""
    if db.startswith("postgres"):
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            cur = conn.execute(sql.replace("?", "%s"), params)
            return cur.fetchall() if cur.description else []
    conn = sqlite3.connect(db)
    try:
        with conn:
            return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def enrol(server: HQProcess, code: str, name: str = "desk") -> requests.Response:
    return requests.post(
        server.url + "/v1/enroll", json={"code": code, "device_name": name}, timeout=10
    )


def token(server: HQProcess) -> tuple[str, str]:
    """A new leader and a device token for it: (leader_id, token)."""
    leader = server.add_leader()
    reply = enrol(server, leader["enrollment_code"])
    assert reply.status_code == 200, reply.text
    return leader["leader_id"], reply.json()["token"]


def change(seq: int, entity: str, entity_id: str, data: Any, op: str = "update") -> dict:
    return {
        "seq": seq,
        "tx_id": "t",
        "entity": entity,
        "entity_id": entity_id,
        "op": op,
        "data": data,
        "at": "2026-12-01T00:00:00Z",
    }


def push(server: HQProcess, tok: str, changes: list[dict], batch_id: str | None = None, raw=None):
    body = raw
    if body is None:
        body = json.dumps(
            {"batch_id": batch_id or str(uuid.uuid4()), "protocol": 1, "changes": changes},
            allow_nan=True,  # as a hostile client may: NaN and Infinity
        )
    return requests.post(
        server.url + "/v1/batches",
        data=body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body,
        headers={"Authorization": f"Bearer {tok}", "Content-Type": "application/json"},
        timeout=30,
    )
