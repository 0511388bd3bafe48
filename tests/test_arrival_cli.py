"""`leader-app arrive`, `refunds`, `codes --by member` and `pickup MEMBER_CODE` as real
processes: JSON keys, totals and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import dump
from tests.test_cli import cli


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("arrive") / "s.db"
    cli("demo", "--members", "40", "--orders", "300", "--seed", "8", db=db, check=True)
    campaigns = json.loads(cli("campaigns", "--json", db=db, check=True).stdout)
    return db, next(c["id"] for c in campaigns if c["status"] == "closed")


def test_arrive_refunds_and_member_pickup(store) -> None:
    db, campaign = store
    # The two products ordered most in this campaign arrive short by 2 and by 1 (taken from
    # the campaign's own purchase list, so the test follows the demo data).
    ordered = json.loads(
        cli("export", "purchase-list", "--campaign", campaign, "--json", db=db, check=True).stdout
    )
    top = sorted(ordered, key=lambda r: -r["quantity"])[:2]
    assert top[0]["quantity"] >= 3 and top[1]["quantity"] >= 2, top
    received = [
        f"{r['product']}|{r['spec']}={r['quantity'] - short}"
        for r, short in zip(top, (2, 1), strict=True)
    ]
    before = dump(db)
    planned = cli(
        "arrive", "--campaign", campaign, "--received", received[0], "--dry-run", "--json", db=db
    )
    assert planned.returncode == 0, planned.stderr
    assert dump(db) == before  # a dry run writes nothing
    out = cli(
        "arrive",
        "--campaign",
        campaign,
        "--received",
        received[0],
        "--received",
        received[1],
        "--rule",
        "proportional",
        "--json",
        db=db,
        check=True,
    )
    data = json.loads(out.stdout)
    assert set(data) == {
        "campaign_id",
        "shortages",
        "orders_changed",
        "orders_refunded",
        "refund_total_fen",
        "changes",
    }
    assert set(data["shortages"][0]) == {"product", "spec", "ordered", "received", "short"}
    short_fen = {r["product"]: r["amount_fen"] // r["quantity"] for r in top}
    assert sorted(s["short"] for s in data["shortages"]) == [1, 2]
    assert data["refund_total_fen"] == sum(
        s["short"] * short_fen[s["product"]] for s in data["shortages"]
    )
    refunds = json.loads(cli("refunds", "--campaign", campaign, "--json", db=db, check=True).stdout)
    assert set(refunds[0]) == {
        "order_no",
        "platform_order_no",
        "member",
        "mobile",
        "amount_fen",
        "reason",
        "done",
    }
    assert sum(r["amount_fen"] for r in refunds) == data["refund_total_fen"]
    again = cli("arrive", "--campaign", campaign, "--received", "丹东草莓=1", db=db)
    assert again.returncode == 1 and "already checked" in again.stderr
    bad = cli("arrive", "--campaign", campaign, "--received", "没有这个=1", db=db)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr

    members = json.loads(
        cli("codes", "--campaign", campaign, "--by", "member", "--json", db=db, check=True).stdout
    )
    assert set(members[0]) == {"member", "mobile_tail", "short_code", "qr_payload", "orders"}
    many = max(members, key=lambda m: len(m["orders"]))
    scan = cli("pickup", many["qr_payload"], "--json", db=db)
    assert scan.returncode == 0, scan.stderr
    picked = json.loads(scan.stdout)
    assert set(many["orders"]) <= set(picked["orders"])
    assert cli("pickup", many["short_code"], "--json", db=db).returncode == 2
    forged = many["short_code"][:-1] + ("A" if many["short_code"][-1] != "A" else "B")
    assert cli("pickup", forged, "--json", db=db).returncode == 3


def test_print_dense_by_default_cards_on_request(store, tmp_path) -> None:
    import math

    db, _closed = store
    listed = json.loads(cli("campaigns", "--json", db=db, check=True).stdout)
    campaign = max(listed, key=lambda c: c["orders"])["id"]  # enough orders for several pages

    def pages(*extra: str) -> dict:
        out = tmp_path / f"list{len(extra)}.pdf"
        args = ("print", "pickup-list", "--campaign", campaign, *extra, "-o", str(out), "--json")
        return json.loads(cli(*args, db=db, check=True).stdout)

    dense, cards = pages(), pages("--layout", "cards")
    assert dense["pages"] <= math.ceil(dense["members"] / 25) + 1
    assert cards["pages"] > dense["pages"]
    bad = cli(
        "print",
        "labels",
        "--campaign",
        campaign,
        "--layout",
        "cards",
        "-o",
        str(tmp_path / "x.pdf"),
        db=db,
    )
    assert bad.returncode == 1 and "pickup list" in bad.stderr
