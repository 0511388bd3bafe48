"""The member pool: every figure on a small store built for it, with the values worked out by
hand in the comments. Orders are placed at noon UTC, which is the same calendar day in every
time zone from UTC-11 to UTC+11, so the local-day windows hold wherever the suite runs.

The store (as of 2031-12-01; dates far enough ahead that members created today exist then):
    campaigns C0..C4
    A  tags 宝妈,VIP  bldg 3  金卡 ¥199 expires 12-15
       C1 09-10 ¥10 (picked up 09-12), C2 10-01 ¥20, C3 10-20 ¥30, C4 11-25 ¥40
    B  tags 宝妈  bldg 3  referred by A  expires 11-30 (already past)
       C4 11-28 ¥50
    C  tags VIP  bldg 5  referred by B  银卡 ¥99 expires 2032-01-05 (too late)
       C2 10-10 ¥15, C3 10-20 ¥25
    D  银卡 ¥99 expires 12-31 (the last day of the window)
       C0 08-01 ¥60
    E  referred by A, no orders
    F  referred by B, C4 11-29 ¥70 cancelled, C4 11-30 ¥80 refunded
    G  C4 12-02 ¥90: after the as-of day

Windows (the as-of day ends at local midnight 12-02): new from 11-18, active from 11-02,
at risk / previous 30 days from 10-03, loyal from 09-03.
"""

from __future__ import annotations

import json
from datetime import date
from itertools import count
from typing import Any

import pytest

from leader_app.app import LeaderApp
from leader_app.errors import ValidationError
from leader_app.insights import (
    SEGMENTS,
    Insights,
    member_history,
    save_thresholds,
    thresholds,
)
from storage import members_sql
from storage.tx import new_id

AS_OF = date(2031, 12, 1)
_seq = count(1)


def place(
    app: LeaderApp,
    campaign: dict[str, Any],
    member: dict[str, Any],
    day: str,
    fen: int,
    status: str = "placed",
    picked_up_at: str | None = None,
) -> None:
    """An order made on `day` at noon UTC, through the logged write path (as the demo and
    the importer write back-dated orders)."""
    item = campaign["item"]
    at = f"{day}T12:00:00Z"
    with app.store.atomic("test.order") as tx:
        seq = next(_seq)
        order_id = new_id()
        tx.insert(
            "orders",
            {
                "id": order_id,
                "campaign_id": campaign["id"],
                "member_id": member["id"],
                "seq": seq,
                "order_no": f"T-{seq:04d}",
                "status": status,
                "amount_fen": fen,
                "created_at": at,
                "updated_at": at,
                "picked_up_at": picked_up_at,
            },
        )
        tx.insert(
            "order_lines",
            {
                "id": new_id(),
                "order_id": order_id,
                "campaign_item_id": item["id"],
                "product_id": item["product_id"],
                "quantity": 1,
                "unit_price_fen": fen,
            },
        )


@pytest.fixture
def pool(fresh_db: LeaderApp) -> dict[str, Any]:
    return build_store(fresh_db)


def build_store(app: LeaderApp) -> dict[str, Any]:
    """The store of the module docstring (the CLI tests use it too)."""
    product = app.catalog.create({"name": "丹东草莓", "spec": "500g", "price_fen": "10"})
    camps = []
    for i in range(5):
        c = app.campaigns.create({"title": f"C{i}", "pickup_on": f"2031-0{i + 5}-01"})
        c["item"] = app.campaigns.add_item(c["id"], product["id"], {})
        camps.append(c)
    c0, c1, c2, c3, c4 = camps
    m = app.members.create
    a = m(
        {
            "name": "阿安",
            "mobile": "13800000001",
            "tags": "宝妈,VIP",
            "building": "3",
            "tier": "金卡",
            "tier_fee_fen": 19900,
            "tier_expires_on": "2031-12-15",
        }
    )
    b = m(
        {
            "name": "白冰",
            "mobile": "13800000002",
            "tags": "宝妈",
            "building": "3",
            "referrer_id": a["id"],
            "tier": "银卡",
            "tier_fee_fen": 9900,
            "tier_expires_on": "2031-11-30",
        }
    )
    c = m(
        {
            "name": "陈晨",
            "mobile": "13800000003",
            "tags": "VIP",
            "building": "5",
            "referrer_id": b["id"],
            "tier": "银卡",
            "tier_fee_fen": 9900,
            "tier_expires_on": "2032-01-05",
        }
    )
    d = m(
        {
            "name": "邓迪",
            "mobile": "13800000004",
            "tier": "银卡",
            "tier_fee_fen": 9900,
            "tier_expires_on": "2031-12-31",
        }
    )
    e = m({"name": "鄂尔", "mobile": "13800000005", "referrer_id": a["id"]})
    f = m({"name": "方芳", "mobile": "13800000006", "referrer_id": b["id"]})
    g = m({"name": "郭果", "mobile": "13800000007"})
    place(app, c1, a, "2031-09-10", 1000, "picked_up", "2031-09-12T10:00:00Z")
    place(app, c2, a, "2031-10-01", 2000)
    place(app, c3, a, "2031-10-20", 3000)
    place(app, c4, a, "2031-11-25", 4000)
    place(app, c4, b, "2031-11-28", 5000)
    place(app, c2, c, "2031-10-10", 1500)
    place(app, c3, c, "2031-10-20", 2500)
    place(app, c0, d, "2031-08-01", 6000)
    place(app, c4, f, "2031-11-29", 7000, "cancelled")
    place(app, c4, f, "2031-11-30", 8000, "refunded")
    place(app, c4, g, "2031-12-02", 9000)
    return {"app": app, **dict(zip("abcdefg", (a, b, c, d, e, f, g), strict=True))}


