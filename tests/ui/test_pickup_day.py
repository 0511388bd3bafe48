"""Pickup day at the desk: one handover per member, a lookup listing several members clears
the card, the arrival check dialog, the refund list and the notices."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from leader_app import pickup_codes
from tests.ui.conftest import seed_shop, wait_idle


def _shop(app, arrive: bool = True) -> None:
    """张三 has two orders, 张小明 and 李四 one each."""
    seed_shop(app)
    campaign = app.store.conn.execute("SELECT id FROM campaigns").fetchone()[0]
    s, e = (x["id"] for x in app.campaigns.items(campaign))
    zhang, li = (
        app.store.conn.execute("SELECT id FROM members WHERE mobile = ?", (m,)).fetchone()[0]
        for m in ("13800138000", "13900139000")
    )
    xiaoming = app.members.create({"name": "张小明", "mobile": "13700137000"})["id"]
    app.orders.create(campaign, zhang, [{"item_id": s, "quantity": 2}])
    app.orders.create(campaign, zhang, [{"item_id": e, "quantity": 1}])
    app.orders.create(campaign, xiaoming, [{"item_id": s, "quantity": 3}])
    app.orders.create(campaign, li, [{"item_id": s, "quantity": 1}])
    app.campaigns.set_status(campaign, "closed")
    if arrive:
        app.campaigns.set_status(campaign, "arrived")


def _statuses(desk) -> list[str]:
    rows = desk.app.store.conn.execute("SELECT status FROM orders ORDER BY seq")
    return [r[0] for r in rows]


def test_one_scan_hands_over_all_of_a_members_orders(qtbot, make_desk) -> None:
    desk = make_desk("zh_CN", _shop)
    desk.window.show()
    page = desk.window.pickup
    order = desk.app.store.conn.execute("SELECT id FROM orders ORDER BY seq").fetchone()[0]
    code = pickup_codes.qr_payload(desk.app.ensure_shop_secret(), order)
    qtbot.keyClicks(page.scan, code)
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.confirm_button.isEnabled(), timeout=10_000)
    assert "张三" in page.who.text() and page.items.rowCount() == 2  # both orders
    assert "2" in page.details.text()
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)  # Enter hands everything over
    qtbot.waitUntil(lambda: page.undo_button.isEnabled(), timeout=10_000)
    wait_idle(qtbot, desk)
    assert _statuses(desk) == ["picked_up", "picked_up", "placed", "placed"]


def test_several_members_clear_the_card(qtbot, make_desk) -> None:
    desk = make_desk("en", _shop)
    page = desk.window.pickup
    qtbot.keyClicks(page.scan, "9000")  # 李四 first
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.confirm_button.isEnabled(), timeout=10_000)
    assert "李四" in page.who.text()
    page.scan.insert("张")  # QTest cannot type Chinese
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: not page.matches.isHidden() and page.matches.count() == 2, timeout=10_000
    )
    assert page.who.text() == "" and page.items.rowCount() == 0  # no goods of 李四 shown
    assert not page.confirm_button.isEnabled() and page.current is None
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)  # Enter on the empty field: nothing happens
    wait_idle(qtbot, desk)
    assert _statuses(desk) == ["placed"] * 4
    page._open_match(page.matches.item(0))
    qtbot.waitUntil(lambda: page.confirm_button.isEnabled(), timeout=10_000)
    assert "张" in page.who.text()


def test_arrival_dialog_refunds_and_notices(qtbot, make_desk, tmp_path) -> None:
    desk = make_desk("zh_CN", lambda app: _shop(app, arrive=False))
    desk.window.show()
    page = desk.window.pickup
    qtbot.mouseClick(page.arrival_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.waitUntil(
        lambda: dialog.table.rowCount() == 2 and dialog.plan is not None, timeout=10_000
    )
    strawberry = next(p for p in dialog.products if p["name"] == "丹东草莓")
    assert strawberry["ordered"] == 6
    dialog.set_received(strawberry["product_id"], 4)  # two boxes came crushed
    qtbot.waitUntil(lambda: dialog.changes.rowCount() > 0, timeout=10_000)
    assert "¥59.80" in dialog.summary.text()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot, desk)
    campaign = desk.app.store.conn.execute("SELECT id, status FROM campaigns").fetchone()
    assert campaign[1] == "arrived"
    qtbot.waitUntil(lambda: page.campaign.currentData() == campaign[0], timeout=10_000)
    qtbot.mouseClick(page.refunds_button, Qt.MouseButton.LeftButton)
    refunds = page.dialog
    qtbot.waitUntil(lambda: refunds.table.rowCount() == len(refunds.rows) > 0, timeout=10_000)
    owed = sum(r["amount_fen"] for r in refunds.rows)
    assert owed == 2 * 2990
    refunds.table.cellWidget(0, 0).click()  # refunded on the platform: tick it off
    qtbot.waitUntil(
        lambda: desk.app.refunds.totals(campaign[0])["refunds_done"] == 1, timeout=10_000
    )
    refunds.export(str(tmp_path / "refunds.xlsx"))
    wait_idle(qtbot, desk)
    sheet = openpyxl.load_workbook(tmp_path / "refunds.xlsx").active
    assert [c.value for c in sheet[1]][:3] == ["订单号", "跟团号", "团员"]
    refunds.reject()
    qtbot.mouseClick(page.notices_button, Qt.MouseButton.LeftButton)
    notices = page.dialog
    qtbot.waitUntil(lambda: notices.messages.count() > 0, timeout=10_000)
    qtbot.mouseClick(notices.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text().startswith("【到货通知】")
    notices.reject()


def test_arrival_by_hand_must_add_up_before_it_applies(qtbot, make_desk) -> None:
    desk = make_desk("en", lambda app: _shop(app, arrive=False))
    page = desk.window.pickup
    qtbot.mouseClick(page.arrival_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.waitUntil(
        lambda: dialog.table.rowCount() == 2 and dialog.plan is not None, timeout=10_000
    )
    dialog.rule.setCurrentIndex(dialog.rule.findData("by-hand"))
    strawberry = next(p for p in dialog.products if p["name"] == "丹东草莓")
    dialog.set_received(strawberry["product_id"], 4)
    qtbot.waitUntil(lambda: len(dialog.hand) == 3 and dialog.plan.rule == "by-hand", timeout=10_000)
    rows = {dialog.changes.item(r, 1).text(): r for r in range(dialog.changes.rowCount())}
    assert set(rows) == {"张三", "张小明", "李四"}
    spin = {name: dialog.changes.cellWidget(row, 3) for name, row in rows.items()}
    assert (spin["张三"].value(), spin["张小明"].value(), spin["李四"].value()) == (2, 2, 0)
    spin["张三"].setValue(1)  # 1 + 2 + 0 = 3, but 4 arrived
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("✖"), timeout=10_000)
    assert not dialog.apply_button.isEnabled()
    spin["李四"].setValue(1)  # 1 + 2 + 1 = 4
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10_000)
    wait_idle(qtbot, desk)
    kept = desk.app.store.conn.execute(
        """SELECT m.name, l.quantity FROM order_lines l JOIN orders o ON o.id = l.order_id
           JOIN members m ON m.id = o.member_id JOIN products p ON p.id = l.product_id
           WHERE p.name = '丹东草莓' AND o.status = 'placed' ORDER BY m.name"""
    ).fetchall()
    assert sorted(tuple(r) for r in kept) == sorted([("张三", 1), ("张小明", 2), ("李四", 1)])


def test_the_arrival_check_starts_from_hqs_delivery(qtbot, make_desk) -> None:
    """HQ records what it delivered; the desk pulls it in the catalog feed and the arrival
    check starts from those quantities, for the leader to confirm."""
    from sync.pull import apply_catalog

    def shop(app) -> None:
        _shop(app, arrive=False)
        campaign = app.store.conn.execute("SELECT id FROM campaigns").fetchone()[0]
        # HQ's product (matched to ours by name and spec) and its delivery note: 5 of the 6
        # boxes of strawberries ordered.
        product = {"name": "丹东草莓", "spec": "500g/盒", "unit": "盒", "price_fen": 2990}
        delivery = {"campaign_id": campaign, "items": [{"product_id": "hq-p1", "quantity": 5}]}
        apply_catalog(
            app.store,
            [
                {"id": "hq-p1", "op": "upsert", "kind": "product", "data": product},
                {"id": "hq-d1", "op": "upsert", "kind": "delivery", "data": delivery},
            ],
            "2",
        )

    desk = make_desk("zh_CN", shop)
    desk.window.show()
    page = desk.window.pickup
    qtbot.mouseClick(page.arrival_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.waitUntil(
        lambda: dialog.table.rowCount() == 2 and dialog.plan is not None, timeout=10_000
    )
    strawberry = next(p for p in dialog.products if p["name"] == "丹东草莓")
    assert dialog.received() == {strawberry["product_id"]: 5}  # one box short, from HQ's note
    assert "总部" in dialog.windowTitle()
    dialog.reject()


def test_after_an_arrival_check_the_desk_shows_that_campaign(qtbot, make_desk) -> None:
    """With another campaign already being picked up, the desk used to stay on it, so the
    refund list that follows read ¥0.00."""

    def shop(app) -> None:
        _shop(app, arrive=False)
        other = app.campaigns.create({"title": "早到的团", "pickup_on": "2026-11-20"}, [])
        app.campaigns.set_status(other["id"], "open")
        app.campaigns.set_status(other["id"], "closed")
        app.campaigns.set_status(other["id"], "arrived")

    desk = make_desk("zh_CN", shop)
    desk.window.show()
    page = desk.window.pickup
    early = desk.app.store.conn.execute("SELECT id FROM campaigns WHERE title = '早到的团'")
    assert page.campaign.currentData() == early.fetchone()[0]
    qtbot.mouseClick(page.arrival_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.waitUntil(
        lambda: dialog.table.rowCount() == 2 and dialog.plan is not None, timeout=10_000
    )
    checked = dialog.campaign.currentData()
    strawberry = next(p for p in dialog.products if p["name"] == "丹东草莓")
    dialog.set_received(strawberry["product_id"], 4)
    qtbot.waitUntil(lambda: dialog.changes.rowCount() > 0, timeout=10_000)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.campaign.currentData() == checked, timeout=10_000)
    wait_idle(qtbot, desk)
