"""The real desk on the xcb platform under Xvfb, as on a shop PC's X server: a system library
that Qt's xcb plugin needs and the machine lacks fails here ("Could not load the Qt platform
plugin xcb"), not on the leader's first `make run`. While it is up, the command line reads
the same file beside it."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

PLUGIN_ERROR = "Could not load the Qt platform plugin"


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {tool} (.ci/run installs it)")
        pytest.skip(f"{tool} is not installed")


@pytest.fixture
def display():
    """A fresh Xvfb on a display number it picks itself (-displayfd), or on the one named by
    LEADER_TEST_XVFB_DISPLAY (a shared machine may hand each developer their own)."""
    _need("Xvfb")
    _need("xwininfo")
    read, write = os.pipe()
    chosen = os.environ.get("LEADER_TEST_XVFB_DISPLAY", "")
    xvfb = subprocess.Popen(
        ["Xvfb", *([chosen] if chosen else []), "-displayfd", str(write)]
        + ["-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    try:
        while not number.endswith(b"\n"):
            ready, _, _ = select.select([read], [], [], 30)
            chunk = os.read(read, 16) if ready else b""
            if not chunk:
                pytest.fail("Xvfb did not start")
            number += chunk
        yield f":{number.decode().strip()}"
    finally:
        os.close(read)
        xvfb.terminate()
        xvfb.wait(10)


def _windows(display: str) -> str:
    out = subprocess.run(
        ["xwininfo", "-root", "-tree"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
    )
    return out.stdout


def test_the_desk_starts_on_xcb_and_the_cli_reads_beside_it(display, tmp_path) -> None:
    db = tmp_path / "fresh.db"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": display,
        "LEADER_APP_LOG_DIR": str(tmp_path / "logs"),
    }
    err = (tmp_path / "desk.err").open("w+")
    desk = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--lang", "en"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=err,
    )
    try:
        deadline = time.monotonic() + 90
        while "Leader Desk" not in _windows(display):
            if desk.poll() is not None:
                err.seek(0)
                pytest.fail(f"the desk exited with {desk.returncode} on xcb:\n{err.read()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail("no Leader Desk window appeared on the X server")
            time.sleep(0.3)
        # The desk is up and holds the file; a read command answers beside it.
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "campaigns", "--json", "--db", str(db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        print(f"campaigns --json beside the desk on xcb: {time.perf_counter() - started:.2f} s")
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == []
        assert desk.poll() is None, "the desk died"
    finally:
        desk.terminate()
        desk.wait(15)
        err.seek(0)
        text = err.read()
        err.close()
    assert PLUGIN_ERROR not in text, text


def test_an_old_store_upgrades_behind_a_notice_and_the_desk_paints(display, tmp_path) -> None:
    """A store written by the last release: the desk shows its please-wait notice, upgrades
    the file, paints its window (the bench's first-paint probe) and exits cleanly."""
    from storage.db import upgrade_pending

    db = tmp_path / "old.db"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "schema" / "v9.db", db)
    probe = tmp_path / "painted"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": display,
        "LEADER_APP_LOG_DIR": str(tmp_path / "logs"),
        "LEADER_DESK_STARTUP_PROBE": str(probe),
    }
    done = subprocess.run(  # `--db old.db` from the shop's folder: the desk exited at once
        [sys.executable, str(ROOT / "main.py"), "--db", db.name, "--lang", "zh_CN"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and PLUGIN_ERROR not in done.stderr
    assert float(probe.read_text()) > 0
    assert not upgrade_pending(db)
    assert list((tmp_path / "old-backups").glob("pre-migration-*.db"))


def test_an_unexpected_error_at_start_is_shown_with_its_details(display, tmp_path) -> None:
    """A file with this version's schema number and none of its tables (made by hand): the
    first read fails with an error that is not one of ours, before the event loop runs. The
    desk exited with nothing on screen; now it shows the error dialog with copyable details,
    and the log has them too."""
    import sqlite3

    from storage.migrations import LATEST

    db = tmp_path / "bare.db"
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST}")
        conn.execute("CREATE TABLE unrelated (x)")
    conn.close()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": display,
        "LEADER_APP_LOG_DIR": str(tmp_path / "logs"),
    }
    desk = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--lang", "en"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while "Something went wrong" not in _windows(display):
            assert desk.poll() is None, f"the desk exited ({desk.returncode}) with no dialog"
            assert time.monotonic() < deadline, "no error dialog appeared"
            time.sleep(0.3)
    finally:
        desk.terminate()
        desk.wait(15)
    assert "no such table" in (tmp_path / "logs" / "leader-desk.log").read_text()


def test_a_data_folder_that_cannot_be_made_is_one_line_on_the_command_line(tmp_path) -> None:
    """A file where the data file's folder should be: the command line printed a traceback."""
    (tmp_path / "shop").write_text("a file, not a folder")
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "campaigns",
            "--db",
            str(tmp_path / "shop" / "x.db"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.count("\n") == 1 and "cannot be opened" in out.stderr