def names(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(r["name"] for r in rows)


def test_segments_by_hand(pool) -> None:
    look = Insights(pool["app"].store.conn, AS_OF)
    # new: first order on or after 11-18 → B (11-28).
    # active: last order on or after 11-02 → A (11-25), B (11-28).
    # loyal: ≥ 4 campaigns since 09-03 → A (C1..C4); C has only 2.
    # at risk: last order in [10-03, 11-02) → C (10-20).
    # dormant: last order before 10-03 → D (08-01).
    # never: E (none), F (cancelled and refunded do not count), G (only after the as-of day).
    expected = {
        "new": ["白冰"],
        "active": ["阿安", "白冰"],
        "loyal": ["阿安"],
        "at_risk": ["陈晨"],
        "dormant": ["邓迪"],
        "never": ["方芳", "郭果", "鄂尔"],
    }
    assert {s: names(look.segment(s)) for s in SEGMENTS} == {
        s: sorted(v) for s, v in expected.items()
    }
    o = look.overview()
    assert o["members"] == 7
    assert o["in_several"] == 2  # A (active, loyal) and B (new, active)
    assert {s: o["segments"][s]["count"] for s in SEGMENTS} == {
        s: len(v) for s, v in expected.items()
    }


def test_shares_of_members_and_sales(pool) -> None:
    o = Insights(pool["app"].store.conn, AS_OF).overview()
    # Sales before the end of 12-01, active orders only: A 100 + B 50 + C 40 + D 60 = ¥250.
    assert (o["sales_fen"], o["orders"]) == (25000, 8)
    seg = o["segments"]
    assert seg["active"]["share"] == round(2 / 7, 4) == 0.2857
    assert seg["active"]["sales_fen"] == 15000 and seg["active"]["sales_share"] == 0.6
    assert seg["loyal"]["sales_share"] == 0.4  # A's ¥100 of ¥250
    assert seg["new"]["sales_share"] == 0.2  # B's ¥50
    assert seg["at_risk"]["sales_share"] == 0.16  # C's ¥40
    assert seg["dormant"]["sales_share"] == 0.24  # D's ¥60
    assert seg["never"] == {"count": 3, "share": 0.4286, "sales_fen": 0, "sales_share": 0.0}


def test_health_figures(pool) -> None:
    o = Insights(pool["app"].store.conn, AS_OF).overview()
    # Buyers A, B, C, D; in ≥ 2 campaigns: A (4) and C (C2, C3) → 2 / 4.
    assert (o["buyers"], o["repeat_rate"]) == (4, 0.5)
    assert o["aov_fen"] == 3125  # ¥250 over 8 orders
    # Orders since 11-02: A's 11-25 and B's 11-28 → 2 orders over 2 active members.
    assert o["orders_per_active"] == 1.0
    assert o["new_per_month"] == 1  # B's first order (11-28) is the only one since 11-02


def test_weekly_windows(pool) -> None:
    weeks = Insights(pool["app"].store.conn, AS_OF).weekly()
    assert len(weeks) == 12
    assert weeks[0]["week"] == "2031-09-09" and weeks[-1]["week"] == "2031-11-25"
    by_week = {w["week"]: (w["orders"], w["sales_fen"], w["active_members"]) for w in weeks}
    # 11-25..12-01: A ¥40, B ¥50 (G's 12-02 is after the as-of day).
    assert by_week["2031-11-25"] == (2, 9000, 2)
    assert by_week["2031-10-14"] == (2, 5500, 2)  # A ¥30 and C ¥25 on 10-20
    assert by_week["2031-10-07"] == (1, 1500, 1)  # C on 10-10
    assert by_week["2031-09-30"] == (1, 2000, 1)  # A on 10-01
    assert by_week["2031-09-09"] == (1, 1000, 1)  # A on 09-10; D's 08-01 is too old
    assert sum(w["sales_fen"] for w in weeks) == 19000
    assert sum(w["orders"] for w in weeks) == 7


def test_communities_by_tag_and_building(pool) -> None:
    look = Insights(pool["app"].store.conn, AS_OF)
    tags = {r["tag"]: r for r in look.tags()}
    # 宝妈: A and B, both active; last 30 days A ¥40 + B ¥50; the 30 before: A's ¥30 (10-20).
    assert {k: tags["宝妈"][k] for k in ("members", "active", "sales_fen", "sales_prev_fen")} == {
        "members": 2,
        "active": 2,
        "sales_fen": 9000,
        "sales_prev_fen": 3000,
    }
    assert tags["宝妈"]["trend"] == 2.0  # (90 - 30) / 30
    # VIP: A and C; only A active; ¥40 now; before: A ¥30 + C ¥15 + C ¥25 = ¥70.
    assert (tags["VIP"]["members"], tags["VIP"]["active"]) == (2, 1)
    assert (tags["VIP"]["sales_fen"], tags["VIP"]["sales_prev_fen"]) == (4000, 7000)
    assert tags["VIP"]["trend"] == -0.4286  # (40 - 70) / 70
    buildings = look.buildings()
    assert [b["building"] for b in buildings] == ["3", "5", ""]
    b3, b5, none = buildings
    assert (b3["members"], b3["active"], b3["sales_fen"], b3["trend"]) == (2, 2, 9000, 2.0)
    assert (b5["members"], b5["active"], b5["sales_fen"], b5["trend"]) == (1, 0, 0, -1.0)
    assert (none["members"], none["sales_fen"], none["trend"]) == (4, 0, None)


def test_referral_standings_and_tree(pool) -> None:
    app = pool["app"]
    refs = Insights(app.store.conn, AS_OF).referrers()
    # A brought B and E: B's 1 order, ¥50. B brought C and F: C's 2 orders, ¥40 (F's do not
    # count). Equal referrals, so sales rank A first.
    assert [
        (r["name"], r["referrals"], r["referred_orders"], r["referred_sales_fen"]) for r in refs
    ] == [("阿安", 2, 1, 5000), ("白冰", 2, 2, 4000)]
    listed = {r["name"]: r["referrals"] for r in members_sql.all_active(app.store.conn)}
    assert all(listed[r["name"]] == r["referrals"] for r in refs)
    history = member_history(app.store.conn, pool["a"]["id"])
    tree = [(t["level"], t["name"], t["orders"], t["sales_fen"]) for t in history["tree"]]
    assert tree == [
        (1, "白冰", 1, 5000),
        (1, "鄂尔", 0, 0),
        (2, "陈晨", 2, 4000),
        (2, "方芳", 0, 0),
    ]


def test_member_history(pool) -> None:
    h = member_history(pool["app"].store.conn, pool["a"]["id"])
    assert [c["title"] for c in h["campaigns"]] == ["C4", "C3", "C2", "C1"]  # newest first
    assert (h["orders"], h["sales_fen"]) == (4, 10000)
    assert h["last_pickup_at"] == "2031-09-12T10:00:00Z"
    assert names(h["referrals"]) == ["白冰", "鄂尔"]
    f = member_history(pool["app"].store.conn, pool["f"]["id"])
    assert (f["orders"], f["sales_fen"], f["campaigns"]) == (0, 0, [])  # cancelled, refunded


def test_tier_care(pool) -> None:
    care = Insights(pool["app"].store.conn, AS_OF).tier_care()
    # 12-01..12-31: A (12-15) and D (12-31); B expired 11-30, C's 2032-01-05 is too late.
    assert [(r["name"], r["tier_expires_on"]) for r in care["members"]] == [
        ("阿安", "2031-12-15"),
        ("邓迪", "2031-12-31"),
    ]
    assert care["fees_due_fen"] == 29800


def test_boundary_days_and_thresholds_as_settings(pool) -> None:
    app = pool["app"]
    conn = app.store.conn
    # Active starts 11-02: an order on 11-02 is active, one on 11-01 is not (E and G).
    place(app, _camp(app), pool["e"], "2031-11-02", 100)
    place(app, _camp(app), pool["g"], "2031-11-01", 100)
    look = Insights(conn, AS_OF)
    assert "鄂尔" in names(look.segment("active")) and "郭果" in names(look.segment("at_risk"))
    # With 45 active days and 90 dormant ones, C (last order 10-20, 42 days back) is active
    # and D (08-01, 122 days back) still dormant.
    save_thresholds(
        app.store, {**thresholds(conn).as_dict(), "active_days": 45, "dormant_days": 90}
    )
    assert thresholds(conn).active_days == 45
    look = Insights(conn, AS_OF)
    assert "陈晨" in names(look.segment("active")) and names(look.segment("dormant")) == ["邓迪"]
    with pytest.raises(ValidationError) as info:
        save_thresholds(app.store, {"active_days": 60, "dormant_days": 30})
    assert info.value.code == "insights_dormant_order"
    with pytest.raises(ValidationError) as info:
        save_thresholds(app.store, {"new_days": "abc"})
    assert info.value.args_map["field"] == "new_days"
    assert thresholds(conn).active_days == 45  # refused: nothing written


def _camp(app: LeaderApp) -> dict[str, Any]:
    c = app.campaigns.create({"title": "extra"})
    product = app.catalog.create({"name": f"p{next(_seq)}", "price_fen": "1"})
    c["item"] = app.campaigns.add_item(c["id"], product["id"], {})
    return c


def test_demo_pool_invariants(fresh_db) -> None:
    """On the demo's pool: every member is in 从未下单 or in another segment, the overview's
    counts are the list lengths, and the referral counts are those of `members --json`."""
    from leader_app.demo import generate

    generate(fresh_db, members=120, orders=900, seed=5)
    conn = fresh_db.store.conn
    look = Insights(conn)
    lists = {s: {r["id"] for r in look.segment(s)} for s in SEGMENTS}
    o = look.overview()
    assert {s: o["segments"][s]["count"] for s in SEGMENTS} == {s: len(v) for s, v in lists.items()}
    everyone = {r["id"] for r in members_sql.all_active(conn)}
    assert len(everyone) == o["members"] == 120
    covered = set().union(*(lists[s] for s in SEGMENTS if s != "never"))
    assert lists["never"] | covered == everyone and not lists["never"] & covered
    # The demo tells a story: every segment is there.
    assert all(lists[s] for s in SEGMENTS), {s: len(v) for s, v in lists.items()}
    listed = {r["member_no"]: r["referrals"] for r in members_sql.all_active(conn)}
    refs = look.referrers()
    assert refs and all(listed[r["member_no"]] == r["referrals"] for r in refs)
    assert sum(r["referrals"] for r in refs) == sum(listed.values())
    assert json.dumps(look.as_json())  # plain JSON types only


def test_a_deleted_member_leaves_the_pool_but_not_the_sales(pool) -> None:
    app = pool["app"]
    app.members.delete(pool["d"]["id"])  # D: dormant, ¥60 in August
    app.members.delete(pool["e"]["id"])  # E: referred by A, never ordered
    look = Insights(app.store.conn, AS_OF)
    o = look.overview()
    assert o["members"] == 5 and o["segments"]["dormant"]["count"] == 0
    assert o["segments"]["never"]["count"] == 2  # F and G
    # The shop's sales keep D's order: still ¥250 over 8 orders, so the shares hold.
    assert (o["sales_fen"], o["orders"], o["aov_fen"]) == (25000, 8, 3125)
    assert o["segments"]["active"]["sales_share"] == 0.6
    # A now has one referral (B); members --json counts the same way.
    refs = {r["name"]: r["referrals"] for r in look.referrers()}
    listed = {r["name"]: r["referrals"] for r in members_sql.all_active(app.store.conn)}
    assert refs == {"阿安": 1, "白冰": 2} and all(listed[n] == c for n, c in refs.items())
