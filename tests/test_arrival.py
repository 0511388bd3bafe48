"""Arrival check (到货核对): shortages allocated by rule, refunds owed, surplus, undo."""

from __future__ import annotations

import pytest

from leader_app.arrival import latest_first, proportional, resolve_products
from leader_app.errors import ConflictError, ValidationError
from storage.integrity import check
from tests.conftest import table_dump


@pytest.fixture
def truck(shop):
    """Five members order 丹东草莓 (29.90) and 散养土鸡蛋 (35.80) one after another; the
    campaign is closed and the truck is at the door."""
    app, campaign = shop["app"], shop["campaign"]
    members = [shop["zhang"], shop["li"]] + [
        app.members.create({"name": f"会员{i}", "mobile": f"1370000000{i}"}) for i in range(3)
    ]
    wanted = [(2, 1), (3, 0), (1, 2), (2, 1), (2, 2)]  # strawberries, eggs; 10 and 6 in all
    orders = []
    for member, (s, e) in zip(members, wanted, strict=True):
        lines = [{"item_id": shop["strawberry"]["id"], "quantity": s}]
        if e:
            lines.append({"item_id": shop["eggs"]["id"], "quantity": e})
        orders.append(app.orders.create(campaign["id"], member["id"], lines))
    app.campaigns.set_status(campaign["id"], "closed")
    s_id = shop["strawberry"]["product_id"]
    e_id = shop["eggs"]["product_id"]
    return {**shop, "orders": orders, "s": s_id, "e": e_id, "cid": campaign["id"]}


def _active_totals(app, campaign_id: str) -> dict[str, int]:
    rows = app.store.conn.execute(
        """SELECT l.product_id, SUM(l.quantity) FROM order_lines l JOIN orders o
           ON o.id = l.order_id WHERE o.campaign_id = ? AND o.status IN ('placed', 'picked_up')
           GROUP BY l.product_id""",
        (campaign_id,),
    )
    return dict(rows.fetchall())


@pytest.mark.parametrize("rule", ["latest-first", "proportional"])
def test_totals_equal_received_and_refunds_add_up(truck, rule) -> None:
    app, cid = truck["app"], truck["cid"]
    result = app.arrival.arrive(cid, {truck["s"]: 7, truck["e"]: 5}, rule=rule)
    assert _active_totals(app, cid) == {truck["s"]: 7, truck["e"]: 5}
    # shortage × unit price, summed: 3 × 29.90 + 1 × 35.80
    assert result.refund_total_fen == 3 * 2990 + 1 * 3580
    refunds = app.refunds.as_json(cid)
    assert sum(r["amount_fen"] for r in refunds) == result.refund_total_fen
    assert len(refunds) == result.as_json()["orders_changed"]
    assert app.campaigns.get(cid)["status"] == "arrived"
    summary = app.campaigns.summary(cid)
    assert summary["refunds_owed_fen"] == result.refund_total_fen
    assert summary["refunds_done_fen"] == 0
    assert check(app.store.conn)["ok"], check(app.store.conn)
    # every reduced line still says what was ordered
    for change in result.changes:
        row = app.store.conn.execute(
            "SELECT quantity, ordered_qty FROM order_lines WHERE id = ?", (change["line_id"],)
        ).fetchone()
        if row is not None and change["order_id"] not in result.emptied:
            assert (row[0], row[1]) == (change["to"], change["from"])


def test_latest_first_never_takes_from_an_earlier_order_while_a_later_one_keeps(truck) -> None:
    app, cid = truck["app"], truck["cid"]
    lines = app.arrival.lines(cid)  # oldest order first
    result = app.arrival.arrive(cid, {truck["s"]: 5, truck["e"]: 4})
    to = {c["line_id"]: c["to"] for c in result.changes}
    for product in (truck["s"], truck["e"]):
        mine = [x for x in lines if x["product_id"] == product]
        for i, earlier in enumerate(mine):
            if to.get(earlier["id"], earlier["quantity"]) < earlier["quantity"]:
                for later in mine[i + 1 :]:
                    assert to.get(later["id"], later["quantity"]) == 0, (earlier, later)
    lost = {(c["order_no"], c["name"]): c["from"] - c["to"] for c in result.changes}
    numbers = [o["order_no"] for o in truck["orders"]]  # in the order they were placed
    assert lost == {
        (numbers[4], "丹东草莓"): 2,
        (numbers[3], "丹东草莓"): 2,
        (numbers[2], "丹东草莓"): 1,
        (numbers[4], "散养土鸡蛋"): 2,
    }
    out = result.as_json()
    assert out["orders_refunded"] == 1 and out["orders_changed"] == 3  # the last lost all
    assert set(out) == {
        "campaign_id",
        "shortages",
        "orders_changed",
        "orders_refunded",
        "refund_total_fen",
        "changes",
    }
    assert set(out["changes"][0]) == {"order_no", "product", "from", "to", "refund_fen"}
    assert {(s["product"], s["short"]) for s in out["shortages"]} == {
        ("丹东草莓", 5),
        ("散养土鸡蛋", 2),
    }


