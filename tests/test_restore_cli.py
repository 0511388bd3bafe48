"""`leader-app restore` on a store that will not open any more: this is when a leader restores.
A new user's trial found it refused ("the data file is damaged … restore a backup"), sending
the leader in a circle."""

from __future__ import annotations

import json

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
