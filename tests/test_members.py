"""Members through the write API: validation, duplicates, referrals, merge and search."""

from __future__ import annotations

import json

import pytest

from leader_app.errors import ConflictError, ValidationError
from storage import members_sql
from tests.conftest import table_dump


def test_create_normalises_and_logs(fresh_db) -> None:
    m = fresh_db.members.create(
        {
            "name": " 张三 ",
            "mobile": "+86 １３８-0013-8000",
            "tags": "宝妈，VIP  宝妈",
            "tier_fee_fen": "99",
        }
    )
    assert (m["name"], m["mobile"], json.loads(m["tags"])) == (
        "张三",
        "13800138000",
        ["宝妈", "VIP"],
    )
    assert m["tier_fee_fen"] == 9900 and m["member_no"] == 1
    assert m["created_at"].endswith("Z")
    log = fresh_db.store.conn.execute(
        "SELECT entity, op, entity_id FROM change_log WHERE entity = 'members'"
    ).fetchall()
    assert [tuple(r) for r in log] == [("members", "insert", m["id"])]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"name": "王五", "mobile": "13800138000"}, "mobile_duplicate"),
        ({"name": "王五", "mobile": "+86 138-0013-8000"}, "mobile_duplicate"),
        ({"name": "王五", "mobile": "138001380001"}, "mobile_invalid"),
        ({"name": "", "mobile": "13900000000"}, "name_required"),
        ({"name": "王五", "mobile": ""}, "mobile_required"),
        ({"name": "王五", "mobile": "13900000000", "tier_fee_fen": "abc"}, "money_invalid"),
    ],
)
def test_refused_members_change_nothing(shop, data, code) -> None:
    app = shop["app"]
    before = table_dump(app)
    with pytest.raises((ValidationError, ConflictError)) as info:
        app.members.create(data)
    assert info.value.code == code
    assert table_dump(app) == before


def test_duplicate_message_names_the_owner(shop) -> None:
    with pytest.raises(ConflictError) as info:
        shop["app"].members.create({"name": "王五", "mobile": "13800138000"})
    assert "张三" in info.value.english() and info.value.args_map["field"] == "mobile"


def test_update_to_another_members_mobile_is_refused(shop) -> None:
    with pytest.raises(ConflictError):
        shop["app"].members.update(shop["li"]["id"], {"mobile": "13800138000"})


def test_referrals_count_and_refuse_loops(shop) -> None:
    app, zhang, li = shop["app"], shop["zhang"], shop["li"]
    wang = app.members.create({"name": "王五", "mobile": "13700000001", "referrer_id": zhang["id"]})
    app.members.update(li["id"], {"referrer_id": zhang["id"]})
    rows = {r["id"]: r for r in members_sql.all_active(app.store.conn)}
    assert rows[zhang["id"]]["referrals"] == 2
    with pytest.raises(ConflictError) as info:
        app.members.update(zhang["id"], {"referrer_id": wang["id"]})
    assert info.value.code == "referrer_cycle"
    with pytest.raises(ValidationError):
        app.members.update(zhang["id"], {"referrer_id": zhang["id"]})


def test_soft_delete_frees_the_mobile(shop) -> None:
    app = shop["app"]
    app.members.delete(shop["li"]["id"])
    again = app.members.create({"name": "李四", "mobile": "13900139000"})
    assert again["id"] != shop["li"]["id"]


def test_merge_moves_orders_referrals_and_tags(shop) -> None:
    app, zhang, li = shop["app"], shop["zhang"], shop["li"]
    app.members.update(li["id"], {"tags": "老客户", "building": "5", "room": "302"})
    order = app.orders.create(
        shop["campaign"]["id"], li["id"], [{"item_id": shop["strawberry"]["id"], "quantity": 1}]
    )
    invited = app.members.create({"name": "赵六", "mobile": "13700000002", "referrer_id": li["id"]})
    kept = app.members.merge(zhang["id"], li["id"])
    assert app.orders.get(order["id"])["member_id"] == zhang["id"]
    assert app.members.get(invited["id"])["referrer_id"] == zhang["id"]
    assert json.loads(kept["tags"]) == ["老客户"] and kept["building"] == "3"
    dropped = app.members.get(li["id"])
    assert dropped["deleted_at"] and dropped["merged_into"] == zhang["id"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zs", "张三"),
        ("zhangsan", "张三"),
        ("8000", "张三"),
        ("小雨", "张三"),
        ("ls", "李四"),
        ("9000", "李四"),
        ("3-2-501", "张三"),
    ],
)
def test_order_entry_finder(shop, query: str, expected: str) -> None:
    found = members_sql.find_for_entry(shop["app"].store.conn, query)
    assert found and found[0]["name"] == expected


def test_referrer_by_mobile(shop) -> None:
    app = shop["app"]
    wang = app.members.create(
        {"name": "王五", "mobile": "13700000001", "referrer_mobile": "+86 138-0013-8000"}
    )
    assert wang["referrer_id"] == shop["zhang"]["id"]
    with pytest.raises(Exception) as info:
        app.members.update(wang["id"], {"referrer_mobile": "13600000000"})
    assert info.value.code == "not_found" and info.value.args_map["field"] == "referrer_id"
    assert app.members.update(wang["id"], {"referrer_mobile": ""})["referrer_id"] is None
