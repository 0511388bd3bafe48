"""`leader-app restore` on a store that will not open any more: this is when a leader restores.
A new user's trial found it refused ("the data file is damaged … restore a backup"), sending
the leader in a circle."""

from __future__ import annotations

import json

from tests.conftest import SAMPLES
from tests.test_cli import cli


def test_restore_a_store_that_will_not_open(tmp_path) -> None:
    db = tmp_path / "shop.db"
    cli("demo", "--members", "30", "--orders", "200", db=db, check=True)
    backup = json.loads(cli("backup", "--json", db=db, check=True).stdout)["path"]
    with open(db, "r+b") as f:  # the schema page's cells: the store cannot even be read
        f.seek(100)
        f.write(b"\xff" * 3000)
    refused = cli("campaigns", "--json", db=db)
    assert refused.returncode == 1 and "damaged" in refused.stderr
    dry = cli("restore", backup, "--dry-run", "--json", db=db)
    assert dry.returncode == 0, dry.stderr
    preview = json.loads(dry.stdout)
    assert preview["backup"] == backup and preview["readable"] is False
    done = cli("restore", backup, "--json", db=db)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["restored_from"] == backup
    assert json.loads(cli("check", "--json", db=db, check=True).stdout)["ok"] is True
    campaigns = json.loads(cli("campaigns", "--json", db=db, check=True).stdout)
    assert sum(c["orders"] for c in campaigns) == 200
    assert list(tmp_path.glob("shop.db.damaged-*"))  # the damaged file is kept


def _at_a_terminal(argv: list[str], answer: bytes) -> tuple[int, str]:
    """Run the CLI with a real pseudo-terminal as its stdin and stdout, and answer its
    question."""
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import ROOT

    master, slave = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
    )
    os.close(slave)
    out = b""
    answered = False
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
        if not answered and b"Type yes" in out:
            os.write(master, answer)
            answered = True
    os.close(master)
    return child.wait(timeout=60), out.decode(errors="replace")


def test_restore_at_a_terminal_asks_first_and_a_dry_run_may_look_beside_the_desk(
    tmp_path,
) -> None:
    """Restore replaces everything, so at a terminal it says what and asks; "no" changes
    nothing. A dry run only reads, so it answers while the desk has the file open."""
    from leader_app.app import LeaderApp

    db = tmp_path / "shop.db"
    cli("demo", "--members", "10", "--orders", "40", "--seed", "2", db=db, check=True)
    backup = json.loads(cli("backup", "--json", db=db, check=True).stdout)["path"]
    cli("import", str(SAMPLES / "qjl_export.csv"), "--new-campaign", "后来", db=db, check=True)

    def orders() -> int:
        import sqlite3

        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM orders").fetchone()[0]

    after_import = orders()
    code, text = _at_a_terminal(["restore", backup, "--db", str(db)], b"no\n")
    assert code == 1 and "50 orders made since the backup" in text and "not restored" in text
    assert "T" not in text.split("made ")[1][:17]  # local time, not UTC ISO
    assert orders() == after_import
    code, text = _at_a_terminal(["restore", backup, "--db", str(db)], b"yes\n")
    assert code == 0, text
    assert orders() == 40
    with LeaderApp.open(db):  # the desk is open: a dry run still answers, a restore does not
        looked = cli("restore", backup, "--dry-run", "--json", db=db)
        assert looked.returncode == 0, looked.stderr
        assert cli("restore", backup, "--yes", db=db).returncode == 1
