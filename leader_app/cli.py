"""The command line: `leader-app <command>`. Exit 0 on success, 1 on a user error with one
line on stderr; never a traceback for bad input."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from leader_app import __version__, cli_history, cli_pickup_day
from leader_app.cli_commands import (
    cmd_codes,
    cmd_enroll,
    cmd_export,
    cmd_import,
    cmd_pickup,
    cmd_sync,
)
from leader_app.cli_insights import add_parsers as add_insights_parsers
from leader_app.cli_insights import cmd_insights, cmd_segment
from leader_app.cli_support import (
    CLI_LOCK_WAIT,
    UserError,
    damaged_message,
    emit,
    open_app,
    warn_if_damaged,
)
from leader_app.errors import LeaderError

if TYPE_CHECKING:
    from leader_app.app import LeaderApp

__all__ = ["CLI_LOCK_WAIT", "UserError", "build_parser", "run"]

COMMANDS = (
    "demo",
    "campaigns",
    "members",
    "check",
    "backup",
    "restore",
    "summary",
    "import",
    "export",
    "pickup",
    "codes",
    "print",
    "enroll",
    "sync",
    "backups",
    "arrive",
    "refunds",
    "notify",
    "repair",
    "insights",
    "segment",
    "history",
    "undo",
)


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS lets `--db` stand before or after the subcommand without one clobbering the other.
    common.add_argument("--db", default=argparse.SUPPRESS, help="the data file to use")
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="machine-readable output with stable English keys",
    )
    return common


def _version_text() -> str:
    """What support asks first: the program, the schema it writes, and where the data is."""
    from storage.db import default_db_path
    from storage.migrations import LATEST

    return f"leader-app {__version__} (schema {LATEST})\ndata folder: {default_db_path().parent}"


class _VersionAction(argparse.Action):
    """argparse's own version action folds the lines into one."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(_version_text())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="leader-app", parents=[common], description="团长工作台 Leader Desk"
    )
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="interface language")
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", parents=[common], help="fill the store with demo data")
    demo.add_argument("--members", type=int, default=300)
    demo.add_argument("--orders", type=int, default=3000)
    demo.add_argument("--seed", type=int, default=7)
    sub.add_parser("campaigns", parents=[common], help="list campaigns")
    sub.add_parser("members", parents=[common], help="list members")
    sub.add_parser("check", parents=[common], help="check the store's integrity")
    summary = sub.add_parser("summary", parents=[common], help="a campaign's sales summary")
    summary.add_argument("--campaign", required=True)
    backup = sub.add_parser("backup", parents=[common], help="copy the store to a file")
    backup.add_argument("path", nargs="?")
    restore = sub.add_parser("restore", parents=[common], help="replace the store from a backup")
    restore.add_argument("path")
    restore.add_argument(
        "--dry-run", action="store_true", help="only say what the restore would lose"
    )
    restore.add_argument(
        "--yes", action="store_true", help="do not ask first (asked only at a terminal)"
    )
    imp = sub.add_parser(
        "import", parents=[common], help="import orders, members, products or 接龙"
    )
    imp.add_argument("file", help="a platform export (.xlsx, .xls, .csv), a list, or 接龙 text")
    target = imp.add_mutually_exclusive_group()
    target.add_argument(
        "--campaign", help="id or title of the campaign to import into (a later export of it)"
    )
    target.add_argument(
        "--new-campaign", nargs="?", const="", help="title (default: the sheet's title row)"
    )
    imp.add_argument(
        "--kind",
        choices=("orders", "members", "products", "jielong"),
        help="what the file holds (default: told by its headers)",
    )
    imp.add_argument("--dry-run", action="store_true", help="check and report; save nothing")
    imp.add_argument("--again", action="store_true", help="even if another campaign has it")
    imp.add_argument("--pickup-date", help="YYYY-MM-DD, with --new-campaign")
    exp = sub.add_parser("export", parents=[common], help="export a list to .xlsx or .csv")
    exp.add_argument(
        "list",
        choices=("orders", "pickup-list", "purchase-list", "members", "summary", "all", "segment"),
    )
    exp.add_argument("name", nargs="?", help="with `segment`: the segment to export")
    exp.add_argument("--as-of", help="with `segment`: count as of this day (YYYY-MM-DD)")
    exp.add_argument("--campaign")
    exp.add_argument("-o", "--output")
    pick = sub.add_parser("pickup", parents=[common], help="verify a pickup code and check it off")
    pick.add_argument("code")
    pick.add_argument("--dry-run", action="store_true", help="only verify")
    pick.add_argument("--by", default="", help="who hands the goods over (default: the leader)")
    codes = sub.add_parser("codes", parents=[common], help="pickup codes of a campaign")
    codes.add_argument("--campaign", required=True)
    codes.add_argument("--by", choices=("order", "member"), default="order")
    prt = sub.add_parser("print", parents=[common], help="print lists and labels to PDF")
    prt.add_argument("document", choices=("pickup-list", "labels", "picking-list", "item-labels"))
    prt.add_argument("--campaign", required=True)
    prt.add_argument(
        "--layout",
        choices=("a4-3x8", "a4-2x5", "thermal-58", "thermal-80", "dense", "cards"),
        help="labels: a4-3x8 (default), a4-2x5, thermal-58, thermal-80; "
        "pickup-list: dense (default, one row per member) or cards (one block per order)",
    )
    prt.add_argument(
        "--sort",
        choices=("building-room-product", "building-product-room", "product-building-room"),
        help="default: building-room-product; the picking list: product-building-room",
    )
    prt.add_argument(
        "--per",
        choices=("order", "member"),
        default="order",
        help="labels: one per order or member",
    )
    prt.add_argument("--margins", help="label sheet margins in mm: top,left (default 8,5)")
    prt.add_argument("-o", "--output", required=True)
    enroll = sub.add_parser("enroll", parents=[common], help="enrol this desk with HQ")
    enroll.add_argument("--server", required=True, help="HQ's address, e.g. http://hq:8700")
    enroll.add_argument("--code", required=True, help="the enrollment code HQ gave you")
    enroll.add_argument("--name", default="", help="a name for this desk")
    syn = sub.add_parser("sync", parents=[common], help="push changes to HQ, pull the catalog")
    syn.add_argument("--once", action="store_true", help="one round, then exit")
    syn.add_argument("--timeout", type=float, default=120.0, help="give up a round after N s")
    syn.add_argument("--interval", type=float, default=30.0, help="seconds between rounds")
    syn.add_argument(
        "--verify",
        action="store_true",
        help="one round, then compare with HQ's digest and repair any drift",
    )
    sub.add_parser("backups", parents=[common], help="list backups with their time and counts")
    cli_pickup_day.add_parsers(sub, common)
    sub.add_parser(
        "repair", parents=[common], help="repair a damaged store, keeping every readable row"
    )
    add_insights_parsers(sub, common)
    cli_history.add_parsers(sub, common)
    return parser


