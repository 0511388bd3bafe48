"""HQ's demand (需求汇总) against two real desks, each with its own demo data, enrolled and
synced to a real HQ on loopback, on SQLite and on PostgreSQL; and a delivery recorded at HQ
reaching the right desk, which starts its arrival check from it."""

from __future__ import annotations

import subprocess
import sys

from leader_app.deliveries import delivered_quantities
from tests.conftest import ROOT
from tests.sync.conftest import push_all
from tests.sync.web_support import demand_counter, purchase_lists, two_desks


def test_demand_equals_the_desks_purchase_lists(hq, tmp_path, creds):
    desks = two_desks(tmp_path, hq)
    expected, per_leader = purchase_lists(desks)
    assert len(expected) > 10 and sum(expected.values()) > 100  # the comparison has teeth
    rows = hq.cli("demand")
    assert demand_counter(rows) == expected
    shared = [r for r in rows if r["leaders"] == 2]
    assert shared, "both desks order some of the same products on the same day"
    for row in rows:
        key = (row["product"], row["spec"], row["pickup_date"])
        assert {b["leader_id"]: b["quantity"] for b in row["by_leader"]} == per_leader[key]
        assert row["leaders"] == len(per_leader[key])
        assert all(b["pickup_points"] == ["北门便利店", "3号楼快递柜"] for b in row["by_leader"])

    day = sorted({k[2] for k in expected})[0]
    only_day, _ = purchase_lists(desks, day)
    assert demand_counter(hq.cli("demand", "--date", day)) == only_day

    # The desk cancels an order and closes the open campaigns: HQ follows after the next sync.
    app, _leader = desks[0]
    conn = app.store.conn
    order = conn.execute(
        "SELECT o.id FROM orders o JOIN campaigns c ON c.id = o.campaign_id "
        "WHERE c.status = 'closed' AND o.status = 'placed' LIMIT 1"
    ).fetchone()["id"]
    app.orders.set_status(order, "cancelled")
    for c in conn.execute("SELECT id FROM campaigns WHERE status = 'open'").fetchall():
        app.campaigns.set_status(c["id"], "closed")
    closed = conn.execute("SELECT id FROM campaigns WHERE status = 'closed'").fetchone()["id"]
    app.campaigns.set_status(closed, "arrived")  # no longer demand
    # … and renames a product that its live campaigns sell (HQ regroups its lines)
    product = conn.execute(
        "SELECT l.product_id FROM order_lines l JOIN orders o ON o.id = l.order_id "
        "JOIN campaigns c ON c.id = o.campaign_id WHERE c.status = 'closed' LIMIT 1"
    ).fetchone()["product_id"]
    app.catalog.update(product, {"name": "改名草莓"})
    assert push_all(app).pending == 0
    after, _ = purchase_lists(desks)
    assert after != expected and any(k[0] == "改名草莓" for k in after)
    assert demand_counter(hq.cli("demand")) == after


def test_a_delivery_reaches_only_its_desk(hq, tmp_path, creds):
    (app_a, leader_a), (app_b, _leader_b) = two_desks(tmp_path, hq)
    campaign = app_a.store.conn.execute(
        "SELECT id FROM campaigns WHERE status = 'closed'"
    ).fetchone()["id"]
    ordered = {
        r["product_id"]: r["qty"]
        for r in app_a.store.conn.execute(
            "SELECT l.product_id, SUM(l.quantity) AS qty FROM order_lines l JOIN orders o "
            "ON o.id = l.order_id WHERE o.campaign_id = ? AND o.status IN ('placed', 'picked_up') "
            "GROUP BY l.product_id ORDER BY l.product_id",
            (campaign,),
        )
    }
    short = sorted(ordered)[0]  # HQ could not get all of one product: one short
    sent = {pid: qty - 1 if pid == short else qty for pid, qty in ordered.items()}
    items = [f"--item={pid}:{qty}" for pid, qty in sent.items()]
    out = hq.cli("deliver", "--leader", leader_a["leader_id"], "--campaign", campaign, *items)
    assert out["delivery_id"]
    assert delivered_quantities(app_a, campaign) == {}  # not before the desk syncs
    assert push_all(app_a).pulled >= 1
    assert delivered_quantities(app_a, campaign) == sent
    assert push_all(app_b).problem == ""
    assert app_b.store.conn.execute("SELECT COUNT(*) FROM hq_deliveries").fetchone()[0] == 0

    # Recorded again with other figures, the desk's copy is replaced, not added to.
    sent[short] = 0
    items = [f"--item={pid}:{qty}" for pid, qty in sent.items()]
    hq.cli("deliver", "--leader", leader_a["leader_id"], "--campaign", campaign, *items)
    push_all(app_a)
    assert delivered_quantities(app_a, campaign) == sent

    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "hq_server",
            "deliver",
            "--leader",
            leader_a["leader_id"],
            "--campaign",
            "no-such-campaign",
            "--item",
            f"{short}:1",
            "--db",
            hq.db,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1 and "no campaign" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_odd_records_never_fail_a_push(hq):
    """The typed copies take what the JSON holds: a NUL character (which PostgreSQL's jsonb
    refuses), a quantity that is not a number. The batch is applied; demand still answers."""
    import uuid

    import requests

    leader = hq.add_leader("怪数据")
    token = requests.post(hq.url + "/v1/enroll", json={"code": leader["enrollment_code"]}).json()[
        "token"
    ]
    at = "2026-12-01T00:00:00Z"
    changes = [
        {
            "seq": 1,
            "tx_id": "t",
            "entity": "products",
            "entity_id": "p1",
            "op": "insert",
            "data": {"id": "p1", "name": "草\u0000莓", "spec": "", "price_fen": 100},
            "at": at,
        },
        {
            "seq": 2,
            "tx_id": "t",
            "entity": "campaigns",
            "entity_id": "c1",
            "op": "insert",
            "data": {"id": "c1", "status": "open", "pickup_on": "2026-12-02"},
            "at": at,
        },
        {
            "seq": 3,
            "tx_id": "t",
            "entity": "orders",
            "entity_id": "o1",
            "op": "insert",
            "data": {"id": "o1", "campaign_id": "c1", "status": "placed"},
            "at": at,
        },
        {
            "seq": 4,
            "tx_id": "t",
            "entity": "order_lines",
            "entity_id": "l1",
            "op": "insert",
            "data": {"id": "l1", "order_id": "o1", "product_id": "p1", "quantity": "x"},
            "at": at,
        },
        {
            "seq": 5,
            "tx_id": "t",
            "entity": "order_lines",
            "entity_id": "l2",
            "op": "insert",
            "data": {"id": "l2", "order_id": "o1", "product_id": "p1", "quantity": 3},
            "at": at,
        },
    ]
    reply = requests.post(
        hq.url + "/v1/batches",
        json={"batch_id": str(uuid.uuid4()), "protocol": 1, "changes": changes},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = reply.json()
    # HQ's record checks refuse the quantity that is not a number (parked, the rest applied);
    # the NUL in a name is stored escaped, and the typed copies take it.
    assert reply.status_code == 200 and body["applied"] == 4, body
    assert body["rejected"] == 1, body
    assert [r["seq"] for r in body["results"] if r["status"] == "rejected"] == [4], body
    assert [(r["pickup_date"], r["quantity"]) for r in hq.cli("demand")] == [("2026-12-02", 3)]
