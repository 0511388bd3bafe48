"""Importing the leaders' real files: the samples import exactly, again adds nothing, bad files
change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leader_app.errors import ValidationError
from leader_app.importing.service import import_file, import_jielong
from storage import export_sql
from tests.conftest import SAMPLES, table_dump

EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))


def _purchase(app, campaign_id: str) -> dict[str, int]:
    return {
        f"{r['product']}|{r['spec']}": r["quantity"]
        for r in export_sql.purchase_list(app.store.conn, campaign_id)
    }


def _counts(app, campaign_id: str) -> tuple[int, int, int]:
    conn = app.store.conn
    total = conn.execute(
        "SELECT COUNT(*) FROM orders WHERE campaign_id = ?", (campaign_id,)
    ).fetchone()[0]
    active = conn.execute(
        "SELECT COUNT(*) FROM orders WHERE campaign_id = ? AND status IN ('placed', 'picked_up')",
        (campaign_id,),
    ).fetchone()[0]
    members = conn.execute(
        "SELECT COUNT(DISTINCT member_id) FROM orders WHERE campaign_id = ?", (campaign_id,)
    ).fetchone()[0]
    return total, active, members


@pytest.mark.parametrize("name", ["ktt_export.xlsx", "qjl_export.csv"])
def test_platform_exports_import_exactly(fresh_db, name: str) -> None:
    expected = EXPECTED[name]
    report = import_file(fresh_db.store, SAMPLES / name, new_campaign="测试团")
    assert not report.errors and not report.warnings
    assert _counts(fresh_db, report.campaign_id) == (
        expected["orders_total"],
        expected["orders_active"],
        expected["members"],
    )
    assert _purchase(fresh_db, report.campaign_id) == expected["quantity_by_product"]
    assert report.members_created == expected["members"]


def test_ktt_prices_are_inferred_so_amounts_match_the_file(fresh_db) -> None:
    """快团团 gives only 订单金额 per order: the inferred unit prices must reproduce it."""
    from python_calamine import CalamineWorkbook

    report = import_file(fresh_db.store, SAMPLES / "ktt_export.xlsx", new_campaign="快团团")
    rows = (
        CalamineWorkbook.from_path(str(SAMPLES / "ktt_export.xlsx"))
        .get_sheet_by_index(0)
        .to_python()
    )
    file_amounts = {str(int(r[0])): round(r[8] * 100) for r in rows[1:]}
    ours = dict(
        fresh_db.store.conn.execute(
            "SELECT external_no, amount_fen FROM orders WHERE campaign_id = ?",
            (report.campaign_id,),
        ).fetchall()
    )
    assert ours == file_amounts


def test_members_with_tags_and_referrers(fresh_db) -> None:
    report = import_file(fresh_db.store, SAMPLES / "members.xlsx")
    conn = fresh_db.store.conn
    assert report.members_created == EXPECTED["members.xlsx"]["members"]
    referred = conn.execute("SELECT COUNT(*) FROM members WHERE referrer_id IS NOT NULL")
    assert referred.fetchone()[0] == EXPECTED["members.xlsx"]["referred"]
    tags = conn.execute("SELECT tags FROM members WHERE mobile = '15337406812'").fetchone()[0]
    assert json.loads(tags) == ["宝妈", "上班族"]
    again = import_file(fresh_db.store, SAMPLES / "members.xlsx")
    assert again.members_created == 0 and again.members_matched == 60


def test_member_list_after_an_order_import_links_referrers(fresh_db) -> None:
    """The leader's usual order: a platform export first (its buyers become members), then
    the member list. Referrers named in the list are linked on members the export created,
    even when the referrer is new in the same list (this failed with a raw FOREIGN KEY error:
    the update ran before the new referrer was written)."""
    campaign = fresh_db.campaigns.create({"title": "第一团"})
    import_file(fresh_db.store, SAMPLES / "ktt_export.xlsx", campaign_id=campaign["id"])
    conn = fresh_db.store.conn
    known = {r[0] for r in conn.execute("SELECT mobile FROM members WHERE mobile IS NOT NULL")}
    report = import_file(fresh_db.store, SAMPLES / "members.xlsx")
    members = EXPECTED["members.xlsx"]["members"]
    assert report.members_created + report.members_matched == members
    assert report.members_matched == len(known & _mobiles(SAMPLES / "members.xlsx")) > 0
    referred = conn.execute("SELECT COUNT(*) FROM members WHERE referrer_id IS NOT NULL")
    assert referred.fetchone()[0] == EXPECTED["members.xlsx"]["referred"]
    dangling = conn.execute(
        "SELECT COUNT(*) FROM members m LEFT JOIN members r ON r.id = m.referrer_id "
        "WHERE m.referrer_id IS NOT NULL AND r.id IS NULL"
    )
    assert dangling.fetchone()[0] == 0


def test_a_referrer_later_in_the_list_is_linked(fresh_db, tmp_path) -> None:
    """Rows are not sorted referrer-first: 张三 names 李四, who comes two rows later."""
    path = tmp_path / "members.csv"
    path.write_text(
        "姓名,手机号,推荐人手机号\n"
        "张三,13800000001,13800000003\n"
        "王五,13800000002,\n"
        "李四,13800000003,13800000002\n",
        encoding="utf-8",
    )
    report = import_file(fresh_db.store, path)
    assert report.members_created == 3 and not report.warnings
    pairs = dict(
        fresh_db.store.conn.execute(
            "SELECT m.name, r.name FROM members m JOIN members r ON r.id = m.referrer_id"
        )
    )
    assert pairs == {"张三": "李四", "李四": "王五"}


def _mobiles(path: Path) -> set[str]:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return {str(r[1]) for r in rows[1:] if r[1]}


def test_jielong_with_its_product_list(fresh_db) -> None:
    products = import_file(
        fresh_db.store, SAMPLES / "jielong_products.xlsx", new_campaign="11月28日 水果生鲜团"
    )
    assert products.products_created == 9 and products.items_added == 9
    campaign = products.campaign_id
    report = import_file(fresh_db.store, SAMPLES / "jielong.txt", campaign_id=campaign)
    expected = EXPECTED["jielong.txt"]
    assert report.kind == "jielong" and not report.errors
    assert _counts(fresh_db, campaign) == (
        expected["orders_total"],
        expected["orders_active"],
        expected["members"],
    )
    assert _purchase(fresh_db, campaign) == expected["quantity_by_product"]
    again = import_jielong(
        fresh_db.store, (SAMPLES / "jielong.txt").read_text(encoding="utf-8"), campaign_id=campaign
    )
    assert again.orders_imported == 0 and again.orders_skipped_duplicate == 29


def test_product_list_sets_caps_and_commission(fresh_db) -> None:
    report = import_file(fresh_db.store, SAMPLES / "jielong_products.xlsx", new_campaign="团")
    items = fresh_db.campaigns.items(report.campaign_id)
    berry = next(i for i in items if i["name"] == "丹东草莓")
    assert (berry["price_fen"], berry["commission_bp"], berry["list_price_fen"]) == (
        2990,
        1000,
        3890,
    )


@pytest.mark.parametrize("name", ["ktt_export.xlsx", "qjl_export.csv"])
def test_reimport_adds_nothing(fresh_db, name: str) -> None:
    first = import_file(fresh_db.store, SAMPLES / name, new_campaign="团")
    before = table_dump(fresh_db)
    del before["tx_log"]
    again = import_file(fresh_db.store, SAMPLES / name, campaign_id=first.campaign_id)
    assert again.orders_imported == 0
    assert again.orders_skipped_duplicate == EXPECTED[name]["orders_total"]
    after = table_dump(fresh_db)
    del after["tx_log"]
    assert after == before


def test_overlapping_later_export_adds_only_new_orders(fresh_db, tmp_path) -> None:
    lines = (SAMPLES / "qjl_export.csv").read_text(encoding="utf-8-sig").splitlines()
    first_half = tmp_path / "early.csv"
    first_half.write_text("\n".join(lines[:40]) + "\n", encoding="utf-8-sig")
    early = import_file(fresh_db.store, first_half, new_campaign="团")
    later = import_file(fresh_db.store, SAMPLES / "qjl_export.csv", campaign_id=early.campaign_id)
    assert early.orders_imported + later.orders_imported == 50
    # the cut fell inside order 24: the full export brings its missing line in (issue 9)
    assert later.orders_skipped_duplicate + later.orders_updated == early.orders_imported
    assert [(c["external_no"], c["what"], c["after"]) for c in later.changes] == [
        ("24", "quantity", 3)
    ]


def test_dry_run_reports_without_saving(fresh_db) -> None:
    before = table_dump(fresh_db)
    report = import_file(
        fresh_db.store, SAMPLES / "ktt_export.xlsx", new_campaign="团", dry_run=True
    )
    assert report.orders_imported == 80 and report.tx_id is None
    assert table_dump(fresh_db) == before


def test_a_whole_import_undoes_as_a_unit(fresh_db) -> None:
    before = table_dump(fresh_db)
    report = import_file(fresh_db.store, SAMPLES / "qjl_export.csv", new_campaign="团")
    fresh_db.undo(report.tx_id)
    after = table_dump(fresh_db)
    for table in ("members", "products", "campaigns", "campaign_items", "orders", "order_lines"):
        assert after[table] == before[table], table


def test_messy_sheet_title_rows_totals_shuffled_columns_and_bad_cells(fresh_db, tmp_path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["快团团 订单导出 2026-11-25"])  # a title row
    ws.append([])
    ws.append(
        [
            "联系电话",
            "商品",
            "数量",
            "跟团号",
            "收货人",
            "规格",
            "订单状态",
            "订单金额",
            "楼号（如10）",
            "房号（如606）",
        ]
    )  # shuffled, with custom form fields
    ws.append([13800138000, "丹东草莓", 2, 1, "张三", "500g/盒", "已支付", 59.8, 3, 501])
    ws.append(["+86 139-0013-9000", "丹东草莓", "x1", 2, "李四", "500g/盒", "待支付", 29.9, 5, 302])
    ws.append(
        ["１３７０００００００１", "丹东草莓", "两盒", 3, "王五", "500g/盒", "已支付", 59.8, 1, 101]
    )
    ws.append(["138001380001", "丹东草莓", 1, 4, "坏号码", "500g/盒", "已支付", 29.9, 1, 102])
    ws.append(["13600000000", "丹东草莓", -1, 5, "负数", "500g/盒", "已支付", 29.9, 1, 103])
    ws.append([])
    ws.append(["合计", None, 5, None, None, None, None, 209.3])  # a totals row
    path = tmp_path / "messy.xlsx"
    wb.save(path)
    report = import_file(fresh_db.store, path, new_campaign="团")
    assert report.orders_imported == 3
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (7, "联系电话", "mobile_invalid"),
        (8, "数量", "quantity_not_positive"),
    ]
    assert report.errors[0].value == "138001380001"
    member = fresh_db.store.conn.execute(
        "SELECT building, room FROM members WHERE mobile = '13800138000'"
    ).fetchone()
    assert tuple(member) == ("3", "501")


def test_a_sheet_that_starts_at_c3_keeps_excels_row_numbers(fresh_db, tmp_path) -> None:
    """Sheets are read a row at a time from calamine; rows and columns before the first used
    cell still count, so a reported row is the row the leader sees in Excel."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    header = ["跟团号", "收货人", "联系电话", "商品", "规格", "数量", "商品单价"]
    data = [
        [1, "张三", "13800138000", "丹东草莓", "500g", 2, 29.9],
        [2, "李四", "1380013800", "丹东草莓", "500g", 1, 29.9],  # a short mobile: row 5
    ]
    for r, values in enumerate([header, *data], start=3):
        for c, value in enumerate(values, start=3):
            ws.cell(row=r, column=c, value=value)
    path = tmp_path / "offset.xlsx"
    wb.save(path)
    report = import_file(fresh_db.store, path, new_campaign="团")
    assert report.orders_imported == 1
    assert [(e.row, e.column, e.value) for e in report.errors] == [(5, "联系电话", "1380013800")]


