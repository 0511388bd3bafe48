"""The CLI in a real subprocess: JSON output, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, dump


def cli(*args: str, db: Path | None = None, check: bool = False) -> subprocess.CompletedProcess:
    argv = [sys.executable, str(ROOT / "main.py"), *args]
    if db is not None:
        argv += ["--db", str(db)]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    cli("demo", "--members", "80", "--orders", "1200", "--seed", "5", db=db, check=True)
    return db


def test_campaigns_json_lists_order_counts(demo_db: Path) -> None:
    rows = json.loads(cli("campaigns", "--json", db=demo_db, check=True).stdout)
    assert len(rows) == 12
    assert set(rows[0]) >= {"id", "title", "status", "orders"}
    assert sum(r["orders"] for r in rows) == 1200
    assert any("草莓" in r["title"] or "团" in r["title"] for r in rows)


def test_db_before_the_subcommand_works_too(demo_db: Path) -> None:
    result = cli("--db", str(demo_db), "campaigns", "--json", check=True)
    assert len(json.loads(result.stdout)) == 12


def test_members_json(demo_db: Path) -> None:
    rows = json.loads(cli("members", "--json", db=demo_db, check=True).stdout)
    assert len(rows) == 80
    assert all(len(r["mobile"]) == 11 for r in rows)
    assert {"name", "mobile", "tags", "tier", "referrals", "referrer_mobile"} <= set(rows[0])


def test_check_reports_ok(demo_db: Path) -> None:
    assert json.loads(cli("check", "--json", db=demo_db, check=True).stdout)["ok"] is True


def test_summary_json(demo_db: Path) -> None:
    campaign = next(
        r for r in json.loads(cli("campaigns", "--json", db=demo_db).stdout) if r["orders"]
    )
    data = json.loads(
        cli("summary", "--campaign", campaign["id"], "--json", db=demo_db, check=True).stdout
    )
    assert data["amount_fen"] == sum(x["amount_fen"] for x in data["lines"])
    assert isinstance(data["commission_fen"], int)


def test_backup_then_restore(tmp_path: Path, demo_db: Path) -> None:
    db = tmp_path / "own.db"
    cli("demo", "--members", "10", "--orders", "30", db=db, check=True)
    copy = tmp_path / "copy.db"
    out = json.loads(cli("backup", str(copy), "--json", db=db, check=True).stdout)
    assert out["counts"]["orders"] == 30
    cli("demo", "--members", "5", "--orders", "20", "--seed", "9", db=db, check=True)
    restored = json.loads(cli("restore", str(copy), "--json", db=db, check=True).stdout)
    assert restored["counts"]["orders"] == 30
    assert Path(restored["safety_backup"]).exists()
    assert json.loads(cli("check", "--json", db=db).stdout)["ok"]


@pytest.mark.parametrize(
    "args",
    [
        ("summary", "--campaign", "no-such-id"),
        ("restore", "/nonexistent/backup.db"),
        ("demo", "--members", "0"),
    ],
)
def test_user_errors_exit_1_with_one_line_and_change_nothing(tmp_path: Path, args) -> None:
    db = tmp_path / "s.db"
    cli("demo", "--members", "5", "--orders", "10", db=db, check=True)
    before = dump(db)
    result = cli(*args, db=db)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert dump(db) == before


def test_restore_of_a_non_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    cli("demo", "--members", "5", "--orders", "10", db=db, check=True)
    fake = tmp_path / "photo.db"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    before = dump(db)
    result = cli("restore", str(fake), db=db)
    assert result.returncode == 1 and "not a valid" in result.stderr
    assert dump(db) == before


def test_an_open_desk_lets_reads_through_and_a_held_write_makes_writes_explain(
    tmp_path: Path, monkeypatch
) -> None:
    from leader_app.app import LeaderApp

    db = tmp_path / "held.db"
    cli("demo", "--members", "5", "--orders", "10", db=db, check=True)
    monkeypatch.setenv("LEADER_APP_LOCK_WAIT", "0.3")
    with LeaderApp.open(db) as desk:  # holds the desk lock, as the open desk does
        assert len(json.loads(cli("campaigns", "--json", db=db, check=True).stdout)) >= 1
        before = dump(db)
        with desk.store.local():  # a write transaction in progress: writers must wait
            result = cli("demo", "--members", "1", "--orders", "0", db=db)
        assert result.returncode == 1 and "is writing to the data file" in result.stderr
        assert "Traceback" not in result.stderr and dump(db) == before


def test_sync_without_once_stops_when_the_desk_is_not_enrolled(tmp_path: Path) -> None:
    """`sync` loops until stopped, but a store that was never enrolled (or was restored from
    before its enrolment) cannot sync however often it tries: it says so once and exits
    instead of printing the same line every 30 seconds, forever."""
    db = tmp_path / "shop.db"
    cli("demo", "--members", "5", "--orders", "10", db=db, check=True)
    result = cli("sync", "--json", "--interval", "0.1", db=db)
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["problem"] for line in lines] == ["not_enrolled"]
    assert "enrol" in result.stderr.lower()


def test_the_desk_without_a_screen_says_so(tmp_path: Path) -> None:
    """`make run` over ssh: no X, no Wayland. Qt's own message blames libxcb-cursor0; ours
    says what is missing and points at the command line."""
    import os

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    argv = [sys.executable, str(ROOT / "main.py"), "--db", str(tmp_path / "s.db")]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)
    assert out.returncode == 2
    assert "DISPLAY" in out.stderr and "leader-app --help" in out.stderr
    assert "xcb-cursor" not in out.stderr and "Traceback" not in out.stderr