def test_rules_on_plain_numbers() -> None:
    lines = [
        {"id": "a", "quantity": 5, "picked_qty": 0},
        {"id": "b", "quantity": 3, "picked_qty": 0},
        {"id": "c", "quantity": 2, "picked_qty": 0},
    ]
    # 7 of 10: shares 3.5, 2.1, 1.4 → 3, 2, 1 and the one left goes to the largest remainder
    assert proportional(lines, 7) == {"a": 4, "b": 2, "c": 1}
    assert sum(proportional(lines, 3).values()) == 3
    assert latest_first(lines, 7) == {"a": 5, "b": 2, "c": 0}
    # already handed over is never taken back
    lines[2]["picked_qty"] = 2
    assert latest_first(lines, 7) == {"a": 5, "b": 0, "c": 2}
    assert proportional(lines, 7)["c"] == 2


def test_an_order_left_with_nothing_is_refunded_and_keeps_its_lines(truck) -> None:
    app, cid = truck["app"], truck["cid"]
    li_order = truck["orders"][1]  # 3 strawberries, nothing else
    lines = app.arrival.lines(cid)
    by_hand = {x["id"]: x["quantity"] for x in lines if x["product_id"] == truck["s"]}
    li_line = next(x["id"] for x in lines if x["order_id"] == li_order["id"])
    by_hand[li_line] = 0
    result = app.arrival.arrive(cid, {truck["s"]: 7}, rule="by-hand", by_hand=by_hand)
    assert result.emptied == [li_order["id"]]
    order = app.orders.get(li_order["id"])
    assert order["status"] == "refunded"
    kept = app.store.conn.execute(
        "SELECT quantity FROM order_lines WHERE order_id = ?", (li_order["id"],)
    ).fetchall()
    assert [r[0] for r in kept] == [3]
    assert app.refunds.as_json(cid)[0]["amount_fen"] == 3 * 2990
    assert check(app.store.conn)["ok"]


def test_by_hand_must_add_up(truck) -> None:
    app, cid = truck["app"], truck["cid"]
    with pytest.raises(ValidationError) as err:
        app.arrival.plan(cid, {truck["s"]: 7}, rule="by-hand", by_hand={})
    assert err.value.code == "arrival_hand_mismatch"


def test_surplus_becomes_stock_and_nothing_changes(truck) -> None:
    app, cid = truck["app"], truck["cid"]
    result = app.arrival.arrive(cid, {truck["s"]: 12})
    assert result.changes == [] and result.refund_total_fen == 0
    stock = app.store.conn.execute(
        "SELECT product_id, quantity FROM stock_on_hand WHERE campaign_id = ?", (cid,)
    ).fetchall()
    assert [tuple(r) for r in stock] == [(truck["s"], 2)]


def test_dry_run_writes_nothing_and_undo_restores_exactly(truck) -> None:
    app, cid = truck["app"], truck["cid"]
    before = table_dump(app)
    planned = app.arrival.plan(cid, {truck["s"]: 4, truck["e"]: 3}, rule="proportional")
    assert table_dump(app) == before
    done = app.arrival.arrive(cid, {truck["s"]: 4, truck["e"]: 3}, rule="proportional")
    assert done.as_json() == planned.as_json()
    assert table_dump(app)["order_lines"] != before["order_lines"]
    with pytest.raises(ConflictError):
        app.arrival.arrive(cid, {truck["s"]: 4})  # checked already
    app.undo(done.tx_id)
    after = table_dump(app)
    for table in before:
        if table not in ("tx_log", "change_rows"):  # the log only grows
            assert sorted(after[table]) == sorted(before[table]), table
    assert app.refunds.as_json(cid) == []


def test_products_by_name_or_name_and_spec(truck) -> None:
    products = [
        {"product_id": "1", "name": "苹果", "spec": "大"},
        {"product_id": "2", "name": "苹果", "spec": "小"},
        {"product_id": "3", "name": "梨", "spec": ""},
    ]
    assert resolve_products(products, {"梨": 3, "苹果|小": 1}) == {"3": 3, "2": 1}
    with pytest.raises(ValidationError) as err:
        resolve_products(products, {"苹果": 1})
    assert "苹果|大" in err.value.english()