def cmd_demo(args: argparse.Namespace) -> int:
    from leader_app.demo import generate

    if args.members < 1 or args.orders < 0:
        raise UserError("--members must be at least 1 and --orders at least 0")

    def report(done: int, total: int) -> None:
        if not getattr(args, "json", False) and sys.stderr.isatty():
            print(f"\r{done:,}/{total:,} orders", end="", file=sys.stderr, flush=True)

    with open_app(args) as app:
        made = generate(
            app, members=args.members, orders=args.orders, seed=args.seed, progress=report
        )
    emit(args, made, lambda: "demo data: " + ", ".join(f"{v:,} {k}" for k, v in made.items()))
    return 0


def cmd_campaigns(args: argparse.Namespace) -> int:
    from storage import campaigns_sql

    with open_app(args) as app:
        warn_if_damaged(app)
        rows = campaigns_sql.cli_list(app.store.conn)
    data = [
        {
            "id": r["id"],
            "title": r["title"],
            "status": r["status"],
            "orders": r["orders"],
            "deadline_at": r["deadline_at"],
            "pickup_on": r["pickup_on"],
        }
        for r in rows
    ]
    emit(
        args,
        data,
        lambda: (
            "\n".join(f"{r['id']}  {r['status']:<8} {r['orders']:>7,}  {r['title']}" for r in data)
            or "No campaigns yet: `leader-app import FILE --new-campaign` makes one from an export."
        ),
    )
    return 0


