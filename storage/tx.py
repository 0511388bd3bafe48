"""A write transaction that records every row it changes in the change log.

This is the one write path: services in leader_app change rows only through a Tx, so the data,
its audit trail, the undo information and the sync outbox can never disagree.
"""

from __future__ import annotations

import json
import os
import queue
import random
import sqlite3
import struct
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Any

# Tables the write API may touch, with the column that is their key.
TABLES: dict[str, str] = {
    "settings": "key",
    "pickup_points": "id",
    "members": "id",
    "products": "id",
    "campaigns": "id",
    "campaign_items": "id",
    "orders": "id",
    "order_lines": "id",
    "arrivals": "id",
    "refunds": "id",
    "stock_on_hand": "id",
}

# How change_rows keeps a change's entity and op (migration 10; never renumber): its kind is
# ENTITY_CODES[entity] × 4 + OP_CODES[op], and the view change_log spells them out again.
ENTITY_CODES: dict[str, int] = {
    "settings": 1,
    "pickup_points": 2,
    "members": 3,
    "products": 4,
    "campaigns": 5,
    "campaign_items": 6,
    "orders": 7,
    "order_lines": 8,
    "arrivals": 9,
    "refunds": 10,
    "stock_on_hand": 11,
}
OP_CODES = {"insert": 1, "update": 2, "delete": 3}


def id_key(value: str) -> bytes | str:
    """A record's id as the change log keeps it: a lowercase UUID as its 16 bytes (20 fewer
    than its text, in every change), anything else as it is."""
    if (
        len(value) == 36
        and value[8] == value[13] == value[18] == value[23] == "-"
        and value == value.lower()
    ):
        try:
            raw = bytes.fromhex(value.replace("-", ""))
        except ValueError:
            return value
        if len(raw) == 16:
            return raw
    return value


def id_keys(values: list[str]) -> list[bytes | str]:
    """id_key of many ids at once: when all are lowercase UUIDs (an import's new rows), one
    bytes.fromhex over them all, instead of one check and one parse each. The dashes are
    checked by column, where they belong; fromhex refuses anything but hex digits (and skips
    whitespace, which would leave fewer than 16 bytes an id). A regex over the joined ids
    took 2.5 times as long."""
    n = len(values)
    joined = "".join(values)
    if n and len(joined) == 36 * n and joined == joined.lower():
        dashes = "-" * n
        if all(joined[p::36] == dashes for p in (8, 13, 18, 23)):
            try:
                raw = bytes.fromhex(joined.replace("-", ""))
            except ValueError:
                raw = b""
            if len(raw) == 16 * n:
                return [raw[i : i + 16] for i in range(0, 16 * n, 16)]
    return [id_key(v) for v in values]


# The last id's 48-bit millisecond and 12-bit counter, as one number: each id takes the next
# one, or the current millisecond with counter 0 when the clock has moved on. Ids made in the
# same millisecond keep their order through the counter; past 4,096 the millisecond is
# borrowed from the future (RFC 9562, 6.2).
_last_tick = 0
# The writer thread, the sync thread and the GUI thread all make ids: without the lock two
# threads could take the same tick and hand out ids that sort in the wrong order.
_id_lock = threading.Lock()
# The random part: 62 bits from a generator seeded from the OS (reseeded in a forked child,
# which would otherwise repeat its parent's ids). One os.urandom() call per id was a third of
# new_id's time, and an import makes one id per order and per line.
_random = random.Random(os.urandom(32))
os.register_at_fork(after_in_child=lambda: _random.seed(os.urandom(32)))


