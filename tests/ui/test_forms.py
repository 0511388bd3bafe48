"""Forms as a leader meets them: the campaign's product picker, Escape on a filled-in form,
the first run's three ways in, empty pages that offer what fills them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import seed_shop, wait_idle


def _items(dialog) -> list[str]:
    return [dialog.items.item(r, 0).text() for r in range(dialog.items.rowCount())]


def test_campaign_picker_uses_the_order_entry_matcher(qtbot, make_desk) -> None:
    desk = make_desk("zh_CN", seed_shop)
    dialog = desk.window.campaigns.new_campaign()
    qtbot.keyClicks(dialog.product_search, "cm")  # initials of 草莓, as order entry reads them
    assert dialog.product_results.count() == 1
    assert dialog.product_results.item(0).text().startswith("丹东草莓")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert _items(dialog) == ["丹东草莓"]
    qtbot.keyClicks(dialog.product_search, "jd")
    qtbot.keyClick(dialog.product_search, Qt.Key.Key_Return)  # Enter adds, does not save
    assert _items(dialog) == ["丹东草莓", "散养土鸡蛋"]
    assert dialog.isVisible()


def test_campaign_picker_never_adds_an_unpicked_product(qtbot, make_desk) -> None:
    desk = make_desk("zh_CN", seed_shop)
    dialog = desk.window.campaigns.new_campaign()
    dialog.product_search.insert("榴莲")  # not in the catalog
    assert dialog.product_results.count() == 0
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert _items(dialog) == []
    assert dialog.missing_row.isVisible()
    assert "榴莲" in dialog.missing_label.text()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    product = dialog.create_missing_product()
    assert product.name.text() == "榴莲"
    product.price.insert("59")
    qtbot.mouseClick(
        product.buttons.button(product.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: _items(dialog) == ["榴莲"], timeout=10_000)
    wait_idle(qtbot, desk)
    assert (
        desk.app.store.conn.execute("SELECT count(*) FROM products WHERE name = '榴莲'").fetchone()[
            0
        ]
        == 1
    )


def _discard_box(dialog) -> QMessageBox | None:
    return dialog.discard_box if dialog.discard_box and dialog.discard_box.isVisible() else None


def test_escape_on_a_filled_form_asks_first(qtbot, make_desk) -> None:
    desk = make_desk("en", seed_shop)
    window = desk.window
    window.show()
    dialog = window.members.new_member()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # untouched: closes at once
    assert not dialog.isVisible()
    dialog = window.members.new_member()
    qtbot.waitExposed(dialog)
    dialog.name.insert("王五")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = _discard_box(dialog)
    assert box is not None and dialog.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.name.text() == "王五"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = _discard_box(dialog)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Discard), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_empty_pages_offer_the_button_that_fills_them(qtbot, make_desk) -> None:
    from ui.product_dialog import ProductDialog

    desk = make_desk("zh_CN", lambda app: app.set_up_shop("幸福里", "王店长", "北门"))
    window = desk.window
    window.show()
    for page in (window.members, window.catalog, window.campaigns, window.orders):
        assert page.body.currentWidget() is page.empty, page
        assert page.empty.buttons and page.empty.buttons[0].text()
    window.sidebar.setCurrentRow(2)
    qtbot.mouseClick(window.catalog.empty.buttons[0], Qt.MouseButton.LeftButton)
    opened = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, ProductDialog) and w.parent() is window.catalog
    ]
    assert len(opened) == 1 and opened[0].isVisible()
    opened[0].name.insert("丹东草莓")
    opened[0].price.insert("29.9")
    opened[0].save()
    qtbot.waitUntil(
        lambda: window.catalog.body.currentWidget() is window.catalog.table, timeout=10_000
    )
    today_buttons = window.today.cards_host.findChildren(type(window.catalog.empty.buttons[0]))
    assert {b.text() for b in today_buttons} >= {"新建活动", "添加商品"}


def test_first_run_offers_import_products_or_demo(qtbot, make_desk) -> None:
    from ui.first_run_dialog import FirstRunDialog
    from ui.guidance import after_first_run

    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == 0 and dialog.error.text()  # the shop's name comes first
    dialog.shop.insert("幸福里")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == FirstRunDialog.IMPORT
    desk = make_desk("en")
    after_first_run(desk.window, FirstRunDialog.IMPORT)
    assert desk.window.stack.currentWidget() is desk.window.transfer
    after_first_run(desk.window, FirstRunDialog.START_EMPTY)
    assert desk.window.stack.currentWidget() is desk.window.catalog


def test_status_change_says_what_happens_keeps_the_selection_and_undoes(qtbot, make_desk) -> None:
    from tests.ui.test_pickup_page import _arrived_shop

    def two_campaigns(app) -> None:
        _arrived_shop(app)
        app.campaigns.create({"title": "另一个团", "pickup_on": "2026-12-01"}, [])

    desk = make_desk("en", two_campaigns)
    window = desk.window
    window.show()
    page = window.campaigns
    titles = [page.model.row(i)["title"] for i in range(page.model.rowCount())]
    row = titles.index("11月28日 水果生鲜团")
    page.table.selectRow(row)
    assert page.step_button.text() == "Mark done"
    qtbot.mouseClick(page.step_button, Qt.MouseButton.LeftButton)
    box = page.confirm_box
    assert box.isVisible()
    assert "Orders picked up: 0; still waiting: 1." in box.text() and "Ctrl+Z" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, desk)
    assert page.current_row()["status"] == "arrived"
    qtbot.mouseClick(page.step_button, Qt.MouseButton.LeftButton)
    ok = page.confirm_box.button(QMessageBox.StandardButton.Ok)
    assert ok.text() == "Mark done"
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.current_row()["status"] == "done", timeout=10_000)
    assert page.current_row()["title"] == "11月28日 水果生鲜团"  # still selected after reload
    assert [r["title"] for r in page.selected_rows()] == ["11月28日 水果生鲜团"]
    window.undo_last()
    qtbot.waitUntil(lambda: page.current_row()["status"] == "arrived", timeout=10_000)


def test_enter_in_the_search_box_goes_to_the_first_row_and_opens_nothing(qtbot, make_desk) -> None:
    from ui.campaign_dialog import CampaignDialog

    desk = make_desk("en", seed_shop)
    window = desk.window
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.sidebar.setCurrentRow(3)
    page = window.campaigns
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(page.table.hasFocus)
    assert page.current_row() is not None

    def editors() -> list:
        return [w for w in page.findChildren(CampaignDialog) if w.isVisible()]

    assert editors() == []
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # the second Enter opens the editor
    assert len(editors()) == 1
