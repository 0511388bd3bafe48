"""The SQL table model without widgets: paging, sorting and filtering happen in SQL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from leader_app.app import LeaderApp
from leader_app.demo import generate
from storage import listing
from ui.table_model import Column, SqlTableModel


@pytest.fixture(scope="module")
def demo_reader(tmp_path_factory):
    path = tmp_path_factory.mktemp("model") / "demo.db"
    with LeaderApp.open(path) as app:
        generate(app, members=120, orders=900, seed=11)
        reader = app.store.reader()
        yield reader
        reader.close()


def _model(reader):
    columns = [
        Column("order_no", "No", lambda r: r["order_no"]),
        Column("amount_fen", "Amount", lambda r: str(r["amount_fen"])),
        Column("", "Member", lambda r: r["member_name"]),
    ]
    return SqlTableModel(reader, listing.ORDERS, columns)


def test_pages_in_on_demand(qapp, demo_reader) -> None:
    model = _model(demo_reader)
    assert model.rowCount() == SqlTableModel.PAGE
    assert model.canFetchMore(QModelIndex())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 900 == model.total()


def test_sort_is_done_in_sql(qapp, demo_reader) -> None:
    model = _model(demo_reader)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    amounts = [model.row(i)["amount_fen"] for i in range(model.rowCount())]
    assert amounts == sorted(amounts, reverse=True)
    top = demo_reader.conn.execute("SELECT MAX(amount_fen) FROM orders").fetchone()[0]
    assert amounts[0] == top
    model.sort(2)  # not sortable: ignored, order kept
    assert model.row(0)["amount_fen"] == top


def test_filter_by_member_pinyin_and_campaign(qapp, demo_reader) -> None:
    model = _model(demo_reader)
    member = demo_reader.conn.execute(
        "SELECT id, mobile, name FROM members ORDER BY member_no LIMIT 1"
    ).fetchone()
    last4 = member["mobile"][-4:]
    model.set_text(last4)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    rows = [model.row(i) for i in range(model.rowCount())]
    mine = {
        r[0]
        for r in demo_reader.conn.execute(
            "SELECT id FROM orders WHERE member_id = ?", (member["id"],)
        )
    }
    assert mine and mine <= {r["id"] for r in rows}
    for r in rows:  # every hit matches on mobile, order number or address
        assert last4 in (
            r["member_mobile"] + r["order_no"] + r["building"] + r["unit"] + r["room"]
        ) or last4 in "-".join((r["building"], r["unit"], r["room"]))
    campaign_id = model.row(0)["campaign_id"]
    model.set_text("")
    model.set_filter("campaign_id", campaign_id)
    expected = demo_reader.conn.execute(
        "SELECT COUNT(*) FROM orders WHERE campaign_id = ?", (campaign_id,)
    ).fetchone()[0]
    assert model.total() == expected
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole).startswith(
        model.row(0)["order_no"][:4]
    )
