"""Online backups with SQLite's backup API, verified after writing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from leader_app.errors import StoreError

COUNTED = ("members", "products", "campaigns", "orders", "order_lines")


def backup_to(conn: sqlite3.Connection, dest: Path) -> Path:
    """Copy a live store to `dest` (consistent even while it is being written), then verify it."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    target = sqlite3.connect(tmp)
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    verify(tmp)
    tmp.replace(dest)
    return dest


def verify(path: Path) -> dict[str, int]:
    """Integrity check plus row counts; raises StoreError when the file is not a usable store."""
    path = Path(path)
    if not path.is_file():
        raise StoreError("file_not_found", path=str(path))
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise StoreError("backup_invalid", path=str(path), reason=result)
            return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in COUNTED}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError("backup_invalid", path=str(path), reason=str(exc)) from exc


def restore_from(conn: sqlite3.Connection, source: Path) -> dict[str, int]:
    """Replace the open store's content with a verified backup, through the backup API so the
    open connection and its WAL stay coherent."""
    counts = verify(source)
    src = sqlite3.connect(f"file:{Path(source).as_posix()}?mode=ro", uri=True)
    try:
        src.backup(conn)
    finally:
        src.close()
    return counts
