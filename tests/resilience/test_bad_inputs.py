"""Bad inputs from anywhere: every one gets a clear refusal (a LeaderError) or is imported
cleanly; nothing else escapes, and a refusal changes nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leader_app.app import LeaderApp
from leader_app.errors import LeaderError
from leader_app.importing.service import import_file, import_jielong
from tests.conftest import table_dump
from tests.resilience.conftest import TRIED

FUZZ = settings(
    max_examples=120, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    app = LeaderApp.open(tmp_path_factory.mktemp("fuzz") / "shop.db")
    app.members.create({"name": "张三", "mobile": "13800138000"})
    campaign = app.campaigns.create({"title": "团"})
    product = app.catalog.create({"name": "丹东草莓", "price_fen": 2990})
    app.campaigns.add_item(campaign["id"], product["id"])
    app.campaign_id = campaign["id"]
    yield app
    app.close()


def _attempt(app: LeaderApp, path: Path, **kwargs) -> None:
    before = table_dump(app)
    try:
        import_file(app.store, path, new_campaign="模糊测试", **kwargs)
    except LeaderError as exc:
        assert exc.english()
        after = table_dump(app)
        assert {k: v for k, v in after.items() if k != "settings"} == {
            k: v for k, v in before.items() if k != "settings"
        }
    TRIED["fuzz cases: files"] += 1


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".xlsx", ".csv", ".txt", ".xls"]))
def test_random_bytes(store, tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("b") / f"f{suffix}"
    path.write_bytes(data)
    _attempt(store, path)


CELL = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["=1+1", "¥29.9", "两盒", "x2", "-1", "１３８００１３８０００", "\x00\x07"]),
)


@FUZZ
@given(
    rows=st.lists(st.lists(CELL, min_size=1, max_size=8), max_size=25),
    header=st.permutations(["商品", "数量", "手机号", "收货人", "跟团号", "规格", "单价", "备注"]),
)
def test_wrong_types_in_a_real_looking_sheet(store, tmp_path_factory, rows, header) -> None:
    import csv

    path = tmp_path_factory.mktemp("c") / "orders.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if c is None else str(c).replace("\x00", "") for c in row])
    _attempt(store, path)


def test_huge_cells_many_columns_and_deep_merges(store, tmp_path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["商品", "数量", "手机号", "收货人"] + [f"x{i}" for i in range(10_000 - 4)])
    ws.append(["丹东草莓", 1, "13800138000", "张" * 100_000])
    for _row in range(3, 60):
        ws.append(["丹东草莓", 2, "13900139000", "李四"])
    ws.merge_cells("A3:A59")
    ws.merge_cells("B3:D40")
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    _attempt(store, path)
    TRIED["fault cases: huge/wide/merged sheet"] += 1


def test_xml_entity_expansion_is_not_expanded(store, tmp_path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'
            for i in range(10)
        )
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        "&lol9;</t></is></c></row></sheetData></worksheet>"
    )
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="s" '
            'sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"/></sheets></workbook>',
        )
        z.writestr("xl/worksheets/sheet1.xml", laughs)
    _attempt(store, path)  # refused or read literally: never a billion "lol"s in memory
    TRIED["fault cases: entity expansion"] += 1


@FUZZ
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_jielong_text_with_emoji_and_control_characters(store, text: str) -> None:
    before = table_dump(store)
    try:
        import_jielong(
            store.store,
            "#接龙\n1. 🌸小雨\x07\u200b 3-2-501 " + text,
            campaign_id=store.campaign_id,
            dry_run=True,
        )
    except LeaderError:
        pass
    assert table_dump(store) == before
    TRIED["fuzz cases: 接龙 text"] += 1
