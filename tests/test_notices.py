"""WeChat notices: every member listed, split at member boundaries into ≤ 2,000 characters."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from leader_app.notices import LIMIT, build, member_text
from leader_app.print_data import load
from tests.test_cli import cli


def _arrived(shop, members: int = 120):
    app = shop["app"]
    cid = shop["campaign"]["id"]
    for i in range(members):
        m = app.members.create({"name": f"邻居{i:03d}", "mobile": f"1370000{i:04d}"})
        app.orders.create(cid, m["id"], [{"item_id": shop["eggs"]["id"], "quantity": 1}])
    app.campaigns.set_status(cid, "closed")
    app.campaigns.set_status(cid, "arrived")
    return app, cid


def test_arrival_notice_is_split_and_lists_everyone(shop) -> None:
    app, cid = _arrived(shop)
    data = load(app.store, cid, app.ensure_shop_secret())
    messages = build("arrival", data, window="15:00-20:00")
    assert len(messages) > 1 and all(len(m) <= LIMIT for m in messages)
    text = "\n".join(messages)
    for m in data.members:
        assert f"{m.who}：" in text
    assert messages[0].startswith("【Goods arrived】") and "(1/" in messages[0]
    assert "15:00-20:00" in messages[0] and "15:00-20:00" not in messages[1]
    one = member_text(data.members[0], data)
    assert data.members[0].short_code in one and "散养土鸡蛋" in one


def test_reminder_waits_n_hours_and_skips_who_collected(shop) -> None:
    app, cid = _arrived(shop, members=3)
    data = load(app.store, cid, app.ensure_shop_secret())
    data.members[0].orders[0].picked_up = True
    now = datetime.now(UTC)
    since = (now - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    early = build("reminder", data, since=since, hours=5, now=now)
    assert not any(m.who in early[0] for m in data.members)
    due = build("reminder", data, since=since, hours=2, now=now)[0]
    assert data.members[0].who + "：" not in due
    assert all(m.who + "：" in due for m in data.members[1:])


def test_notify_cli_json(tmp_path) -> None:
    db = tmp_path / "s.db"
    cli("demo", "--members", "30", "--orders", "200", "--seed", "3", db=db, check=True)
    campaigns = json.loads(cli("campaigns", "--json", db=db, check=True).stdout)
    cid = next(c["id"] for c in campaigns if c["status"] == "arrived")
    out = cli("notify", "--campaign", cid, "--kind", "arrival", "--json", db=db, check=True)
    messages = json.loads(out.stdout)["messages"]
    assert messages and all(len(m) <= LIMIT for m in messages)
    assert messages[0].startswith("【到货通知】")  # the shop's language by default
