"""A damaged data file: keep it, repair what can be read, and say what a backup would lose.

The order of remedies matters. Damage confined to an index loses nothing: REINDEX rebuilds it
from the rows. Damage to a table page loses only the rows on it: every other row is copied into
a fresh file. Only when that fails is an older backup offered, and then with the pickups and
orders it would lose named, and those pickups recorded again after the restore so the goods
are never handed over twice.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from leader_app.errors import StoreError

COUNTED = ("members", "products", "campaigns", "orders", "order_lines", "change_log")
CHUNK = 500


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def keep_damaged(path: Path) -> Path:
    """Copy the damaged file (and its -wal) aside as `<name>.damaged-<time>`, owner-only. It
    is never deleted by the desk: whatever a repair or a restore does, this stays."""
    path = Path(path)
    dest = Path(f"{path}.damaged-{_stamp()}")
    n = 1
    while dest.exists():
        n += 1
        dest = Path(f"{path}.damaged-{_stamp()}-{n}")
    for suffix in ("", "-wal"):
        src = Path(str(path) + suffix)
        if src.exists():
            target = Path(str(dest) + suffix)
            shutil.copyfile(src, target)
            os.chmod(target, 0o600)
    return dest


def problems(conn: sqlite3.Connection) -> list[str]:
    """integrity_check's findings ([] when the file is sound)."""
    try:
        found = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if found == ["ok"] else found


def _counts(conn: sqlite3.Connection) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for table in COUNTED:
        try:
            out[table] = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        except sqlite3.DatabaseError:
            out[table] = None
    return out


def repair(conn: sqlite3.Connection, path: Path) -> dict[str, Any]:
    """Repair the store open on `conn` (read-write, nothing else writing) in place. Returns
    {"method": "none"|"reindex"|"copy", "damaged_copy", "problems", "rows_lost", "counts"};
    raises StoreError('repair_failed') when not even a copy of the rows passes the check."""
    path = Path(path)
    found = problems(conn)
    if not found:
        return {"method": "none", "damaged_copy": "", "problems": [], "rows_lost": 0}
    damaged = keep_damaged(path)
    base = {"damaged_copy": str(damaged), "problems": found[:5]}
    try:
        conn.execute("REINDEX")
    except sqlite3.DatabaseError:
        pass  # a table is damaged too: the copy below
    if not problems(conn):
        return {**base, "method": "reindex", "rows_lost": 0, "counts": _counts(conn)}
    fresh = Path(f"{path}.repair")
    try:
        read, kept = _copy_rows(conn, fresh)
        check = sqlite3.connect(fresh)
        try:
            left = problems(check)
        finally:
            check.close()
        if left:
            raise StoreError("repair_failed", path=str(path), reason=left[0][:200])
        src = sqlite3.connect(f"file:{fresh.as_posix()}?mode=ro", uri=True)
        try:
            src.backup(conn)  # the open connection and its WAL stay coherent
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError("repair_failed", path=str(path), reason=str(exc)[:200]) from exc
    finally:
        for suffix in ("", "-journal"):
            Path(str(fresh) + suffix).unlink(missing_ok=True)
    if problems(conn):
        raise StoreError("repair_failed", path=str(path), reason="the copy did not take")
    return {**base, "method": "copy", "rows_lost": read - kept, "counts": _counts(conn)}


def _copy_rows(conn: sqlite3.Connection, fresh: Path) -> tuple[int, int]:
    """Every readable row of every table into a new file with the same schema. A table page
    that cannot be read is stepped over; the rows around it are kept. Returns (rows seen
    in the tables' counts, rows copied)."""
    for suffix in ("", "-journal"):
        Path(str(fresh) + suffix).unlink(missing_ok=True)
    schema = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY type = 'table' DESC, rowid"
    ).fetchall()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    new = sqlite3.connect(fresh, isolation_level=None)
    expected = copied = 0
    try:
        new.execute("BEGIN")
        tables = [name for kind, name, _sql in schema if kind == "table"]
        for kind, _name, sql in schema:
            if kind == "table":
                new.execute(sql)
        for table in tables:
            seen, kept = _copy_table(conn, new, table)
            try:
                expected += max(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0], seen)
            except sqlite3.DatabaseError:
                expected += seen
            copied += kept
        for kind, _name, sql in schema:
            if kind != "table":
                new.execute(sql)
        try:
            sequences = conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
            new.execute("DELETE FROM sqlite_sequence")
            new.executemany("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", sequences)
        except sqlite3.DatabaseError:
            pass  # no AUTOINCREMENT table, or its counters unreadable: SQLite recounts
        new.execute(f"PRAGMA user_version = {int(version)}")
        new.execute("COMMIT")
    finally:
        new.close()
    return expected, copied


