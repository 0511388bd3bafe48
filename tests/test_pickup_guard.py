"""Issue 12: typed pickup codes cannot be guessed through the desk (a lockout after repeated
misses, kept per device across processes), and the shop's files are owner-only."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

from leader_app.app import LeaderApp
from leader_app.pickup import MISSES
from tests.test_cli import cli

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _wrong(code: str, n: int) -> str:
    """The same order number with another check tag."""
    head, tag = code.rsplit("-", 1)
    other = "".join(ALPHABET[(ALPHABET.index(c) + n + 1) % 32] for c in tag)
    return f"{head}-{other}"


def test_repeated_wrong_codes_lock_typed_codes_out(tmp_path) -> None:
    db = tmp_path / "s.db"
    cli("demo", "--members", "20", "--orders", "120", "--seed", "8", db=db, check=True)
    campaigns = json.loads(cli("campaigns", "--json", db=db, check=True).stdout)
    arrived = next(c["id"] for c in campaigns if c["status"] == "arrived")
    codes = json.loads(cli("codes", "--campaign", arrived, "--json", db=db, check=True).stdout)
    good = next(
        c for c in codes if cli("pickup", c["short_code"], "--dry-run", db=db).returncode == 0
    )
    for n in range(MISSES):  # each a separate process: the count is kept in the store
        out = cli("pickup", _wrong(good["short_code"], n), "--dry-run", "--json", db=db)
        assert out.returncode == 3 and json.loads(out.stdout)["reason"] == "bad_signature"
    locked = cli("pickup", good["short_code"], "--dry-run", "--json", db=db)
    data = json.loads(locked.stdout)
    assert locked.returncode == 3 and data["reason"] == "locked_out"
    assert "Too many wrong codes" in data["message"]
    assert cli("pickup", good["qr_payload"], "--dry-run", db=db).returncode == 0  # QR still ok
    conn = sqlite3.connect(db)  # a minute later (the lockout's end moved into the past)
    conn.execute(
        "UPDATE settings SET value = json_set(value, '$.until', 0) WHERE key = 'pickup.guard'"
    )
    conn.commit()
    conn.close()
    assert cli("pickup", good["short_code"], "--dry-run", db=db).returncode == 0


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_and_backups_are_owner_only(tmp_path) -> None:
    db = tmp_path / "shop" / "leader.db"
    with LeaderApp.open(db) as app:
        app.set_up_shop("幸福里便利店", "王店长", "北门")
        made = app.store.backups.at_start()
    assert _mode(db) == 0o600 and _mode(db.parent) == 0o700
    assert made and _mode(made[0].parent) == 0o700
    for path in made:
        assert _mode(path) == 0o600 and _mode(path.with_suffix(".json")) == 0o600
    out = cli("backup", str(tmp_path / "usb" / "copy.db"), db=db, check=True)
    assert out.returncode == 0 and _mode(tmp_path / "usb" / "copy.db") == 0o600
