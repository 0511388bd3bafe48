"""`hq-server` commands for HQ's web desk: staff accounts, demand, statements, deliveries."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

COMMANDS = ("add-staff", "demand", "statement", "deliver")


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    staff = sub.add_parser("add-staff", parents=[common], help="a staff account for /admin")
    staff.add_argument("name")
    staff.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    demand = sub.add_parser("demand", parents=[common], help="demand summed across leaders")
    demand.add_argument("--date", help="pickup date, YYYY-MM-DD")
    demand.add_argument("--supplier")
    demand.add_argument("--category")
    statement = sub.add_parser("statement", parents=[common], help="a leader's month")
    statement.add_argument("--leader", required=True)
    statement.add_argument("--month", required=True, help="YYYY-MM")
    deliver = sub.add_parser("deliver", parents=[common], help="record a delivery to a leader")
    deliver.add_argument("--leader", required=True)
    deliver.add_argument("--campaign", required=True, help="the desk's campaign id")
    deliver.add_argument(
        "--item", action="append", required=True, metavar="PRODUCT_ID:QTY", help="repeat"
    )
    deliver.add_argument("--note", default="")


def run(args: argparse.Namespace, db_url: str) -> int:
    """Exit 0 with the result printed, or 1 with one line on stderr (never a traceback)."""
    from hq_server import deliveries, staff, statements
    from hq_server.db import Database
    from hq_server.demand import DemandFilter, demand
    from hq_server.service import HQError

    db = Database(db_url)
    as_json = getattr(args, "json", False)
    out: Any
    try:
        if args.command == "add-staff":
            if not args.password_stdin:
                raise HQError(400, "password", "give the password with --password-stdin")
            password = sys.stdin.readline().rstrip("\r\n")
            out = staff.add_staff(db, args.name, password)
        elif args.command == "demand":
            if args.date and not _is_day(args.date):
                raise HQError(400, "bad_date", f"--date {args.date!r}: expected YYYY-MM-DD")
            flt = DemandFilter(date=args.date, supplier=args.supplier, category=args.category)
            rows = demand(db, flt, limit=None)["rows"]
            out = [
                {
                    "product": r["product"],
                    "spec": r["spec"],
                    "pickup_date": r["pickup_date"],
                    "quantity": r["quantity"],
                    "leaders": r["leaders"],
                    "by_leader": [
                        {
                            "leader_id": b["leader_id"],
                            "quantity": b["quantity"],
                            "pickup_points": b["pickup_points"],
                        }
                        for b in r["by_leader"]
                    ],
                }
                for r in rows
            ]
        elif args.command == "statement":
            out = statements.statement(db, args.leader, args.month)
        else:
            out = deliveries.record(
                db, args.leader, args.campaign, deliveries.parse_items(args.item), args.note
            )
    except (HQError, staff.StaffError) as exc:
        print(f"hq-server: {exc.message}", file=sys.stderr)
        return 1
    if as_json or not isinstance(out, dict):
        print(json.dumps(out, ensure_ascii=False))
    else:
        print("\n".join(f"{k}: {v}" for k, v in out.items()))
    return 0


def _is_day(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
