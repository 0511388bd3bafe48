"""A new version opens a store that an older version wrote: it backs the file up, migrates it and
keeps every row. Each fixture in tests/fixtures/schema/ was written by the real program at the
commit named in manifest.json (tools/schema_fixture.py), so every migration added since is run
over data the old code really produced."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from leader_app.app import LeaderApp
from storage import migrations
from storage.integrity import check

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "schema"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
# Every schema a release has shipped with. Add the next (and its fixture, with
# tools/schema_fixture.py) when a release ships a new migration. Migrations 5–8 landed together
# with 9, so no leader's store was ever written at them.
SHIPPED = [1, 2, 3, 4, 9]


def test_every_shipped_schema_has_a_fixture() -> None:
    assert sorted(int(v) for v in MANIFEST) == SHIPPED
    for version in MANIFEST:
        assert (FIXTURES / f"v{version}.db").exists()
    assert max(SHIPPED) <= migrations.LATEST


def test_the_full_image_log_of_schema_9_becomes_the_lean_one(tmp_path) -> None:
    """Schema 9 kept a JSON image of every inserted row. The upgrade keeps every change (as a
    reference), keeps update and delete images for undo, and gives the space back."""
    path = tmp_path / "leader.db"
    shutil.copyfile(FIXTURES / "v9.db", path)
    old = sqlite3.connect(path)
    kinds = old.execute("SELECT op, count(*), count(after) FROM change_log GROUP BY op").fetchall()
    old.close()
    with LeaderApp.open(path, check=True) as app:
        conn = app.store.conn
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0  # compacted
        now = conn.execute("SELECT op, count(*), count(after) FROM change_log GROUP BY op")
        lean = {op: (n, kept) for op, n, kept in now}
        for op, n, kept in kinds:
            assert lean[op] == (n, 0 if op == "insert" else kept), op
        assert check(conn)["ok"]


@pytest.fixture(params=sorted(MANIFEST, key=int))
def old_store(request, tmp_path) -> tuple[int, Path]:
    version = int(request.param)
    path = tmp_path / "leader.db"
    shutil.copyfile(FIXTURES / f"v{version}.db", path)
    return version, path


def test_old_store_is_backed_up_migrated_and_keeps_every_row(old_store) -> None:
    version, path = old_store
    expected = MANIFEST[str(version)]
    with LeaderApp.open(path, check=True) as app:
        conn = app.store.conn
        assert app.store.migrated == list(range(version + 1, migrations.LATEST + 1))
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table, count in expected["counts"].items():
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count, table
        order = expected["order"]
        total = conn.execute(
            "SELECT sum(l.quantity * l.unit_price_fen) FROM orders o "
            "JOIN order_lines l ON l.order_id = o.id WHERE o.order_no = ?",
            (order["order_no"],),
        ).fetchone()[0]
        assert total == order["total_fen"]
        if version < migrations.LATEST:
            backup = app.store.pre_migration_backup
            assert backup is not None and backup.exists()
            old = sqlite3.connect(backup)
            assert old.execute("PRAGMA user_version").fetchone()[0] == version
            assert (
                old.execute("SELECT count(*) FROM orders").fetchone()[0]
                == (expected["counts"]["orders"])
            )
            old.close()
        else:
            assert app.store.pre_migration_backup is None
        # The old log reads back through the lean one: its ids are the records' ids again.
        linked = conn.execute(
            "SELECT count(*) FROM change_log c JOIN orders o ON o.id = c.entity_id "
            "WHERE c.entity = 'orders'"
        ).fetchone()[0]
        assert linked >= expected["counts"]["orders"] > 0
        # The upgraded store takes writes through the one write path, change log included.
        before = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
        member = app.members.create({"name": "升级后新会员", "mobile": "13900001111"})
        assert member["member_no"] > 0
        assert conn.execute("SELECT count(*) FROM change_log").fetchone()[0] > before


def test_old_store_through_the_command_line(old_store) -> None:
    """The whole program, as a leader's upgraded install runs it: `check` then `campaigns`."""
    version, path = old_store
    run = [sys.executable, str(ROOT / "main.py")]
    check = subprocess.run(
        [*run, "check", "--db", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert check.returncode == 0, check.stderr
    assert json.loads(check.stdout)["ok"] is True
    listed = subprocess.run(
        [*run, "campaigns", "--db", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert listed.returncode == 0, listed.stderr
    campaigns = json.loads(listed.stdout)
    assert len(campaigns) == MANIFEST[str(version)]["counts"]["campaigns"]
    assert sum(c["orders"] for c in campaigns) <= MANIFEST[str(version)]["counts"]["orders"]


def test_version_names_the_schema_and_the_data_folder(tmp_path) -> None:
    env_db = tmp_path / "shop" / "leader.db"
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**__import__("os").environ, "LEADER_APP_DB": str(env_db)},
    )
    assert result.returncode == 0
    from leader_app import __version__

    assert __version__ in result.stdout
    assert f"schema {migrations.LATEST}" in result.stdout
    assert str(env_db.parent) in result.stdout


def test_the_desk_knows_before_opening_that_a_store_will_be_upgraded(tmp_path, monkeypatch) -> None:
    """The desk shows a please-wait notice before an upgrade (seconds on a big store); the
    check reads the file without opening the store."""
    from storage.db import upgrade_pending

    path = tmp_path / "leader.db"
    assert not upgrade_pending(path)  # no file yet: a new store, nothing to upgrade
    shutil.copyfile(FIXTURES / "v9.db", path)
    assert upgrade_pending(path)
    LeaderApp.open(path).close()
    assert not upgrade_pending(path)
    path.write_bytes(b"not a database at all" * 100)
    assert not upgrade_pending(path)  # the open explains a damaged file itself
    monkeypatch.chdir(tmp_path)  # `--db old.db` from the shop's folder: a relative path
    shutil.copyfile(FIXTURES / "v9.db", tmp_path / "old.db")
    assert upgrade_pending(Path("old.db"))
