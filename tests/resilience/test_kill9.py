"""Kill -9 at seeded random points (30 per operation) during an import, order entry, merges,
a backup and a sync push. After every kill the store is intact and the operation happened
entirely or not at all."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leader_app.app import LeaderApp
from leader_app.demo import generate
from leader_app.demo_files import write_ktt_csv
from storage.backup import verify
from tests.conftest import ROOT
from tests.resilience.conftest import TRIED, consistent

POINTS = int(os.environ.get("RESILIENCE_KILL_POINTS", "30"))


@pytest.fixture(scope="module")
def base_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "base.db"
    with LeaderApp.open(path) as app:
        generate(app, members=120, orders=600, seed=12)
    return path


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def _kill_at(argv: list[str], delay: float, env: dict | None = None) -> int:
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env or os.environ.copy(),
    )
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    return proc.wait()


def _duration(argv: list[str], env: dict | None = None) -> float:
    start = time.monotonic()
    subprocess.run(argv, cwd=ROOT, check=True, capture_output=True, env=env or os.environ.copy())
    return time.monotonic() - start


def _fresh(base: Path, tmp: Path, n: int) -> Path:
    db = tmp / f"k{n}.db"
    shutil.copy(base, db)
    return db


def test_kill_during_import(base_store, tmp_path) -> None:
    big = write_ktt_csv(tmp_path / "big.csv", 6000, seed=9)
    cli = [sys.executable, str(ROOT / "main.py"), "import", str(big), "--new-campaign", "大团"]
    total = _duration(cli + ["--db", str(_fresh(base_store, tmp_path, 999))])
    full = _count(tmp_path / "k999.db", "SELECT COUNT(*) FROM orders")
    before = _count(base_store, "SELECT COUNT(*) FROM orders")
    rng = random.Random(101)
    outcomes = set()
    for n in range(POINTS):
        db = _fresh(base_store, tmp_path, n)
        _kill_at(cli + ["--db", str(db)], rng.uniform(0.05, total * 1.05))
        consistent(db)
        orders = _count(db, "SELECT COUNT(*) FROM orders")
        assert orders in (before, full)  # all of it or none of it
        outcomes.add(orders == full)
        TRIED["kill points: import"] += 1
        db.unlink()
    assert False in outcomes  # at least some kills really hit the import


def test_kill_during_order_entry(base_store, tmp_path) -> None:
    driver = [sys.executable, "-m", "tests.resilience.drivers", "orders"]
    total = _duration(driver + [str(_fresh(base_store, tmp_path, 999))])
    rng = random.Random(202)
    before = _count(base_store, "SELECT COUNT(*) FROM orders")
    for n in range(POINTS):
        db = _fresh(base_store, tmp_path, n)
        _kill_at(driver + [str(db)], rng.uniform(0.05, total))
        consistent(db)
        made = _count(db, "SELECT COUNT(*) FROM orders") - before
        logged = _count(db, "SELECT COUNT(*) FROM tx_log WHERE action = 'order.create'")
        assert made == logged  # every order entered whole, with its log, or not at all
        TRIED["kill points: order entry"] += 1
        db.unlink()


def test_kill_during_merges(base_store, tmp_path) -> None:
    driver = [sys.executable, "-m", "tests.resilience.drivers", "merge"]
    total = _duration(driver + [str(_fresh(base_store, tmp_path, 999))])
    rng = random.Random(303)
    for n in range(POINTS):
        db = _fresh(base_store, tmp_path, n)
        _kill_at(driver + [str(db)], rng.uniform(0.05, total))
        consistent(db)
        conn = sqlite3.connect(db)
        # a merged member is deleted, points at the kept one, and owns no orders any more
        orphans = conn.execute("""SELECT COUNT(*) FROM members m JOIN orders o
                                  ON o.member_id = m.id WHERE m.merged_into IS NOT NULL""")
        assert orphans.fetchone()[0] == 0
        half = conn.execute("""SELECT COUNT(*) FROM members WHERE merged_into IS NOT NULL
                               AND deleted_at IS NULL""").fetchone()[0]
        conn.close()
        assert half == 0
        TRIED["kill points: merge"] += 1
        shutil.rmtree(tmp_path / f"k{n}-backups", ignore_errors=True)
        db.unlink()


def test_kill_during_backup(base_store, tmp_path) -> None:
    rng = random.Random(404)
    db = _fresh(base_store, tmp_path, 0)
    with LeaderApp.open(db) as app:  # a bigger store so the copy takes a moment
        generate(app, members=400, orders=8000, seed=13)
    cli = [sys.executable, str(ROOT / "main.py"), "backup"]
    total = _duration(cli + [str(tmp_path / "timing.db"), "--db", str(db)])
    for n in range(POINTS):
        target = tmp_path / f"copy{n}.db"
        _kill_at(cli + [str(target), "--db", str(db)], rng.uniform(0.05, total))
        if target.exists():  # it only appears once complete and verified
            assert verify(target)["orders"] > 0
        consistent(db)
        TRIED["kill points: backup"] += 1


def test_kill_during_sync_push(base_store, tmp_path, monkeypatch) -> None:
    from tests.sync.conftest import HQProcess, assert_hq_matches, free_port

    monkeypatch.setenv("LEADER_APP_CREDENTIALS_DIR", str(tmp_path / "creds"))
    server = HQProcess(str(tmp_path / "hq.db"), free_port(), "--rate", "100000").start()
    try:
        db = _fresh(base_store, tmp_path, 0)
        with LeaderApp.open(db) as app:
            generate(app, members=300, orders=6000, seed=14)
            leader = server.add_leader()
            from sync.engine import enroll

            enroll(app.store, server.url, leader["enrollment_code"])
        cli = [sys.executable, str(ROOT / "main.py"), "sync", "--once", "--db", str(db)]
        rng = random.Random(505)
        for _n in range(POINTS):
            _kill_at(cli, rng.uniform(0.3, 1.5))
            consistent(db)
            TRIED["kill points: sync push"] += 1
        done = subprocess.run(
            cli + ["--json"], cwd=ROOT, capture_output=True, text=True, env=os.environ.copy()
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout.splitlines()[-1])["pending"] == 0
        with LeaderApp.open(db) as app:
            assert_hq_matches(app, server, leader["leader_id"])
    finally:
        server.kill()
