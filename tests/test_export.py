"""Exports open in openpyxl with the promised formatting; formula-like text stays text."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from leader_app import exporting
from leader_app.importing.service import import_file
from tests.conftest import SAMPLES
from tests.tmpfs import small_tmpfs

NASTY = ['=HYPERLINK("http://evil","点我")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]


@pytest.fixture
def imported(fresh_db):
    report = import_file(fresh_db.store, SAMPLES / "ktt_export.xlsx", new_campaign="快团团")
    for i, nick in enumerate(NASTY):
        fresh_db.members.create({"name": f"坏人{i}", "mobile": f"1370000000{i}", "nickname": nick})
    return fresh_db, report.campaign_id


@pytest.mark.parametrize("name", exporting.LISTS)
def test_every_list_exports_to_xlsx_with_header_and_totals(imported, tmp_path, name) -> None:
    app, campaign = imported
    path = exporting.write(tmp_path / f"{name}.xlsx", exporting.build(app, name, campaign))
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "A2"
    assert all(c.font.bold for c in ws[1] if c.value)
    assert ws.column_dimensions["A"].width >= 8
    last = [c.value for c in ws[ws.max_row]]
    assert last[0] == "合计" and any(str(v).startswith("=SUM(") for v in last if v)


def test_money_mobile_and_order_numbers_are_typed(imported, tmp_path) -> None:
    app, campaign = imported
    path = exporting.write(tmp_path / "orders.xlsx", exporting.build(app, "orders", campaign))
    ws = load_workbook(path).worksheets[0]
    headers = [c.value for c in ws[1]]
    row = ws[2]
    mobile = row[headers.index("手机号")]
    assert mobile.data_type == "s" and mobile.number_format == "@" and len(mobile.value) == 11
    assert row[headers.index("订单号")].data_type == "s"
    money = row[headers.index("金额")]
    assert money.data_type == "n" and money.number_format == exporting.MONEY_FORMAT


def test_purchase_list_totals_match_the_orders(imported, tmp_path) -> None:
    app, campaign = imported
    path = exporting.write(tmp_path / "p.xlsx", exporting.build(app, "purchase-list", campaign))
    ws = load_workbook(path).worksheets[0]
    quantities = [r[3].value for r in ws.iter_rows(min_row=2, max_row=ws.max_row - 1)]
    assert sum(quantities) == 257  # the sum of expected.json's purchase list for this file
    assert ws.cell(ws.max_row, 4).value == f"=SUM(D2:D{ws.max_row - 1})"


def test_formula_like_names_are_text_in_xlsx_and_csv(imported, tmp_path) -> None:
    app, _campaign = imported
    sheets = exporting.build(app, "members", None)
    xlsx = exporting.write(tmp_path / "m.xlsx", sheets)
    ws = load_workbook(xlsx).worksheets[0]
    nick_col = [c.value for c in ws[1]].index("微信昵称")
    cells = {r[nick_col].value: r[nick_col] for r in ws.iter_rows(min_row=2)}
    for nasty in NASTY:
        assert cells[nasty].data_type == "s", nasty  # a string, never a formula
    path = exporting.write(tmp_path / "m.csv", sheets)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel and WPS
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    nicknames = [r[rows[0].index("微信昵称")] for r in rows[1:]]
    for nasty in NASTY:
        assert "'" + nasty in nicknames
    assert not any(n.startswith(("=", "+", "-", "@")) for n in nicknames)
    mobiles = [r[rows[0].index("手机号")] for r in rows[1:]]
    assert all(m.startswith("\t") for m in mobiles)


def test_export_to_an_unknown_format_is_refused(imported, tmp_path) -> None:
    from leader_app.errors import ValidationError

    app, campaign = imported
    with pytest.raises(ValidationError):
        exporting.write(tmp_path / "x.pdf", exporting.build(app, "orders", campaign))


def test_orders_xlsx_reads_back_in_calamine_and_openpyxl(imported, tmp_path) -> None:
    """What another program sees: yuan as numbers with two decimals, Chinese text, local
    times as text, and totals whose stored value is the sum (a phone's preview does not
    recalculate)."""
    from python_calamine import CalamineWorkbook

    from leader_app.clock import format_local

    app, campaign = imported
    conn = app.store.conn
    conn.execute(  # a control character that XML cannot hold, and an accented note
        "UPDATE orders SET member_note = ?, leader_note = ? WHERE seq = 1",
        ("放门口\x07", "=1+1 不是公式"),
    )
    sheets = exporting.build(app, "orders", campaign)
    path = exporting.write(tmp_path / "o.xlsx", sheets)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    headers = rows[0]
    assert headers == [c.header for c in sheets[0].columns]
    body, totals = rows[1:-1], rows[-1]
    lines = sheets[0].rows
    assert len(body) == len(lines) > 10
    amount, price = headers.index("金额"), headers.index("单价")
    for row, line in zip(body, lines, strict=True):
        assert row[amount] * 100 == pytest.approx(line["line_fen"], abs=1e-6)
        assert row[price] * 100 == pytest.approx(line["unit_price_fen"], abs=1e-6)
        assert row[headers.index("姓名")] == line["name"]  # Chinese, as stored
        assert row[headers.index("手机号")] == line["mobile"]  # text, never 1.39E+10
        assert row[headers.index("下单时间")] == format_local(line["created_at"])
    assert totals[0] == "合计"
    assert totals[amount] == pytest.approx(sum(r["line_fen"] for r in lines) / 100)
    assert totals[headers.index("数量")] == sum(r["quantity"] for r in lines)
    first = next(r for r in body if r[headers.index("团员备注")].startswith("放门口"))
    assert first[headers.index("团员备注")] == "放门口\x07"
    assert first[headers.index("团长备注")] == "=1+1 不是公式"
    ws = load_workbook(path).worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws.cell(2, amount + 1).number_format == exporting.MONEY_FORMAT
    assert ws.cell(1, 1).fill.fgColor.rgb.endswith("EEF1F5")
    name_width = ws.column_dimensions["E"].width  # 姓名: two CJK characters and more
    assert 8 <= name_width <= 62 and ws.column_dimensions["I"].width > name_width


def test_an_export_that_cannot_be_written_says_so_and_keeps_the_old_file(
    imported, tmp_path
) -> None:
    """A full disk (a real tmpfs) or a folder that is gone: a message naming the file, the
    previous export left as it was, no half-written file beside it."""
    import shutil

    from leader_app.errors import ValidationError

    app, campaign = imported
    sheets = exporting.build(app, "orders", campaign)
    with pytest.raises(ValidationError) as missing:
        exporting.write(tmp_path / "gone" / "o.xlsx", sheets)
    assert missing.value.code == "export_write_failed" and "gone" in missing.value.english()
    with small_tmpfs(tmp_path / "disk", "1m") as disk:
        old = exporting.write(disk / "orders.xlsx", sheets).read_bytes()
        big = [exporting.orders_sheet(sheets[0].rows * 400)]  # far more than the disk holds
        free = shutil.disk_usage(disk).free
        for suffix in (".xlsx", ".csv"):
            with pytest.raises(ValidationError) as full:
                exporting.write(disk / f"orders{suffix}", big)
            assert full.value.code == "export_write_failed"
        assert (disk / "orders.xlsx").read_bytes() == old  # the last good export stays
        assert sorted(p.name for p in disk.iterdir()) == ["orders.xlsx"]  # no partial file
        assert shutil.disk_usage(disk).free == free
        assert load_workbook(disk / "orders.xlsx").worksheets[0].max_row > 2
