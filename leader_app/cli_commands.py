"""The CLI's data commands: import, export, pickup codes, enrolment and sync."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from leader_app.cli_support import (
    UserError,
    emit,
    json_errors,
    open_app,
    warn_if_damaged,
)
from leader_app.errors import LeaderError

PICKUP_EXIT = {"ok": 0, "already_picked_up": 2, "invalid": 3}
# Sync problems that another round cannot mend: the leader must enrol, re-enrol or restore
# first, so `sync` without --once stops instead of saying the same thing every 30 seconds.
WAITS_FOR_LEADER = {"not_enrolled", "auth", "secret", "local"}


@json_errors
def cmd_import(args: argparse.Namespace) -> int:
    """With --json, every outcome is one JSON object on stdout: the report, or {"error": {"code",
    "message"}} (with the refused rows' "errors" when no row could be imported)."""
    if args.pickup_date and args.new_campaign is None:
        raise UserError("--pickup-date goes with --new-campaign")
    from leader_app.importing import readers

    readers.read_ahead(Path(args.file))  # parsed on a thread while the rest starts up
    from leader_app import pinyin
    from leader_app.importing.service import import_file

    pinyin.warm()  # new members' search keys need it; it loads while calamine parses
    with open_app(args) as app:
        report = import_file(
            app.store,
            Path(args.file),
            campaign_id=args.campaign,
            new_campaign=args.new_campaign or None,
            kind=args.kind,
            dry_run=args.dry_run,
            again=args.again,
            pickup_date=args.pickup_date,
            auto_title=args.new_campaign == "",
        )
    data = report.as_json()
    emit(args, data, lambda: _import_text(data))
    return 0


def _import_text(d: dict[str, Any]) -> str:
    known = f", {d['members_matched']} already known" if d.get("members_matched") else ""
    if d["kind"] == "members":  # a member list: no orders or products to speak of
        head = f"{d['rows']} rows: {d['members_created']} members created{known}" + (
            " (their empty fields, tags and referrers filled in)" if known else ""
        )
    elif d["kind"] == "products":
        head = (
            f"{d['rows']} rows: {d['products_created']} products created"
            + (
                f", {d['products_updated']} already in the catalog (prices and units brought "
                "up to date)"
                if d.get("products_updated")
                else ""
            )
            + (f", {d['items_added']} added to the campaign" if d.get("items_added") else "")
        )
    else:
        head = (
            f"{d['rows']} rows: {d['orders_imported']} orders imported "
            f"({d['lines']} lines), {d['orders_skipped_duplicate']} already imported, "
            f"{d['members_created']} members created{known}, "
            f"{d['products_created']} products created"
            + (f", {d['orders_updated']} updated" if d.get("orders_updated") else "")
            + (
                f"; {d['orders_refused']} orders ({d['lines_refused']} lines) not imported "
                "because of the errors below"
                if d.get("orders_refused")
                else ""
            )
        )
    lines = [
        head
        + (f" [{d['layout']}, sheet {d['sheet']}]" if d.get("layout") else "")
        + (" [dry run: nothing saved]" if d["dry_run"] else "")
    ]
    made = d.get("new_products") or []
    if made:  # added to the catalog: the leader checks names and prices
        more = f", and {len(made) - 20} more" if len(made) > 20 else ""
        lines.append(f"  new products: {', '.join(made[:20])}{more}")
    lines += [
        f"  {c['order_no']} ({c['external_no']}): {c['what']} {c['before']} → {c['after']}"
        for c in d.get("changes", [])[:50]
    ]
    lines += [
        f"  row {w['row']}" + (f", {w['column']}" if w.get("column") else "") + f": {w['message']}"
        for w in d.get("warnings", [])[:50]
    ]
    lines += [
        f"  row {e['row']}, {e['column']}: {e['message']}"
        + (f" ({e['value']})" if e["value"] and e["value"] not in e["message"] else "")
        for e in d["errors"][:50]
    ]
    return "\n".join(lines)


def cmd_export(args: argparse.Namespace) -> int:
    from leader_app import exporting
    from storage import export_sql

    if args.list == "segment":
        from leader_app.cli_insights import cmd_export_segment

        return cmd_export_segment(args)
    with open_app(args) as app:
        warn_if_damaged(app)
        if args.list == "purchase-list" and getattr(args, "json", False) and not args.output:
            if not args.campaign:
                raise UserError("purchase-list needs --campaign")
            app.campaigns.get(args.campaign)
            rows = export_sql.purchase_list(app.store.conn, args.campaign)
            print(json.dumps(rows, ensure_ascii=False, indent=1))
            return 0
        if not args.output:
            raise UserError("give the file to write with -o FILE.xlsx or -o FILE.csv")
        if args.list == "all":  # every table, so a leader is never locked in
            sheets = exporting.everything(app.store.conn)
            path = exporting.write_everything(Path(args.output), sheets)
        else:
            sheets = exporting.build(app, args.list, args.campaign)
            path = exporting.write(Path(args.output), sheets)
    emit(
        args,
        {"path": str(path), "rows": sum(len(s.rows) for s in sheets)},
        lambda: f"{args.list} written to {path}",
    )
    return 0


def cmd_pickup(args: argparse.Namespace) -> int:
    with open_app(args) as app:
        by = args.by or app.setting("leader_name") or "CLI"
        check = app.pickup.check(args.code) if args.dry_run else app.pickup.scan(args.code, by)
    data = check.as_json()
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=1))
    elif check.ok:
        items = "; ".join(f"{i['product']} {i['spec']} ×{i['quantity']}" for i in data["items"])
        verb = "valid" if args.dry_run else "checked off"
        which = " ".join(data["orders"]) if check.member_level else data["order_no"]
        print(f"{which} {verb}: {data['member']['name']}: {items}")
    else:
        print(f"leader-app: {check.message()}", file=sys.stderr)
    return PICKUP_EXIT[check.result]


