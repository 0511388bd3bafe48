"""Issue 12, HQ as processes: bodies limited while read, a killed HQ's claims, workers, the
PostgreSQL pool and the file mode of hq.db. Real HQ processes, real kills."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT
from tests.sync.hq_helpers import change, push, query, token


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def _chunks(total: int, size: int = 1 << 20):
    yield b'{"code": "'
    for _ in range(total // size):
        yield b"x" * size


def test_bodies_are_limited_while_read_on_every_endpoint(start_hq) -> None:
    hq = start_hq("--max-body", "100000")
    _leader, tok = token(hq)
    auth = {"Authorization": f"Bearer {tok}"}
    before = _peak_mb(hq.proc.pid)
    big = b'{"code": "' + b"x" * 1_000_000 + b'"}'
    for method, path, headers in (
        ("POST", "/v1/enroll", {}),
        ("POST", "/v1/batches", auth),
        ("GET", "/v1/catalog", auth),
        ("GET", "/v1/verify/digest", auth),
    ):
        for data in (big, _chunks(1 << 21)):  # declared length, then chunked
            reply = requests.request(method, hq.url + path, data=data, headers=headers, timeout=60)
            assert reply.status_code == 413, (path, reply.status_code, reply.text[:200])
            assert reply.json()["error"] == "body_too_large"
    # a 64 MB chunked body without a token: read and refused, never held in memory
    reply = requests.post(hq.url + "/v1/enroll", data=_chunks(64 << 20), timeout=120)
    assert reply.status_code == 413
    assert _peak_mb(hq.proc.pid) - before < 20  # the code before this read all 64 MB first
    assert requests.get(hq.url + "/healthz", timeout=5).status_code == 200
    assert push(hq, tok, [change(1, "members", "m", {"id": "m", "name": "x"})]).status_code == 200


def _claim_in_another_process(hq, leader_id: str, body: dict, tmp_path: Path):
    """A real HQ process claims the batch and stops short of applying it."""
    batch_file = tmp_path / f"{body['batch_id']}.json"
    batch_file.write_text(json.dumps(body))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.sync.hq_claimer", hq.db, leader_id, str(batch_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    owner = proc.stdout.readline().strip()
    assert owner, "the claimer did not claim"
    return proc, owner


def test_a_killed_hqs_claim_is_taken_over_at_once(start_hq, tmp_path) -> None:
    hq = start_hq("--claim-timeout", "600")  # the old fallback alone would stall 10 minutes
    leader_id, tok = token(hq)
    changes = [change(i, "members", f"m{i}", {"id": f"m{i}", "name": "张三"}) for i in range(50)]
    body = {"batch_id": str(uuid.uuid4()), "protocol": 1, "changes": changes}
    claimer, owner = _claim_in_another_process(hq, leader_id, body, tmp_path)
    try:
        busy = push(hq, tok, changes, body["batch_id"])
        assert busy.status_code == 409  # its owner is alive: the guarantee holds
        assert query(hq.db, "SELECT owner FROM batches") == [(owner,)]
    finally:
        claimer.kill()  # SIGKILL mid-batch
        claimer.wait()
    reply = push(hq, tok, changes, body["batch_id"])
    assert reply.status_code == 200, reply.text
    assert reply.json()["applied"] == 50 and reply.json()["replayed"] is False
    assert hq.stats(leader_id)["members"] == 50
    assert push(hq, tok, changes, body["batch_id"]).json()["replayed"] is True


def test_a_silent_owner_on_another_host_loses_its_claim(start_hq, tmp_path) -> None:
    """No pid to check: the heartbeat decides. An owner that is alive but whose beats have
    stopped is taken over once they are older than 5 s; the request that took it applies it."""
    hq = start_hq("--claim-timeout", "600")
    leader_id, tok = token(hq)
    changes = [change(1, "members", "m1", {"id": "m1", "name": "李四"})]
    body = {"batch_id": str(uuid.uuid4()), "protocol": 1, "changes": changes}
    claimer, owner = _claim_in_another_process(hq, leader_id, body, tmp_path)
    os.kill(claimer.pid, signal.SIGUSR1)  # alive, silent
    try:
        query(hq.db, "UPDATE instances SET host = 'elsewhere' WHERE id = ?", (owner,))
        statuses = []
        for _ in range(200):
            reply = push(hq, tok, changes, body["batch_id"])
            statuses.append(reply.status_code)
            if reply.status_code == 200:
                break
            threading.Event().wait(0.1)
        assert statuses[0] == 409 and statuses[-1] == 200, statuses
    finally:
        claimer.kill()
        claimer.wait()
    assert hq.stats(leader_id)["members"] == 1


def test_serve_workers_starts_that_many_processes(start_hq) -> None:
    hq = start_hq("--workers", "2")
    for _ in range(300):
        live = query(hq.db, "SELECT pid FROM instances WHERE stopped = 0")
        if len(live) >= 2:
            break
        threading.Event().wait(0.1)
    pids = {int(p) for (p,) in live}
    assert len(pids) == 2 and hq.proc.pid not in pids, pids
    for pid in pids:  # uvicorn's workers, children of the server process
        parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
        assert int(parent) == hq.proc.pid
    _leader, tok = token(hq)
    assert push(hq, tok, []).status_code == 200


def test_postgresql_pool_is_bounded(start_hq, backend) -> None:
    if not backend.startswith("postgres"):
        pytest.skip("the pool is PostgreSQL's")
    hq = start_hq("--pool-size", "3", "--rate", "100000")
    leader_id, tok = token(hq)
    seen, done = [], threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(
                query(
                    hq.db,
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'hq-server' "
                    "AND datname = current_database()",
                )[0][0]
            )

    def send(i: int) -> None:
        rows = [change(j, "members", f"m{i}-{j}", {"id": f"m{i}-{j}"}) for j in range(200)]
        results.append(push(hq, tok, rows).status_code)

    results: list[int] = []
    watcher = threading.Thread(target=watch)
    watcher.start()
    senders = [threading.Thread(target=send, args=(i,)) for i in range(30)]
    for t in senders:
        t.start()
    for t in senders:
        t.join(120)
    done.set()
    watcher.join()
    assert results == [200] * 30
    assert 1 <= max(seen) <= 3 + 1, max(seen)  # the pool, and the heartbeat's own
    assert hq.stats(leader_id)["members"] == 30 * 200


def test_hq_db_is_owner_only(tmp_path) -> None:
    fresh, old = tmp_path / "new" / "hq.db", tmp_path / "old.db"
    old.write_bytes(b"")
    old.chmod(0o644)
    for path in (fresh, old):
        subprocess.run(
            [sys.executable, "-m", "hq_server", "add-leader", "x", "--db", str(path)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, oct(path.stat().st_mode)
        for extra in path.parent.glob(path.name + "-*"):  # -wal, -shm follow the file
            assert stat.S_IMODE(extra.stat().st_mode) & 0o077 == 0, extra
