"""An arrival check with a shortage reaches a real HQ: reduced lines, refunded orders, the
refunds and the stock on hand, and its undo too."""

from __future__ import annotations

from tests.sync.conftest import assert_hq_matches, make_desk, push_all


def _local(app, table: str) -> dict:
    return {r["id"]: dict(r) for r in app.store.conn.execute(f"SELECT * FROM {table}")}


def test_arrival_shortage_syncs_and_hq_dump_shows_it(hq, tmp_path, creds) -> None:
    app, leader = make_desk(tmp_path, hq, orders=200, members=30)
    assert push_all(app).ok
    campaign = app.store.conn.execute(
        """SELECT c.id FROM campaigns c JOIN orders o ON o.campaign_id = c.id
           WHERE c.status IN ('open', 'closed') AND o.status = 'placed'
           GROUP BY c.id ORDER BY COUNT(*) DESC LIMIT 1"""
    ).fetchone()[0]
    products = [p for p in app.arrival.products(campaign) if p["ordered"] > 2]
    received = {products[0]["product_id"]: products[0]["ordered"] // 2}
    if len(products) > 1:
        received[products[1]["product_id"]] = products[1]["ordered"] + 3  # a surplus
    result = app.arrival.arrive(campaign, received)
    assert result.refund_total_fen > 0
    assert push_all(app).ok
    assert_hq_matches(app, hq, leader["leader_id"])  # every order and line, field for field
    for table in ("refunds", "arrivals", "stock_on_hand"):
        assert hq.dump(leader["leader_id"], table) == _local(app, table), table
    remote_refunds = hq.dump(leader["leader_id"], "refunds")
    assert sum(r["amount_fen"] for r in remote_refunds.values()) == result.refund_total_fen
    reduced = [c for c in result.changes if c["to"] > 0 and c["order_id"] not in result.emptied]
    lines = hq.dump(leader["leader_id"], "order_lines")
    for c in reduced:
        assert (lines[c["line_id"]]["quantity"], lines[c["line_id"]]["ordered_qty"]) == (
            c["to"],
            c["from"],
        )
    assert hq.stats(leader["leader_id"])["rejected"] == 0

    app.undo(result.tx_id)
    assert push_all(app).ok
    assert_hq_matches(app, hq, leader["leader_id"])
    assert hq.dump(leader["leader_id"], "refunds") == {}
    app.close()