def test_a_cell_too_long_is_an_error_on_its_row_not_the_whole_file(fresh_db, tmp_path) -> None:
    """Before: one over-long name aborted the whole import with no row in the message."""
    path = tmp_path / "long.csv"
    rows = [
        "订单号,收货人,联系电话,商品,规格,数量,单价",
        "A1,张三,13800138000,草莓,500g,2,29.9",
        "A2," + "长" * 41 + ",13800138001,草莓,500g,1,29.9",
        "A3,王五,13800138002," + "品" * 61 + ",500g,1,29.9",
        "A3,王五,13800138002,草莓,500g,1,29.9",  # A3's other line must not import alone
    ]
    path.write_text("\n".join(rows), encoding="utf-8-sig")
    report = import_file(fresh_db.store, path, new_campaign="团")
    assert report.orders_imported == 1 and report.lines == 1
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (3, "收货人", "field_too_long"),
        (4, "商品", "field_too_long"),
    ]
    assert "40" in report.errors[0].message and report.errors[1].value == "品" * 61


def test_a_long_nickname_is_kept_but_may_not_stand_in_for_a_missing_name(
    fresh_db, tmp_path
) -> None:
    """A nickname may be 60 characters, a name 40. An order with no 收货人 takes its name from
    the nickname, and a 45-character one is then an error on that row, in that column."""
    path = tmp_path / "nick.csv"
    nick = "团" * 45
    rows = [
        "订单号,收货人,下单人,联系电话,商品,规格,数量,单价",
        f"A1,张三,{nick},13800138000,草莓,500g,2,29.9",
        f"A2,,{nick},13800138001,草莓,500g,1,29.9",
        "A3,,小王,13800138002,草莓,500g,1,29.9",
    ]
    path.write_text("\n".join(rows), encoding="utf-8-sig")
    report = import_file(fresh_db.store, path, new_campaign="团")
    assert report.orders_imported == 2
    assert [(e.row, e.column, e.code) for e in report.errors] == [(3, "下单人", "field_too_long")]
    names = {
        r["mobile"]: (r["name"], r["nickname"])
        for r in fresh_db.store.conn.execute("SELECT mobile, name, nickname FROM members")
    }
    assert names == {"13800138000": ("张三", nick), "13800138002": ("小王", "小王")}


