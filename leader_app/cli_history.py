"""The change history on the command line: `history` lists the saved transactions, newest
first, and `undo TX_ID` takes one back exactly as the desk's undo does (app.undo)."""

from __future__ import annotations

import argparse
from typing import Any

from leader_app.cli_support import UserError, emit, json_errors, open_app, warn_if_damaged
from leader_app.clock import format_local

OP_WORDS = {"insert": "added", "update": "changed", "delete": "deleted"}


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    hist = sub.add_parser(
        "history", parents=[common], help="the saved changes, newest first, with their tx ids"
    )
    hist.add_argument("--limit", type=int, default=20, help="how many to list (default 20)")
    undo = sub.add_parser("undo", parents=[common], help="take back one change by its tx id")
    undo.add_argument("tx_id", help="the change's tx id, from `history` or `import --json`")


def _summary_text(summary: dict[str, dict[str, int]]) -> str:
    """`orders: 80 added; campaigns: 1 added, 1 changed`."""
    return "; ".join(
        f"{entity}: " + ", ".join(f"{n:,} {OP_WORDS.get(op, op)}" for op, n in ops.items())
        for entity, ops in summary.items()
    )


@json_errors
def cmd_history(args: argparse.Namespace) -> int:
    from storage import changelog_sql

    if args.limit < 1:
        raise UserError(f"--limit must be at least 1, not {args.limit}")
    with open_app(args) as app:
        warn_if_damaged(app)
        conn = app.store.conn
        data = []
        for row in changelog_sql.recent(conn, args.limit):
            summary: dict[str, dict[str, int]] = {}
            for entity, op, n in changelog_sql.summary_of(conn, row["tx_id"]):
                summary.setdefault(entity, {})[op] = n
            data.append(
                {
                    "tx_id": row["tx_id"],
                    "action": row["action"],
                    "at": row["at"],
                    "at_local": format_local(row["at"], "%Y-%m-%d %H:%M:%S"),
                    "changes": row["changes"],
                    "summary": summary,
                    "undone": bool(row["undone_by"]),
                    "undone_by": row["undone_by"],
                    "undoes": row["undoes"],
                }
            )

    def text() -> str:
        lines = []
        for r in data:
            note = (
                f"  [undone by {r['undone_by']}]"
                if r["undone"]
                else (f"  [undo of {r['undoes']}]" if r["undoes"] else "")
            )
            lines.append(
                f"{r['at_local']}  {r['action']:<20} {r['tx_id']}  {_summary_text(r['summary'])}"
                + note
            )
        return "\n".join(lines) or "no changes yet"

    emit(args, data, text)
    return 0


@json_errors
def cmd_undo(args: argparse.Namespace) -> int:
    with open_app(args) as app:
        changes = app.undo(args.tx_id)
    records = {table: len(ids) for table, ids in changes.ids.items()}
    data = {
        "undone": args.tx_id,
        "action": changes.action.removeprefix("undo:"),
        "tx_id": changes.tx_id,
        "records": records,
    }
    emit(
        args,
        data,
        lambda: (
            f"undid {data['action']} {args.tx_id} as {changes.tx_id}; records put back to "
            "before it: " + ", ".join(f"{n:,} {table}" for table, n in records.items())
        ),
    )
    return 0


HANDLERS = {"history": cmd_history, "undo": cmd_undo}
