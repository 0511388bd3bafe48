"""Issue 12 figures for HQ: peak memory (VmHWM) under 300 MB bodies, and how long desks stall
after HQ is SIGKILLed mid-batch and restarted at once.

    python bench/bench_hq_faults.py [--code-root /path/to/checkout] [--mb 300]

--code-root runs another checkout's hq_server (the code before the fix, for the "before"
figures). HQ_TEST_PG_URL adds the PostgreSQL stall figures.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HQ:
    def __init__(self, root: Path, db: str) -> None:
        self.root, self.db, self.port = root, db, free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> HQ:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hq_server", "serve", "--db", self.db, "--port", str(self.port)],
            cwd=self.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while True:
            try:
                if requests.get(self.url + "/healthz", timeout=0.5).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.02)

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def cli(self, *args: str) -> dict:
        out = subprocess.run(
            [sys.executable, "-m", "hq_server", *args, "--db", self.db, "--json"],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout)


def _stream(total: int, chunk: int = 1 << 20):
    block = b"x" * chunk
    sent = 0
    yield b'{"code": "'
    while sent < total:
        yield block
        sent += chunk


def bodies(root: Path, mb: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        hq = HQ(root, str(Path(tmp) / "hq.db")).start()
        code = hq.cli("add-leader", "bench")["enrollment_code"]
        token = requests.post(
            hq.url + "/v1/enroll", json={"code": code, "device_name": "b"}, timeout=10
        ).json()["token"]
        print(f"HQ at rest: peak {hq.peak_mb():.0f} MB")
        size = mb * 1024 * 1024
        auth = {"Authorization": f"Bearer {token}"}
        for label, path, headers, chunked in (
            ("/v1/enroll, Content-Length", "/v1/enroll", {}, False),
            ("/v1/enroll, chunked", "/v1/enroll", {}, True),
            ("/v1/batches, chunked", "/v1/batches", auth, True),
        ):
            start = time.perf_counter()
            try:
                data = _stream(size) if chunked else b'{"code": "' + b"x" * size + b'"}'
                status = requests.post(hq.url + path, data=data, headers=headers, timeout=300)
                answer = str(status.status_code)
            except requests.RequestException as exc:
                answer = type(exc).__name__
            data = None
            alive = requests.get(hq.url + "/healthz", timeout=5).ok
            print(
                f"{mb} MB to {label}: answer {answer} in {time.perf_counter() - start:.1f} s, "
                f"HQ peak {hq.peak_mb():.0f} MB, still up: {alive}"
            )
        hq.kill()


def stall(root: Path, db: str, rounds: int) -> None:
    """SIGKILL HQ while it applies a batch, restart it at once, and time how long the same
    batch keeps answering 409 before it is applied."""
    hq = HQ(root, db).start()
    code = hq.cli("add-leader", "bench")["enrollment_code"]
    token = requests.post(
        hq.url + "/v1/enroll", json={"code": code, "device_name": "b"}, timeout=10
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    waits = []
    for _ in range(rounds):
        changes = [
            {"seq": i, "tx_id": "t", "entity": "members", "entity_id": str(uuid.uuid4()),
             "op": "insert", "data": {"id": str(i), "name": "x" * 1500}, "at": "2026-12-01T00:00:00Z"}
            for i in range(1000)
        ]  # fmt: skip
        body = {"batch_id": str(uuid.uuid4()), "protocol": 1, "changes": changes}
        sender = threading.Thread(
            target=lambda b=body: _quiet_post(hq.url + "/v1/batches", b, auth), daemon=True
        )
        sender.start()
        claimed = _wait_for_claim(db, body["batch_id"])  # committed; the apply is under way
        hq.kill()
        hq.start()
        start = time.perf_counter()
        while True:
            reply = requests.post(hq.url + "/v1/batches", json=body, headers=auth, timeout=60)
            if reply.status_code == 200:
                break
            time.sleep(0.05)
        if claimed and not reply.json().get("replayed"):  # killed mid-apply, as intended
            waits.append(time.perf_counter() - start)
    hq.kill()
    waits.sort()
    print(
        f"stall after a kill mid-apply and an immediate restart ({db[:10]}, {len(waits)} of "
        f"{rounds} rounds killed mid-apply): "
        + (f"median {waits[len(waits) // 2]:.2f} s, max {waits[-1]:.2f} s" if waits else "-")
    )


def throughput(root: Path, db: str, batches: int = 40) -> None:
    """HQ alone: order-like records in batches of 500, the desk's batch size."""
    hq = HQ(root, db).start()
    code = hq.cli("add-leader", "bench")["enrollment_code"]
    token = requests.post(
        hq.url + "/v1/enroll", json={"code": code, "device_name": "b"}, timeout=10
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    row = {"campaign_id": str(uuid.uuid4()), "member_id": str(uuid.uuid4()), "seq": 1,
           "order_no": "1128-0001", "status": "placed", "paid": 1, "amount_fen": 2590,
           "member_note": "", "leader_note": "", "source": "manual", "source_ref": "",
           "external_no": "", "fingerprint": "", "pickup_point_id": None,
           "created_at": "2026-11-28T10:00:00Z", "updated_at": "2026-11-28T10:00:00Z",
           "picked_up_at": None, "picked_up_by": ""}  # fmt: skip
    bodies = []
    for _ in range(batches):
        changes = []
        for i in range(500):
            entity_id = str(uuid.uuid4())
            changes.append({"seq": i, "tx_id": "t", "entity": "orders", "entity_id": entity_id,
                            "op": "insert", "data": {**row, "id": entity_id},
                            "at": "2026-11-28T10:00:00Z"})  # fmt: skip
        bodies.append(
            json.dumps({"batch_id": str(uuid.uuid4()), "protocol": 1, "changes": changes})
        )
    session = requests.Session()
    headers = {**auth, "Content-Type": "application/json"}
    start = time.perf_counter()
    for body in bodies:
        assert session.post(hq.url + "/v1/batches", data=body, headers=headers, timeout=60).ok
    seconds = time.perf_counter() - start
    hq.kill()
    print(f"HQ alone ({db[:10]}): {batches * 500 / seconds:,.0f} changes/s")


def _wait_for_claim(db: str, batch_id: str) -> bool:
    sql = "SELECT status FROM batches WHERE batch_id = ?"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if db.startswith("postgres"):
            import psycopg

            with psycopg.connect(db, autocommit=True) as conn:
                rows = conn.execute(sql.replace("?", "%s"), (batch_id,)).fetchall()
        else:
            import sqlite3

            conn = sqlite3.connect(db, timeout=30)
            rows = conn.execute(sql, (batch_id,)).fetchall()
            conn.close()
        if rows:
            return rows[0][0] == "in_progress"
        time.sleep(0.002)
    return False


def _quiet_post(url: str, body: dict, headers: dict) -> None:
    try:
        requests.post(url, json=body, headers=headers, timeout=60)
    except requests.RequestException:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code-root", type=Path, default=HERE)
    parser.add_argument("--mb", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-bodies", action="store_true")
    parser.add_argument("--only-throughput", action="store_true")
    args = parser.parse_args()
    print(f"hq_server from {args.code_root}")
    if args.only_throughput:
        with tempfile.TemporaryDirectory() as tmp:
            throughput(args.code_root, str(Path(tmp) / "t.db"))
        return
    if not args.skip_bodies:
        bodies(args.code_root, args.mb)
    with tempfile.TemporaryDirectory() as tmp:
        stall(args.code_root, str(Path(tmp) / "stall.db"), args.rounds)
    url = os.environ.get("HQ_TEST_PG_URL")
    if url:
        sys.path.insert(0, str(HERE))
        from tests.sync.conftest import _reset_pg

        _reset_pg(url)
        stall(args.code_root, url, args.rounds)


if __name__ == "__main__":
    main()