def test_gb18030_tab_separated_text(fresh_db, tmp_path) -> None:
    text = (
        "订单号\t姓名\t手机号\t商品名称\t规格\t数量\t单价\n"
        "A1\t张三\t13800138000\t丹东草莓\t500g/盒\t2\t29.90\n"
    )
    path = tmp_path / "wps.txt"
    path.write_bytes(text.encode("gb18030"))
    report = import_file(fresh_db.store, path, new_campaign="团")
    assert report.orders_imported == 1 and report.lines == 1
    assert fresh_db.store.conn.execute("SELECT amount_fen FROM orders").fetchone()[0] == 5980


def _encrypted(tmp_path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = tmp_path / "locked.xlsx"
    with (SAMPLES / "members.xlsx").open("rb") as src, out.open("wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)
    return out


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {}
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    files["empty"] = empty
    truncated = tmp_path / "truncated.xlsx"
    data = (SAMPLES / "ktt_export.xlsx").read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    files["truncated"] = truncated
    csv_renamed = tmp_path / "really_csv.xlsx"
    csv_renamed.write_bytes((SAMPLES / "qjl_export.csv").read_bytes())
    files["csv_renamed"] = csv_renamed
    image = tmp_path / "photo.xlsx"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 512)
    files["image"] = image
    files["encrypted"] = _encrypted(tmp_path)
    no_header = tmp_path / "notes.csv"
    no_header.write_text("今天\n天气\n不错\n", encoding="utf-8")
    files["no_header"] = no_header
    return files


@pytest.mark.parametrize(
    "kind", ["empty", "truncated", "csv_renamed", "image", "encrypted", "no_header"]
)
def test_bad_files_are_refused_and_change_nothing(fresh_db, tmp_path, kind: str) -> None:
    path = _bad_files(tmp_path)[kind]
    fresh_db.members.create({"name": "张三", "mobile": "13800138000"})
    before = table_dump(fresh_db)
    with pytest.raises(ValidationError) as info:
        import_file(fresh_db.store, path, new_campaign="团")
    assert path.name in info.value.english()
    assert table_dump(fresh_db) == before


def test_encrypted_workbook_says_password(fresh_db, tmp_path) -> None:
    with pytest.raises(ValidationError) as info:
        import_file(fresh_db.store, _encrypted(tmp_path))
    assert "password" in info.value.english()


def test_zip_bomb_is_refused_without_unpacking(fresh_db, tmp_path) -> None:
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 60_000_000)  # 60 MB of zeros → ~60 KB
    assert bomb.stat().st_size < 200_000
    with pytest.raises(ValidationError) as info:
        import_file(fresh_db.store, bomb)
    assert "implausible" in info.value.english()


