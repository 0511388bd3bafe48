"""Re-exports (issue 9): a later export of the same campaign brings it in line with the platform,
and importing v1 then v2 ends exactly where importing v2 alone does."""

from __future__ import annotations

from leader_app.importing.service import import_file
from storage import export_sql
from tests.layouts import builders

# By hand from builders.ktt_versions(…, 2): orders 1, 3, 5, 6 active.
HAND_V2 = {"阳光玫瑰葡萄|2斤装": 1 + 3 + 2, "丹东草莓|500g/盒": 1 + 1}


def _state(app, campaign_id: str) -> dict[str, tuple]:
    """Everything about the campaign's orders that the platform decides, by 跟团号."""
    conn = app.store.conn
    out = {}
    for o in conn.execute(
        """SELECT o.id, o.external_no, o.status, o.paid, o.amount_fen, o.platform_refund_fen,
                  m.mobile FROM orders o JOIN members m ON m.id = o.member_id
           WHERE o.campaign_id = ?""",
        (campaign_id,),
    ).fetchall():
        lines = sorted(
            tuple(r)
            for r in conn.execute(
                """SELECT p.name, p.spec, l.quantity, l.unit_price_fen, l.picked_qty
                   FROM order_lines l JOIN products p ON p.id = l.product_id
                   WHERE l.order_id = ?""",
                (o["id"],),
            )
        )
        out[o["external_no"]] = (
            o["status"],
            o["paid"],
            o["amount_fen"],
            o["platform_refund_fen"],
            o["mobile"],
            tuple(lines),
        )
    return out


def _purchase(app, campaign_id: str) -> dict[str, int]:
    return {
        f"{r['product']}|{r['spec']}": r["quantity"]
        for r in export_sql.purchase_list(app.store.conn, campaign_id)
    }


def test_v1_then_v2_equals_v2_alone(tmp_path, db_path) -> None:
    from leader_app.app import LeaderApp

    v1 = builders.ktt_versions(tmp_path / "团购订单-1.xlsx", 1)
    v2 = builders.ktt_versions(tmp_path / "团购订单-2.xlsx", 2)
    a = LeaderApp.open(db_path)
    b = LeaderApp.open(tmp_path / "other.db")
    try:
        first = import_file(a.store, v1, new_campaign="团")
        assert first.orders_imported == 5
        later = import_file(a.store, v2, campaign_id=first.campaign_id)
        assert later.orders_imported == 1  # 跟团号 5
        assert later.orders_refunded == 1 and later.orders_cancelled == 1
        assert later.orders_updated == 4  # 2 refunded, 3 quantity, 4 cancelled, 6 refund amount
        whats = sorted((c["external_no"], c["what"]) for c in later.as_json()["changes"])
        assert whats == [
            ("2", "platform_refund_fen"),
            ("2", "status"),
            ("3", "quantity"),
            ("4", "paid"),  # a cancelled order is unpaid on the platform
            ("4", "status"),
            ("6", "platform_refund_fen"),
        ]
        alone = import_file(b.store, v2, new_campaign="团")
        assert _state(a, first.campaign_id) == _state(b, alone.campaign_id)
        assert _purchase(a, first.campaign_id) == _purchase(b, alone.campaign_id) == HAND_V2
        # and v2 once more changes nothing
        again = import_file(a.store, v2, campaign_id=first.campaign_id)
        assert again.orders_imported == again.orders_updated == 0
        assert again.orders_skipped_duplicate == 6
    finally:
        a.close()
        b.close()