def _ticks(n: int) -> int:
    """Reserve n ticks in a row; the first."""
    global _last_tick
    with _id_lock:
        first = max((time.time_ns() // 1_000_000) << 12, _last_tick + 1)
        _last_tick = first + n - 1
    return first


def _high(tick: int) -> int:
    """An id's first 64 bits: 48 of milliseconds, version 7, the 12-bit counter."""
    return (tick >> 12) << 16 | 0x7000 | (tick & 0xFFF)


def new_id() -> str:
    """A UUIDv7 (RFC 9562): time-ordered, so index inserts append instead of scattering across
    the b-tree (bulk imports ran ~25% faster than with uuid4), and still globally unique for
    sync. A counter keeps ids made in the same millisecond in order, across threads."""
    tick = _ticks(1)
    rand = _random.getrandbits(62)
    h = f"{_high(tick) << 64 | 0b10 << 62 | rand:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"  # str(uuid.UUID(int=…)), faster


_VARIANT = bytes((b & 0x3F) | 0x80 for b in range(256))  # a byte's top two bits set to 10
_HEX_AT = [p for p in range(36) if p not in (8, 13, 18, 23)]  # a hex digit's place in the text


def new_ids(n: int) -> list[str]:
    """n ids at once, the same as n calls of new_id, in order. Built column by column over all
    of them (strided byte copies) rather than one by one: an import of 100,000 lines makes
    about 160,000 ids, which took 0.35–0.45 s one at a time and take 0.05–0.14 s here."""
    if n <= 0:
        return []
    first = _ticks(n)
    rand = bytearray(_random.randbytes(8 * n))
    rand[0::8] = rand[0::8].translate(_VARIANT)
    high = struct.pack(f">{n}Q", *map(_high, range(first, first + n)))
    raw = bytearray(16 * n)
    for j in range(8):
        raw[j::16] = high[j::8]
        raw[8 + j :: 16] = rand[j::8]
    digits = raw.hex().encode()
    text = bytearray(b"-" * (36 * n))
    for i, place in enumerate(_HEX_AT):
        text[place::36] = digits[i::32]
    joined = text.decode()
    return [joined[i : i + 36] for i in range(0, 36 * n, 36)]


def insert_statements(
    limit: int, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Iterator[tuple[str, list[Any]]]:
    """INSERT many rows, as multi-row VALUES statements of up to ~30,000 bound values each.
    SQLite then steps once per chunk instead of once per row, without the GIL. On the writer
    thread few big statements also matter: after each step the thread waits for the GIL (up
    to the 5 ms switch interval while the other thread runs Python), so 4,000-value chunks
    made an import's writer ~30% slower than 30,000-value ones.

    Every statement holds a power of two of rows. The statement cache keeps each compiled
    statement, and a big one is megabytes: with a last chunk of any size, an import of
    100,000 lines cached dozens of one-off statements (peak memory 310 MB, against 225 MB
    before). Powers of two give a table at most ~14 statements, all reused."""
    width = len(columns)
    limit = 1 << ((max(1, min(limit, 30_000) // width)).bit_length() - 1)
    # Flattened in C (chain), then cut: a loop of extend per row was ~1 µs a row, on the
    # thread that builds the rows.
    values = list(chain.from_iterable(rows))
    left, start = len(values) // width, 0
    while left:  # full chunks, then the rest in falling powers of two: 937 → 512 + 256 + … + 1
        size = limit if left >= limit else 1 << (left.bit_length() - 1)
        end = start + size * width
        yield _insert_sql(table, tuple(columns), size), values[start:end]
        start, left = end, left - size


@lru_cache(maxsize=256)
def _insert_sql(table: str, columns: tuple[str, ...], rows: int) -> str:
    one = "(" + ", ".join("?" * len(columns)) + ")"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES " + ", ".join([one] * rows)


def insert_rows(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)  # 32,766; 999 before 3.32
    for sql, params in insert_statements(limit, table, columns, rows):
        conn.execute(sql, params)


SWITCH_INTERVAL = 0.0001


class BulkWriter:
    """A transaction's big inserts, run on a second thread while the first builds the next
    rows. SQLite releases the GIL while it steps a statement, so the b-tree and index work of
    one chunk overlaps the Python that makes the next (an import of 100,000 lines: see
    bench/bench_import.py). The rows are bound on the calling thread; the writer thread only
    runs the statements, in the order given, on the transaction's own connection, which the
    calling thread leaves alone until `finish` (Tx.conn waits for it)."""

    ROWS = 1000  # fewer rows than this are inserted at once, on the caller's thread

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        # Bounded: when SQLite falls behind, the building thread waits instead of holding
        # the rows of the whole import in the queue (peak memory). 64 statements are about
        # two flushes of an import (5,000 orders each): enough to keep both threads busy.
        self._jobs: queue.Queue[tuple[str, list[Any]] | None] = queue.Queue(maxsize=64)
        self._error: BaseException | None = None
        # After each statement the writer needs the GIL back, and waits up to the switch
        # interval (5 ms) while the other thread runs Python. 0.5 ms while a writer runs
        # (restored at finish) kept the writer ~25% busier than the default; 0.1 ms took an
        # import's writer from start to end in 1.9-2.2 s against 2.1-2.3 s at 0.5 ms.
        self._interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._interval, SWITCH_INTERVAL))
        self._thread = threading.Thread(target=self._run, name="bulk-insert", daemon=True)
        self._thread.start()

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        if self._error is not None:
            self.finish()  # raises it: the caller stops building rows that cannot be written
        for job in insert_statements(self._limit, table, columns, rows):
            self._jobs.put(job)

    def run(self, sql: str) -> None:
        """One more statement, after those queued so far."""
        self._jobs.put((sql, []))

    def finish(self) -> None:
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()
            sys.setswitchinterval(self._interval)
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            if self._error is None:
                try:
                    self._conn.execute(*job)
                except BaseException as exc:  # handed to the transaction's thread in finish()
                    self._error = exc


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dump(row: dict[str, Any] | None) -> str | None:
    return None if row is None else _ENCODER.encode(row)


def column_defaults(conn: sqlite3.Connection, table: str) -> dict[str, Any]:
    """Column → default value, for columns whose default is a literal (all of ours are)."""
    out: dict[str, Any] = {}
    for _cid, name, _type, _notnull, default, _pk in conn.execute(f"PRAGMA table_info({table})"):
        if default is None or default.upper() == "NULL":
            out[name] = None
        elif default.startswith("'"):
            out[name] = default[1:-1].replace("''", "'")
        else:
            out[name] = int(default) if default.lstrip("-").isdigit() else float(default)
    return out


@dataclass
class Changes:
    """What one committed transaction changed; the UI refreshes the views that care."""

    tx_id: str
    action: str
    ids: dict[str, set[str]] = field(default_factory=dict)
    undoes: str | None = None  # the transaction this one took back, if it is an undo

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(self.ids)

    def touches(self, *tables: str) -> bool:
        return any(t in self.ids for t in tables)


class References:
    """The foreign keys of a bulk transaction, checked once per distinct parent when its work
    is done, where SQLite checks each one row by row. Store.atomic(bulk=True) turns SQLite's
    own checks off for the transaction: for an import of 57,255 orders and 100,000 lines
    they were 414,000 primary-key look-ups (member, campaign; order, item, product), 0.5-0.7 s
    of the writer thread's 1.3-1.8 s. Here the references are collected as the rows go in,
    and only the parents the transaction did not write itself are looked up (an import's
    members found in the store, its campaign). A reference to nothing fails the transaction
    as SQLite's deferred check would, and nothing is written. Deleting a row that others may
    point at is refused outright: nothing would check what pointed at it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        # table → [(column, parent table, parent column)], read before any writer starts
        self.keys: dict[str, list[tuple[str, str, str]]] = {
            table: [
                (r[3], r[2], r[4] or TABLES.get(r[2], "rowid"))
                for r in conn.execute(f"PRAGMA foreign_key_list({table})")
            ]
            for table in TABLES
        }
        self.parents = {parent for keys in self.keys.values() for _c, parent, _p in keys}
        self.wanted: dict[tuple[str, str], set[Any]] = {}

    def add(self, table: str, columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
        for column, parent, key in self.keys[table]:
            if column in columns:
                self.wanted.setdefault((parent, key), set()).update(map(itemgetter(column), rows))

    def check(self, written: dict[str, set[str]]) -> None:
        limit = self._conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        for (parent, key), values in self.wanted.items():
            values.discard(None)
            if key == TABLES.get(parent):
                values -= written.get(parent, set())
            values = list(values)
            found: set[Any] = set()
            for start in range(0, len(values), limit):
                chunk = values[start : start + limit]
                marks = ", ".join("?" * len(chunk))
                found.update(
                    r[0]
                    for r in self._conn.execute(
                        f"SELECT {key} FROM {parent} WHERE {key} IN ({marks})", chunk
                    )
                )
            if len(found) < len(values):
                missing = sorted(set(values) - found, key=str)[:3]
                raise sqlite3.IntegrityError(
                    f"FOREIGN KEY constraint failed: {parent}.{key} {missing}"
                )
        self.wanted.clear()


class Tx:
    def __init__(
        self,
        conn: sqlite3.Connection,
        tx_id: str,
        action: str,
        at: str,
        defaults: dict[str, dict[str, Any]] | None = None,
        references: References | None = None,
    ) -> None:
        self._conn = conn
        self._writer: BulkWriter | None = None
        self._references = references  # a bulk transaction's, see References
        self._paused: dict[str, str] = {}  # index name → its CREATE INDEX, see pause_index
        self._defaults = {} if defaults is None else defaults  # per connection, from its Store
        self.tx_id = tx_id
        self.action = action
        self.at = at
        self.changes = Changes(tx_id, action)
        self.first_seq = 0  # where this transaction's run of change-log seq starts

    @property
    def conn(self) -> sqlite3.Connection:
        """The transaction's connection, once every bulk insert handed to the writer thread
        has run: whoever reads or writes through it sees them, in order."""
        self.settle()
        return self._conn

    def pause_index(self, name: str) -> None:
        """Drop an index for the rest of this transaction; `finish` builds it again. For a
        bulk insert that would otherwise put every row at a random place in it: building
        ix_orders_member_activity anew over 157,000 orders took 0.3 s, keeping it up to date
        through 57,000 inserts 0.8 s. A rollback brings the index back untouched."""
        sql = self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
        ).fetchone()
        if sql is None or name in self._paused:
            return
        self._conn.execute(f"DROP INDEX {name}")
        self._paused[name] = sql[0]

    def finish(self) -> None:
        """The end of the transaction's work: paused indexes built again (on the writer
        thread, behind the inserts), and everything settled."""
        while self._paused:
            _name, sql = self._paused.popitem()
            if self._writer is not None:
                self._writer.run(sql)
            else:
                self._conn.execute(sql)
        self.settle()
        if self._references is not None:
            self._references.check(self.changes.ids)

    def settle(self) -> None:
        """Wait for the bulk inserts still running on the writer thread; raise the first one's
        error (the transaction is then rolled back whole)."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.finish()

    # -- reads inside the transaction -------------------------------------------------------
    def get(self, table: str, key: str) -> dict[str, Any] | None:
        pk = TABLES[table]
        row = self.conn.execute(f"SELECT * FROM {table} WHERE {pk} = ?", (key,)).fetchone()
        return dict(row) if row is not None else None

    def insert(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        self.insert_many(table, [row])
        return row

    def insert_many(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        pk = TABLES[table]
        if table not in self._defaults:
            self._defaults[table] = column_defaults(self.conn, table)  # settles: rare
        missing = self._defaults[table].keys() - rows[0].keys()
        if missing:  # callers get the row back as stored, defaults included
            defaults = self._defaults[table]
            for row in rows:
                for column in missing:
                    row.setdefault(column, defaults[column])
        columns = list(rows[0])
        if self._references is not None:
            self._references.add(table, columns, rows)
        kind = ENTITY_CODES[table] * 4 + OP_CODES["insert"]
        values = (
            map(itemgetter(*columns), rows) if len(columns) > 1 else ([r[columns[0]]] for r in rows)
        )
        # An insert logs a reference to the row, not a copy of it: the row itself is the image.
        # Sync reads the row when it fixes a batch, and undo deletes it. (A JSON copy of every
        # inserted row was 56% of a 100,000-order store, and every backup carried it.)
        keys = [r[pk] for r in rows]
        refs = ((kind, key) for key in id_keys(keys))
        if self._writer is None and len(rows) < BulkWriter.ROWS:
            insert_rows(self._conn, table, columns, values)
            insert_rows(self._conn, "change_rows", ("kind", "entity_id"), refs)
        else:  # small inserts follow big ones to the writer thread, in order
            if self._writer is None:
                for other in TABLES.keys() - self._defaults.keys():
                    # Known before the writer starts: reading them later would wait for it.
                    self._defaults[other] = column_defaults(self._conn, other)
                self._writer = BulkWriter(self._conn)
            self._writer.insert(table, columns, values)
            self._writer.insert("change_rows", ("kind", "entity_id"), refs)
        self.changes.ids.setdefault(table, set()).update(keys)

    def update(self, table: str, key: str, values: dict[str, Any]) -> dict[str, Any]:
        """Change some columns of one row; logs the changed columns only, as they were and as
        they are now. A no-op change is not logged."""
        before = self.get(table, key)
        if before is None:
            raise KeyError(f"{table} {key}")
        changed = {c: v for c, v in values.items() if before.get(c) != v}
        if not changed:
            return before
        pk = TABLES[table]
        if self._references is not None:
            self._references.add(table, list(changed), [changed])
        assignments = ", ".join(f"{c} = ?" for c in changed)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE {pk} = ?", [*changed.values(), key]
        )
        was = {c: before[c] for c in changed}
        self._log(table, "update", [(key, was, changed)])
        return {**before, **changed}

    def delete(self, table: str, key: str, keep_image: bool = True) -> dict[str, Any]:
        """Delete one row, logging it as it was so the delete can be undone. Undo takes an
        insert back with `keep_image=False`: an undo is never undone itself, so the image
        would only be weight (a whole import's rows)."""
        if self._references is not None and table in self._references.parents:
            raise sqlite3.IntegrityError(f"a bulk transaction may not delete from {table}")
        before = self.get(table, key)
        if before is None:
            raise KeyError(f"{table} {key}")
        self.conn.execute(f"DELETE FROM {table} WHERE {TABLES[table]} = ?", (key,))
        self._log(table, "delete", [(key, before if keep_image else None, None)])
        return before

    def put_setting(self, key: str, value: str) -> None:
        if self.get("settings", key) is None:
            self.insert("settings", {"key": key, "value": value})
        else:
            self.update("settings", key, {"value": value})

    def put_local(self, key: str, value: str) -> None:
        """Device-local state (such as the shop's signing secret): written in this transaction
        but kept out of the change log, so it never syncs, shows in the audit view or undoes."""
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _log(
        self,
        table: str,
        op: str,
        entries: Iterable[tuple[str, dict[str, Any] | None, dict[str, Any] | None]],
    ) -> None:
        ids = self.changes.ids.setdefault(table, set())
        kind = ENTITY_CODES[table] * 4 + OP_CODES[op]

        def rows():
            for key, before, after in entries:
                ids.add(key)
                yield (kind, id_key(key), _dump(before), _dump(after))

        self.conn.executemany(
            "INSERT INTO change_rows (kind, entity_id, before, after) VALUES (?, ?, ?, ?)",
            rows(),
        )
