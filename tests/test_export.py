"""Exports open in openpyxl with the promised formatting; formula-like text stays text."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from leader_app import exporting
from leader_app.importing.service import import_file
from tests.conftest import SAMPLES

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
