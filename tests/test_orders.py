"""Orders: entry, caps and limits, price snapshots, edits, statuses, pickup, summary."""

from __future__ import annotations

import pytest

from leader_app.errors import ConflictError, ValidationError
from tests.conftest import table_dump


def _order(shop, member="zhang", **qty):
    lines = [{"item_id": shop[k]["id"], "quantity": v} for k, v in qty.items()]
    return shop["app"].orders.create(shop["campaign"]["id"], shop[member]["id"], lines)


def test_order_number_amount_and_lines(shop) -> None:
    order = _order(shop, strawberry=2, eggs=1)
    assert order["order_no"] == "1128-0001"
    assert order["amount_fen"] == 2 * 2990 + 3580
    second = _order(shop, member="li", strawberry=1)
    assert second["order_no"] == "1128-0002"
    detail = shop["app"].orders.get(order["id"])
    assert [(x["name"], x["quantity"]) for x in detail["lines"]] == [
        ("丹东草莓", 2),
        ("散养土鸡蛋", 1),
    ]


def test_campaigns_picked_up_the_same_day_never_share_an_order_number(shop) -> None:
    app = shop["app"]
    first = _order(shop, strawberry=1)
    created = [
        app.campaigns.create({"title": f"11月28日 第{n}团", "pickup_on": "2026-11-28"})
        for n in (2, 3)
    ]
    other_day = app.campaigns.create({"title": "11月29日", "pickup_on": "2026-11-29"})
    assert [c["order_prefix"] for c in (shop["campaign"], *created, other_day)] == [
        "1128",
        "1128B",
        "1128C",
        "1129",
    ]
    item = app.campaigns.add_item(created[0]["id"], shop["strawberry"]["product_id"], {})
    app.campaigns.set_status(created[0]["id"], "open")
    line = [{"item_id": item["id"], "quantity": 1}]
    second = app.orders.create(created[0]["id"], shop["zhang"]["id"], line)
    assert (first["order_no"], second["order_no"]) == ("1128-0001", "1128B-0001")


def test_price_is_a_snapshot(shop) -> None:
    app = shop["app"]
    order = _order(shop, strawberry=1)
    app.campaigns.update_item(shop["strawberry"]["id"], {"price_fen": "19.9"})
    assert app.orders.get(order["id"])["lines"][0]["unit_price_fen"] == 2990
    assert _order(shop, member="li", strawberry=1)["amount_fen"] == 1990


@pytest.mark.parametrize(
    ("qty", "code"),
    [
        ({"strawberry": -1}, "quantity_not_positive"),
        ({"strawberry": "abc"}, "quantity_invalid"),
        ({"strawberry": 11}, "stock_cap_exceeded"),
        ({"eggs": 3}, "member_limit_exceeded"),
        ({}, "order_empty"),
    ],
)
def test_refused_orders_change_nothing(shop, qty, code) -> None:
    before = table_dump(shop["app"])
    with pytest.raises((ValidationError, ConflictError)) as info:
        _order(shop, **qty)
    assert info.value.code == code
    assert table_dump(shop["app"]) == before


def test_stock_cap_counts_other_orders_and_frees_on_cancel(shop) -> None:
    app = shop["app"]
    first = _order(shop, strawberry=8)
    with pytest.raises(ConflictError) as info:
        _order(shop, member="li", strawberry=3)
    assert info.value.args_map["left"] == 2
    app.orders.set_status(first["id"], "cancelled")
    _order(shop, member="li", strawberry=3)
    with pytest.raises(ConflictError):  # restoring would now go over the cap
        app.orders.set_status(first["id"], "placed")


def test_member_limit_spans_orders(shop) -> None:
    _order(shop, eggs=2)
    with pytest.raises(ConflictError):
        _order(shop, eggs=1)
    _order(shop, member="li", eggs=2)


def test_orders_only_while_open(shop) -> None:
    app = shop["app"]
    app.campaigns.set_status(shop["campaign"]["id"], "closed")
    with pytest.raises(ConflictError) as info:
        _order(shop, strawberry=1)
    assert info.value.code == "campaign_not_open"


def test_edit_lines_keeps_prices_and_checks_caps(shop) -> None:
    app = shop["app"]
    order = _order(shop, strawberry=2)
    edited = app.orders.replace_lines(
        order["id"],
        [
            {"item_id": shop["strawberry"]["id"], "quantity": 5},
            {"item_id": shop["eggs"]["id"], "quantity": 2},
        ],
    )
    assert edited["amount_fen"] == 5 * 2990 + 2 * 3580
    with pytest.raises(ConflictError):
        app.orders.replace_lines(
            order["id"], [{"item_id": shop["strawberry"]["id"], "quantity": 11}]
        )
    assert app.orders.get(order["id"])["amount_fen"] == edited["amount_fen"]


