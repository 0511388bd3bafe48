"""Sync to HQ under real faults. Each test ends by checking that HQ holds exactly what the desk
holds: counts per entity and the full content of members, orders and order lines."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import requests

from storage import sync_sql
from sync import credentials
from sync.engine import SyncEngine
from tests.conftest import ROOT
from tests.sync.conftest import (
    FaultProxy,
    assert_hq_matches,
    make_desk,
    push_all,
)


def _via(app, url: str) -> None:
    with app.store.local():
        sync_sql.put(app.store.conn, "sync.server", url)


def test_enrol_work_offline_come_online(hq, tmp_path, creds) -> None:
    app, leader = make_desk(tmp_path, hq)
    result = push_all(app)
    assert result.ok and result.pushed > 0 and result.pending == 0
    assert_hq_matches(app, hq, leader["leader_id"])
    hq.kill()  # offline: the leader keeps working
    campaign = app.store.conn.execute("SELECT id FROM campaigns WHERE status = 'open'").fetchone()[
        0
    ]
    member = app.store.conn.execute("SELECT id FROM members LIMIT 1").fetchone()[0]
    item = app.campaigns.items(campaign)[0]["id"]
    app.orders.create(campaign, member, [{"item_id": item, "quantity": 2}])
    offline = SyncEngine(app.store, sleep=lambda s: None).sync_once(deadline_seconds=1)
    assert offline.problem == "offline" and offline.pending > 0
    hq.start()
    assert push_all(app).ok
    assert_hq_matches(app, hq, leader["leader_id"])


def test_response_lost_after_commit_is_not_applied_twice(hq, tmp_path, creds) -> None:
    app, leader = make_desk(tmp_path, hq)
    proxy = FaultProxy(hq.port)
    _via(app, proxy.url)
    proxy.drop_after_response = 3
    result = push_all(app, max_changes=200)
    assert result.ok and proxy.seen["dropped"] == 3
    assert_hq_matches(app, hq, leader["leader_id"])
    done = app.store.conn.execute("SELECT COUNT(*) FROM sync_batches").fetchone()[0]
    assert hq.stats(leader["leader_id"])["batches"] == done  # no batch applied twice
    proxy.close()


def _done_batches(app) -> int:
    return app.store.conn.execute(
        "SELECT COUNT(*) FROM sync_batches WHERE status = 'done'"
    ).fetchone()[0]


def _wait_until(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.01)


def test_server_killed_mid_batch_then_restarted(hq, tmp_path, creds) -> None:
    app, leader = make_desk(tmp_path, hq, orders=3000, members=200)
    box: dict = {}
    engine = SyncEngine(
        app.store.reader(),
        sleep=lambda s: time.sleep(min(s, 0.3)),
        max_changes=100,
        write=lambda fn: fn(app.store),  # reads on a read-only reader, writes on the writer
    )
    # retries are sped up (sleep ≤ 0.3 s), so the backoff's ceiling must be too: a restart
    # slower than 2 s on a loaded machine would otherwise compute a 30–60 s wait, past the
    # 60 s deadline, and give up offline with HQ already back
    engine.max_delay = 2.0
    worker = threading.Thread(target=lambda: box.update(r=engine.sync_once(60)))
    worker.start()
    _wait_until(lambda: _done_batches(app) >= 2)  # batches are arriving
    pending_at_kill = sync_sql.pending_count(app.store.conn)
    hq.kill()  # SIGKILL while batches are arriving
    assert pending_at_kill > 0  # the kill did come mid-push
    time.sleep(0.5)
    hq.start()
    worker.join(90)
    assert box["r"].ok, box["r"].as_json()
    assert_hq_matches(app, hq, leader["leader_id"])


def test_desk_killed_mid_push_resends_the_same_batch_ids(hq, tmp_path, creds) -> None:
    app, leader = make_desk(tmp_path, hq, orders=4000, members=200)
    db = str(app.store.path)
    app.close()
    argv = [sys.executable, str(ROOT / "main.py"), "sync", "--once", "--db", db]
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    conn = sqlite3.connect(db, timeout=30)
    pending_sql = "SELECT batch_id FROM sync_batches WHERE status = 'pending'"

    def mid_push() -> bool:
        """Freeze the desk once a batch is acknowledged and the next is fixed but not yet
        acknowledged; let it run on if it had moved past that point."""
        done = conn.execute("SELECT COUNT(*) FROM sync_batches WHERE status = 'done'").fetchone()
        assert proc.poll() is None, "the push ended before it could be killed mid-way"
        if not done[0] or not conn.execute(pending_sql).fetchall():
            return False
        os.kill(proc.pid, signal.SIGSTOP)
        if conn.execute(pending_sql).fetchall():
            return True
        os.kill(proc.pid, signal.SIGCONT)
        return False

    _wait_until(mid_push)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    fixed = conn.execute(pending_sql).fetchall()
    conn.close()
    assert fixed  # killed mid-push: a batch was fixed and not acknowledged
    result = subprocess.run(
        argv, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    statuses = dict(conn.execute("SELECT batch_id, status FROM sync_batches").fetchall())
    conn.close()
    for (batch_id,) in fixed:  # the batch fixed before the kill went out under its own id
        assert statuses[batch_id] == "done"
    from leader_app.app import LeaderApp

    with LeaderApp.open(db) as again:
        assert_hq_matches(again, hq, leader["leader_id"])
    verified = subprocess.run(
        [*argv[:3], "--verify", "--json", "--db", db], cwd=ROOT, capture_output=True, text=True
    )
    import json

    out = json.loads(verified.stdout)
    assert out["in_sync"] is True and out["found"] == {}, out  # nothing drifted in the kill


def test_errors_and_slow_answers_past_the_timeout(hq, tmp_path, creds) -> None:
    app, leader = make_desk(tmp_path, hq)
    proxy = FaultProxy(hq.port)
    _via(app, proxy.url)
    proxy.fail_share, proxy.delay_share, proxy.delay_seconds = 0.3, 0.2, 1.5
    result = push_all(app, max_changes=150, timeout=(2.0, 0.8))
    assert result.ok, result.as_json()
    assert proxy.seen["failed"] > 0 and proxy.seen["delayed"] > 0
    assert_hq_matches(app, hq, leader["leader_id"])
    proxy.close()


def test_413_splits_batches_and_delivers_everything(make_hq, tmp_path, creds) -> None:
    server = make_hq("--max-changes", "40", "--max-body", "60000")
    app, leader = make_desk(tmp_path, server)
    result = push_all(app, max_changes=500)
    assert result.ok
    sizes = [r[0] for r in app.store.conn.execute("SELECT changes FROM sync_batches")]
    assert max(sizes) <= 40
    assert_hq_matches(app, server, leader["leader_id"])


def test_revoked_or_wrong_token_stops_and_keeps_data(hq, tmp_path, creds) -> None:
    app, leader = make_desk(tmp_path, hq)
    device = sync_sql.get(app.store.conn, "sync.device_id")
    hq.cli("revoke-device", device)
    before = SyncEngine(app.store).outbox.pending()
    result = push_all(app)
    assert result.problem == "auth" and "Enrol again" in result.message()
    assert result.pending == before and before > 0
    app.close()
    result_cli = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "sync", "--once", "--db", str(app.store.path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    assert result_cli.returncode == 1 and "Enrol again" in result_cli.stderr


def test_poison_record_is_parked_and_the_queue_goes_on(hq, tmp_path, creds) -> None:
    app, leader = make_desk(tmp_path, hq)
    poison = app.catalog.create({"name": "天价礼盒", "price_fen": "999999"})
    campaign = app.store.conn.execute("SELECT id FROM campaigns WHERE status = 'open'").fetchone()[
        0
    ]
    member = app.store.conn.execute("SELECT id FROM members LIMIT 1").fetchone()[0]
    item = app.campaigns.items(campaign)[0]["id"]
    app.orders.create(campaign, member, [{"item_id": item, "quantity": 1}])  # after the poison
    result = push_all(app)
    assert result.pending == 0 and result.rejected == 1
    rejects = sync_sql.rejects(app.store.conn)
    assert [(r["entity"], r["entity_id"]) for r in rejects] == [("products", poison["id"])]
    assert rejects[0]["reason"] == "price_out_of_range"  # a code the desk translates
    assert hq.stats(leader["leader_id"])["rejected"] == 1
    assert_hq_matches(app, hq, leader["leader_id"], skip={poison["id"]})


def test_pull_catalog_change_and_delete(hq, tmp_path, creds) -> None:
    app, leader = make_desk(tmp_path, hq, orders=50)
    hq.cli(
        "publish-product",
        "--id",
        "hq-p-1",
        "--name",
        "黄岩蜜橘",
        "--spec",
        "5斤",
        "--price-fen",
        "3990",
    )
    hq.cli(
        "publish-product",
        "--id",
        "hq-p-2",
        "--name",
        "丹东草莓",
        "--spec",
        "500g/盒",
        "--price-fen",
        "2590",
    )  # matches the desk's own product: linked, price updated
    result = push_all(app)
    assert result.pulled == 2
    conn = app.store.conn
    assert (
        conn.execute("SELECT price_fen FROM products WHERE hq_id = 'hq-p-1'").fetchone()[0] == 3990
    )
    berry = conn.execute("SELECT id, price_fen FROM products WHERE hq_id = 'hq-p-2'").fetchone()
    assert berry[1] == 2590
    hq.cli("withdraw-product", "hq-p-1")
    hq.cli("withdraw-product", "hq-p-2")
    assert push_all(app).pulled == 2
    gone = conn.execute("SELECT deleted_at FROM products WHERE hq_id = 'hq-p-1'").fetchone()[0]
    assert gone is not None  # nothing used it: removed
    used = conn.execute(
        "SELECT withdrawn, deleted_at FROM products WHERE hq_id = 'hq-p-2'"
    ).fetchone()
    uses = conn.execute(
        "SELECT COUNT(*) FROM campaign_items WHERE product_id = ?", (berry[0],)
    ).fetchone()[0]
    assert uses > 0  # the demo's campaigns sell 丹东草莓 …
    assert tuple(used) == (1, None)  # … so it is withdrawn, not deleted
    assert push_all(app).pulled == 0  # the cursor moved: nothing again


def test_hq_suggests_a_campaign_and_the_leader_opens_it(hq, tmp_path, creds) -> None:
    """Suggested campaigns travel in the catalog feed, in cursor order with the products."""
    app, leader = make_desk(tmp_path, hq, orders=20)
    hq.cli("publish-product", "--id", "hq-p-9", "--name", "黄岩蜜橘", "--spec", "5斤",
           "--price-fen", "3990")  # fmt: skip
    hq.cli(
        "publish-campaign",
        "--id",
        "hq-c-1",
        "--title",
        "周末水果团",
        "--item",
        "hq-p-9:3590",
        "--item",
        "hq-p-unknown:990",  # not published (yet): the desk says so and leaves it out
        "--deadline",
        "2026-11-28T12:00:00Z",
        "--pickup-date",
        "2026-11-30",
    )
    bad = subprocess.run(
        [sys.executable, "-m", "hq_server", "publish-campaign", "--title", "x", "--item",
         "hq-p-9:-5", "--db", hq.db],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode != 0 and "PRODUCT_ID:PRICE_FEN" in bad.stderr
    assert push_all(app).pulled == 2
    [suggestion] = app.campaigns.suggestions()
    assert suggestion["title"] == "周末水果团" and suggestion["missing"] == 1
    assert [p["name"] for p in suggestion["products"]] == ["黄岩蜜橘"]
    campaign = app.campaigns.open_suggestion("hq-c-1")
    assert campaign["status"] == "draft" and campaign["pickup_on"] == "2026-11-30"
    assert campaign["deadline_at"] == "2026-11-28T12:00:00Z"
    [item] = app.campaigns.items(campaign["id"])
    assert item["price_fen"] == 3590 and item["name"] == "黄岩蜜橘"
    assert app.campaigns.suggestions()[0]["campaign_id"] == campaign["id"]
    push_all(app)  # the campaign the leader made syncs like any other
    synced = hq.cli("dump", "--leader", leader["leader_id"], "--entity", "campaigns")
    assert synced[campaign["id"]]["title"] == "周末水果团"
    hq.cli("withdraw-campaign", "hq-c-1")
    assert push_all(app).pulled == 1
    assert app.campaigns.suggestions() == []
    assert app.campaigns.get(campaign["id"])["title"] == "周末水果团"  # the leader's stays


def test_leaders_are_isolated_and_bad_requests_get_4xx(hq, tmp_path, creds) -> None:
    app_a, leader_a = make_desk(tmp_path, hq, name="a")
    app_b, leader_b = make_desk(tmp_path, hq, name="b", orders=100, seed=2)
    assert push_all(app_a).ok and push_all(app_b).ok
    assert hq.stats(leader_b["leader_id"])["orders"] == 100
    assert_hq_matches(app_a, hq, leader_a["leader_id"])
    token_a = credentials.load(app_a.store.path)
    token_b = credentials.load(app_b.store.path)
    assert token_a and token_b and token_a != token_b
    order_a = app_a.store.conn.execute("SELECT * FROM orders LIMIT 1").fetchone()
    forged = {
        "batch_id": "7c4b8f0e-1111-4222-8333-944445555666",
        "protocol": 1,
        "changes": [
            {
                "seq": 1,
                "tx_id": "x",
                "entity": "orders",
                "entity_id": order_a["id"],
                "op": "update",
                "data": {**dict(order_a), "status": "cancelled"},
                "at": "2026-11-26T00:00:00Z",
            }
        ],
    }
    assert order_a["status"] != "cancelled"
    # B forges a change to A's order with its own token: it lands in B's data, never in A's
    forged_by_b = requests.post(
        hq.url + "/v1/batches",
        json=forged,
        headers={"Authorization": f"Bearer {token_b}"},
        timeout=5,
    )
    assert forged_by_b.status_code == 200 and forged_by_b.json()["applied"] == 1
    a_orders = hq.dump(leader_a["leader_id"], "orders")
    assert a_orders[order_a["id"]]["status"] == order_a["status"]  # A's order untouched
    b_orders = hq.dump(leader_b["leader_id"], "orders")
    assert b_orders[order_a["id"]]["status"] == "cancelled"  # B only wrote into B's space
    assert set(b_orders) - {order_a["id"]} == {
        r[0] for r in app_b.store.conn.execute("SELECT id FROM orders")
    }
    assert_hq_matches(app_a, hq, leader_a["leader_id"])  # A's data as A's desk has it
    url = hq.url + "/v1/batches"
    assert requests.post(url, json=forged, timeout=5).status_code == 401
    assert (
        requests.post(
            url, json=forged, headers={"Authorization": "Bearer nope"}, timeout=5
        ).status_code
        == 401
    )
    good = {"Authorization": f"Bearer {token_a}"}
    assert requests.post(url, data=b"{not json", headers=good, timeout=5).status_code == 400
    assert (
        requests.post(url, json={**forged, "protocol": 99}, headers=good, timeout=5).status_code
        == 426
    )
    long_id = {
        **forged,
        "batch_id": "7c4b8f0e-1111-4222-8333-944445555667",
        "changes": [{**forged["changes"][0], "entity_id": "x" * 5000}],
    }
    assert requests.post(url, json=long_id, headers=good, timeout=5).status_code == 400
    huge = {**forged, "changes": [{**forged["changes"][0], "data": {"note": "x" * 3_000_000}}]}
    assert requests.post(url, json=huge, headers=good, timeout=10).status_code == 413
    replay = {**forged, "changes": [{**forged["changes"][0], "op": "delete"}]}
    b_auth = {"Authorization": f"Bearer {token_b}"}  # B sent this batch id, with other content
    assert requests.post(url, json=replay, headers=b_auth, timeout=5).status_code == 422


def test_expired_token_gets_401(hq, tmp_path, creds) -> None:
    app, _leader = make_desk(tmp_path, hq, orders=20)
    device = sync_sql.get(app.store.conn, "sync.device_id")
    if hq.db.startswith("postgres"):
        import psycopg

        with psycopg.connect(hq.db, autocommit=True) as conn:
            conn.execute(
                "UPDATE devices SET expires_at = '2020-01-01T00:00:00Z' WHERE id = %s", (device,)
            )
    else:
        conn = sqlite3.connect(hq.db)
        conn.execute(
            "UPDATE devices SET expires_at = '2020-01-01T00:00:00Z' WHERE id = ?", (device,)
        )
        conn.commit()
        conn.close()
    result = push_all(app)
    assert result.problem == "auth" and "expired" in result.message()


def test_rate_limit_answers_429_with_retry_after(make_hq, tmp_path, creds) -> None:
    server = make_hq("--rate", "2")
    app, leader = make_desk(tmp_path, server, orders=300)
    token = next((tmp_path / "creds").glob("*.token")).read_text()
    statuses = []
    for i in range(8):
        r = requests.post(
            server.url + "/v1/batches",
            json={
                "batch_id": f"7c4b8f0e-1111-4222-8333-94444555{i:04d}",
                "protocol": 1,
                "changes": [],
            },
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        )
        statuses.append(r.status_code)
        if r.status_code == 429:
            assert int(r.headers["Retry-After"]) >= 1
    assert 429 in statuses
    assert push_all(app, max_changes=400).ok  # the desk waits as told and gets through
    assert_hq_matches(app, server, leader["leader_id"])


@pytest.mark.parametrize("entity", ["orders", "order_lines"])
def test_sync_cli_json(hq, tmp_path, creds, entity) -> None:
    app, leader = make_desk(tmp_path, hq, orders=80)
    db = str(app.store.path)
    app.close()
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "sync", "--once", "--json", "--db", db],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=True,
    )
    import json

    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert {"pushed", "pending", "rejected", "pulled"} <= set(data) and data["pending"] == 0
    assert len(hq.dump(leader["leader_id"], entity)) > 0
