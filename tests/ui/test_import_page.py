"""The Import / Export page: preview and mapping, import with a report, 接龙 paste, export."""

from __future__ import annotations

import sqlite3

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from tests.conftest import SAMPLES
from tests.ui.conftest import wait_idle

asked: list[str] = []


def _page(make_desk, monkeypatch=None):
    if monkeypatch is not None:  # the leader confirms new products (never exec a modal in tests)
        from PySide6.QtWidgets import QMessageBox

        asked.clear()
        monkeypatch.setattr(
            QMessageBox,
            "question",
            lambda *a, **k: (asked.append(a[2]), QMessageBox.StandardButton.Yes)[1],
        )
    desk = make_desk("zh_CN")
    desk.window.sidebar.setCurrentRow(6)
    return desk, desk.window.transfer


def test_preview_maps_columns_and_import_reports(qtbot, make_desk, monkeypatch) -> None:
    desk, page = _page(make_desk, monkeypatch)
    page.load_file(SAMPLES / "ktt_export.xlsx")
    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=10_000)
    assert page.preview_table.rowCount() == 21  # the mapping row and 20 rows of preview
    # the whole sheet is counted, not the 60 rows read ahead for the preview (134 − the header)
    assert page.summary.text().startswith("共 133 行")
    mapping = page.mapping()
    assert {"order_no", "product", "quantity", "mobile"} <= set(mapping)
    page.run_file_import(dry_run=False)
    qtbot.waitUntil(lambda: page.undo_button.isEnabled(), timeout=20_000)
    assert "80" in page.summary.text() and "订单" in page.summary.text()
    assert "12" in asked[0] and "丹东草莓" in asked[0]  # the leader saw the new products first
    wait_idle(qtbot, desk)
    assert desk.window.orders.model.total() == 80
    page.undo_import()
    assert "80" in asked[-1]  # asked first, saying what goes
    qtbot.waitUntil(lambda: desk.window.orders.model.total() == 0, timeout=20_000)


def test_a_csv_preview_says_how_many_rows_it_shows_of_how_many(qtbot, make_desk, tmp_path) -> None:
    """The preview shows the first 20 rows; the summary says so and how long the file is.
    Only a file too big to count before importing (over 1 MB) is called large: an 85-row
    CSV once read “more than 59 rows (big file)”."""
    from leader_app.demo_files import write_ktt_csv

    desk, page = _page(make_desk)

    def summary_of(path) -> str:
        page.summary.clear()
        page.load_file(path)
        qtbot.waitUntil(lambda: bool(page.summary.text()), timeout=10_000)
        return page.summary.text()

    text = summary_of(SAMPLES / "qjl_export.csv")
    assert text.startswith("共 85 行，预览前 20 行") and "较大" not in text
    assert page.preview_table.rowCount() == 21
    assert summary_of(write_ktt_csv(tmp_path / "long.csv", 500)).startswith(
        "共 500 行，预览前 20 行"
    )
    short = summary_of(write_ktt_csv(tmp_path / "short.csv", 12))
    assert short.startswith("共 12 行，识别为") and "预览前" not in short
    big = write_ktt_csv(tmp_path / "big.csv", 8000)
    assert big.stat().st_size > 1_000_000
    text = summary_of(big)
    assert text.startswith("预览前 20 行；文件较大") and "超过" not in text


def test_corrected_mapping_is_remembered(qtbot, make_desk, monkeypatch, tmp_path) -> None:
    desk, page = _page(make_desk, monkeypatch)
    path = tmp_path / "odd.csv"
    path.write_text(
        "客户,电话号码,买了啥,几份,编号\n张三,13800138000,丹东草莓,2,A1\n", encoding="utf-8-sig"
    )
    page.load_file(path)
    qtbot.waitUntil(lambda: page.view is not None, timeout=10_000)
    # Only 编号 is unknown to the synonyms: the leader maps the other columns by hand.
    for col, field in (
        (0, "name"),
        (1, "mobile"),
        (2, "product"),
        (3, "quantity"),
        (4, "order_no"),
    ):
        combo = page.preview_table.cellWidget(0, col)
        combo.setCurrentIndex(combo.findData(field))
    page.new_title.setText("手工团")
    page.run_file_import(dry_run=False)
    qtbot.waitUntil(lambda: page.undo_button.isEnabled(), timeout=10_000)
    wait_idle(qtbot, desk)
    page.load_file(path)  # the same headers again: the mapping comes back
    qtbot.waitUntil(
        lambda: page.view is not None and page.view.match.mapping.get("product") == 2,
        timeout=10_000,
    )


