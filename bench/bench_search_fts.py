"""Full-text search (FTS5 through sqlite-utils' enable_fts) against today's search key, on the
100,000-order demo store (issue 15). Measures, on a copy of the store:
- the orders and members lists' search (one page of 200 plus the count, as the desk asks),
  today (LIKE over members.search, order_no and external_no) and with FTS5 trigram indexes;
- whether FTS finds the same rows (pinyin initials must still work);
- the indexes' size and what they cost to build and to keep up at import (triggers).
The outcome is written down in docs/search-fts.md.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from common import demo_store


def _ms(fn, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _pages(conn: sqlite3.Connection) -> int:
    return (
        conn.execute("PRAGMA page_count").fetchone()[0]
        * conn.execute("PRAGMA page_size").fetchone()[0]
    )


def fts_order_search(conn: sqlite3.Connection, text: str) -> tuple[str, list[Any]]:
    """The orders filter through the trigram indexes. Trigrams need 3 characters: a shorter
    text can only scan, so it goes the way it goes today."""
    from storage.listing import _order_search

    if len(text) < 3:
        return _order_search(conn, text)
    phrase = '"' + text.replace('"', '""') + '"'
    return (
        "o.rowid IN (SELECT rowid FROM orders WHERE member_id IN (SELECT m.id FROM members m "
        "JOIN members_fts f ON f.rowid = m.rowid WHERE members_fts MATCH ?) "
        "UNION SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?)",
        [phrase, phrase],
    )


def fts_member_search(conn: sqlite3.Connection, text: str) -> tuple[str, list[Any]]:
    from storage.listing import like_pattern

    if len(text) < 3:
        return "m.search LIKE ? ESCAPE '\\'", [like_pattern(text)]
    phrase = '"' + text.replace('"', '""') + '"'
    return "m.rowid IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ?)", [phrase]


def main() -> None:
    import dataclasses

    import sqlite_utils

    from storage import listing

    print("Leader Desk: full-text search (FTS5 trigram via sqlite-utils) vs today's search key")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "x.db"
        shutil.copy(demo_store(), db)
        conn = sqlite3.connect(db, isolation_level=None)
        conn.row_factory = sqlite3.Row
        orders = conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
        members = conn.execute("SELECT COUNT(*) FROM members").fetchone()[0]
        sample = conn.execute(
            "SELECT name, mobile, search FROM members WHERE length(name) = 3 "
            "AND mobile IS NOT NULL ORDER BY member_no LIMIT 1"
        ).fetchone()
        initials = sample["search"].split()[-4]  # the name's pinyin initials, e.g. gfy
        queries = {
            "one Chinese character": sample["name"][0],
            "Chinese name fragment (2)": sample["name"][1:],
            "full name (3)": sample["name"],
            "mobile tail (4 digits)": sample["mobile"][-4:],
            "pinyin initials": initials,
            "order number fragment": conn.execute(
                "SELECT order_no FROM orders ORDER BY rowid LIMIT 1 OFFSET 5000"
            ).fetchone()[0][-6:],
        }
        print(f"  store: {orders:,} orders, {members:,} members; queries: {queries}")
        fts_orders = dataclasses.replace(listing.ORDERS, search=fts_order_search)
        fts_members = dataclasses.replace(listing.MEMBERS, search=fts_member_search)

        def run(spec: listing.Listing, text: str) -> tuple[set[str], int]:
            page = listing.fetch(conn, spec, text=text, limit=200)
            return {r["id"] for r in page}, listing.count(conn, spec, text=text)

        def ids(spec: listing.Listing, text: str) -> set[str]:
            return {r["id"] for r in listing.fetch(conn, spec, text=text, limit=10**9)}

        today = {
            (kind, name): (_ms(lambda s=spec, q=q: run(s, q)), ids(spec, q))
            for name, q in queries.items()
            for kind, spec in (("orders", listing.ORDERS), ("members", listing.MEMBERS))
        }
        before = _pages(conn)
        start = time.perf_counter()
        store = sqlite_utils.Database(conn)
        store["members"].enable_fts(["search"], tokenize="trigram", create_triggers=True)
        members_s = time.perf_counter() - start
        middle = _pages(conn)
        start = time.perf_counter()
        store["orders"].enable_fts(
            ["order_no", "external_no"], tokenize="trigram", create_triggers=True
        )
        orders_s = time.perf_counter() - start
        after = _pages(conn)
        print(
            f"  build: members_fts {members_s * 1000:.0f} ms ({(middle - before) / 1e6:.1f} MB), "
            f"orders_fts {orders_s:.2f} s ({(after - middle) / 1e6:.1f} MB); "
            f"store {before / 1e6:.0f} MB → {after / 1e6:.0f} MB"
        )
        print(f"  {'query':<28} {'list':<8} {'today':>9} {'FTS5':>9}  same rows")
        for (kind, name), (ms, found) in today.items():
            spec = fts_orders if kind == "orders" else fts_members
            fts_ms = _ms(lambda s=spec, q=queries[name]: run(s, q))
            same = ids(spec, queries[name]) == found
            print(
                f"  {name:<28} {kind:<8} {ms:7.1f} ms {fts_ms:7.1f} ms  "
                f"{'yes' if same else 'NO'} ({len(found):,} rows)"
            )
        # write cost: 20,000 order rows inserted (as an import does), with and without the
        # FTS triggers, inside a transaction that is rolled back
        cols = [r[1] for r in conn.execute("PRAGMA table_info(orders)")]
        copy = ", ".join(
            {"id": "id || 'x'", "order_no": "order_no || 'x'", "seq": "seq + 10000000"}.get(c, c)
            for c in cols
        )
        insert = f"INSERT INTO orders ({', '.join(cols)}) SELECT {copy} FROM orders LIMIT 20000"

        def timed_insert() -> float:
            conn.execute("BEGIN")
            start = time.perf_counter()
            conn.execute(insert)
            seconds = time.perf_counter() - start
            conn.execute("ROLLBACK")
            return seconds

        with_fts = statistics.median(timed_insert() for _ in range(3))
        for name in ("orders_ai", "orders_ad", "orders_au"):
            conn.execute(f"DROP TRIGGER IF EXISTS [{name}]")
        without = statistics.median(timed_insert() for _ in range(3))
        print(
            f"  insert 20,000 orders: {without * 1000:.0f} ms without FTS, "
            f"{with_fts * 1000:.0f} ms with its triggers"
        )
        conn.close()
    print(f"  load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
