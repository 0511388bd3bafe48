"""A real HQ server in a subprocess on loopback, real desks on real SQLite files, and a real
TCP proxy in the middle for the faults. Nothing of ours is mocked."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from leader_app.app import LeaderApp
from leader_app.demo import generate
from sync.engine import SyncEngine, enroll
from tests.conftest import ROOT

PG_URL = os.environ.get("HQ_TEST_PG_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HQProcess:
    def __init__(self, db: str, port: int, *args: str) -> None:
        self.db, self.port, self.args = db, port, args
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> HQProcess:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hq_server",
                "serve",
                "--db",
                self.db,
                "--port",
                str(self.port),
                "--claim-timeout",
                "2",
                *self.args,
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own group: kill() takes uvicorn's workers too
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=0.5).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("HQ did not start: " + self.proc.stderr.read().decode()[-2000:])

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()

    def cli(self, *args: str) -> Any:
        out = subprocess.run(
            [sys.executable, "-m", "hq_server", *args, "--db", self.db, "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout)

    def add_leader(self, name: str = "王店长") -> dict[str, str]:
        return self.cli("add-leader", name)

    def stats(self, leader_id: str) -> dict[str, int]:
        return self.cli("stats", "--leader", leader_id)

    def dump(self, leader_id: str, entity: str) -> dict[str, Any]:
        return self.cli("dump", "--leader", leader_id, "--entity", entity)


def _reset_pg(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for table in (
            "leaders",
            "enrollments",
            "devices",
            "batches",
            "records",
            "dead_letters",
            "catalog",
            "instances",
            # the web desk's (hq_server/desk_schema.py, hq_server/projection.py)
            "staff",
            "staff_sessions",
            "deliveries",
            "p_campaigns",
            "p_items",
            "p_orders",
            "p_lines",
            "p_products",
            "p_points",
            "p_live",
            "p_dl",
            "p_meta",
        ):
            conn.execute(f"DROP TABLE IF EXISTS {table}")


@pytest.fixture(params=BACKENDS)
def hq(request, tmp_path):
    if request.param == "postgresql":
        _reset_pg(PG_URL)
        db = PG_URL
    else:
        db = str(tmp_path / "hq.db")
    extra = getattr(request, "param_args", ())
    server = HQProcess(db, free_port(), *extra).start()
    yield server
    server.kill()


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path) -> str:
    if request.param == "postgresql":
        _reset_pg(PG_URL)
        return PG_URL
    return str(tmp_path / "hq.db")


@pytest.fixture
def start_hq(backend):
    """start_hq('--max-body', '1000') → a running HQ on this test's backend."""
    servers: list[HQProcess] = []

    def start(*args: str) -> HQProcess:
        server = HQProcess(backend, free_port(), *args).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.kill()


@pytest.fixture
def make_hq(tmp_path):
    """For tests that need HQ's limits changed: make_hq('--max-changes', '50')."""
    servers = []

    def build(*args: str) -> HQProcess:
        server = HQProcess(str(tmp_path / f"hq{len(servers)}.db"), free_port(), *args).start()
        servers.append(server)
        return server

    yield build
    for s in servers:
        s.kill()


@pytest.fixture
def creds(tmp_path, monkeypatch):
    monkeypatch.setenv("LEADER_APP_CREDENTIALS_DIR", str(tmp_path / "creds"))


def make_desk(
    tmp_path: Path,
    server: HQProcess,
    *,
    orders: int = 600,
    members: int = 60,
    seed: int = 1,
    name: str = "desk",
) -> tuple[LeaderApp, dict[str, str]]:
    app = LeaderApp.open(tmp_path / f"{name}.db")
    generate(app, members=members, orders=orders, seed=seed)
    leader = server.add_leader()
    enroll(app.store, server.url, leader["enrollment_code"], name)
    return app, leader


def assert_hq_matches(
    app: LeaderApp, server: HQProcess, leader_id: str, skip: set[str] | None = None
) -> None:
    """HQ holds exactly what the desk holds: counts per entity, and every order and order
    line field for field. Nothing missing, nothing doubled."""
    conn = app.store.conn
    skip = skip or set()
    for entity in ("members", "products", "campaigns", "campaign_items", "orders", "order_lines"):
        rows = {r["id"]: dict(r) for r in conn.execute(f"SELECT * FROM {entity}")}
        rows = {k: v for k, v in rows.items() if k not in skip}
        remote = server.dump(leader_id, entity)
        assert set(remote) == set(rows), entity
        if entity in ("orders", "order_lines", "members"):
            assert remote == rows, entity
    stats = server.stats(leader_id)
    assert stats["orders"] == conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    assert (
        stats["pickups"]
        == conn.execute("SELECT COUNT(*) FROM orders WHERE status = 'picked_up'").fetchone()[0]
    )


def push_all(app: LeaderApp, **engine_args: Any) -> Any:
    engine = SyncEngine(app.store, sleep=lambda s: time.sleep(min(s, 0.5)), **engine_args)
    return engine.sync_once(deadline_seconds=60)


class FaultProxy:
    """A TCP proxy on loopback between desk and HQ that can drop a connection after HQ has
    answered (the response is lost), answer 500 itself, or hold a response past the client's
    timeout. It speaks just enough HTTP/1.1 to find message boundaries."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = upstream_port
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.drop_after_response = 0  # next N batch responses are lost after HQ commits
        self.fail_share = 0.0  # share of batch requests answered 500 by the proxy
        self.delay_share = 0.0  # share of batch responses held back …
        self.delay_seconds = 0.0  # … this long (past the client's timeout)
        self.seen = {"batches": 0, "dropped": 0, "failed": 0, "delayed": 0}
        self.rng = __import__("random").Random(7)
        self.lock = threading.Lock()
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.running = False
        self.server.close()

    def _accept(self) -> None:
        while self.running:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    @staticmethod
    def _read_message(sock: socket.socket, buffer: bytes) -> tuple[bytes, bytes] | None:
        while b"\r\n\r\n" not in buffer:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            buffer += chunk
        head, _, rest = buffer.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            rest += chunk
        return head + b"\r\n\r\n" + rest[:length], rest[length:]

    def _serve(self, client: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.upstream))
        pending_c, pending_u = b"", b""
        try:
            while True:
                got = self._read_message(client, pending_c)
                if got is None:
                    return
                request, pending_c = got
                is_batch = request.startswith(b"POST /v1/batches")
                with self.lock:
                    if is_batch:
                        self.seen["batches"] += 1
                    fail = is_batch and self.rng.random() < self.fail_share
                    delay = is_batch and not fail and self.rng.random() < self.delay_share
                    drop = is_batch and not fail and self.drop_after_response > 0
                    if drop:
                        self.drop_after_response -= 1
                if fail:
                    self.seen["failed"] += 1
                    body = b'{"error":"internal","message":"injected"}'
                    client.sendall(
                        b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: "
                        b"application/json\r\nContent-Length: "
                        + str(len(body)).encode()
                        + b"\r\n\r\n"
                        + body
                    )
                    continue
                upstream.sendall(request)
                got = self._read_message(upstream, pending_u)
                if got is None:
                    return
                response, pending_u = got
                if drop:
                    self.seen["dropped"] += 1
                    return  # HQ committed and answered; the desk never hears it
                if delay:
                    self.seen["delayed"] += 1
                    time.sleep(self.delay_seconds)
                client.sendall(response)
        except OSError:
            return
        finally:
            client.close()
            upstream.close()