def test_orders_need_a_campaign(fresh_db) -> None:
    with pytest.raises(ValidationError) as info:
        import_file(fresh_db.store, SAMPLES / "ktt_export.xlsx")
    assert info.value.code == "import_needs_campaign"


# -- property tests for the 接龙 parser ---------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from leader_app.importing import jielong  # noqa: E402

NAMES = ["丹东草莓", "赣南脐橙", "散养土鸡蛋", "五常大米", "鲜牛奶", "猪肋排", "三文鱼刺身"]
SHORT = {
    "丹东草莓": "草莓",
    "赣南脐橙": "橙子",
    "散养土鸡蛋": "鸡蛋",
    "五常大米": "大米",
    "鲜牛奶": "牛奶",
    "猪肋排": "排骨",
    "三文鱼刺身": "三文鱼",
}
QTY_FORMS = [
    lambda n: str(n),
    lambda n: f"x{n}",
    lambda n: f"×{n}",
    lambda n: f"*{n}",
    lambda n: "一二三四五六七八九"[n - 1],
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(NAMES), st.integers(1, 9), st.integers(0, 4)),
        min_size=1,
        max_size=4,
        unique_by=lambda t: t[0],
    ),
    st.integers(1, 30),
    st.integers(1, 6),
    st.integers(101, 3304),
    st.sampled_from(["", "🌸", "A", "☀️"]),
    st.booleans(),
)
def test_jielong_entries_round_trip(items, building, unit, room, deco, dashes) -> None:
    address = f"{building}-{unit}-{room}" if dashes else f"{building}栋{unit}单元{room}"
    text_items = " ".join(SHORT[n] + QTY_FORMS[f](q) for n, q, f in items)
    entries = jielong.parse(
        f"#接龙\n例 张三 3-2-501 草莓1\n\n1. {deco}小雨妈妈 {address} {text_items}\n"
    )
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.building, entry.unit, entry.room) == (str(building), str(unit), str(room))
    assert entry.nickname == f"{deco}小雨妈妈"
    products = [{"name": n} for n in NAMES]
    got = {jielong.match_product(i.query, products)[0]["name"]: i.quantity for i in entry.items}
    assert got == {n: q for n, q, _f in items}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_jielong_parser_never_crashes_on_any_text(text: str) -> None:
    for entry in jielong.parse(text):
        assert entry.number >= 0 and isinstance(entry.problem_texts(), list)