def test_bad_file_shows_one_clear_message(qtbot, make_desk, tmp_path) -> None:
    _desk, page = _page(make_desk)
    bad = tmp_path / "photo.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    page.load_file(bad)
    qtbot.waitUntil(lambda: "photo.xlsx" in page.summary.text(), timeout=10_000)
    assert not page.import_button.isEnabled()


def test_paste_jielong_and_see_problems(qtbot, make_desk, monkeypatch) -> None:
    desk, page = _page(make_desk, monkeypatch)
    page.load_file(SAMPLES / "jielong_products.xlsx")
    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=10_000)
    page.new_title.setText("11月28日 水果生鲜团")
    page.run_file_import(dry_run=False)
    qtbot.waitUntil(lambda: page.undo_button.isEnabled(), timeout=10_000)
    wait_idle(qtbot, desk)
    page.refresh()
    page.jielong_campaign.setCurrentIndex(0)  # the campaign just made from the product list
    text = (SAMPLES / "jielong.txt").read_text(encoding="utf-8") + "30. 新人 1-1-101 榴莲2\n"
    page.jielong_text.setPlainText(text)
    page.run_jielong(dry_run=False)
    qtbot.waitUntil(lambda: page.problem_table.rowCount() == 1, timeout=10_000)
    assert "榴莲" in page.problem_table.item(0, 2).text()
    wait_idle(qtbot, desk)
    assert desk.window.orders.model.total() == 29


def test_export_from_the_page(qtbot, make_desk, monkeypatch, tmp_path) -> None:
    desk, page = _page(make_desk, monkeypatch)
    page.load_file(SAMPLES / "qjl_export.csv")
    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=10_000)
    page.run_file_import(dry_run=False)
    qtbot.waitUntil(lambda: page.undo_button.isEnabled(), timeout=10_000)
    wait_idle(qtbot, desk)
    page.refresh()
    campaign = page.export_panel.campaign.itemData(0)
    target = tmp_path / "purchase.xlsx"
    page.export_panel.run_export("purchase-list", campaign, target)
    qtbot.waitUntil(target.exists, timeout=10_000)
    wait_idle(qtbot, desk)
    ws = load_workbook(target).worksheets[0]
    assert ws["A1"].value == "商品" and ws.max_row == 10  # header, 8 products, totals


def test_import_runs_once_then_targets_its_campaign(
    qtbot, make_desk, monkeypatch, tmp_path
) -> None:
    """Parse, preview, confirm, write: the file is read once per click and written once; the
    page then targets the new campaign, so a second click adds nothing and makes no campaign."""
    import ui.import_page as page_module
    from tests.layouts import builders

    calls: list[str] = []
    real_prepare, real_write = page_module.prepare, page_module.write
    monkeypatch.setattr(
        page_module, "prepare", lambda *a, **k: (calls.append("prepare"), real_prepare(*a, **k))[1]
    )
    monkeypatch.setattr(
        page_module,
        "write",
        lambda *a, **k: (calls.append(f"write dry={k['dry_run']}"), real_write(*a, **k))[1],
    )
    desk, page = _page(make_desk, monkeypatch)
    page.load_file(builders.ktt_normal(tmp_path / "团购订单.xlsx"))
    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=10_000)
    assert "快团团 · 普通团" in page.summary.text() and "订单明细" in page.summary.text()
    assert page.new_title.text() == "【11月28日】阳光水果团 跟团订单"  # the sheet's title row
    page.pickup_check.setChecked(True)
    page.pickup_date.setDate(page.pickup_date.date().fromString("2026-11-29", "yyyy-MM-dd"))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.undo_button.isEnabled(), timeout=20_000)
    assert calls == ["prepare", "write dry=False"]
    assert "4" in asked[0] and "阳光玫瑰葡萄" in asked[0]  # new products confirmed before the write
    wait_idle(qtbot, desk)
    conn = desk.app.store.conn
    campaign = conn.execute("SELECT id, title, pickup_on FROM campaigns").fetchone()
    assert tuple(campaign)[1:] == ("【11月28日】阳光水果团 跟团订单", "2026-11-29")
    assert page.file_campaign.currentData() == campaign["id"]
    calls.clear()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: calls == ["prepare", "write dry=False"], timeout=20_000)
    qtbot.waitUntil(lambda: "7 笔已导入过" in page.summary.text(), timeout=20_000)
    wait_idle(qtbot, desk)
    assert conn.execute("SELECT COUNT(*) FROM campaigns").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 7


