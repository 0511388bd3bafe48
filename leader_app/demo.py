"""Realistic Chinese demo data: members in an estate, a fresh-food catalog, about a dozen weekly
campaigns and their orders. Bulk-inserted through the logged write path in one transaction."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from leader_app import pinyin
from leader_app.app import LeaderApp
from leader_app.campaigns import order_prefix
from leader_app.clock import to_utc_iso
from leader_app.demo_pool import STRONG_REFERRERS, buyers_for, join_date, personas_for
from leader_app.jobs import CancelToken, Progress, no_progress
from leader_app.orders import line_row
from storage import catalog_sql, members_sql
from storage.tx import Tx, new_id

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鑫斌宇浩凯健俊帆帅旭宁龙林欣佳琳雪梅慧晨阳鹏飞晶婷颖"
NICK_STYLES = (
    "{name}",
    "{given}妈妈",
    "{given}宝妈",
    "A{name}",
    "🌸{name}",
    "{name}-团购",
    "小{given}",
    "☀️{given}",
    "{surname}姐",
    "{surname}阿姨",
    "Amy{given}",
)
TAGS = ("宝妈", "老客户", "VIP", "上班族", "爱水果", "团购达人", "需提醒", "老人")
TIERS = (("", 0), ("", 0), ("", 0), ("银卡", 9900), ("金卡", 19900))

PRODUCTS = [
    # name, spec, unit, price, list price, commission %
    ("丹东草莓", "500g/盒", "盒", 2990, 3990, 10),
    ("赣南脐橙", "5斤装", "箱", 3990, 4990, 10),
    ("散养土鸡蛋", "30枚", "盒", 3580, 4200, 8),
    ("五常大米", "10斤", "袋", 5990, 6990, 6),
    ("鲜牛奶", "950ml", "瓶", 1290, 1590, 8),
    ("猪肋排", "500g", "份", 3290, 3990, 8),
    ("基围虾", "500g", "份", 4590, 5990, 10),
    ("蒙自石榴", "4个装", "份", 2580, 3280, 10),
    ("有机菠菜", "300g", "袋", 690, 990, 12),
    ("冰糖心苹果", "5斤装", "箱", 3680, 4580, 10),
    ("纯牛奶整箱", "250ml*24", "箱", 5490, 6590, 6),
    ("猪肉白菜水饺", "1kg", "袋", 2990, 3590, 8),
    ("海南香蕉", "3斤", "份", 1590, 1990, 12),
    ("阳光玫瑰葡萄", "1kg", "盒", 3990, 5990, 12),
    ("农家土豆", "5斤", "袋", 990, 1290, 12),
    ("东北黑木耳", "250g", "袋", 2590, 3290, 10),
    ("三文鱼刺身", "200g", "盒", 4990, 6990, 10),
    ("内蒙羔羊肉卷", "500g", "盒", 3990, 4990, 8),
    ("新疆哈密瓜", "1个约3斤", "个", 2990, 3990, 12),
    ("云南小番茄", "2斤", "盒", 1990, 2590, 12),
    ("手工馒头", "10个", "袋", 1290, 1590, 15),
    ("土蜂蜜", "500g", "瓶", 4990, 6800, 15),
    ("精品五花肉", "500g", "份", 2890, 3390, 8),
    ("山东大葱", "2斤", "捆", 590, 790, 12),
]

CAMPAIGN_THEMES = (
    "水果生鲜团",
    "周末肉禽蛋团",
    "粮油米面团",
    "乳品早餐团",
    "海鲜水产团",
    "时令蔬菜团",
    "节日礼盒团",
    "冻品速食团",
)


def _person(rng: random.Random) -> dict[str, str]:
    surname = rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    name = surname + given
    nickname = rng.choice(NICK_STYLES).format(name=name, given=given[-1], surname=surname)
    return {"name": name, "nickname": nickname}


def generate(
    app: LeaderApp,
    *,
    members: int = 300,
    orders: int = 3000,
    seed: int = 7,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> dict[str, int]:
    rng = random.Random(seed)
    token = cancel or CancelToken()
    with app.store.atomic("demo.generate") as tx:
        if not app.setting("shop_name"):
            tx.put_setting("shop_name", "幸福里社区团购")
            tx.put_setting("leader_name", "王店长")
        points = catalog_sql.pickup_points(tx.conn) or [
            app.catalog.create_pickup_point(n, a, tx=tx)
            for n, a in (("北门便利店", "幸福里小区北门"), ("3号楼快递柜", "3号楼一层大堂"))
        ]
        member_rows, personas = _members(tx, rng, members)
        token.check()
        product_rows = [
            catalog_sql.by_name_spec(tx.conn, n, s)
            or app.catalog.create(
                {
                    "name": n,
                    "spec": s,
                    "unit": u,
                    "price_fen": p,
                    "list_price_fen": lp,
                    "commission_bp": c * 100,
                },
                tx=tx,
            )
            for n, s, u, p, lp, c in PRODUCTS
        ]
        campaigns = _campaigns(app, tx, rng, product_rows, [p["id"] for p in points])
        made = _orders(tx, rng, campaigns, member_rows, personas, orders, progress, token)
    return {
        "members": len(member_rows),
        "products": len(product_rows),
        "campaigns": len(campaigns),
        "orders": made,
    }


def _members(tx: Tx, rng: random.Random, count: int) -> tuple[list[dict[str, Any]], list[str]]:
    rows: list[dict[str, Any]] = []
    used = members_sql.all_mobiles(tx.conn)
    start = members_sql.next_member_no(tx.conn) - 1
    # Member numbers follow the join date, as they would in a real shop.
    people = sorted(((join_date(rng, p), p) for p in personas_for(rng, count)), key=lambda x: x[0])
    strong: list[str] = []
    today = date.today()
    for i, (joined, persona) in enumerate(people):
        person = _person(rng)
        while True:
            mobile = (
                rng.choice(("138", "139", "158", "186", "135", "177", "150", "188"))
                + f"{rng.randrange(10**8):08d}"
            )
            if mobile not in used:
                used.add(mobile)
                break
        building, unit = str(rng.randint(1, 18)), str(rng.randint(1, 4))
        room = f"{rng.randint(1, 33)}{rng.randint(1, 4):02d}"
        tier, fee = rng.choice(TIERS)
        referrer = None
        if rows and rng.random() < (0.6 if persona == "new" else 0.25):
            # A few strong referrers bring in most neighbours (the standings' story).
            pick_strong = strong and rng.random() < 0.6
            referrer = rng.choice(strong) if pick_strong else rng.choice(rows)["id"]
        tags = rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2)))
        if persona == "core" and "老客户" not in tags and rng.random() < 0.6:
            tags.append("老客户")
        row = {
            "id": new_id(),
            "member_no": start + i + 1,
            **person,
            "mobile": mobile,
            "building": building,
            "unit": unit,
            "room": room,
            "tags": json.dumps(tags[:3], ensure_ascii=False),
            "tier": tier,
            "tier_fee_fen": fee,
            "tier_expires_on": (
                (today + timedelta(days=rng.randint(-20, 330))).isoformat() if tier else None
            ),
            "referrer_id": referrer,
            "notes": "",
            "created_at": to_utc_iso(joined),
            "updated_at": tx.at,
            "deleted_at": None,
            "merged_into": None,
        }
        row["search"] = pinyin.search_text(
            row["name"], row["nickname"], mobile, f"{building}-{unit}-{room}"
        )
        rows.append(row)
        if persona == "core" and len(strong) < STRONG_REFERRERS:
            strong.append(row["id"])
    tx.insert_many("members", rows)
    return rows, [p for _j, p in people]


def _campaigns(
    app: LeaderApp, tx: Tx, rng: random.Random, products: list[dict[str, Any]], point_ids: list[str]
) -> list[dict[str, Any]]:
    today = datetime.now().astimezone().replace(hour=20, minute=0, second=0, microsecond=0)
    out = []
    # Twelve weeks of history (fortnightly at first, then weekly), last week's arrived one,
    # this week's closed, two open and a draft: twelve campaigns.
    plan = [("done", d) for d in (-84, -70, -56, -42, -28, -14, -7)] + [
        ("arrived", -2),
        ("closed", -1),
        ("open", 1),
        ("open", 3),
        ("draft", 7),
    ]
    previous = None
    for status, offset in plan:
        # Orders come in from the previous campaign's deadline on (a fortnightly one stays
        # open two weeks), so every week of the history has orders.
        window = 7 if previous is None else min(max(offset - previous, 3), 14)
        previous = offset
        deadline = today + timedelta(days=offset)
        pickup = (deadline + timedelta(days=1)).date()
        theme = rng.choice(CAMPAIGN_THEMES)
        row = {
            "id": new_id(),
            "title": f"{pickup.month}月{pickup.day}日 {theme}",
            "status": status,
            "deadline_at": to_utc_iso(deadline),
            "pickup_on": pickup.isoformat(),
            "pickup_point_ids": json.dumps(point_ids),
            "order_prefix": order_prefix(pickup.isoformat(), tx.at),
            "copied_from": None,
            "notes": "",
            "created_at": to_utc_iso(deadline - timedelta(days=window)),
            "updated_at": tx.at,
        }
        tx.insert("campaigns", row)
        chosen = rng.sample(products, rng.randint(6, 10))
        items = [
            {
                "id": new_id(),
                "campaign_id": row["id"],
                "product_id": p["id"],
                "price_fen": p["price_fen"],
                "commission_bp": p["commission_bp"],
                "stock_cap": None,
                "member_limit": None,
                "position": i,
            }
            for i, p in enumerate(chosen)
        ]
        tx.insert_many("campaign_items", items)
        out.append(
            {**row, "items": items, "deadline": deadline, "offset": offset, "window": window}
        )
    return out


def _orders(
    tx: Tx,
    rng: random.Random,
    campaigns: list[dict[str, Any]],
    members: list[dict[str, Any]],
    personas: list[str],
    total: int,
    progress: Progress,
    token: CancelToken,
) -> int:
    takers = [c for c in campaigns if c["status"] != "draft"]
    if not takers or not members or total <= 0:
        return 0
    # Orders per campaign follow how long it was open; those still open have only begun.
    weights = [
        (1.0 + 0.3 * rng.random()) * c["window"] / 7 * (0.3 if c["status"] == "open" else 1.0)
        for c in takers
    ]
    counts = [int(total * w / sum(weights)) for w in weights]
    counts[-1] += total - sum(counts)
    made = 0
    now = datetime.now().astimezone()
    for campaign, count in zip(takers, counts, strict=True):
        orders, lines = [], []
        buyers = buyers_for(members, personas, campaign["offset"])
        chosen = rng.choices(buyers[0], cum_weights=buyers[1], k=count)
        # Collected on pickup day (the day after the deadline), never in the future.
        picked_at = to_utc_iso(min(campaign["deadline"] + timedelta(hours=20), now))
        for seq, member in enumerate(chosen, start=1):
            status = _status(rng, campaign["status"])
            placed = campaign["deadline"] - timedelta(
                minutes=rng.randint(10, campaign["window"] * 24 * 60)
            )
            if placed > now:  # an open campaign's orders so far
                placed = now - timedelta(minutes=rng.randint(1, 12 * 60))
            at = placed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            order_id = new_id()
            amount = 0
            for pos, item in enumerate(
                rng.sample(campaign["items"], rng.choice((1, 1, 2, 2, 3, 4)))
            ):
                qty = rng.choice((1, 1, 1, 2, 2, 3))
                amount += qty * item["price_fen"]
                lines.append(
                    line_row(order_id, item, qty, item["price_fen"], status == "picked_up", pos)
                )
            orders.append(
                {
                    "id": order_id,
                    "campaign_id": campaign["id"],
                    "member_id": member["id"],
                    "seq": seq,
                    "order_no": f"{campaign['order_prefix']}-{seq:04d}",
                    "status": status,
                    "paid": 1 if status != "placed" or rng.random() < 0.8 else 0,
                    "amount_fen": amount,
                    "member_note": "",
                    "leader_note": "",
                    "source": rng.choice(("manual", "manual", "jielong", "file")),
                    "source_ref": "",
                    "external_no": "",
                    "fingerprint": "",
                    "pickup_point_id": None,
                    "created_at": at,
                    "updated_at": at,
                    "picked_up_at": picked_at if status == "picked_up" else None,
                    "picked_up_by": "王店长" if status == "picked_up" else "",
                }
            )
            if len(orders) >= 5000:
                _flush(tx, orders, lines)
                made += 5000
                progress(made, total)
                token.check()
        made += len(orders)
        _flush(tx, orders, lines)
        progress(made, total)
        token.check()
    return made


def _flush(tx: Tx, orders: list[dict[str, Any]], lines: list[dict[str, Any]]) -> None:
    tx.insert_many("orders", orders)
    tx.insert_many("order_lines", lines)
    orders.clear()
    lines.clear()


def _status(rng: random.Random, campaign_status: str) -> str:
    roll = rng.random()
    if roll < 0.03:
        return "cancelled"
    if roll < 0.05:
        return "refunded"
    if campaign_status == "done":
        return "picked_up"
    if campaign_status == "arrived":
        return "picked_up" if roll < 0.6 else "placed"
    return "placed"