def test_jielong_with_emoji_and_control_characters(fresh_db) -> None:
    report = import_file(fresh_db.store, SAMPLES / "jielong_products.xlsx", new_campaign="团")
    text = "#接龙\n1. 🌸Amy\x07\u200b 12-1-1201 草莓两盒\n    橙子1\n2. 无地址 草莓1\n3. 李姐 5栋1单元302 榴莲9\n"
    result = import_jielong(fresh_db.store, text, campaign_id=report.campaign_id)
    assert result.orders_imported == 2  # 无地址 still orders: the products are clear
    assert [(e.column, e.code) for e in result.errors] == [("#3", "jielong_entry")]
    assert "榴莲" in result.errors[0].message


def test_big_file_streams_with_progress_and_cancel_changes_nothing(fresh_db, tmp_path) -> None:
    from leader_app.demo_files import write_ktt_csv
    from leader_app.jobs import Cancelled, CancelToken

    big = write_ktt_csv(tmp_path / "big.csv", 60_000, seed=5)
    before = table_dump(fresh_db)
    token = CancelToken()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done >= 40:
            token.cancel()  # the leader presses Cancel part-way through

    with pytest.raises(Cancelled):
        import_file(fresh_db.store, big, new_campaign="大团", progress=progress, cancel=token)
    assert len(seen) >= 2 and seen == sorted(seen) and max(seen) < 100
    assert table_dump(fresh_db) == before
    done: list[int] = []
    report = import_file(
        fresh_db.store, big, new_campaign="大团", progress=lambda d, t: done.append(d)
    )
    assert report.lines == 60_000 and done[-1] == 100


