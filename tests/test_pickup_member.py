"""One handover per member: a member code covers every due order across arrived campaigns."""

from __future__ import annotations

import pytest

from leader_app import pickup_codes


@pytest.fixture
def two_campaigns(shop):
    """张三 has two orders in one arrived campaign and one in a second arrived campaign;
    李四 has one. A third campaign of 张三 is still open (not due)."""
    app, c1 = shop["app"], shop["campaign"]
    z, li = shop["zhang"], shop["li"]
    s, e = shop["strawberry"], shop["eggs"]
    a = app.orders.create(c1["id"], z["id"], [{"item_id": s["id"], "quantity": 2}])
    b = app.orders.create(c1["id"], z["id"], [{"item_id": e["id"], "quantity": 1}])
    app.orders.create(c1["id"], li["id"], [{"item_id": s["id"], "quantity": 1}])
    c2 = app.campaigns.copy(c1["id"], "12月1日 第二团")
    app.campaigns.set_status(c2["id"], "open")
    item2 = app.campaigns.items(c2["id"])[0]
    c = app.orders.create(c2["id"], z["id"], [{"item_id": item2["id"], "quantity": 3}])
    c3 = app.campaigns.copy(c1["id"], "12月8日 还没到")
    app.campaigns.set_status(c3["id"], "open")
    later = app.orders.create(
        c3["id"], z["id"], [{"item_id": app.campaigns.items(c3["id"])[0]["id"], "quantity": 1}]
    )
    for cid in (c1["id"], c2["id"]):
        app.campaigns.set_status(cid, "closed")
        app.campaigns.set_status(cid, "arrived")
    return {**shop, "due": [a, b, c], "later": later, "secret": app.ensure_shop_secret()}


def test_member_code_hands_over_every_due_order_in_one_scan(two_campaigns) -> None:
    d = two_campaigns
    app, z = d["app"], d["zhang"]
    code = pickup_codes.member_qr_payload(d["secret"], z["id"])
    verdict = app.pickup.check(code)
    assert verdict.ok and verdict.member_level
    assert {o["order_no"] for o in verdict.orders} == {o["order_no"] for o in d["due"]}
    assert sum(x["quantity"] for x in verdict.lines) == 6
    done = app.pickup.scan(code, "王店长")
    assert done.ok and sorted(done.as_json()["orders"]) == sorted(o["order_no"] for o in d["due"])
    for order in d["due"]:
        assert app.orders.get(order["id"])["status"] == "picked_up"
    assert app.orders.get(d["later"]["id"])["status"] == "placed"  # not arrived: not handed
    again = app.pickup.scan(code, "王店长")
    assert again.result == "already_picked_up"
    app.undo(done.args["tx_id"])  # one undo takes the whole handover back
    assert all(app.orders.get(o["id"])["status"] == "placed" for o in d["due"])


def test_member_short_code_and_forgeries(two_campaigns) -> None:
    d = two_campaigns
    app, li = d["app"], d["li"]
    short = pickup_codes.member_short_code(d["secret"], li["member_no"], li["id"])
    assert app.pickup.check(short.lower()).ok
    wrong = short[:-1] + ("A" if short[-1] != "A" else "B")
    assert app.pickup.check(wrong).reason == "bad_signature"
    other = pickup_codes.member_qr_payload("ab" * 32, li["id"])
    assert app.pickup.check(other).reason == "other_shop"
    # a code signed as an order is not a member code, and the other way round
    as_order = pickup_codes.qr_payload(d["secret"], li["id"]).replace("LD1", "LDM", 1)
    assert app.pickup.check(as_order).reason == "bad_signature"


def test_an_order_code_opens_everything_the_member_has_waiting(two_campaigns) -> None:
    d = two_campaigns
    app = d["app"]
    first = d["due"][0]
    code = pickup_codes.qr_payload(d["secret"], first["id"])
    assert len(app.pickup.check(code).lines) == 1  # the order alone, as the CLI has it
    desk = app.pickup.for_desk(code)
    assert desk.member_level and len(desk.orders) == 3
    # lower one line: a partial handover across orders, in one transaction
    quantities = {x["id"]: x["quantity"] for x in desk.lines}
    strawberry = next(x for x in desk.lines if x["name"] == "丹东草莓" and x["quantity"] == 2)
    quantities[strawberry["id"]] = 1
    done = app.pickup.confirm_member(d["zhang"]["id"], "王店长", quantities)
    statuses = {o["order_no"]: o["status"] for o in done.orders}
    assert statuses[first["order_no"]] == "placed"
    assert sorted(statuses.values()) == ["picked_up", "picked_up", "placed"]


def test_codes_by_member_list_orders(two_campaigns) -> None:
    d = two_campaigns
    rows = d["app"].pickup.member_codes(d["campaign"]["id"])
    assert [set(r) for r in rows][0] == {
        "member",
        "mobile_tail",
        "short_code",
        "qr_payload",
        "orders",
    }
    zhang = next(r for r in rows if r["member"] == "张三")
    assert zhang["orders"] == [o["order_no"] for o in d["due"][:2]]
    assert zhang["mobile_tail"] == "8000"
