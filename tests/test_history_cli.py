"""`leader-app history` and `leader-app undo TX_ID` as real processes on a real store."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from leader_app.clock import from_utc_iso
from tests.conftest import ROOT, SAMPLES, dump
from tests.test_cli import cli


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _import(db: Path) -> dict:
    return json.loads(
        cli(
            "import",
            str(SAMPLES / "ktt_export.xlsx"),
            "--new-campaign",
            "快团团",
            "--json",
            db=db,
            check=True,
        ).stdout
    )


def _refused(result: subprocess.CompletedProcess) -> str:
    """A refusal: exit 1, nothing on stdout, one `leader-app: …` line on stderr."""
    assert result.returncode == 1, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith("leader-app: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    return result.stderr


def test_an_import_is_undone_by_its_tx_id_and_history_says_so(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    imported = _import(db)
    assert imported["orders_imported"] == 80 and _count(db, "orders") == 80

    before = json.loads(cli("history", "--json", db=db, check=True).stdout)
    assert before[0]["tx_id"] == imported["tx_id"] and before[0]["action"] == "import.orders"
    assert before[0]["summary"]["orders"] == {"insert": 80}
    assert before[0]["undone"] is False

    undone = json.loads(cli("undo", imported["tx_id"], "--json", db=db, check=True).stdout)
    assert undone["undone"] == imported["tx_id"] and undone["records"]["orders"] == 80
    assert _count(db, "orders") == 0 and _count(db, "order_lines") == 0
    assert _count(db, "members") == 0 and _count(db, "campaigns") == 0

    after = json.loads(cli("history", "--json", db=db, check=True).stdout)
    assert [r["tx_id"] for r in after[:2]] == [undone["tx_id"], imported["tx_id"]]
    assert after[0]["action"] == "undo:import.orders"
    assert after[0]["undoes"] == imported["tx_id"]
    assert after[1]["undone"] is True and after[1]["undone_by"] == undone["tx_id"]

    # Undoing it again is refused in one line and changes nothing.
    state = dump(db)
    assert "already undone" in _refused(cli("undo", imported["tx_id"], db=db))
    assert "cannot be undone" in _refused(cli("undo", undone["tx_id"], db=db))
    assert "was not found" in _refused(cli("undo", "no-such-tx", db=db))
    refused = cli("undo", imported["tx_id"], "--json", db=db)
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["error"]["code"] == "undo_already_done"
    assert dump(db) == state


def test_undo_refuses_when_a_later_change_touched_the_same_records(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    imported = _import(db)
    cli("arrive", "--campaign", imported["campaign_id"], db=db, check=True)  # updates the campaign
    state = dump(db)
    message = _refused(cli("undo", imported["tx_id"], db=db))
    assert "changed again since" in message
    assert dump(db) == state and _count(db, "orders") == 80
    assert json.loads(cli("history", "--json", db=db, check=True).stdout)[1]["undone"] is False


def test_history_text_is_in_local_time_newest_first_and_limited(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    imported = _import(db)
    cli("import", str(SAMPLES / "members.xlsx"), db=db, check=True)
    rows = json.loads(cli("history", "--json", "--limit", "1", db=db, check=True).stdout)
    assert len(rows) == 1 and rows[0]["action"] == "import.members"

    env = {**os.environ, "TZ": "Asia/Shanghai"}  # UTC+8 all year: local time differs from UTC
    text = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "history", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert "import.members" in lines[0] and imported["tx_id"] in lines[1]
    at = from_utc_iso(json.loads(cli("history", "--json", db=db).stdout)[1]["at"])
    assert lines[1].startswith((at + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S"))
    assert "orders: 80 added" in lines[1]

    assert "--limit must be at least 1" in _refused(cli("history", "--limit", "0", db=db))
