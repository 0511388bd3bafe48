"""Issue 14 benchmark: HQ's demand (需求汇总) over 1,000 leaders × 100 campaigns × 20 order lines
on PostgreSQL (HQ_BENCH_PG_URL, else HQ_TEST_PG_URL; skipped without one). Target ≤ 500 ms.

Each leader has 24 products, 2 pickup points and 100 campaigns: 95 done, 2 arrived, 1 closed
and 2 open (a leader's real week: a long history, a few live campaigns), each with 10 orders of
2 lines, 3 % cancelled and 2 % refunded: 3.1 million desk records as HQ stores them (JSON rows
in `records`). Campaign items are left out: demand does not read them. The records are
COPYed with the triggers off and the typed projections then rebuilt from them, which is HQ's
own upgrade path (projection.install); pushes keep them current row by row.

Timed: the demand page (first 100 rows by date, each with its 12 largest leaders), the same
filtered by one pickup date, one row's leaders page, and the whole demand with every leader as
`hq-server demand --json` prints it (and the xlsx export writes it).
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid

from common import ROOT, report, timed

LEADERS, CAMPAIGNS, ORDERS, LINES, PRODUCTS = 1000, 100, 10, 2, 24


def _rows(leader: str, seed: int):
    at = "2026-12-01T08:00:00Z"
    products = [str(uuid.UUID(int=(seed << 64) + p)) for p in range(PRODUCTS)]
    points = [str(uuid.UUID(int=(seed << 64) + 1000 + p)) for p in range(2)]
    for i, pid in enumerate(products):
        yield (
            leader,
            "products",
            pid,
            {
                "id": pid,
                "name": f"商品{i:02d}",
                "spec": "500g",
                "unit": "份",
                "price_fen": 990 + i,
                "list_price_fen": 0,
                "sku": "",
                "commission_bp": 1000,
                "withdrawn": 0,
                "created_at": at,
                "updated_at": at,
                "deleted_at": None,
                "hq_id": None,
            },
        )
    for i, pid in enumerate(points):
        yield leader, "pickup_points", pid, {"id": pid, "name": f"自提点{i + 1}", "address": ""}
    for k in range(CAMPAIGNS):
        cid = str(uuid.UUID(int=(seed << 64) + 10_000 + k))
        status = "done" if k < 95 else "arrived" if k < 97 else "closed" if k == 97 else "open"
        day = 1 + (k - 95 + seed % 3) if k >= 95 else 1 + k % 28
        month = "2026-12" if k >= 95 else f"2026-{1 + k // 9:02d}"
        yield (
            leader,
            "campaigns",
            cid,
            {
                "id": cid,
                "title": f"第{k}期",
                "status": status,
                "deadline_at": at,
                "pickup_on": f"{month}-{day:02d}",
                "pickup_point_ids": json.dumps(points),
                "order_prefix": "X",
                "copied_from": None,
                "notes": "",
                "created_at": at,
                "updated_at": at,
            },
        )
        for n in range(ORDERS):
            oid = str(uuid.UUID(int=(seed << 64) + 100_000 + k * 100 + n))
            roll = (seed * 31 + k * 7 + n) % 100
            ostatus = (
                "cancelled"
                if roll < 3
                else "refunded"
                if roll < 5
                else ("picked_up" if status == "done" else "placed")
            )
            yield (
                leader,
                "orders",
                oid,
                {
                    "id": oid,
                    "campaign_id": cid,
                    "member_id": "m",
                    "seq": n + 1,
                    "order_no": f"X-{n:04d}",
                    "status": ostatus,
                    "paid": 1,
                    "amount_fen": 2000,
                    "member_note": "",
                    "leader_note": "",
                    "source": "manual",
                    "source_ref": "",
                    "external_no": "",
                    "fingerprint": "",
                    "pickup_point_id": None,
                    "created_at": at,
                    "updated_at": at,
                    "picked_up_at": None,
                    "picked_up_by": "",
                },
            )
            for m in range(LINES):
                lid = str(uuid.UUID(int=(seed << 64) + 10_000_000 + (k * 100 + n) * 10 + m))
                yield (
                    leader,
                    "order_lines",
                    lid,
                    {
                        "id": lid,
                        "order_id": oid,
                        "campaign_item_id": f"ci{k}-{m}",
                        "product_id": products[(n * LINES + m + k) % PRODUCTS],
                        "quantity": 1 + (n + m) % 3,
                        "unit_price_fen": 1000,
                        "picked_qty": 0,
                        "position": m,
                    },
                )


def build(url: str) -> int:
    import psycopg

    from hq_server import projection
    from hq_server.db import Database
    from tests.sync.conftest import _reset_pg

    _reset_pg(url)
    db = Database(url)
    count, start = 0, time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE records DISABLE TRIGGER USER")
        leaders = [
            (str(uuid.UUID(int=i + 1)), f"团长{i:04d}", "2026-01-01T00:00:00Z")
            for i in range(LEADERS)
        ]
        with conn.cursor() as cur, cur.copy("COPY leaders (id, name, created_at) FROM STDIN") as cp:
            for row in leaders:
                cp.write_row(row)
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY records (leader_id, entity, entity_id, data, deleted, updated_at) FROM STDIN"
            ) as cp,
        ):
            for seed, (leader, _name, _at) in enumerate(leaders, 1):
                for lid, entity, eid, data in _rows(leader, seed):
                    cp.write_row(
                        (
                            lid,
                            entity,
                            eid,
                            json.dumps(data, ensure_ascii=False),
                            0,
                            "2026-12-01T08:00:00Z",
                        )
                    )
                    count += 1
        conn.execute("ALTER TABLE records ENABLE TRIGGER USER")
        conn.execute("DELETE FROM p_meta")
    print(f"  loaded {count:,} records in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    projection.install(db)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"  rebuilt the typed projections (and analyzed) in {time.perf_counter() - start:.1f} s")
    return count


def main() -> None:
    url = os.environ.get("HQ_BENCH_PG_URL") or os.environ.get("HQ_TEST_PG_URL")
    if not url:
        print("bench_demand: skipped (set HQ_BENCH_PG_URL or HQ_TEST_PG_URL)")
        return
    sys.path.insert(0, str(ROOT))
    from hq_server.db import Database
    from hq_server.demand import DemandFilter, demand, demand_row

    print(
        f"HQ demand over {LEADERS:,} leaders × {CAMPAIGNS} campaigns × {ORDERS * LINES} lines "
        "(PostgreSQL)"
    )
    build(url)
    db = Database(url)
    whole = demand(db, limit=None)
    lines = sum(r["quantity"] for r in whole["rows"])
    print(
        f"  {whole['total']} product × date rows, {lines:,} pieces, "
        f"{max(r['leaders'] for r in whole['rows'])} leaders on the largest row"
    )
    check = cross_check(db)
    assert check == {
        (r["product"], r["spec"], r["pickup_date"]): r["quantity"] for r in whole["rows"]
    }, "p_dl differs from the full join"
    print("  p_dl matches the full join over the typed tables (untimed cross-check)")
    first = demand(db, limit=100, per_row=12)
    assert [r["quantity"] for r in first["rows"]] == [r["quantity"] for r in whole["rows"][:100]]
    report(
        "demand page (100 rows, top 12 leaders each)",
        timed(lambda: demand(db, limit=100, per_row=12)),
        500,
    )
    day = whole["rows"][0]["pickup_date"]
    report(
        f"demand page for one pickup date ({day})",
        timed(lambda: demand(db, DemandFilter(date=day), limit=100, per_row=12)),
        500,
    )
    top = max(whole["rows"], key=lambda r: r["leaders"])
    report(
        f"one row's leaders ({top['leaders']}, 100 a page)",
        timed(lambda: demand_row(db, top["product"], top["spec"], top["pickup_date"])),
        500,
    )
    report("whole demand with every leader (--json, xlsx)", timed(lambda: demand(db, limit=None)))
    http_page(url)


def http_page(url: str) -> None:
    """The demand page as a browser gets it: HQ on loopback, a signed-in session, HTML."""
    import re

    import requests

    from hq_server import staff
    from hq_server.db import Database
    from tests.sync.conftest import HQProcess, free_port

    name = f"bench-{uuid.uuid4().hex[:8]}"
    staff.add_staff(Database(url), name, "bench-password")
    server = HQProcess(url, free_port()).start()
    try:
        session = requests.Session()
        page = session.get(server.url + "/admin/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        session.post(
            server.url + "/admin/login",
            data={"csrf": csrf, "name": name, "password": "bench-password"},
        )
        probe = session.get(server.url + "/admin/demand")
        assert probe.status_code == 200 and 'id="demand"' in probe.text
        report(
            f"demand page over HTTP ({len(probe.content) // 1024} KB of HTML)",
            timed(lambda: session.get(server.url + "/admin/demand").raise_for_status()),
            500,
        )
    finally:
        server.kill()


def cross_check(db) -> dict:
    """The same sums the slow way: every active line of every open or closed campaign."""
    with db.transaction() as cur:
        rows = cur.all(
            "SELECT COALESCE(p.name, ''), COALESCE(p.spec, ''), c.pickup_on, SUM(l.quantity) "
            "FROM p_campaigns c JOIN p_orders o ON o.leader_id = c.leader_id "
            "AND o.campaign_id = c.id JOIN p_lines l ON l.leader_id = o.leader_id "
            "AND l.order_id = o.id LEFT JOIN p_products p ON p.leader_id = l.leader_id "
            "AND p.id = l.product_id WHERE c.status IN ('open', 'closed') "
            "AND o.status IN ('placed', 'picked_up') GROUP BY 1, 2, 3"
        )
    return {(r[0], r[1], r[2]): int(r[3]) for r in rows}


if __name__ == "__main__":
    main()