def test_a_picked_up_order_is_flagged_not_changed(fresh_db, tmp_path) -> None:
    app = fresh_db
    v1 = builders.ktt_versions(tmp_path / "v1.xlsx", 1)
    v2 = builders.ktt_versions(tmp_path / "v2.xlsx", 2)
    first = import_file(app.store, v1, new_campaign="团")
    conn = app.store.conn
    two = conn.execute("SELECT id, order_no FROM orders WHERE external_no = '2'").fetchone()
    app.campaigns.set_status(first.campaign_id, "closed")
    app.campaigns.set_status(first.campaign_id, "arrived")
    assert app.pickup.confirm(two["id"], "王店长").ok
    later = import_file(app.store, v2, campaign_id=first.campaign_id)
    row = conn.execute(
        "SELECT status, leader_note FROM orders WHERE id = ?", (two["id"],)
    ).fetchone()
    assert row["status"] == "picked_up"  # not silently refunded after the goods left
    assert "已退款" in row["leader_note"]
    flagged = [c for c in later.as_json()["changes"] if c["what"] == "flagged"]
    assert [c["external_no"] for c in flagged] == ["2"]
    assert [w.code for w in later.warnings] == ["import_picked_up_changed"]
    # importing v2 again does not flag it twice
    import_file(app.store, v2, campaign_id=first.campaign_id)
    note = conn.execute("SELECT leader_note FROM orders WHERE id = ?", (two["id"],)).fetchone()[0]
    assert note.count("已退款") == 1


def test_a_picked_up_order_keeps_its_quantities_and_refund_when_the_export_changes_them(
    fresh_db, tmp_path
) -> None:
    """v2 changes order 3's quantity and refunds order 2 with an amount. Both were handed over:
    the quantity change was applied to order 3, picked quantities and all, and order 2 took
    the refund amount while the report said it was not changed. Both are now left as they
    are, flagged on the note and in the report."""
    app = fresh_db
    v1 = builders.ktt_versions(tmp_path / "v1.xlsx", 1)
    v2 = builders.ktt_versions(tmp_path / "v2.xlsx", 2)
    first = import_file(app.store, v1, new_campaign="团")
    conn = app.store.conn
    ids = dict(conn.execute("SELECT external_no, id FROM orders WHERE external_no IN ('2', '3')"))
    app.campaigns.set_status(first.campaign_id, "closed")
    app.campaigns.set_status(first.campaign_id, "arrived")
    for external in ("2", "3"):
        assert app.pickup.confirm(ids[external], "王店长").ok
    before = _state(app, first.campaign_id)
    later = import_file(app.store, v2, campaign_id=first.campaign_id)
    after = _state(app, first.campaign_id)
    assert after["2"] == before["2"] and after["3"] == before["3"]  # lines, refund, status
    assert before["3"][0] == "picked_up" and all(ln[2] == ln[4] for ln in before["3"][5])
    assert later.orders_flagged == 2
    words = {
        c["external_no"]: c["after"] for c in later.as_json()["changes"] if c["what"] == "flagged"
    }
    # What to settle with the member: the refund's amount, the quantities that changed.
    assert words == {"2": "已退款 ¥59.80", "3": "数量有变：阳光玫瑰葡萄 2斤装 1→3"}
    note = conn.execute("SELECT leader_note FROM orders WHERE id = ?", (ids["3"],)).fetchone()[0]
    assert "【平台：数量有变：阳光玫瑰葡萄 2斤装 1→3；本单已提货，未改动】" in note
    assert not [c for c in later.as_json()["changes"] if c["external_no"] in ("2", "3")
                and c["what"] != "flagged"]  # fmt: skip


def test_another_campaigns_export_does_not_overwrite_orders_with_the_same_numbers(
    fresh_db, tmp_path
) -> None:
    """跟团号 restart at 1 in every campaign: a file of another campaign imported into this one
    must not be taken for a re-export of it."""
    app = fresh_db
    first = import_file(
        app.store, builders.ktt_versions(tmp_path / "v1.xlsx", 1), new_campaign="团"
    )
    before = _state(app, first.campaign_id)
    other = import_file(
        app.store, builders.ktt_normal(tmp_path / "k.xlsx"), campaign_id=first.campaign_id
    )
    # 跟团号 1, 2, 3, 4, 6 are other members' orders here; 5 and 7 are new
    assert sorted(e.as_json()["value"] for e in other.errors) == ["1", "2", "3", "4", "6"]
    assert {e.code for e in other.errors} == {"import_order_no_taken"}
    assert other.orders_updated == 0 and other.orders_imported == 2
    after = _state(app, first.campaign_id)
    assert {k: v for k, v in after.items() if k in before} == before


