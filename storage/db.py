"""Opening a store: the file, its pragmas, its lock, its migrations and its transactions."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from leader_app.errors import StoreError
from storage import changelog_sql, migrations
from storage.backup import Backups, clean_partials, newest_good
from storage.lock import FileLock
from storage.tx import Changes, References, Tx, new_id

APP_NAME = "LeaderDesk"
log = logging.getLogger(__name__)


def default_backup_dir(db_path: Path) -> Path:
    """`shop-backups/` beside `shop.db`: each store keeps its own, never mixed."""
    return Path(db_path).parent / f"{Path(db_path).stem}-backups"


def default_db_path() -> Path:
    """`LEADER_APP_DB` wins; otherwise one file per shop in the platform's user-data folder."""
    env = os.environ.get("LEADER_APP_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "leader.db"


def upgrade_pending(path: Path) -> bool:
    """Whether opening this file will migrate it (and so take a while on a big store): the
    desk says so before it opens. Read-only, and only before the store itself is open, so no
    lock this process holds on the file can be dropped by the close."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        # as_uri() needs an absolute path: `--db shop.db` from the shop's folder made the desk
        # exit at start, with nothing on screen, once the file existed.
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False  # the open itself explains what is wrong with the file
    return 0 < version < migrations.LATEST


def _utc_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


WAL_KEEP_BYTES = 32 * 1024 * 1024


def _connect(path: Path, readonly: bool = False, busy_seconds: float = 10.0) -> sqlite3.Connection:
    uri = f"file:{path.as_posix()}{'?mode=ro' if readonly else ''}"
    conn = sqlite3.connect(
        uri, uri=True, isolation_level=None, check_same_thread=False, timeout=busy_seconds
    )
    conn.row_factory = sqlite3.Row
    # A writer waits this long for another process's write transaction (the desk's, or a CLI
    # command's) before giving up: SQLite's own lock serialises writers across processes.
    conn.execute(f"PRAGMA busy_timeout = {int(busy_seconds * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        mode = _wal(conn, busy_seconds)
        if mode.lower() != "wal":
            raise sqlite3.OperationalError(f"journal_mode is {mode}, not wal")
        # A big import or an upgrade grows the WAL to the size of what it wrote (an upgrade
        # of a 329 MB store left a 203 MB WAL behind for good); after a checkpoint the WAL
        # is cut back to this much.
        conn.execute(f"PRAGMA journal_size_limit = {WAL_KEEP_BYTES}")
    conn.execute("PRAGMA synchronous = FULL")
    # 16 MB of page cache (default 2 MB): bulk imports touch several b-trees at once.
    conn.execute("PRAGMA cache_size = -16384")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _wal(conn: sqlite3.Connection, seconds: float) -> str:
    """Put the store in WAL mode. A store is out of it only while a bulk import writes it
    alone (`_rollback_journal`); the pragma then fails at once ("database is locked")
    instead of waiting as busy_timeout would, so wait here, as long: the import's commit
    ends it."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _busy(exc: sqlite3.DatabaseError) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED: another connection holds the file. (An error raised by
    our own code, such as a failed quick_check, carries no SQLite code.)"""
    code = getattr(exc, "sqlite_errorcode", 0)
    return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _rollback_journal(conn: sqlite3.Connection) -> bool:
    """Take the store out of WAL for one bulk transaction, if no other connection has it
    open (leaving WAL needs that; the desk's imports, with its readers open, stay in WAL).
    Through a rollback journal the new pages are written once, into the store. Through the
    WAL they are written twice: into the WAL, then into the store by the checkpoint, which
    took 0.27 s of a 100,000-line import's 2.7 s (docs/bulk-import.md). A rollback
    journal with synchronous = FULL is as atomic and durable; only readers that start
    meanwhile wait for the commit. True if it did; `_back_to_wal` undoes it."""
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")  # another connection has it: no wait, stay
    try:
        return conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    except sqlite3.OperationalError:
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {timeout}")


def _back_to_wal(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError as exc:  # a reader came meanwhile: whoever opens next
        log.warning("store left in rollback-journal mode: %s", exc)  # sets WAL (_connect)


class Store:
    """One connection to a shop's data file. Not shared between threads: the UI gives the
    writer thread its own Store and opens read-only siblings with `reader()`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: FileLock | None) -> None:
        self.path = path
        self.conn = conn
        self._lock = lock
        self._listeners: list[Callable[[Changes], None]] = []
        self._column_defaults: dict[str, dict] = {}  # for Tx; cleared when the schema moves
        self.migrated: list[int] = []
        self.pre_migration_backup: Path | None = None

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        lock: bool = True,
        wait_seconds: float = 0.0,
        migrate: bool = True,
        check: bool = False,
        busy_seconds: float = 10.0,
    ) -> Store:
        """`check` runs PRAGMA quick_check first (the desk does at every start): a damaged
        file is refused, never used, and the error names the newest good backup.

        `lock` takes the desk lock (`<db>.lock`): only one desk window per file. The command
        line opens with `lock=False` and works beside an open desk through SQLite's own
        locking (WAL readers never wait; writers wait up to `busy_seconds`)."""
        path = Path(path).expanduser().resolve()
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            clean_partials(default_backup_dir(path))  # a stale half-copy must never block
            new = not path.exists()
            if new:  # the shop's data (its secret, full mobiles): owner-only
                os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        except OSError as exc:  # a file where its folder should be, no permission, …
            raise StoreError("store_unreadable", path=str(path), reason=str(exc)) from exc
        if not new and path.stat().st_size == 0 and not Path(f"{path}-wal").exists():
            lost = _emptied(path)  # an existing file emptied: not a new shop
            if lost is not None:
                raise lost
        file_lock = None
        if lock:
            file_lock = FileLock(path)
            if not file_lock.acquire(wait_seconds):
                raise StoreError("store_in_use", path=str(path))
        conn = None
        try:
            conn = _connect(path, busy_seconds=busy_seconds)
            version = migrations.current_version(conn)
            if check:
                result = conn.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise sqlite3.DatabaseError(f"quick_check: {result}")
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()  # a half-open connection would keep SQLite's lock on the file
            if file_lock:
                file_lock.release()
            if _busy(exc):  # a writer holds the file past the busy timeout: not damage
                raise StoreError("store_busy", path=str(path)) from exc
            damage = (
                str(exc)
                if "malformed" in str(exc) or "quick_check" in str(exc)
                else (_probe(path) if check else "")
            )
            if damage:
                raise corrupt_error(path, damage) from exc
            raise StoreError("store_unreadable", path=str(path), reason=str(exc)) from exc
        if version > migrations.LATEST:
            conn.close()
            if file_lock:
                file_lock.release()
            raise StoreError("store_too_new", found=version, known=migrations.LATEST)
        store = cls(path, conn, file_lock)
        if migrate:
            store.migrated = migrations.apply(conn, store._backup_before_migration)
            if store.migrated:
                migrations.compact_if_sparse(conn)
            store._column_defaults.clear()
        return store

    def reader(self) -> Store:
        """A second connection for reads on another thread; WAL lets it read while we write.
        It is opened read-only (`mode=ro`): every write goes through the one writer."""
        return Store(self.path, _connect(self.path, readonly=True), None)

    def data_version(self) -> int:
        """Moves whenever another connection (another process, or another connection of this
        one) commits to the file; never for this connection's own commits."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            if self._lock:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions -------------------------------------------------------------------------
    def add_listener(self, callback: Callable[[Changes], None]) -> None:
        self._listeners.append(callback)

    @contextmanager
    def atomic(self, action: str, *, undoes: str | None = None, bulk: bool = False) -> Iterator[Tx]:
        """BEGIN IMMEDIATE … COMMIT around one service call, with its tx_log row. A failure of
        any kind rolls everything back, so nothing is half-written. `bulk` (an import): the
        references are checked once per parent at the end (storage/tx.References), not row by
        row; SQLite's own checks are off for this one transaction. It also goes through a
        rollback journal when nobody else has the store open (`_rollback_journal`)."""
        references = None
        journal = False
        try:
            if bulk:  # outside a transaction, where the pragmas take effect
                self.conn.execute("PRAGMA foreign_keys = OFF")
                references = References(self.conn)
                journal = _rollback_journal(self.conn)
            tx = Tx(self.conn, new_id(), action, _utc_iso(), self._column_defaults, references)
            tx.changes.undoes = undoes
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise write_error(exc) from exc
            try:
                start = changelog_sql.last_seq(self.conn)
                tx.first_seq = start + 1
                yield tx
                tx.finish()  # paused indexes rebuilt, the writer thread's inserts done
                changelog_sql.log_tx(self.conn, tx.tx_id, action, tx.at, undoes, start)
                self.conn.execute("COMMIT")
            except BaseException as exc:
                with suppress(BaseException):
                    tx.settle()  # the writer thread is done with the connection first
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.DatabaseError):
                    raise write_error(exc) from exc
                raise
        finally:
            if bulk:
                self.conn.execute("PRAGMA foreign_keys = ON")
            if journal:
                _back_to_wal(self.conn)
        for listener in list(self._listeners):
            listener(tx.changes)

    @contextmanager
    def local(self) -> Iterator[sqlite3.Connection]:
        """A transaction for device-local bookkeeping (sync state), outside the change log."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise write_error(exc) from exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # -- backups ----------------------------------------------------------------------------
    @property
    def backup_dir(self) -> Path:
        """The leader may point backups elsewhere (a USB stick): setting backup.dir."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = 'backup.dir'").fetchone()
        return Path(row[0]) if row and row[0] else default_backup_dir(self.path)

    @property
    def backups(self) -> Backups:
        return Backups(self.conn, self.backup_dir)

    def _backup_before_migration(self, version: int) -> None:
        if version == 0:
            return  # a new, empty file has nothing to lose
        self.pre_migration_backup = self.backups.make("pre-migration", f"schema {version}")


def write_error(exc: sqlite3.DatabaseError) -> StoreError:
    """SQLite's failure, as the leader should hear it."""
    text = str(exc).lower()
    if _busy(exc):  # another process's write outlasted the busy timeout
        return StoreError("store_write_busy", reason=str(exc))
    if "full" in text:
        return StoreError("store_disk_full", reason=str(exc))
    if "readonly" in text or "read-only" in text:
        return StoreError("store_read_only", reason=str(exc))
    return StoreError("store_write_failed", reason=str(exc))


def corrupt_error(path: Path, detail: str) -> StoreError:
    good = newest_good(default_backup_dir(path))
    return StoreError(
        "store_corrupt",
        path=str(path),
        detail=detail[:200],
        backup=good["path"] if good else "",
        backup_at=good["at"] if good else "",
    )


def _emptied(path: Path) -> StoreError | None:
    """A 0-byte data file with backups of a real shop beside it was lost (a sync tool, a
    crash while saving), not a new shop: it must not be filled with an empty store."""
    from storage.backup import list_backups, verify

    for candidate in list_backups(default_backup_dir(path)):
        if not any(candidate.get("counts", {}).values()):
            continue
        try:
            verify(Path(candidate["path"]))
        except StoreError:
            continue
        return StoreError(
            "store_empty", path=str(path), backup=candidate["path"], backup_at=candidate["at"]
        )
    return None


def _probe(path: Path) -> str:
    """After a failed open: is the file damaged? A read-only quick_check says ('' = no)."""
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, timeout=1)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
        return "" if result == "ok" else result
    except sqlite3.DatabaseError as exc:
        return str(exc)