def test_a_refused_desk_import_leaves_no_pre_import_copy(fresh_db) -> None:
    """The desk starts the pre-import copy while the leader reads the preview, then writes.
    When the write is refused (here: the file is already another campaign's), nothing was
    written, so the copy is the store as it is and is removed, not left to fill the folder.
    The accepted import keeps its copy."""
    from leader_app.errors import LeaderError
    from leader_app.importing.service import prepare, start_backup, write

    store = fresh_db.store
    first, second = (fresh_db.campaigns.create({"title": t}) for t in ("一团", "二团"))
    folder = store.backup_dir

    def desk_import(campaign: dict) -> None:
        prepared = prepare(store, SAMPLES / "qjl_export.csv")
        backup = start_backup(store, "qjl_export.csv")
        write(store, prepared, campaign_id=campaign["id"], backup=backup)

    desk_import(first)
    kept = sorted(folder.glob("pre-import-*.db"))
    assert len(kept) == 1
    with pytest.raises(LeaderError) as refused:
        desk_import(second)
    assert refused.value.code == "import_elsewhere"
    assert sorted(folder.glob("pre-import-*.db")) == kept


def test_an_imported_order_keeps_the_time_the_member_ordered(fresh_db, tmp_path) -> None:
    """An export's 支付时间 is when the member ordered: the orders page, the export and the
    member pool (new, active, weekly) count by it, not by the day of the import. A time the
    file does not give, or one later than the import, falls back to the import's time."""
    from leader_app.clock import parse_local_datetime

    campaign = fresh_db.campaigns.create({"title": "团"})
    report = import_file(fresh_db.store, SAMPLES / "ktt_export.xlsx", campaign_id=campaign["id"])
    conn = fresh_db.store.conn
    first = conn.execute("SELECT created_at FROM orders WHERE external_no = '1'").fetchone()[0]
    assert first == parse_local_datetime("2026-11-24 20:02:00")
    spread = conn.execute("SELECT count(DISTINCT created_at) FROM orders").fetchone()[0]
    assert spread > 50  # 80 orders over two days, not one import instant
    path = tmp_path / "later.csv"
    path.write_text(
        "跟团号,下单人,支付时间,商品,规格,数量,订单金额,联系电话\n"
        "1,张三,2099-01-01 10:00:00,鲜牛奶,950ml,1,12.00,13800000001\n"
        "2,李四,,鲜牛奶,950ml,1,12.00,13800000002\n",
        encoding="utf-8",
    )
    other = fresh_db.campaigns.create({"title": "二团"})
    later = import_file(fresh_db.store, path, campaign_id=other["id"])
    at = conn.execute("SELECT at FROM tx_log WHERE tx_id = ?", (later.tx_id,)).fetchone()[0]
    rows = conn.execute(
        "SELECT created_at FROM orders WHERE campaign_id = ?", (other["id"],)
    ).fetchall()
    assert [r[0] for r in rows] == [at, at] and report.orders_imported == 80


