"""Operations run in a subprocess for the kill tests: `python -m tests.resilience.drivers
OPERATION DB`. Each step is one transaction of the real write API."""

from __future__ import annotations

import sys

from leader_app.app import LeaderApp


def enter_orders(app: LeaderApp, count: int = 400) -> None:
    conn = app.store.conn
    campaign = conn.execute("SELECT id FROM campaigns WHERE status = 'open'").fetchone()[0]
    items = [i["id"] for i in app.campaigns.items(campaign)]
    members = [r[0] for r in conn.execute("SELECT id FROM members WHERE deleted_at IS NULL")]
    for n in range(count):
        app.orders.create(
            campaign,
            members[n % len(members)],
            [
                {"item_id": items[n % len(items)], "quantity": 1 + n % 3},
                {"item_id": items[(n + 1) % len(items)], "quantity": 1},
            ],
        )


def merge_members(app: LeaderApp, count: int = 60) -> None:
    conn = app.store.conn
    members = [
        r[0]
        for r in conn.execute("SELECT id FROM members WHERE deleted_at IS NULL ORDER BY member_no")
    ]
    for keep, drop in list(zip(members[0::2], members[1::2], strict=False))[:count]:
        app.members.merge(keep, drop)


if __name__ == "__main__":
    operation, db = sys.argv[1], sys.argv[2]
    with LeaderApp.open(db, wait_seconds=30) as desk:
        {"orders": enter_orders, "merge": merge_members}[operation](desk)