def cmd_codes(args: argparse.Namespace) -> int:
    with open_app(args) as app:
        app.campaigns.get(args.campaign)
        if getattr(args, "by", "order") == "member":
            rows = app.pickup.member_codes(args.campaign)
            emit(
                args,
                rows,
                lambda: "\n".join(
                    f"{r['short_code']}  {r['member']}  {' '.join(r['orders'])}" for r in rows
                ),
            )
            return 0
        rows = app.pickup.codes(args.campaign)
    emit(
        args,
        rows,
        lambda: "\n".join(f"{r['order_no']}  {r['short_code']}  {r['qr_payload']}" for r in rows),
    )
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    from sync.engine import SyncStopped, enroll

    with open_app(args) as app:
        try:
            out = enroll(app.store, args.server, args.code, args.name)
        except SyncStopped as stop:
            raise UserError(
                f"enrolment failed: {stop.detail.get('detail', stop.problem)}"
            ) from None
    where = out["token_store"]
    note = (
        "the token is in the system keyring"
        if where == "keyring"
        else f"no system keyring here: the token is in {where}, readable only by you"
    )
    emit(args, out, lambda: f"enrolled as device {out['device_id']}; {note}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    """With --json, every outcome is one JSON line on stdout, errors included."""
    import time

    from sync.engine import SyncEngine, SyncResult

    as_json = getattr(args, "json", False)
    try:
        app = open_app(args)
    except LeaderError as exc:
        if not as_json:
            raise
        failed = SyncResult(problem="local", detail={"detail": exc.english(), "code": exc.code})
        print(json.dumps({**failed.as_json(), "code": exc.code}, ensure_ascii=False), flush=True)
        print(f"leader-app: {exc.english()}", file=sys.stderr, flush=True)
        return 1
    with app:
        engine = SyncEngine(app.store)
        while True:
            result = engine.sync_once(args.timeout, verify=not getattr(args, "verify", False))
            if getattr(args, "verify", False):
                out = engine.verify_and_repair(result)
                if as_json:
                    print(json.dumps(out, ensure_ascii=False), flush=True)
                else:
                    print("in sync" if out["in_sync"] else f"differences: {out['differences']}")
                if out.get("problem"):
                    print(f"leader-app: {out['message']}", file=sys.stderr, flush=True)
                return 0 if out["in_sync"] and not out.get("problem") else 1
            if as_json:
                print(json.dumps(result.as_json(), ensure_ascii=False), flush=True)
            else:
                print(
                    f"pushed {result.pushed}, pending {result.pending}, rejected "
                    f"{result.rejected}, pulled {result.pulled}",
                    flush=True,
                )
            if result.problem:
                print(f"leader-app: {result.message()}", file=sys.stderr, flush=True)
            if args.once or result.problem in WAITS_FOR_LEADER:
                return 0 if result.ok else 1
            time.sleep(args.interval)
