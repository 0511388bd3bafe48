"""`leader-app check` compares the file's tables, columns and indexes with what the program's
migrations build (sqlite-utils' introspection): a dropped index leaves integrity_check at "ok"
but slows the desk, and a missing column breaks it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from leader_app.app import LeaderApp
from storage.integrity import check
from tests.conftest import ROOT


def test_a_fresh_store_has_every_table_column_and_index(fresh_db) -> None:
    result = check(fresh_db.store.conn)
    assert result["ok"] is True and result["problems"] == {}


def test_a_dropped_index_and_column_are_named(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    LeaderApp.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("DROP INDEX ix_members_nickname")
    conn.execute("ALTER TABLE members DROP COLUMN notes")
    conn.commit()
    conn.close()
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "check", "--json", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode == 1, out.stderr
    result = json.loads(out.stdout)
    assert result["ok"] is False and result["integrity"] == ["ok"]  # SQLite sees nothing wrong
    assert result["problems"]["schema_missing_index"] == ["members.ix_members_nickname"]
    assert result["problems"]["schema_missing_column"] == ["members.notes"]
    assert "schema_missing_table" not in result["problems"]
