"""One small adapter over SQLite (default, zero set-up) and PostgreSQL (psycopg).

SQL is written once with `?` placeholders; PostgreSQL gets `%s`. Several stateless API
processes can share one PostgreSQL; SQLite is for a single process.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS leaders (
           id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS enrollments (
           code_hash TEXT PRIMARY KEY, leader_id TEXT NOT NULL, created_at TEXT NOT NULL,
           used_at TEXT)""",
    """CREATE TABLE IF NOT EXISTS devices (
           id TEXT PRIMARY KEY, leader_id TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
           name TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, expires_at TEXT,
           revoked_at TEXT)""",
    """CREATE TABLE IF NOT EXISTS batches (
           leader_id TEXT NOT NULL, batch_id TEXT NOT NULL, body_hash TEXT NOT NULL,
           status TEXT NOT NULL, claimed_at DOUBLE PRECISION NOT NULL, result TEXT,
           created_at TEXT NOT NULL, PRIMARY KEY (leader_id, batch_id))""",
    """CREATE TABLE IF NOT EXISTS records (
           leader_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
           data TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL,
           PRIMARY KEY (leader_id, entity, entity_id))""",
    """CREATE TABLE IF NOT EXISTS dead_letters (
           leader_id TEXT NOT NULL, batch_id TEXT NOT NULL, seq BIGINT NOT NULL,
           entity TEXT NOT NULL, entity_id TEXT NOT NULL, reason TEXT NOT NULL,
           change TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (leader_id, batch_id, seq))""",
    # The catalog feed: products and suggested campaigns (kind), in one cursor order.
    # product_id is the item's id, whichever kind it is.
    """CREATE TABLE IF NOT EXISTS catalog (
           cursor BIGINT PRIMARY KEY, product_id TEXT NOT NULL, op TEXT NOT NULL,
           data TEXT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'product')""",
    # Running HQ processes: a batch claim names its owner, and an owner whose process is gone
    # (same host, pid dead) or whose heartbeat stopped loses its claims at once.
    """CREATE TABLE IF NOT EXISTS instances (
           id TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL,
           started_at TEXT NOT NULL, heartbeat DOUBLE PRECISION NOT NULL,
           stopped INTEGER NOT NULL DEFAULT 0)""",
]
# Columns added after a table first shipped: (table, column, definition).
ADDED_COLUMNS = [
    ("catalog", "kind", "TEXT NOT NULL DEFAULT 'product'"),
    ("enrollments", "expires_at", "TEXT"),  # NULL: a code from before expiry existed
    ("batches", "owner", "TEXT"),  # the instance applying it (NULL: before owners existed)
    ("records", "version", "TEXT"),  # docs/sync-verify.md; NULL until first verified
    ("records", "id_hash", "TEXT"),  # sha256(entity_id), for narrowed digests
]
POOL_SIZE = 8  # PostgreSQL connections per HQ process (hq-server serve --pool-size)


class PoolTimeout(Exception):
    """Every pooled connection stayed busy for the whole wait: HQ answers 503."""


class _Pool:
    """A bounded pool: at most `size` connections, a caller waits for a free one."""

    def __init__(self, connect: Any, size: int, wait: float = 30.0) -> None:
        self._connect, self.size, self.wait = connect, max(1, size), wait
        self._idle: list[Any] = []
        self.opened = 0
        self._cond = threading.Condition()

    def get(self) -> Any:
        with self._cond:
            while not self._idle and self.opened >= self.size:
                if not self._cond.wait(self.wait):
                    raise PoolTimeout("no free database connection")
            if self._idle:
                return self._idle.pop()
            self.opened += 1
        try:
            return self._connect()
        except BaseException:
            with self._cond:
                self.opened -= 1
                self._cond.notify()
            raise

    def put(self, conn: Any, broken: bool) -> None:
        with self._cond:
            if broken:
                self.opened -= 1
                try:
                    conn.close()
                except Exception:
                    pass
            else:
                self._idle.append(conn)
            self._cond.notify()


def _owner_only(path: Path) -> None:
    """hq.db holds token hashes and every shop's records: owner-only (0600), new or old."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO) and path.stat().st_uid == os.getuid():
        os.chmod(path, 0o600)


class Database:
    def __init__(self, url: str, pool_size: int = POOL_SIZE) -> None:
        self.url = url
        self.is_pg = url.startswith(("postgresql://", "postgres://"))
        self._local = threading.local()
        self.pool = _Pool(self._connect, pool_size) if self.is_pg else None
        if not self.is_pg:
            path = Path(url).expanduser()
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            _owner_only(path)
        with self.transaction() as cur:
            for statement in SCHEMA:
                cur.execute(statement)
        for table, column, definition in ADDED_COLUMNS:
            try:
                with self.transaction() as cur:
                    cur.execute(f"SELECT {column} FROM {table} WHERE 1 = 0")
            except Exception:  # a database made before the column existed
                with self.transaction() as cur:
                    cur.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
        from hq_server import desk_schema  # the web desk's tables and typed projections

        desk_schema.install(self)

    def _connect(self) -> Any:
        if self.is_pg:
            import psycopg

            return psycopg.connect(self.url, autocommit=False, application_name="hq-server")
        conn = sqlite3.connect(self.url, isolation_level=None, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA busy_timeout = 30000")
        return conn

    def connection(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    @contextmanager
    def transaction(self, pooled: bool = True) -> Iterator[Cursor]:
        """One transaction. pooled=False (PostgreSQL): on this thread's own connection, outside
        the pool, so the heartbeat never waits behind busy requests."""
        if self.is_pg:
            if pooled:
                conn = self.pool.get()
            else:
                conn = getattr(self._local, "conn", None)
                if conn is None or conn.closed or conn.broken:
                    conn = self._local.conn = self._connect()
            broken = False
            try:
                with conn.cursor() as raw:
                    yield Cursor(raw, True)
                conn.commit()
            except BaseException:
                try:
                    conn.rollback()
                except Exception:
                    broken = True
                raise
            finally:
                if pooled:
                    self.pool.put(conn, broken or conn.closed or conn.broken)
        else:
            conn = self.connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Cursor(conn.cursor(), False)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise


class Cursor:
    def __init__(self, raw: Any, pg: bool) -> None:
        self.raw = raw
        self.pg = pg

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.pg else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        self.raw.execute(self._sql(sql), params)
        return self

    def executemany(self, sql: str, rows: list[Sequence[Any]]) -> None:
        if rows:
            self.raw.executemany(self._sql(sql), rows)

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        self.execute(sql, params)
        return self.raw.fetchone()

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        self.execute(sql, params)
        return self.raw.fetchall()

    def upsert_sql(self) -> str:
        return (
            "INSERT INTO records (leader_id, entity, entity_id, data, deleted, updated_at, "
            "version, id_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (leader_id, entity, entity_id) DO UPDATE "
            "SET data = excluded.data, deleted = excluded.deleted, "
            "updated_at = excluded.updated_at, version = excluded.version, "
            "id_hash = excluded.id_hash"
        )