def test_partial_then_full_pickup(shop) -> None:
    app = shop["app"]
    order = _order(shop, strawberry=2, eggs=1)
    lines = app.orders.get(order["id"])["lines"]
    partial = app.orders.pick_up(order["id"], {lines[0]["id"]: 1})
    assert partial["status"] == "placed"
    done = app.orders.pick_up(order["id"])
    assert done["status"] == "picked_up" and done["picked_up_at"]
    assert all(x["picked_qty"] == x["quantity"] for x in app.orders.get(order["id"])["lines"])
    with pytest.raises(ConflictError):
        app.orders.pick_up(order["id"])


def test_summary_and_commission(shop) -> None:
    app = shop["app"]
    _order(shop, strawberry=2, eggs=1)
    cancelled = _order(shop, member="li", strawberry=3)
    app.orders.set_status(cancelled["id"], "cancelled")
    s = app.campaigns.summary(shop["campaign"]["id"])
    assert s["orders"] == 2 and s["orders_active"] == 1 and s["orders_cancelled"] == 1
    assert s["amount_fen"] == 2 * 2990 + 3580
    assert s["commission_fen"] == 598 + 286  # 10% of 59.80 and 8% of 35.80 (286.4 → 286)


def test_campaign_copy_and_status_steps(shop) -> None:
    app = shop["app"]
    copy = app.campaigns.copy(shop["campaign"]["id"], "12月5日 水果生鲜团")
    assert copy["status"] == "draft" and copy["copied_from"] == shop["campaign"]["id"]
    items = app.campaigns.items(copy["id"])
    assert [(i["name"], i["stock_cap"], i["member_limit"]) for i in items] == [
        ("丹东草莓", 10, None),
        ("散养土鸡蛋", None, 2),
    ]
    with pytest.raises(ConflictError):
        app.campaigns.set_status(copy["id"], "arrived")
    for step in ("open", "closed", "arrived", "done"):
        app.campaigns.set_status(copy["id"], step)


def test_removing_an_ordered_item_is_refused(shop) -> None:
    _order(shop, strawberry=1)
    with pytest.raises(ConflictError):
        shop["app"].campaigns.remove_item(shop["strawberry"]["id"])
    shop["app"].campaigns.remove_item(shop["eggs"]["id"])


def test_product_price_abc_refused(fresh_db) -> None:
    before = table_dump(fresh_db)
    with pytest.raises(ValidationError) as info:
        fresh_db.catalog.create({"name": "草莓", "price_fen": "abc"})
    assert info.value.code == "money_invalid" and info.value.args_map["field"] == "price_fen"
    assert table_dump(fresh_db) == before


def test_used_product_is_withdrawn_not_deleted(shop) -> None:
    app = shop["app"]
    product_id = shop["strawberry"]["product_id"]
    app.catalog.delete(product_id)
    product = app.catalog.get(product_id)
    assert product["withdrawn"] == 1 and product["deleted_at"] is None


def test_campaign_save_edits_fields_and_items_in_one_go(shop) -> None:
    app = shop["app"]
    rice = app.catalog.create({"name": "五常大米", "spec": "10斤", "price_fen": "59.9"})
    cid = shop["campaign"]["id"]
    _order(shop, strawberry=1)
    app.campaigns.save(
        cid,
        {"title": "改名团"},
        [
            {
                "id": shop["strawberry"]["id"],
                "product_id": shop["strawberry"]["product_id"],
                "price_fen": "25",
                "stock_cap": "",
                "member_limit": 3,
            },
            {"product_id": rice["id"], "price_fen": 5500},
        ],
    )
    items = app.campaigns.items(cid)
    assert [(i["name"], i["price_fen"], i["stock_cap"], i["member_limit"]) for i in items] == [
        ("丹东草莓", 2500, None, 3),
        ("五常大米", 5500, None, None),
    ]
    assert app.campaigns.get(cid)["title"] == "改名团"
    before = app.campaigns.items(cid)
    with pytest.raises(ConflictError):  # dropping an ordered item is refused, nothing changes
        app.campaigns.save(
            cid, {"title": "再改"}, [{"product_id": rice["id"], "id": items[1]["id"]}]
        )
    assert app.campaigns.items(cid) == before and app.campaigns.get(cid)["title"] == "改名团"