def _copy_table(conn: sqlite3.Connection, new: sqlite3.Connection, table: str) -> tuple[int, int]:
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    names = ", ".join(["rowid", *columns])
    insert = f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({', '.join('?' for _ in range(len(columns) + 1))})"
    try:
        low, top = conn.execute(f"SELECT min(rowid), max(rowid) FROM {table}").fetchone()
        low, top = (low or 1) - 1, top or 0
    except sqlite3.DatabaseError:
        low, top = 0, 1 << 40
    last, seen, kept, misses = low, 0, 0, 0
    while last < top and misses < 1_000:
        try:
            rows = conn.execute(
                f"SELECT {names} FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (last, CHUNK),
            ).fetchall()
        except sqlite3.DatabaseError:
            # a page in this stretch cannot be read: look the rows up one by one, so only
            # those on the damaged page are left behind
            misses += 1
            rows = []
            for rowid in range(last + 1, last + CHUNK + 1):
                try:
                    rows += conn.execute(
                        f"SELECT {names} FROM {table} WHERE rowid = ?", (rowid,)
                    ).fetchall()
                except sqlite3.DatabaseError:
                    continue
            seen += len(rows)
            kept += _insert(new, insert, rows)
            last += CHUNK
            continue
        if not rows:
            break
        seen += len(rows)
        kept += _insert(new, insert, rows)
        last = rows[-1][0]
    return seen, kept


def _insert(new: sqlite3.Connection, sql: str, rows: list[Any]) -> int:
    before = new.total_changes
    new.executemany(sql, [tuple(r) for r in rows])
    return new.total_changes - before


def backup_loss(conn: sqlite3.Connection, backup: Path) -> dict[str, Any]:
    """What restoring `backup` over the store on `conn` would lose: orders the backup does
    not have, and pickups it does not know of. `readable` is False when the damaged store
    could not be read far enough to tell."""
    conn.execute("ATTACH DATABASE ? AS bk", (f"file:{Path(backup).as_posix()}?mode=ro",))
    try:
        orders = [
            r[0]
            for r in conn.execute(
                "SELECT o.order_no FROM main.orders o WHERE NOT EXISTS "
                "(SELECT 1 FROM bk.orders b WHERE b.id = o.id) ORDER BY o.created_at"
            )
        ]
        pickups = [
            dict(zip(("order_id", "order_no", "picked_up_at", "picked_up_by"), r, strict=True))
            for r in conn.execute(
                "SELECT o.id, o.order_no, o.picked_up_at, o.picked_up_by FROM main.orders o "
                "JOIN bk.orders b ON b.id = o.id WHERE o.status = 'picked_up' "
                "AND b.status != 'picked_up' ORDER BY o.picked_up_at"
            )
        ]
        partial = [
            dict(zip(("line_id", "order_id", "picked_qty"), r, strict=True))
            for r in conn.execute(
                "SELECT l.id, l.order_id, l.picked_qty FROM main.order_lines l "
                "JOIN bk.order_lines b ON b.id = l.id WHERE l.picked_qty > b.picked_qty"
            )
        ]
        readable = True
    except sqlite3.DatabaseError:
        orders, pickups, partial, readable = [], [], [], False
    finally:
        conn.execute("DETACH DATABASE bk")
    return {
        "orders": len(orders),
        "pickups": len(pickups),
        "order_nos": orders[:50],
        "pickup_orders": pickups,
        "picked_lines": partial,
        "readable": readable,
    }


def repair_file(path: Path) -> dict[str, Any]:
    """The same repair for a file the store refused to open (quick_check failed at start):
    under the store's lock, on a plain connection, before anything else touches it."""
    from storage.lock import FileLock

    path = Path(path).expanduser().resolve()
    lock = FileLock(path)
    if not lock.acquire(0):
        raise StoreError("store_in_use", path=str(path))
    try:
        conn = sqlite3.connect(
            f"file:{path.as_posix()}", uri=True, isolation_level=None, timeout=10
        )
        try:
            return repair(conn, path)
        except sqlite3.DatabaseError as exc:
            raise StoreError("repair_failed", path=str(path), reason=str(exc)[:200]) from exc
        finally:
            conn.close()
    finally:
        lock.release()


def loss_of_file(path: Path, backup: Path) -> dict[str, Any] | None:
    """backup_loss for a store that will not open (damaged): read what can be read; None when
    the file cannot be read far enough to tell."""
    try:
        conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    except sqlite3.DatabaseError:
        return None
    try:
        return backup_loss(conn, backup)
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
