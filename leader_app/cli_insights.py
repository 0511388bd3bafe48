"""The CLI's member-pool commands: `insights`, `segment NAME` and `export segment NAME`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from leader_app.cli_support import UserError, emit, open_app


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    ins = sub.add_parser("insights", parents=[common], help="the member pool's figures")
    ins.add_argument("--as-of", help="count as of the end of this day (YYYY-MM-DD)")
    seg = sub.add_parser("segment", parents=[common], help="the members of one segment")
    seg.add_argument("name", help="new, active, loyal, at_risk, dormant or never")
    seg.add_argument("--as-of", help="count as of the end of this day (YYYY-MM-DD)")


def _look(app: Any, args: argparse.Namespace) -> Any:
    from leader_app.insights import Insights, parse_as_of

    return Insights(app.store.conn, parse_as_of(getattr(args, "as_of", None)))


def cmd_insights(args: argparse.Namespace) -> int:
    with open_app(args) as app:
        data = _look(app, args).as_json()

    def text() -> str:
        segments = ", ".join(f"{k} {v}" for k, v in data["segments"].items())
        return (
            f"{data['members']} members: {segments}; repeat rate "
            f"{data['repeat_rate']:.1%}, average order {data['aov_fen'] / 100:.2f} yuan"
        )

    emit(args, data, text)
    return 0


def cmd_segment(args: argparse.Namespace) -> int:
    from leader_app.insights import segment_json

    with open_app(args) as app:
        rows = segment_json(_look(app, args).segment(args.name))
    emit(
        args,
        rows,
        lambda: "\n".join(
            f"{r['member_no']:>5}  {r['mobile'] or '':<11}  {r['orders']:>4}  "
            f"{r['sales_fen'] / 100:>10.2f}  {r['name']}"
            for r in rows
        ),
    )
    return 0


def cmd_export_segment(args: argparse.Namespace) -> int:
    from leader_app.insights_export import write_segment

    if not args.name:
        raise UserError("name the segment: export segment NAME -o FILE.xlsx")
    if not args.output:
        raise UserError("give the file to write with -o FILE.xlsx or -o FILE.csv")
    with open_app(args) as app:
        rows = _look(app, args).segment(args.name)
        path = write_segment(Path(args.output), args.name, rows)
    emit(
        args,
        {"path": str(path), "rows": len(rows)},
        lambda: f"{len(rows)} members of {args.name} written to {path}",
    )
    return 0
