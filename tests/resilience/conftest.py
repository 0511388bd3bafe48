"""The resilience suite: real kills, torn files, fuzzed inputs, a full disk, two writers.
It counts what it tried and prints the totals at the end of the run."""

from __future__ import annotations

import json
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
        state: dict[tuple[str, str], dict] = {}
        for row in conn.execute("SELECT entity, entity_id, op, after FROM change_log ORDER BY seq"):
            if row["op"] == "delete":
                state.pop((row["entity"], row["entity_id"]), None)
            else:
                state[(row["entity"], row["entity_id"])] = json.loads(row["after"])
        for table in (
            "members",
            "products",
            "campaigns",
            "campaign_items",
            "orders",
            "order_lines",
        ):
            rows = {r["id"]: dict(r) for r in conn.execute(f"SELECT * FROM {table}")}
            replayed = {k: v for (t, k), v in state.items() if t == table}
            assert replayed == rows, table
    finally:
        conn.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if TRIED:
        terminalreporter.write_sep("-", "resilience suite: what was tried")
        for key in sorted(TRIED):
            terminalreporter.write_line(f"{key}: {TRIED[key]}")
