"""The resilience suite: real kills, torn files, fuzzed inputs, a full disk, two writers.
It counts what it tried and prints the totals at the end of the run."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

TRIED: Counter = Counter()


def consistent(db: Path) -> None:
    """integrity_check is ok, the domain invariants hold, and the change log replays to exactly
    the data: nothing half-written anywhere."""
    from storage.integrity import check

    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        result = check(conn)
        assert result["ok"], result
        state = replayed(conn)
        for table in (
            "members",
            "products",
            "campaigns",
            "campaign_items",
            "orders",
            "order_lines",
        ):
            rows = {r["id"]: dict(r) for r in conn.execute(f"SELECT * FROM {table}")}
            replay = {k: v for (t, k), v in state.items() if t == table}
            assert replay == rows, table
    finally:
        conn.close()


def replayed(conn: sqlite3.Connection) -> dict[tuple[str, str], dict]:
    """Every change HQ would receive, from the first, applied in order as HQ applies them."""
    from sync.outbox import waiting

    state: dict[tuple[str, str], dict] = {}
    for change in waiting(conn):
        key = (change["entity"], change["entity_id"])
        if change["op"] == "delete":
            state.pop(key, None)
        else:
            state[key] = change["data"]
    return state


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if TRIED:
        terminalreporter.write_sep("-", "resilience suite: what was tried")
        for key in sorted(TRIED):
            terminalreporter.write_line(f"{key}: {TRIED[key]}")
