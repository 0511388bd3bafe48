"""Issue 12, HQ's side: each fault reproduced against a real HQ process on loopback, on SQLite
and on PostgreSQL (HQ_TEST_PG_URL)."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import threading
import uuid

import requests

from tests.conftest import ROOT
from tests.sync.hq_helpers import change, enrol, push, query, token

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$")


def _cli(server, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hq_server", *args, "--db", server.db, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def _strict(text: str):
    """json.loads that refuses NaN and Infinity, as any other JSON reader would."""
    return json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))


def test_enroll_code_reenrols_under_the_same_leader(start_hq) -> None:
    hq = start_hq()
    leader = hq.add_leader()
    assert CODE.match(leader["enrollment_code"]), leader
    first = enrol(hq, leader["enrollment_code"]).json()
    tok = first["token"]
    assert push(hq, tok, [change(1, "members", "m-1", {"id": "m-1", "name": "张三"})]).ok
    hq.cli("revoke-device", first["device_id"])
    assert push(hq, tok, []).status_code == 401
    again = hq.cli("enroll-code", leader["leader_id"])
    assert again["leader_id"] == leader["leader_id"] and CODE.match(again["enrollment_code"])
    assert again["expires_at"] > "2026"
    # read over the phone: lower case, spaces instead of dashes, O for 0 and l for 1
    spoken = again["enrollment_code"].lower().replace("-", " ").replace("0", "O")
    spoken = spoken.replace("1", "l")
    second = enrol(hq, "  " + spoken + " ")
    assert second.status_code == 200, second.text
    assert second.json()["leader_id"] == leader["leader_id"]
    assert push(hq, second.json()["token"], []).status_code == 200
    assert hq.stats(leader["leader_id"])["members"] == 1  # the history stays with the leader
    assert enrol(hq, again["enrollment_code"]).status_code == 401  # single use
    missing = _cli(hq, "enroll-code", "no-such-leader")
    assert missing.returncode == 1 and "no leader" in missing.stderr and not missing.stdout


def test_enrolment_codes_expire_and_guessing_is_limited(start_hq) -> None:
    hq = start_hq()
    leader = hq.add_leader()
    query(hq.db, "UPDATE enrollments SET expires_at = '2020-01-01T00:00:00Z'")
    expired = enrol(hq, leader["enrollment_code"])
    assert expired.status_code == 401 and expired.json()["error"] == "expired_enrollment_code"
    fresh = hq.cli("enroll-code", leader["leader_id"], "--days", "1")
    statuses = [enrol(hq, f"WRONG-{i:04d}").status_code for i in range(11)]
    assert statuses == [401] * 9 + [429, 429]  # 10 failures from one address, the expired too
    limited = enrol(hq, fresh["enrollment_code"])  # the same address is held back for now
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    bad_days = _cli(hq, "enroll-code", leader["leader_id"], "--days", "0")
    assert bad_days.returncode == 1 and "days" in bad_days.stderr


def test_hq_refuses_to_publish_what_desks_cannot_take(start_hq) -> None:
    hq = start_hq()
    for args in (
        ("--name", "", "--price-fen", "100"),
        ("--name", "   ", "--price-fen", "100"),
        ("--name", "蜜橘", "--price-fen", "-500"),
        ("--name", "蜜橘", "--price-fen", "5000001"),
        ("--name", "x" * 61, "--price-fen", "100"),
        ("--name", "蜜橘", "--price-fen", "100", "--commission-bp", "10001"),
    ):
        out = _cli(hq, "publish-product", *args)
        assert out.returncode == 1 and out.stderr.startswith("hq-server: "), args
        assert "Traceback" not in out.stderr
    ok = _cli(hq, "publish-product", "--id", "p-1", "--name", "蜜橘", "--price-fen", "3990")
    assert ok.returncode == 0
    campaign = _cli(hq, "publish-campaign", "--title", "周末团", "--item", "p-1:9999999")
    assert campaign.returncode == 1 and "price" in campaign.stderr
    empty = _cli(hq, "publish-campaign", "--title", "  ", "--item", "p-1:100")
    assert empty.returncode == 1 and "title" in empty.stderr
    leader_id, tok = token(hq)
    feed = requests.get(
        hq.url + "/v1/catalog", headers={"Authorization": f"Bearer {tok}"}, timeout=10
    ).json()
    assert [c["id"] for c in feed["changes"]] == ["p-1"]  # nothing refused reached the feed


def test_pushed_records_are_validated_and_dump_stays_json(start_hq) -> None:
    hq = start_hq()
    leader_id, tok = token(hq)
    bad = [
        ("order_lines", {"id": "l1", "quantity": -1, "unit_price_fen": 100}),
        ("order_lines", {"id": "l2", "quantity": 2, "unit_price_fen": -5}),
        ("order_lines", {"id": "l3", "quantity": 1, "picked_qty": 2}),
        ("products", {"id": "p1", "name": "x", "price_fen": -1}),
        ("products", {"id": "p2", "name": "x", "price_fen": True}),
        ("orders", {"id": "o1", "amount_fen": -1e18}),
        ("orders", {"id": "o2", "amount_fen": 10**4000}),
        ("members", {"id": "m1", "notes": math.nan}),
        ("members", {"id": "m2", "tier_fee_fen": math.inf}),
        ("members", {"id": "m3", "notes": {"deep": "x" * 20_000}}),
        ("members", {"id": "m4", "tags": ["x" * 6000, "y" * 6000]}),
        ("members", {"id": "m5", "name": "\ud800"}),
        ("settings", {"key": "shop_SECRET", "value": "S3CRET-VALUE-1"}),
        ("settings", {"key": "shop_secret ", "value": "S3CRET-VALUE-2"}),
        ("settings", {"key": "other", "value": "x", "Shop Secret": "S3CRET-VALUE-3"}),
    ]
    changes = [change(i + 1, e, d["key"] if e == "settings" else d["id"], d) for i, (e, d) in
               enumerate(bad)]  # fmt: skip
    changes.append(change(99, "members", "ok", {"id": "ok", "name": "李四", "tier_fee_fen": 0}))
    reply = push(hq, tok, changes)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["applied"] == 1 and body["rejected"] == len(bad), body
    codes = {r["seq"]: r.get("code") for r in body["results"] if r["status"] == "rejected"}
    assert codes[4] == codes[5] == "price_out_of_range" and codes[1] == "quantity_out_of_range"
    assert codes[6] == codes[7] == "amount_out_of_range"
    assert {codes[13], codes[14], codes[15]} == {"secret"}
    for entity in ("members", "orders", "order_lines", "products", "settings"):
        out = _cli(hq, "dump", "--leader", leader_id, "--entity", entity)
        assert out.returncode == 0 and _strict(out.stdout) == (
            {"ok": {"id": "ok", "name": "李四", "tier_fee_fen": 0}} if entity == "members" else {}
        )
    letters = query(hq.db, "SELECT change FROM dead_letters")
    assert len(letters) == len(bad)
    for (text,) in letters:
        _strict(text)  # stored as valid JSON
        assert "S3CRET-VALUE" not in text and len(text) < 2000


def test_malformed_bodies_get_4xx_and_never_a_stuck_batch(start_hq) -> None:
    hq = start_hq()
    _leader, tok = token(hq)
    deep = '{"batch_id": "' + str(uuid.uuid4()) + '", "protocol": 1, "changes": ' + "[" * 990
    assert push(hq, tok, [], raw=deep + "]" * 990 + "}").status_code == 400
    assert push(hq, tok, [], raw=deep + "}").status_code == 400  # and unterminated
    nested: object = "x"
    for _ in range(100):
        nested = {"a": nested}
    assert push(hq, tok, [change(1, "members", "m", {"id": "m", "n": nested})]).status_code == 400
    assert push(hq, tok, [change(1, "members", "a\x00b", {"id": "a"})]).status_code == 400
    batch = str(uuid.uuid4())
    huge_seq = [change(2**63, "nonsense", "x", {"id": "x"})]  # refused change, seq ≥ 2^63
    for _ in range(2):
        assert push(hq, tok, huge_seq, batch).status_code == 400  # again: 400, not 409
    fixed = push(hq, tok, [change(1, "nonsense", "x", {"id": "x"})], batch)
    assert fixed.status_code == 200 and fixed.json()["rejected"] == 1
    weird = enrol(hq, "K7Q2\x00", "desk\x00\ud800")
    assert weird.status_code in (400, 401)
    assert requests.get(hq.url + "/healthz", timeout=5).status_code == 200


def test_twenty_simultaneous_enrolments_with_one_code(start_hq) -> None:
    hq = start_hq("--enroll-failures", "100000")
    code = hq.add_leader()["enrollment_code"]
    start, statuses = threading.Barrier(20), []

    def go() -> None:
        start.wait()
        statuses.append(enrol(hq, code).status_code)

    threads = [threading.Thread(target=go) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(statuses) == [200] + [401] * 19, statuses
    assert query(hq.db, "SELECT COUNT(*) FROM devices") == [(1,)]


def test_twenty_simultaneous_sends_of_one_batch(start_hq) -> None:
    hq = start_hq("--rate", "100000")
    leader_id, tok = token(hq)
    statuses: list[int] = []
    for round_ in range(5):  # small batches, so the twenty arrive within the race window
        changes = [change(i, "members", f"m{round_}-{i}", {"id": f"m{i}"}) for i in range(5)]
        batch = str(uuid.uuid4())
        start = threading.Barrier(20)

        def go(changes=changes, batch=batch, start=start) -> None:
            start.wait()
            statuses.append(push(hq, tok, changes, batch).status_code)

        threads = [threading.Thread(target=go) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        again = push(hq, tok, changes, batch)
        assert again.status_code == 200 and again.json()["applied"] == 5
    assert set(statuses) <= {200, 409} and statuses.count(200) >= 5, sorted(statuses)
    assert hq.stats(leader_id)["members"] == 25 and hq.stats(leader_id)["batches"] == 5
