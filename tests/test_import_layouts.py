"""The platforms' real export layouts (issue 9): packed 商品 cells, 群接龙 商品合计, 快团团 小区团购,
merged cells, masked mobiles, a 商品汇总 first sheet and old binary .xls. Each file is built
from literal rows in tests/layouts/builders.py; the counts below are taken by hand from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leader_app.clock import parse_local_datetime
from leader_app.errors import ValidationError
from leader_app.importing.service import import_file, preview
from storage import export_sql
from tests.layouts import builders
from tests.test_cli import cli

# Purchase list by hand, over the lines whose order is not cancelled or refunded.
HAND = {
    "ktt_normal": {
        "阳光玫瑰葡萄|2斤装": 2 + 1 + 1,
        "丹东草莓|500g/盒": 1 + 2,
        "赣南脐橙|5斤装": 1,
        "纯牛奶整箱|250ml*24": 1,
    },
    "qjl_summary": {
        "丹东草莓|500g/盒": 2 + 5,
        "纯牛奶整箱|250ml*24": 1 + 20,
        "赣南脐橙|": 3,
    },
    "ktt_community": {
        "丹东草莓|500g/盒": 1 + 1 + 2,
        "赣南脐橙|5斤装": 2,
        "散养土鸡蛋|30枚": 2,
    },
    "ktt_merged": {
        "丹东草莓|500g/盒": 2 + 1,
        "赣南脐橙|5斤装": 1 + 4,
        "散养土鸡蛋|30枚": 1,
        "鲜牛奶|950ml": 3,
    },
    "ktt_old_xls": {"丹东草莓|500g/盒": 2, "赣南脐橙|5斤装": 1 + 1},
}
# (orders in the file, orders active) by hand
ORDERS = {
    "ktt_normal": (7, 5),
    "qjl_summary": (5, 3),
    "ktt_community": (5, 4),
    "ktt_merged": (4, 3),
    "ktt_old_xls": (3, 2),
}
LAYOUT = {
    "ktt_normal": "快团团 · 普通团",
    "qjl_summary": "群接龙 · 商品合计",
    "ktt_community": "快团团 · 小区团购",
    "ktt_merged": "快团团 · 按商品导出",
    "ktt_old_xls": "快团团 · 普通团",
}


def build(name: str, tmp: Path) -> Path:
    if name == "ktt_old_xls":
        return builders.KTT_XLS
    return getattr(builders, name)(tmp / f"{name}.xlsx")


def _purchase(app, campaign_id: str) -> dict[str, int]:
    return {
        f"{r['product']}|{r['spec']}": r["quantity"]
        for r in export_sql.purchase_list(app.store.conn, campaign_id)
    }


def _orders(app, campaign_id: str) -> tuple[int, int]:
    rows = app.store.conn.execute(
        "SELECT status FROM orders WHERE campaign_id = ?", (campaign_id,)
    ).fetchall()
    return len(rows), sum(r[0] in ("placed", "picked_up") for r in rows)


@pytest.mark.parametrize("name", sorted(HAND))
def test_each_layout_imports_to_the_hand_count(fresh_db, tmp_path, name: str) -> None:
    if name == "ktt_merged":  # 赵六 is known; the file masks the mobile as 138****1234
        fresh_db.members.create({"name": "赵六", "mobile": "13800001234"})
    path = build(name, tmp_path)
    view = preview(fresh_db.store, path)
    assert view.kind == "orders"
    assert view.layout_label == LAYOUT[name]
    report = import_file(fresh_db.store, path, new_campaign="团")
    assert [e.as_json() for e in report.errors] == []
    assert _purchase(fresh_db, report.campaign_id) == HAND[name]
    assert _orders(fresh_db, report.campaign_id) == ORDERS[name]
    assert report.layout == LAYOUT[name]


def test_ktt_normal_uses_the_order_sheet_and_keeps_refunds_and_masks(fresh_db, tmp_path) -> None:
    path = builders.ktt_normal(tmp_path / "k.xlsx")
    view = preview(fresh_db.store, path)
    assert view.table.name == "订单明细"  # not the 商品汇总 sheet in front of it
    assert view.title == "【11月28日】阳光水果团 跟团订单"
    report = import_file(fresh_db.store, path, new_campaign=None, auto_title=True)
    conn = fresh_db.store.conn
    campaign = conn.execute(
        "SELECT title, deadline_at FROM campaigns WHERE id = ?", (report.campaign_id,)
    ).fetchone()
    assert campaign["title"] == "【11月28日】阳光水果团 跟团订单"
    # the latest 支付时间 (local wall time), stored as UTC
    assert campaign["deadline_at"] == parse_local_datetime("2026-11-28 20:15")
    refunds = dict(
        conn.execute(
            "SELECT external_no, platform_refund_fen FROM orders WHERE campaign_id = ?",
            (report.campaign_id,),
        ).fetchall()
    )
    assert refunds == {"1": 0, "2": 0, "3": 12470, "4": 0, "5": 3990, "6": 0, "7": 0}
    amounts = dict(
        conn.execute(
            "SELECT external_no, amount_fen FROM orders WHERE campaign_id = ?",
            (report.campaign_id,),
        ).fetchall()
    )
    assert amounts["1"] == 10970 and amounts["5"] == 9890
    # 小雨妈妈 ordered twice with one mobile: one member; 赵六's masked mobile is not stored
    members = conn.execute("SELECT name, mobile FROM members ORDER BY member_no").fetchall()
    assert len(members) == 6
    assert ("赵六", None) in [tuple(m) for m in members]
    assert not any(m["mobile"] and "*" in m["mobile"] for m in members)


def test_masked_mobile_matches_the_known_member_by_name_and_tail(fresh_db, tmp_path) -> None:
    known = fresh_db.members.create({"name": "赵六", "mobile": "13800001234"})
    fresh_db.members.create({"name": "赵六", "mobile": "13900009999"})  # same name, other tail
    report = import_file(
        fresh_db.store, builders.ktt_merged(tmp_path / "m.xlsx"), new_campaign="团"
    )
    conn = fresh_db.store.conn
    owners = {
        r[0]
        for r in conn.execute(
            "SELECT member_id FROM orders WHERE external_no IN ('101', '104')"
        ).fetchall()
    }
    assert owners == {known["id"]}
    assert report.members_created == 2  # 钱七 and 孙八
    assert conn.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 4


def test_community_form_columns_fill_the_address(fresh_db, tmp_path) -> None:
    import_file(fresh_db.store, builders.ktt_community(tmp_path / "c.xlsx"), new_campaign="团")
    row = fresh_db.store.conn.execute(
        "SELECT building, room FROM members WHERE mobile = '13800000011'"
    ).fetchone()
    assert tuple(row) == ("10", "606")


def test_import_obeys_per_member_limits_as_order_entry_does(shop, tmp_path) -> None:
    """鸡蛋 is limited to 2 a member in the shop fixture: a file asking for 3 is refused on its
    row, as the order entry dialog refuses it."""
    app = shop["app"]
    path = tmp_path / "limit.csv"
    path.write_text(
        "订单号,收货人,联系电话,商品,规格,数量\n"
        "A1,张三,13800000001,散养土鸡蛋,30枚,1\n"
        "A2,张三,13800000001,散养土鸡蛋,30枚,2\n"
        "A3,李四,13800000002,散养土鸡蛋,30枚,2\n",
        encoding="utf-8",
    )
    report = import_file(app.store, path, campaign_id=shop["campaign"]["id"])
    assert [e.code for e in report.errors] == ["member_limit_exceeded"]
    assert report.errors[0].row == 3
    assert report.orders_imported == 2


def test_the_same_file_into_another_campaign_is_refused_unless_confirmed(
    fresh_db, tmp_path
) -> None:
    path = builders.ktt_normal(tmp_path / "k.xlsx")
    first = import_file(fresh_db.store, path, new_campaign="第一次")
    with pytest.raises(ValidationError) as refused:
        import_file(fresh_db.store, path, new_campaign="第二次")
    assert refused.value.code == "import_elsewhere"
    assert refused.value.args_map["campaign"] == "第一次"
    assert fresh_db.store.conn.execute("SELECT COUNT(*) FROM campaigns").fetchone()[0] == 1
    again = import_file(fresh_db.store, path, new_campaign="第二次", again=True)
    assert again.campaign_id != first.campaign_id and again.orders_imported == 7


@pytest.mark.parametrize("name", ["ktt_normal", "qjl_summary", "ktt_community", "ktt_old_xls"])
def test_cli_purchase_list_equals_the_hand_count(tmp_path, name: str) -> None:
    db = tmp_path / "s.db"
    path = build(name, tmp_path)
    out = json.loads(
        cli(
            "import",
            str(path),
            "--new-campaign",
            "团",
            "--pickup-date",
            "2026-11-29",
            "--json",
            db=db,
            check=True,
        ).stdout
    )
    assert out["layout"] == LAYOUT[name]
    assert {"orders_updated", "orders_cancelled", "orders_refunded", "changes"} <= set(out)
    rows = json.loads(
        cli(
            "export", "purchase-list", "--campaign", out["campaign_id"], "--json", db=db, check=True
        ).stdout
    )
    assert {f"{r['product']}|{r['spec']}": r["quantity"] for r in rows} == HAND[name]
    campaigns = json.loads(cli("campaigns", "--json", db=db, check=True).stdout)
    assert campaigns[0]["pickup_on"] == "2026-11-29"


def test_platform_refunds_show_in_summary_listing_and_exports(fresh_db, tmp_path) -> None:
    from openpyxl import load_workbook

    from leader_app import exporting
    from storage import listing

    report = import_file(
        fresh_db.store, builders.ktt_normal(tmp_path / "k.xlsx"), new_campaign="团"
    )
    summary = fresh_db.campaigns.summary(report.campaign_id)
    assert summary["platform_refund_fen"] == 3990  # 跟团号 5's partial refund; #3 is refunded whole
    rows = listing.fetch(
        fresh_db.store.conn, listing.ORDERS, filters={"campaign_id": report.campaign_id}
    )
    assert sorted(r["platform_refund_fen"] for r in rows) == [0, 0, 0, 0, 0, 3990, 12470]
    out = tmp_path / "summary.xlsx"
    exporting.write(out, exporting.build(fresh_db, "summary", report.campaign_id))
    sheet = load_workbook(out)["平台退款"]
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [(v[1], float(v[5])) for v in values[:2]] == [("3", 124.7), ("5", 39.9)]
    out = tmp_path / "orders.xlsx"
    exporting.write(out, exporting.build(fresh_db, "orders", report.campaign_id))
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    column = header.index("平台退款")
    per_line = [r[column].value for r in sheet.iter_rows(min_row=2) if r[1].value == "5"]
    assert [float(v) for v in per_line] == [39.9, 0]  # once per order, not once per line


def test_prepare_lists_new_products_then_write_imports_without_a_second_read(
    fresh_db, tmp_path
) -> None:
    from leader_app.importing.service import prepare, write

    path = builders.ktt_normal(tmp_path / "k.xlsx")
    fresh_db.catalog.create({"name": "丹东草莓", "spec": "500g/盒", "price_fen": "29.9"})
    prepared = prepare(fresh_db.store, path)
    assert prepared.new_products == ["阳光玫瑰葡萄 2斤装", "赣南脐橙 5斤装", "纯牛奶整箱 250ml*24"]
    path.unlink()  # the write uses what was parsed
    report = write(fresh_db.store, prepared, auto_title=True, pickup_date="2026-11-29")
    assert report.orders_imported == 7 and report.products_created == 3


def test_a_new_campaign_without_a_title_row_is_named_after_the_file(fresh_db, tmp_path) -> None:
    report = import_file(
        fresh_db.store, builders.ktt_community(tmp_path / "幸福里12月1日.xlsx"), auto_title=True
    )
    title = fresh_db.store.conn.execute(
        "SELECT title FROM campaigns WHERE id = ?", (report.campaign_id,)
    ).fetchone()[0]
    assert title == "幸福里12月1日"


def test_packed_cells_in_an_unknown_layout_and_a_summary_with_a_total_column(
    fresh_db, tmp_path
) -> None:
    """Variants nobody listed: a packed 商品 cell next to a 数量 column (the order's piece count),
    and a 商品合计 cell next to a 数量 total."""
    packed = tmp_path / "packed.csv"
    packed.write_text(
        "订单号,收货人,联系电话,商品,数量,订单状态\n"
        '9001,张三,13800000001,"阳光玫瑰葡萄 2斤装+2;\n丹东草莓 500g/盒+1;",3,已支付\n'
        "9002,李四,13800000002,丹东草莓 500g/盒+4;,4,已支付\n",
        encoding="utf-8",
    )
    no_semicolon = tmp_path / "plain.csv"  # no 数量 column, no `;`
    no_semicolon.write_text(
        "单号,收货人,联系电话,商品\n1,王五,13800000009,赣南脐橙 5斤装+2\n", encoding="utf-8"
    )
    plain = import_file(fresh_db.store, no_semicolon, new_campaign="丙")
    assert _purchase(fresh_db, plain.campaign_id) == {"赣南脐橙|5斤装": 2}
    report = import_file(fresh_db.store, packed, new_campaign="甲")
    assert not report.errors
    # by hand: 葡萄 2; 草莓 1 + 4 = 5
    assert _purchase(fresh_db, report.campaign_id) == {
        "阳光玫瑰葡萄|2斤装": 2,
        "丹东草莓|500g/盒": 5,
    }
    summary = tmp_path / "qjl.csv"
    summary.write_text(
        "下单序号,微信昵称,联系电话,商品合计,数量,订单总金额\n"
        '1,小王,13800000003,"纯牛奶整箱（250ml*24）*2\n赣南脐橙*1",3,153\n',
        encoding="utf-8",
    )
    report = import_file(fresh_db.store, summary, new_campaign="乙")
    assert report.layout == "群接龙 · 商品合计" and not report.errors
    # by hand: 牛奶 2, 脐橙 1
    assert _purchase(fresh_db, report.campaign_id) == {
        "纯牛奶整箱|250ml*24": 2,
        "赣南脐橙|": 1,
    }


def test_cli_refuses_the_same_file_into_a_second_campaign_unless_again(tmp_path) -> None:
    db = tmp_path / "s.db"
    path = builders.qjl_summary(tmp_path / "接龙.xlsx")
    cli("import", str(path), "--new-campaign", "--json", db=db, check=True)
    refused = cli("import", str(path), "--new-campaign", "第二个", db=db)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "群接龙 · 周末水果团 订单导出" in refused.stderr  # the campaign named by the title row
    out = json.loads(
        cli(
            "import", str(path), "--new-campaign", "第二个", "--again", "--json", db=db, check=True
        ).stdout
    )
    assert out["orders_imported"] == 5
    bad = cli(
        "import", str(path), "--campaign", out["campaign_id"], "--pickup-date", "2026-11-29", db=db
    )
    assert bad.returncode == 1 and "--pickup-date" in bad.stderr


@pytest.mark.parametrize(
    "build",
    [
        builders.ktt_normal,
        builders.qjl_summary,
        builders.ktt_community,
        builders.ktt_merged,
        *(lambda p, v=v: builders.ktt_versions(p, v) for v in range(1, 6)),
    ],
)
def test_the_fast_path_reads_orders_as_the_careful_one_does(
    fresh_db, tmp_path, monkeypatch, build
) -> None:
    """Each order is read by column, and only an unusual cell sends it the careful way. Both
    ways give the same records and the same errors, on every layout."""
    from leader_app.importing import order_rows

    view = preview(fresh_db.store, build(tmp_path / "orders.xlsx"), None)
    fast = order_rows.parse_orders(view.table.iter_rows(), view.match)

    def careful(*_args) -> None:
        raise order_rows._Slow

    monkeypatch.setattr(order_rows, "_fill_order_fast", careful)
    assert order_rows.parse_orders(view.table.iter_rows(), view.match) == fast
    assert fast[0] and sum(len(r.lines) for r in fast[0]) > 0
