"""The drift-detection contract (docs/sync-verify.md) against a real HQ and a real desk: the
desk's own rows, hashed as the document says, match HQ's digest; a restore's drift shows up,
range by range, and the ordinary batch endpoint repairs it, tombstones included."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import requests

from hq_server.verify import bucket_key, range_hash, record_hash, version
from leader_app.app import LeaderApp
from sync import credentials
from tests.conftest import ROOT
from tests.sync.conftest import make_desk, push_all
from tests.sync.hq_helpers import query, token

TABLES = {
    "pickup_points": "id",
    "members": "id",
    "products": "id",
    "campaigns": "id",
    "campaign_items": "id",
    "orders": "id",
    "order_lines": "id",
}


def desk_versions(conn: sqlite3.Connection, entity: str) -> dict[str, str]:
    """What the desk computes: its rows exactly as it sends them."""
    conn.row_factory = sqlite3.Row
    return {r[TABLES[entity]]: version(dict(r)) for r in conn.execute(f"SELECT * FROM {entity}")}


def desk_digest(conn: sqlite3.Connection, entity: str, prefix: str = "") -> tuple[int, str]:
    rows = [
        (i, v) for i, v in desk_versions(conn, entity).items() if bucket_key(i).startswith(prefix)
    ]
    return len(rows), range_hash(rows)


def get(url: str, tok: str, path: str, **params) -> requests.Response:
    return requests.get(
        url + path, params=params, headers={"Authorization": f"Bearer {tok}"}, timeout=30
    )


def hq_listing(url: str, tok: str, entity: str, prefix: str = "", limit: int = 1000) -> dict:
    out, after = {}, ""
    while True:
        page = get(url, tok, "/v1/verify/records", entity=entity, prefix=prefix, after=after,
                   limit=limit).json()  # fmt: skip
        out.update({r["id"]: r["version"] for r in page["records"]})
        if not page["more"]:
            return out
        after = page["next"]


def test_the_documented_test_vectors() -> None:
    doc = (ROOT / "docs" / "sync-verify.md").read_text(encoding="utf-8")
    v = version({"id": "a", "n": 1})
    for value in (v, bucket_key("a"), range_hash([("a", v)])):
        assert value in doc
    assert range_hash([]) == "0" * 64
    assert range_hash([("a", v), ("b", v)]) == range_hash([("b", v), ("a", v)])
    assert f"{record_hash('a', v) ^ record_hash('b', v):064x}" == range_hash([("a", v), ("b", v)])


def test_digest_matches_the_desk_range_by_range(hq, tmp_path, creds) -> None:
    app, _leader = make_desk(tmp_path, hq, orders=150, members=40)
    assert push_all(app).ok
    tok = credentials.load(Path(app.store.path))
    conn = sqlite3.connect(app.store.path)
    digest = get(hq.url, tok, "/v1/verify/digest", entity=",".join(TABLES)).json()
    assert digest["algorithm"] == "sha256-xor-v1" and set(digest["entities"]) == set(TABLES)
    for entity in TABLES:
        count, hashed = desk_digest(conn, entity)
        assert (digest["entities"][entity]["count"], digest["entities"][entity]["hash"]) == (
            count,
            hashed,
        ), entity
    orders = digest["entities"]["orders"]
    assert orders["count"] == 150 and sum(b["count"] for b in orders["buckets"].values()) == 150
    bucket = sorted(orders["buckets"])[0]
    narrowed = get(hq.url, tok, "/v1/verify/digest", entity="orders", prefix=bucket).json()
    assert narrowed["entities"]["orders"]["count"] == orders["buckets"][bucket]["count"]
    assert narrowed["entities"]["orders"]["hash"] == desk_digest(conn, "orders", bucket)[1]
    wanted = {
        i: v for i, v in desk_versions(conn, "orders").items() if bucket_key(i).startswith(bucket)
    }
    assert hq_listing(hq.url, tok, "orders", bucket, limit=3) == wanted  # paged by 3
    # records stored before versions existed get them on the first digest
    query(hq.db, "UPDATE records SET version = NULL, id_hash = NULL WHERE entity = 'orders'")
    again = get(hq.url, tok, "/v1/verify/digest", entity="orders").json()["entities"]["orders"]
    assert (again["count"], again["hash"]) == desk_digest(conn, "orders")
    assert query(hq.db, "SELECT COUNT(*) FROM records WHERE version IS NULL") == [(0,)]
    conn.close()


def test_restore_drift_is_found_and_repaired_with_tombstones(hq, tmp_path, creds) -> None:
    app, leader = make_desk(tmp_path, hq, orders=60, members=20)
    assert push_all(app).ok
    db = Path(app.store.path)
    backup = tmp_path / "backup.db"
    src = sqlite3.connect(db)
    with sqlite3.connect(backup) as dst:
        src.backup(dst)
    src.close()
    campaign = app.store.conn.execute("SELECT id FROM campaigns WHERE status = 'open'").fetchone()
    member = app.store.conn.execute("SELECT id FROM members LIMIT 1").fetchone()[0]
    item = app.campaigns.items(campaign[0])[0]["id"]
    for _ in range(3):
        app.orders.create(campaign[0], member, [{"item_id": item, "quantity": 1}])
    assert push_all(app).ok
    tok = credentials.load(db)
    app.close()
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copy(backup, db)  # the restore: HQ now holds 3 orders the desk no longer has
    conn = sqlite3.connect(db)
    differences = {}
    for entity in TABLES:
        served = get(hq.url, tok, "/v1/verify/digest", entity=entity).json()["entities"][entity]
        if (served["count"], served["hash"]) == desk_digest(conn, entity):
            continue
        ours, theirs = desk_versions(conn, entity), hq_listing(hq.url, tok, entity)
        differences[entity] = {
            "hq_only": sorted(theirs.keys() - ours.keys()),
            "desk_only": sorted(ours.keys() - theirs.keys()),
            "different": sorted(i for i in ours.keys() & theirs.keys() if ours[i] != theirs[i]),
        }
    assert len(differences["orders"]["hq_only"]) == 3, differences
    assert len(differences["order_lines"]["hq_only"]) == 3
    # repair through the ordinary batch endpoint: the desk's rows, and tombstones
    conn.row_factory = sqlite3.Row
    changes = []
    for entity, diff in differences.items():
        for entity_id in diff["hq_only"]:
            changes.append((entity, entity_id, "delete", None))
        for entity_id in diff["desk_only"] + diff["different"]:
            row = conn.execute(f"SELECT * FROM {entity} WHERE id = ?", (entity_id,)).fetchone()
            changes.append((entity, entity_id, "update", dict(row)))
    body = {
        "batch_id": str(uuid.uuid4()),
        "protocol": 1,
        "changes": [
            {"seq": n, "tx_id": "repair", "entity": e, "entity_id": i, "op": op, "data": d,
             "at": "2026-12-04T00:00:00Z"}
            for n, (e, i, op, d) in enumerate(changes, 1)
        ],
    }  # fmt: skip
    reply = requests.post(
        hq.url + "/v1/batches", json=body, headers={"Authorization": f"Bearer {tok}"}, timeout=30
    )
    assert reply.status_code == 200 and reply.json()["rejected"] == 0, reply.text
    conn.row_factory = None
    for entity in TABLES:
        served = get(hq.url, tok, "/v1/verify/digest", entity=entity).json()["entities"][entity]
        assert (served["count"], served["hash"]) == desk_digest(conn, entity), entity
    stats = hq.stats(leader["leader_id"])
    assert stats["orders"] == conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    assert stats["order_lines"] == conn.execute("SELECT COUNT(*) FROM order_lines").fetchone()[0]
    gone = differences["orders"]["hq_only"][0]
    assert gone not in hq.dump(leader["leader_id"], "orders")
    conn.close()
    with LeaderApp.open(db) as again:  # the restored store still opens and works
        assert again.store.conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 60


def test_digest_is_per_leader_and_refuses_bad_requests(hq) -> None:
    _leader_a, tok_a = token(hq)
    _leader_b, tok_b = token(hq)
    body = {
        "batch_id": str(uuid.uuid4()),
        "protocol": 1,
        "changes": [{"seq": 1, "tx_id": "t", "entity": "members", "entity_id": "m1",
                     "op": "insert", "data": {"id": "m1"}, "at": "2026-12-04T00:00:00Z"}],
    }  # fmt: skip
    auth = {"Authorization": f"Bearer {tok_a}"}
    assert requests.post(hq.url + "/v1/batches", json=body, headers=auth, timeout=10).ok
    mine = get(hq.url, tok_a, "/v1/verify/digest", entity="members").json()
    theirs = get(hq.url, tok_b, "/v1/verify/digest", entity="members").json()
    assert mine["entities"]["members"]["count"] == 1
    assert theirs["entities"]["members"] == {"count": 0, "hash": "0" * 64, "buckets": {}}
    every = get(hq.url, tok_a, "/v1/verify/digest").json()["entities"]
    assert "orders" in every and "settings" in every
    assert get(hq.url, tok_b, "/v1/verify/records", entity="members").json()["records"] == []
    assert requests.get(hq.url + "/v1/verify/digest", timeout=10).status_code == 401
    for params in ({"entity": "nonsense"}, {"prefix": "XYZ"}, {"prefix": "a" * 17}):
        assert get(hq.url, tok_a, "/v1/verify/digest", **params).status_code == 400, params
    assert get(hq.url, tok_a, "/v1/verify/records").status_code == 400  # entity required
    bad_after = get(hq.url, tok_a, "/v1/verify/records", entity="members", after="a\x00")
    assert bad_after.status_code == 400
