"""The command line beside the open desk: the desk holds its store the way it does on a shop PC
(the desk lock, its writer thread, its readers), and `leader-app` runs as a real process on the
same file. Reads answer, writes go through SQLite's locking, and the desk sees them."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from leader_app.demo import generate
from leader_app.errors import StoreError
from tests.conftest import ROOT
from tests.ui.conftest import wait_idle


def cli(db, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def desk(make_desk, qtbot):
    desk = make_desk("en", lambda app: generate(app, members=30, orders=120, seed=3))
    wait_idle(qtbot, desk)
    return desk


def _arrived(desk) -> str:
    return desk.reader.conn.execute(
        "SELECT id FROM campaigns WHERE status = 'arrived' ORDER BY id"
    ).fetchone()[0]


def test_read_commands_answer_while_the_desk_is_open(desk, tmp_path) -> None:
    db = desk.app.store.path
    campaign = _arrived(desk)
    with pytest.raises(StoreError) as refused:  # a second desk window is still refused
        type(desk.app).open(db)
    assert refused.value.code == "store_in_use"
    timings = {}
    for name, args in (
        ("campaigns", ["campaigns", "--json"]),
        ("members", ["members", "--json"]),
        ("summary", ["summary", "--campaign", campaign, "--json"]),
        ("codes", ["codes", "--campaign", campaign, "--json"]),
        ("backups", ["backups", "--json"]),
        ("export", ["export", "orders", "--campaign", campaign, "-o", str(tmp_path / "o.csv")]),
        ("print", ["print", "labels", "--campaign", campaign, "-o", str(tmp_path / "l.pdf")]),
    ):
        started = time.perf_counter()
        out = cli(db, *args, env={"LEADER_APP_LOCK_WAIT": "30"})
        timings[name] = time.perf_counter() - started
        assert out.returncode == 0, (name, out.stderr)
    rows = json.loads(cli(db, "campaigns", "--json").stdout)
    assert campaign in {r["id"] for r in rows}
    assert (tmp_path / "o.csv").stat().st_size > 0 and (tmp_path / "l.pdf").stat().st_size > 0
    print("CLI beside the open desk, seconds:", {k: round(v, 2) for k, v in timings.items()})


def test_a_pickup_from_the_command_line_reaches_the_open_desk(desk, qtbot) -> None:
    db = desk.app.store.path
    campaign = _arrived(desk)
    page = desk.window.pickup
    page.campaign.setCurrentIndex(page.campaign.findData(campaign))
    before = page.progress.value()
    waiting = {
        r[0]
        for r in desk.reader.conn.execute(
            "SELECT order_no FROM orders WHERE campaign_id = ? AND status = 'placed'", (campaign,)
        )
    }
    codes = [
        c
        for c in json.loads(cli(db, "codes", "--campaign", campaign, "--json").stdout)
        if c["order_no"] in waiting
    ]
    undo_before = list(desk.window.undo_stack)

    # The desk's writer holds a write transaction: a command that may not wait fails cleanly...
    held, release = threading.Event(), threading.Event()

    def hold(app) -> None:
        with app.store.local():
            held.set()
            release.wait(60)

    desk.worker.op(hold).run_in_background()
    assert held.wait(10)
    try:
        busy = cli(db, "pickup", codes[0]["qr_payload"], env={"LEADER_APP_LOCK_WAIT": "0.3"})
        assert busy.returncode == 1 and "is writing to the data file" in busy.stderr, busy.stderr
        assert "Traceback" not in busy.stderr
        # ...and one that waits (SQLite's busy timeout) goes through once the desk lets go.
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "pickup", codes[0]["qr_payload"], "--json"]
            + ["--db", str(db)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.0)  # let it reach the lock (the outcome does not depend on this)
    finally:
        release.set()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert json.loads(out)["result"] == "ok"
    wait_idle(qtbot, desk)

    # The open desk notices the other process's commit and refreshes its pages.
    qtbot.waitUntil(lambda: page.progress.value() == before + 1, timeout=10_000)
    assert desk.window.undo_stack == undo_before  # another process's change is not ours to undo
    picked = desk.reader.conn.execute(
        "SELECT picked_up_at FROM orders WHERE order_no = ?", (codes[0]["order_no"],)
    ).fetchone()[0]
    assert picked


def test_restore_from_the_command_line_waits_for_the_desk_to_close(desk, tmp_path) -> None:
    db = desk.app.store.path
    backup = cli(db, "backup", str(tmp_path / "b.db"))
    assert backup.returncode == 0, backup.stderr
    out = cli(db, "restore", str(tmp_path / "b.db"))
    assert out.returncode == 1 and "in use by another Leader Desk window" in out.stderr
