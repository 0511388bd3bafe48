"""Pickup codes and the desk's rules: forged, altered, foreign and reused codes are refused."""

from __future__ import annotations

import base64
import secrets

import pytest

from leader_app import pickup_codes
from leader_app.errors import ConflictError
from leader_app.print_data import load, picking_list
from storage import export_sql


@pytest.fixture
def desk(shop):
    """The shop fixture with two orders and the goods arrived."""
    app = shop["app"]
    first = app.orders.create(
        shop["campaign"]["id"],
        shop["zhang"]["id"],
        [
            {"item_id": shop["strawberry"]["id"], "quantity": 2},
            {"item_id": shop["eggs"]["id"], "quantity": 1},
        ],
    )
    second = app.orders.create(
        shop["campaign"]["id"],
        shop["li"]["id"],
        [{"item_id": shop["strawberry"]["id"], "quantity": 1}],
    )
    app.campaigns.set_status(shop["campaign"]["id"], "closed")
    app.campaigns.set_status(shop["campaign"]["id"], "arrived")
    return {**shop, "first": first, "second": second, "secret": app.ensure_shop_secret()}


def _payload(d, order) -> str:
    return pickup_codes.qr_payload(d["secret"], order["id"])


def test_scan_checks_off_once_then_refuses_with_time_and_who(desk) -> None:
    app = desk["app"]
    code = _payload(desk, desk["first"])
    first = app.pickup.scan(code, "王店长")
    assert first.ok and first.order["status"] == "picked_up"
    assert [(x["name"], x["picked_qty"]) for x in first.lines] == [
        ("丹东草莓", 2),
        ("散养土鸡蛋", 1),
    ]
    again = app.pickup.scan(code, "王店长")
    assert again.result == "already_picked_up"
    assert "王店长" in again.message() and "picked up at" in again.message()


def test_short_code_works_and_a_guessed_tag_does_not(desk) -> None:
    app = desk["app"]
    short = pickup_codes.short_code(desk["secret"], desk["first"]["order_no"], desk["first"]["id"])
    assert app.pickup.check(short.lower().replace("-", " ")).ok  # typed sloppily still works
    wrong = short[:-1] + ("A" if short[-1] != "A" else "B")
    assert app.pickup.check(wrong).reason == "bad_signature"


@pytest.mark.parametrize("change", ["char", "swap", "shop", "truncate", "garbage"])
def test_tampered_codes_are_refused(desk, change: str) -> None:
    app = desk["app"]
    code = _payload(desk, desk["first"])
    if change == "char":  # one changed character
        i = 20
        tampered = code[:i] + ("A" if code[i] != "A" else "B") + code[i + 1 :]
        expected = {"bad_signature", "other_shop"}
    elif change == "swap":  # the other order's id under this order's signature
        raw = base64.b32decode(code[3:] + "=" * (-len(code[3:]) % 8))
        body = _payload(desk, desk["second"])[3:]
        other = base64.b32decode(body + "=" * (-len(body) % 8))
        tampered = "LD1" + base64.b32encode(raw[:4] + other[4:20] + raw[20:]).decode().rstrip("=")
        expected = {"bad_signature"}
    elif change == "shop":  # a valid code of another shop
        tampered = pickup_codes.qr_payload(secrets.token_hex(32), desk["first"]["id"])
        expected = {"other_shop"}
    elif change == "truncate":
        tampered = code[:-5]
        expected = {"bad_code", "bad_signature", "other_shop"}
    else:
        tampered = "LD1" + "Z" * 48
        expected = {"bad_code", "bad_signature", "other_shop"}
    check = app.pickup.check(tampered)
    assert check.result == "invalid" and check.reason in expected
    assert app.orders.get(desk["first"]["id"])["status"] == "placed"


def test_cancelled_refunded_and_not_arrived_are_refused(desk, shop) -> None:
    app = desk["app"]
    app.orders.set_status(desk["second"]["id"], "cancelled")
    assert app.pickup.check(_payload(desk, desk["second"])).reason == "cancelled"
    copy = app.campaigns.copy(shop["campaign"]["id"])
    app.campaigns.set_status(copy["id"], "open")
    early = app.orders.create(
        copy["id"],
        shop["li"]["id"],
        [{"item_id": app.campaigns.items(copy["id"])[0]["id"], "quantity": 1}],
    )
    check = app.pickup.check(_payload(desk, early))
    assert check.reason == "not_arrived" and "open" in check.message()


def test_undo_restores_the_order(desk) -> None:
    app = desk["app"]
    done = app.pickup.scan(_payload(desk, desk["first"]), "王店长")
    app.undo(done.args["tx_id"])
    order = app.orders.get(desk["first"]["id"])
    assert order["status"] == "placed" and order["picked_up_by"] == ""
    assert all(x["picked_qty"] == 0 for x in order["lines"])
    assert app.pickup.scan(_payload(desk, desk["first"]), "王店长").ok


def test_partial_pickup_per_line(desk) -> None:
    app = desk["app"]
    check = app.pickup.check(_payload(desk, desk["first"]))
    berries = check.lines[0]["id"]
    part = app.pickup.confirm(desk["first"]["id"], "王店长", {berries: 1})
    assert part.order["status"] == "placed"
    assert app.pickup.check(_payload(desk, desk["first"])).ok  # the rest is still to come
    with pytest.raises(ConflictError):
        app.pickup.confirm(desk["first"]["id"], "王店长", {berries: 0})
    rest = app.pickup.confirm(desk["first"]["id"], "王店长")
    assert rest.order["status"] == "picked_up"


def test_lookup_by_last_four_digits_and_name(desk) -> None:
    app = desk["app"]
    assert [r["order_no"] for r in app.pickup.lookup("8000")] == [desk["first"]["order_no"]]
    assert [r["member_name"] for r in app.pickup.lookup("李四")] == ["李四"]
    assert [r["member_name"] for r in app.pickup.lookup("xymm")] == ["张三"]


def test_codes_list_and_qr_size(desk) -> None:
    rows = desk["app"].pickup.codes(desk["campaign"]["id"])
    assert [r["order_no"] for r in rows] == [desk["first"]["order_no"], desk["second"]["order_no"]]
    import qrcode

    for r in rows:
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
        code.add_data(r["qr_payload"])
        code.make(fit=True)
        assert code.version <= 4
        assert desk["app"].pickup.check(r["short_code"]).ok


def test_picking_list_totals_equal_active_lines(desk) -> None:
    app = desk["app"]
    app.orders.set_status(desk["second"]["id"], "cancelled")
    data = load(app.store, desk["campaign"]["id"], desk["secret"])
    rows = picking_list(data)
    purchase = export_sql.purchase_list(app.store.conn, desk["campaign"]["id"])
    assert {(r.name, r.spec): r.total for r in rows} == {
        (p["product"], p["spec"]): p["quantity"] for p in purchase
    }
    assert {(r.name, r.total) for r in rows} == {("丹东草莓", 2), ("散养土鸡蛋", 1)}
