"""The pickup desk as a scanner uses it: a code and Enter, then Enter to confirm."""

from __future__ import annotations

from PySide6.QtCore import Qt

from leader_app import pickup_codes
from tests.ui.conftest import seed_shop, wait_idle


def _arrived_shop(app) -> None:
    seed_shop(app)
    campaign = app.store.conn.execute("SELECT id FROM campaigns").fetchone()[0]
    items = app.campaigns.items(campaign)
    member = app.store.conn.execute(
        "SELECT id FROM members WHERE mobile = '13800138000'"
    ).fetchone()[0]
    app.orders.create(
        campaign,
        member,
        [{"item_id": items[0]["id"], "quantity": 2}, {"item_id": items[1]["id"], "quantity": 1}],
    )
    app.campaigns.set_status(campaign, "closed")
    app.campaigns.set_status(campaign, "arrived")


def _code(desk) -> str:
    order = desk.app.store.conn.execute("SELECT id FROM orders").fetchone()[0]
    return pickup_codes.qr_payload(desk.app.ensure_shop_secret(), order)


def test_scan_enter_confirm_then_double_scan_is_refused(qtbot, make_desk) -> None:
    desk = make_desk("zh_CN", _arrived_shop)
    desk.window.show()
    desk.window.sidebar.setCurrentRow(5)
    page = desk.window.pickup
    code = _code(desk)
    assert not page.scan.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    qtbot.keyClicks(page.scan, code)  # the scanner types the code …
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)  # … and presses Enter
    qtbot.waitUntil(lambda: page.confirm_button.isEnabled(), timeout=10_000)
    assert "张三" in page.who.text() and page.items.rowCount() == 2
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)  # Enter on the empty field confirms
    qtbot.waitUntil(lambda: page.undo_button.isEnabled(), timeout=10_000)
    wait_idle(qtbot, desk)
    assert desk.app.store.conn.execute("SELECT status FROM orders").fetchone()[0] == "picked_up"
    assert page.progress.value() == 1
    qtbot.keyClicks(page.scan, code.lower())  # Caps Lock on: still recognised
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.banner.text().startswith("✖"), timeout=10_000)
    assert "已于" in page.banner.text() and "王店长" in page.banner.text()
    page.undo()
    qtbot.waitUntil(
        lambda: desk.app.store.conn.execute("SELECT status FROM orders").fetchone()[0] == "placed",
        timeout=10_000,
    )
    wait_idle(qtbot, desk)  # the undo's callback has run before the desk is torn down
    assert page.banner.text() == "已撤销提货。"


def test_lookup_by_last_four_digits(qtbot, make_desk) -> None:
    desk = make_desk("en", _arrived_shop)
    page = desk.window.pickup
    qtbot.keyClicks(page.scan, "8000")
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.confirm_button.isEnabled(), timeout=10_000)
    assert "张三" in page.who.text()


def test_forged_code_is_refused_in_red(qtbot, make_desk) -> None:
    desk = make_desk("en", _arrived_shop)
    page = desk.window.pickup
    code = _code(desk)
    qtbot.keyClicks(page.scan, code[:-3] + "AAA")
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.banner.text().startswith("✖"), timeout=10_000)
    assert "signature" in page.banner.text() and "b71c1c" in page.banner.styleSheet()
    assert not page.confirm_button.isEnabled()


def test_pickup_counts_over_a_thousand_are_grouped_like_the_order_counts(
    qtbot, make_desk, tmp_path
) -> None:
    """Today's card read "Picked up 0 / 55562" beside "57,255 orders"."""
    from PySide6.QtWidgets import QProgressBar

    from leader_app.demo_files import write_ktt_csv
    from leader_app.importing.service import import_file

    def big_campaign(app) -> None:
        source = write_ktt_csv(tmp_path / "ktt.csv", 2_000, seed=5)
        report = import_file(app.store, source, new_campaign="大团")
        assert report.orders_imported > 1_000
        app.campaigns.set_status(report.campaign_id, "closed")
        app.campaigns.set_status(report.campaign_id, "arrived")

    desk = make_desk("en", big_campaign)
    desk.window.show()
    active = desk.app.store.conn.execute(
        "SELECT COUNT(*) FROM orders WHERE status IN ('placed', 'picked_up')"
    ).fetchone()[0]
    grouped = f"Picked up 0 / {active:,}"
    today = desk.window.today
    qtbot.waitUntil(
        lambda: any(bar.format() == grouped for bar in today.findChildren(QProgressBar)),
        timeout=10_000,
    )
    desk.window.sidebar.setCurrentRow(5)
    page = desk.window.pickup
    qtbot.waitUntil(lambda: page.progress.format() == grouped, timeout=10_000)
    wait_idle(qtbot, desk)