def test_the_same_file_into_a_new_campaign_asks_first(
    qtbot, make_desk, monkeypatch, tmp_path
) -> None:
    from leader_app.importing.service import import_file
    from tests.layouts import builders

    path = builders.ktt_versions(tmp_path / "v1.xlsx", 1)
    desk, page = _page(make_desk, monkeypatch)
    import_file(desk.app.store, path, new_campaign="周五团")
    page.refresh()
    page.file_campaign.setCurrentIndex(0)  # 新建团购
    # The leader answers "import again here" (a test never exec()s the modal question).
    monkeypatch.setattr(page, "ask_reimport", lambda title: (asked.append(title), "again")[1])
    page.load_file(path)
    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.undo_button.isEnabled(), timeout=20_000)
    assert any("周五团" in text for text in asked)  # named the campaign that has the orders
    wait_idle(qtbot, desk)
    conn = desk.app.store.conn
    assert conn.execute("SELECT COUNT(*) FROM campaigns").fetchone()[0] == 2


def test_a_re_export_chosen_as_new_is_offered_its_own_campaign(
    qtbot, make_desk, monkeypatch, tmp_path
) -> None:
    """A trial leader imported a newer export as 新建活动 and got a second campaign of the same
    name. The question now offers to update the campaign that holds the orders."""
    from leader_app.importing.service import import_file
    from tests.layouts import builders

    desk, page = _page(make_desk, monkeypatch)
    import_file(
        desk.app.store, builders.ktt_versions(tmp_path / "v1.xlsx", 1), new_campaign="周五团"
    )
    page.refresh()
    page.new_title.setText("上一个文件的标题")  # typed for an earlier file
    monkeypatch.setattr(page, "ask_reimport", lambda title: (asked.append(title), "update")[1])
    page.load_file(builders.ktt_versions(tmp_path / "v2.xlsx", 2))
    assert page.file_campaign.currentData() is None  # a new file starts as a new campaign …
    assert page.new_title.text() != "上一个文件的标题"  # … named after itself
    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "周五团" in asked, timeout=20_000)
    qtbot.waitUntil(lambda: page.undo_button.isEnabled(), timeout=20_000)
    wait_idle(qtbot, desk)
    conn = desk.app.store.conn
    assert conn.execute("SELECT COUNT(*) FROM campaigns").fetchone()[0] == 1
    assert conn.execute("SELECT title FROM campaigns").fetchone()[0] == "周五团"


def test_the_file_is_read_once_for_the_preview_the_check_and_the_import(
    qtbot, make_desk, monkeypatch, tmp_path
) -> None:
    """The preview's rows are what Check and Import parse; a file changed on disk since the
    preview is read again, so the import is never of stale rows. (The spy counts calls to the
    real reader and passes them on.)"""
    from leader_app.demo_files import write_ktt_csv
    from leader_app.importing import preview as reading

    reads: list[str] = []
    real = reading.read_tables
    monkeypatch.setattr(
        reading,
        "read_tables",
        lambda path, *a, **k: (reads.append(path.name), real(path, *a, **k))[1],
    )
    desk, page = _page(make_desk, monkeypatch)
    page.load_file(SAMPLES / "ktt_export.xlsx")
    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=10_000)
    page.run_file_import(dry_run=True)
    qtbot.waitUntil(lambda: "80" in page.summary.text(), timeout=20_000)
    assert not page.undo_button.isEnabled()  # checked, nothing saved
    page.run_file_import(dry_run=False)
    qtbot.waitUntil(lambda: page.undo_button.isEnabled(), timeout=20_000)
    wait_idle(qtbot, desk)
    assert desk.window.orders.model.total() == 80
    assert reads == ["ktt_export.xlsx"]

    def lines() -> int:
        with sqlite3.connect(tmp_path / "shop.db") as conn:
            return conn.execute("SELECT COUNT(*) FROM order_lines").fetchone()[0]

    before = lines()
    path = write_ktt_csv(tmp_path / "later.csv", 30, seed=1)
    page.load_file(path)
    qtbot.waitUntil(lambda: page.view is not None and page.view.path == path, timeout=10_000)
    write_ktt_csv(path, 45, seed=2)  # a newer export saved over it after the preview
    page.undo_button.setEnabled(False)
    page.run_file_import(dry_run=False)
    qtbot.waitUntil(lambda: page.undo_button.isEnabled(), timeout=20_000)
    wait_idle(qtbot, desk)
    assert reads == ["ktt_export.xlsx", "later.csv", "later.csv"]
    assert lines() - before == 45  # the newer file's lines, not the 30 previewed


def test_a_product_list_report_speaks_of_products(qtbot) -> None:
    """A product list of products the catalog has: it said "no row could be imported" (the
    CLI) or counted orders and members (the page). It now says what happened to them."""
    from leader_app.importing.report import ImportReport
    from ui.import_views import report_text

    report = ImportReport("products.xlsx", "products", rows=9, products_updated=9, items_added=9)
    text = report_text(report)
    assert "9 个已在商品库" in text and "9 个加入活动" in text  # the suite runs in zh_CN
    assert "订单" not in text and "会员" not in text