def test_undoing_a_reexport_puts_the_campaign_back(fresh_db, tmp_path) -> None:
    app = fresh_db
    first = import_file(
        app.store, builders.ktt_versions(tmp_path / "v1.xlsx", 1), new_campaign="团"
    )
    before = _state(app, first.campaign_id)
    later = import_file(
        app.store, builders.ktt_versions(tmp_path / "v2.xlsx", 2), campaign_id=first.campaign_id
    )
    assert _state(app, first.campaign_id) != before
    app.undo(later.tx_id)
    assert _state(app, first.campaign_id) == before


def test_a_line_the_export_marks_refunded_is_reduced(fresh_db, tmp_path) -> None:
    """A line export that says which line was refunded: that line goes, the rest stays."""
    path = tmp_path / "lines.csv"
    path.write_text(
        "跟团号,收货人,联系电话,商品,规格,数量,商品状态,退款数量,订单状态\n"
        "1,张三,13800000001,丹东草莓,500g/盒,2,已退款,,已支付\n"
        "1,张三,13800000001,赣南脐橙,5斤装,3,,1,已支付\n"
        "2,李四,13800000002,赣南脐橙,5斤装,1,,0,已支付\n",
        encoding="utf-8",
    )
    report = import_file(fresh_db.store, path, new_campaign="团")
    assert not report.errors
    # by hand: 草莓 refunded as a line; 脐橙 3 − 1 refunded + 1 = 3
    purchase = _purchase(fresh_db, report.campaign_id)
    assert purchase == {"赣南脐橙|5斤装": 3}


def test_a_community_reexport_without_order_numbers_follows_by_member_and_time(
    fresh_db, tmp_path
) -> None:
    from openpyxl import load_workbook

    v1 = builders.ktt_community(tmp_path / "c1.xlsx")
    wb = load_workbook(v1)
    ws = wb.active
    ws["J5"] = 3  # 李叔 (row 5): 丹东草莓 2 → 3
    ws["L8"] = "已退款"  # 陈姐 at 11:00 (row 8): refunded
    v2 = tmp_path / "c2.xlsx"
    wb.save(v2)
    first = import_file(fresh_db.store, v1, new_campaign="小区")
    later = import_file(fresh_db.store, v2, campaign_id=first.campaign_id)
    assert later.orders_imported == 0 and later.orders_updated == 2
    assert later.orders_refunded == 1
    # by hand from v2: 草莓 1 + 1 + 3 = 5; 脐橙 2; 鸡蛋: 陈姐's only active order is refunded
    assert _purchase(fresh_db, first.campaign_id) == {"丹东草莓|500g/盒": 5, "赣南脐橙|5斤装": 2}


def test_a_newer_export_into_a_new_campaign_is_refused_naming_its_campaign(
    fresh_db, tmp_path
) -> None:
    """A trial leader imported a re-export (one order refunded, one new) as a new campaign and
    got two campaigns of one name. It now names the campaign that holds the orders, unless the
    leader insists (`--again`)."""
    import pytest

    from leader_app.errors import LeaderError

    v1 = builders.ktt_versions(tmp_path / "团购订单-1.xlsx", 1)
    v2 = builders.ktt_versions(tmp_path / "团购订单-2.xlsx", 2)
    first = import_file(fresh_db.store, v1, new_campaign="周五团")
    with pytest.raises(LeaderError) as refused:
        import_file(fresh_db.store, v2, new_campaign="周五团")
    assert refused.value.code == "import_elsewhere"
    assert refused.value.args_map["campaign_id"] == first.campaign_id
    count = "SELECT count(*) FROM campaigns"
    assert fresh_db.store.conn.execute(count).fetchone()[0] == 1  # nothing half-written
    insisted = import_file(fresh_db.store, v2, new_campaign="周五团（第二份）", again=True)
    assert insisted.campaign_id != first.campaign_id
    assert fresh_db.store.conn.execute(count).fetchone()[0] == 2