def test_a_big_import_leaves_the_indexes_it_paused_as_they_were(fresh_db, tmp_path) -> None:
    """An import of 5,000 orders or more drops the two activity indexes for its inserts and
    builds them again before COMMIT (storage/tx.Tx.pause_index). After a real import of that
    size both are there with the same definition and cover every order; a dry run, which
    rolls back, leaves them too."""
    from leader_app.demo_files import write_ktt_xlsx
    from leader_app.importing.service import import_file

    conn = fresh_db.store.conn
    names = ("ix_orders_member_activity", "ix_orders_created_activity")

    def definitions() -> dict[str, str]:
        rows = conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE name IN ({', '.join('?' * len(names))})",
            names,
        )
        return dict(rows.fetchall())

    before = definitions()
    assert set(before) == set(names)
    source = write_ktt_xlsx(tmp_path / "big.xlsx", 9_000, seed=5)
    dry = import_file(fresh_db.store, source, new_campaign="试运行", dry_run=True)
    assert dry.orders_imported >= 5_000
    assert definitions() == before
    report = import_file(fresh_db.store, source, new_campaign="大团")
    assert report.orders_imported == dry.orders_imported and not report.errors
    assert definitions() == before
    orders = conn.execute("SELECT count(*) FROM orders").fetchone()[0]
    for name in names:
        indexed = conn.execute(f"SELECT count(*) FROM orders INDEXED BY {name}").fetchone()[0]
        assert indexed == orders == report.orders_imported
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_order_is_known_by_its_platform_number_or_else_by_its_fingerprint(
    fresh_db, tmp_path
) -> None:
    """An order with a platform number (跟团号) is found again by that number and stores no
    fingerprint; one without is found by its fingerprint. Importing either file a second time
    adds nothing, and two same orders without a number in one file are one order."""
    conn = fresh_db.store.conn
    numbered = import_file(fresh_db.store, SAMPLES / "ktt_export.xlsx", new_campaign="有号团")
    prints = conn.execute(
        "SELECT DISTINCT fingerprint FROM orders WHERE campaign_id = ?", (numbered.campaign_id,)
    ).fetchall()
    assert [tuple(r) for r in prints] == [("",)] and numbered.orders_imported == 80
    path = tmp_path / "no-numbers.csv"
    path.write_text(
        "收货人,联系电话,商品,规格,数量,商品单价\n"
        "张三,13800000001,鲜牛奶,950ml,1,12.00\n"
        "李四,13800000002,鲜牛奶,950ml,2,12.00\n"
        "李四,13800000002,鲜牛奶,950ml,2,12.00\n"
        "王五,13800000003,鲜牛奶,950ml,1,12.00\n",
        encoding="utf-8",
    )
    first = import_file(fresh_db.store, path, new_campaign="无号团")
    rows = conn.execute(
        "SELECT external_no, length(fingerprint) FROM orders WHERE campaign_id = ?",
        (first.campaign_id,),
    ).fetchall()
    assert [tuple(r) for r in rows] == [("", 40)] * 3
    assert (first.orders_imported, first.orders_skipped_duplicate) == (3, 1)
    for source, report in ((SAMPLES / "ktt_export.xlsx", numbered), (path, first)):
        again = import_file(fresh_db.store, source, campaign_id=report.campaign_id)
        assert again.orders_imported == 0


def test_what_is_held_back_or_read_otherwise_is_reported(fresh_db, tmp_path) -> None:
    """The 群接龙 sample with, by hand: order 1's mobile cut short on its first row (both its
    lines are held back, the second without an error of its own), order 2's only quantity
    `abc` (its one line held back too), order 8's status a word no platform uses, order 9's
    time `昨天晚上`, order 10's in 2099. Orders 8 to 10 are imported, but not as the file says:
    each gets a warning naming its row and column."""
    import csv

    with (SAMPLES / "qjl_export.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    col = {name: header.index(name) for name in ("联系电话", "数量", "订单状态", "下单时间")}
    rows[1][col["联系电话"]] = "1870282"  # file row 2: order 1, line 1 of 2
    rows[3][col["数量"]] = "abc"  # row 4: order 2's only line
    for r in (10, 11):  # rows 11 and 12: order 8
        rows[r][col["订单状态"]] = "奇怪状态"
    rows[12][col["下单时间"]] = "昨天晚上"  # row 13: order 9
    rows[13][col["下单时间"]] = "2099/11/24 21:05"  # row 14: order 10, a typo in the year
    messy = tmp_path / "群接龙-乱.csv"
    with messy.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    whole = import_file(fresh_db.store, SAMPLES / "qjl_export.csv", dry_run=True, new_campaign="x")

    report = import_file(fresh_db.store, messy, new_campaign="群接龙")
    assert report.orders_imported == whole.orders_imported - 2
    assert (report.orders_refused, report.lines_refused) == (2, 3)  # 2 + 1 with `abc`
    assert sorted((e.row, e.column) for e in report.errors) == [(2, "联系电话"), (4, "数量")]
    warned = sorted((w.row, w.column, w.code, w.value) for w in report.warnings)
    assert warned == [
        (11, "订单状态", "import_status_unknown", "奇怪状态"),
        (13, "下单时间", "import_time_unreadable", "昨天晚上"),
        (14, "下单时间", "import_time_future", "2099/11/24 21:05"),
    ]
    conn = fresh_db.store.conn
    eight = conn.execute(
        "SELECT status, paid FROM orders WHERE campaign_id = ? AND external_no = '8'",
        (report.campaign_id,),
    ).fetchone()
    assert tuple(eight) == ("placed", 0)