def cmd_members(args: argparse.Namespace) -> int:
    from storage import members_sql

    with open_app(args) as app:
        warn_if_damaged(app)
        rows = members_sql.all_active(app.store.conn)
    data = [
        {
            "id": r["id"],
            "member_no": r["member_no"],
            "name": r["name"],
            "mobile": r["mobile"],
            "nickname": r["nickname"],
            "building": r["building"],
            "unit": r["unit"],
            "room": r["room"],
            "tags": json.loads(r["tags"]),
            "tier": r["tier"],
            "tier_fee_fen": r["tier_fee_fen"],
            "tier_expires_on": r["tier_expires_on"],
            "referrer_mobile": r["referrer_mobile"],
            "referrals": r["referrals"],
            "created_at": r["created_at"],
        }
        for r in rows
    ]
    emit(
        args,
        data,
        lambda: "\n".join(
            f"{r['member_no']:>5}  {r['mobile']}  {r['name']}  {r['building']}-{r['unit']}-{r['room']}"
            for r in data
        ),
    )
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    with open_app(args) as app:
        s = app.campaigns.summary(args.campaign)
    data = {k: v for k, v in s.items() if k != "campaign"}
    data["title"] = s["campaign"]["title"]
    emit(
        args,
        data,
        lambda: (
            f"{data['title']}: {data['orders_active']} orders, {data['amount_fen'] / 100:.2f} yuan, "
            f"commission {data['commission_fen'] / 100:.2f} yuan, "
            f"platform refunds {data['platform_refund_fen'] / 100:.2f} yuan"
        ),
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from storage.integrity import check

    try:
        app = open_app(args)
    except LeaderError as exc:  # a file that cannot even be opened is a finding, not a crash
        result = {"ok": False, "error": exc.code, "message": exc.english()}
        emit(args, result, lambda: f"not ok: {result['message']}")
        return 1
    with app:
        result = check(app.store.conn)
    emit(args, result, lambda: "ok" if result["ok"] else json.dumps(result, ensure_ascii=False))
    return 0 if result["ok"] else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from storage.backup import backup_to, verify

    with open_app(args) as app:
        if args.path:
            dest = backup_to(app.store.conn, Path(args.path))
        else:  # into the store's own rotating folder, listed by `backups` and the restore screen
            dest = app.store.backups.make("manual")
    counts = verify(dest)
    emit(args, {"path": str(dest), "counts": counts}, lambda: f"backup written to {dest}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from leader_app.restore import backup_time, restore_file
    from storage.backup import verify
    from storage.repair import loss_of_file

    backup = Path(args.path)
    verify(backup)  # a bad file is refused before the store is even opened
    # Replacing everything under an open desk would leave its screens and undo stack pointing
    # at data that is gone: restore only when no desk has the file open.
    try:  # a dry run only reads: it may look while the desk is open
        app = open_app(args, desk_lock=not args.dry_run)
    except LeaderError as exc:
        if exc.code not in ("store_empty", "store_corrupt"):
            raise
        # The store will not open: this is exactly when a leader restores. What the backup
        # would lose is read from the damaged file as far as it can be read.
        path = Path(exc.args_map["path"])
        loss = loss_of_file(path, backup) if exc.code == "store_corrupt" else None
        if args.dry_run:
            out = {"backup": str(backup), "backup_at": backup_time(backup), **(loss or {})}
            out.setdefault("orders", 0)
            out.setdefault("pickups", 0)
            out["readable"] = bool(loss and loss.get("readable"))  # False: could not tell
            _emit_loss(args, out)
            return 0
        restored = restore_file(path, backup, backup_time(backup), loss)
        restored.close()
        out = {
            "restored_from": str(backup),
            "safety_backup": "",
            "pickups_recorded_again": (loss or {}).get("pickups", 0) if loss else 0,
        }
    else:
        with app:
            if args.dry_run:
                from leader_app.restore import preview

                _emit_loss(args, preview(app.store, backup))
                return 0
            if not _restore_confirmed(args, app, backup):
                print("leader-app: not restored; nothing was changed", file=sys.stderr)
                return 1
            out = app.restore(args.path)
    emit(
        args,
        out,
        lambda: (
            f"restored from {out['restored_from']}; the previous state is kept "
            f"in {out['safety_backup'] or 'the damaged file beside it'}; "
            f"{out['pickups_recorded_again']} pickups made since the backup recorded again"
            + (
                "; the backup is from before this desk was enrolled with HQ: it stays "
                "enrolled, and the next sync makes HQ equal to it"
                if out.get("kept_enrolment")
                else ""
            )
        ),
    )
    return 0


def _restore_confirmed(args: argparse.Namespace, app: LeaderApp, backup: Path) -> bool:
    """At a terminal, say what the restore replaces and loses, and ask. Scripts (no terminal,
    --json) and --yes go ahead, as before."""
    if args.yes or getattr(args, "json", False) or not sys.stdin.isatty():
        return True
    from leader_app.restore import preview

    loss = preview(app.store, backup)
    made = _local(loss["backup_at"]) or "at an unknown time"
    kept = (
        f" The {loss['pickups']} pickups made since then are recorded again, so those goods "
        "cannot be handed out twice."
        if loss["pickups"]
        else ""
    )
    print(
        f"Restore {backup} (made {made})? Everything in {app.store.path} is replaced by it: "
        f"{loss['orders']} orders made since the backup would be lost.{kept} A copy of the "
        "store as it is now is kept first."
    )
    try:
        answer = input("Type yes to restore: ")
    except EOFError:
        return False
    return answer.strip().lower() in ("yes", "y")


def _local(utc: str | None) -> str:
    """A stored UTC time as the leader's wall clock reads it (JSON output keeps UTC)."""
    from leader_app.clock import format_local

    try:
        return format_local(utc) if utc else ""
    except ValueError:
        return utc or ""


def _emit_loss(args: argparse.Namespace, out: dict) -> None:
    emit(
        args,
        out,
        lambda: (
            f"restoring {out['backup']} would lose {out['orders']} orders and "
            f"{out['pickups']} pickups made after {_local(out['backup_at']) or 'it was made'}"
        ),
    )


def cmd_repair(args: argparse.Namespace) -> int:
    from storage.db import default_db_path
    from storage.repair import repair_file

    path = Path(getattr(args, "db", None) or default_db_path())
    if not path.is_file():
        raise UserError(f"{path} does not exist")
    out = repair_file(path)
    emit(
        args,
        out,
        lambda: (
            "no damage found"
            if out["method"] == "none"
            else f"repaired by {out['method']}: {out['rows_lost']} rows could not be read; "
            f"the damaged file is kept as {out['damaged_copy']}"
        ),
    )
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    try:
        with open_app(args) as app:
            rows = app.store.backups.list()
    except LeaderError as exc:  # a damaged or emptied store: its backups are what is needed
        if exc.code not in ("store_empty", "store_corrupt", "store_unreadable"):
            raise
        from storage.backup import list_backups
        from storage.db import default_backup_dir

        rows = list_backups(default_backup_dir(Path(exc.args_map["path"])))
    emit(
        args,
        rows,
        lambda: (
            "\n".join(
                f"{_local(r['at']):<16}  {r['kind']:<12} {r['counts'].get('orders', 0):>8,} orders  {r['path']}"
                for r in rows
            )
            or "no backups yet"
        ),
    )
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd_demo,
    "campaigns": cmd_campaigns,
    "members": cmd_members,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "summary": cmd_summary,
    "import": cmd_import,
    "export": cmd_export,
    "pickup": cmd_pickup,
    "codes": cmd_codes,
    "enroll": cmd_enroll,
    "sync": cmd_sync,
    "backups": cmd_backups,
    **cli_pickup_day.HANDLERS,
    "repair": cmd_repair,
    "insights": cmd_insights,
    "segment": cmd_segment,
    **cli_history.HANDLERS,
}


# What to type next, where the desk's dialog has a button for it.
CLI_HINTS = {
    "import_elsewhere": "To import it anyway, add --again; to bring that campaign in line, "
    "import it with --campaign {campaign_id}.",
    "import_needs_campaign": "Add --campaign ID or TITLE (`leader-app campaigns` lists them), "
    "or --new-campaign [TITLE].",
    "not_found": "`leader-app campaigns` lists the campaigns; --campaign takes an id or a title.",
}


def _hint(exc: LeaderError) -> str:
    hint = CLI_HINTS.get(exc.code)
    if hint and (exc.code != "not_found" or exc.args_map.get("entity") == "campaign"):
        return " " + hint.format_map(exc.args_map)
    return ""


def run(
    argv: list[str], extra: dict[str, Callable[[argparse.Namespace], int]] | None = None
) -> int:
    """Parse and dispatch. `extra` adds handlers that live outside the core (`print`, which
    needs Qt's renderer, comes from main.py), with the same error handling."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return {**HANDLERS, **(extra or {})}[args.command](args)
    except LeaderError as exc:
        plain = not getattr(args, "json", False)  # --json: the details are on stdout
        print(f"leader-app: {exc.english()}{_hint(exc) if plain else ''}", file=sys.stderr)
        for row in (exc.args_map.get("errors") or [])[:20] if plain else ():
            print(f"  row {row.row}, {row.column}: {row.message}", file=sys.stderr)  # why
        return 1
    except UserError as exc:
        print(f"leader-app: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # a damaged file: say so, never a traceback
        print(f"leader-app: {damaged_message(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("leader-app: interrupted; nothing was half-written", file=sys.stderr)
        return 130
