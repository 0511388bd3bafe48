"""`hq-server`: serve the API and administer leaders, devices and the catalog."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path
from typing import Any

POOL_SIZE = 8  # hq_server.db.POOL_SIZE, without importing the database layer for --help


def default_db() -> str:
    import platformdirs

    return str(Path(platformdirs.user_data_dir("LeaderDeskHQ", appauthor=False)) / "hq.db")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="SQLite file (default: the data folder) or postgresql:// URL",
    )
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="hq-server", parents=[common])
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", parents=[common])
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    serve.add_argument("--claim-timeout", type=float, default=30.0)
    serve.add_argument("--max-body", type=int, default=2_000_000)
    serve.add_argument("--max-changes", type=int, default=1000)
    serve.add_argument("--rate", type=float, default=50.0)
    serve.add_argument(
        "--pool-size",
        type=int,
        default=POOL_SIZE,
        help="PostgreSQL connections per worker process (workers × pool size in all)",
    )
    serve.add_argument(
        "--enroll-failures",
        type=float,
        default=10.0,
        help="wrong enrollment codes per minute per client address before 429 (burst 10)",
    )
    add = sub.add_parser("add-leader", parents=[common])
    add.add_argument("name")
    add.add_argument("--days", type=float, default=7.0, help="the code expires after this")
    code = sub.add_parser(
        "enroll-code", parents=[common], help="a fresh enrollment code for an existing leader"
    )
    code.add_argument("leader_id")
    code.add_argument("--days", type=float, default=7.0, help="the code expires after this")
    revoke = sub.add_parser("revoke-device", parents=[common])
    revoke.add_argument("device_id")
    stats = sub.add_parser("stats", parents=[common])
    stats.add_argument("--leader", required=True)
    dump = sub.add_parser("dump", parents=[common])
    dump.add_argument("--leader", required=True)
    dump.add_argument("--entity", required=True)
    publish = sub.add_parser("publish-product", parents=[common])
    publish.add_argument("--id")
    publish.add_argument("--name", required=True)
    publish.add_argument("--spec", default="")
    publish.add_argument("--unit", default="")
    publish.add_argument("--price-fen", type=int, required=True)
    publish.add_argument("--commission-bp", type=int, default=0)
    publish.add_argument("--supplier")
    publish.add_argument("--category")
    withdraw = sub.add_parser("withdraw-product", parents=[common])
    withdraw.add_argument("product_id")
    suggest = sub.add_parser(
        "publish-campaign", parents=[common], help="suggest a campaign to every desk"
    )
    suggest.add_argument("--id")
    suggest.add_argument("--title", required=True)
    suggest.add_argument(
        "--item",
        action="append",
        required=True,
        metavar="PRODUCT_ID:PRICE_FEN",
        help="an HQ product and its suggested price in fen; repeat for each product",
    )
    suggest.add_argument("--deadline", help="order deadline, ISO-8601 UTC (2026-11-28T12:00:00Z)")
    suggest.add_argument("--pickup-date", help="YYYY-MM-DD")
    suggest.add_argument("--note", default="")
    unsuggest = sub.add_parser("withdraw-campaign", parents=[common])
    unsuggest.add_argument("campaign_id")
    from hq_server import cli_admin  # add-staff, demand, statement, deliver (the web desk's)

    cli_admin.add_commands(sub, common)
    return parser


def _items(specs: list[str]) -> list[dict[str, object]]:
    items = []
    for spec in specs:
        product_id, _, price = spec.rpartition(":")
        if not product_id or not price.isdigit():
            raise SystemExit(f"hq-server: --item {spec!r}: expected PRODUCT_ID:PRICE_FEN")
        items.append({"product_id": product_id, "price_fen": int(price)})
    return items


def _finite(value: Any) -> Any:
    """Records stored before HQ refused NaN and Infinity still print as valid JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _serve(args: argparse.Namespace, db: str) -> int:
    import uvicorn

    from hq_server.app import Limits, create_app, serve_config

    os.environ["HQ_DB"] = db
    limits = Limits(
        args.max_body,
        args.max_changes,
        args.rate,
        enroll_failures=args.enroll_failures,
        pool_size=args.pool_size,
    )
    common = {
        "host": args.host,
        "port": args.port,
        "log_level": "warning",
        "timeout_graceful_shutdown": 2,
    }
    if args.workers > 1:  # uvicorn needs an import string to start worker processes
        os.environ["HQ_SERVE_CONFIG"] = serve_config(db, limits, args.claim_timeout)
        uvicorn.run("hq_server.app:app_from_env", factory=True, workers=args.workers, **common)
    else:
        uvicorn.run(create_app(db, limits, args.claim_timeout), **common)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    import importlib.util

    if importlib.util.find_spec("fastapi") is None:  # a desk-only install: `pip install .`
        print("hq-server needs HQ's packages: pip install 'leader-desk[hq]'", file=sys.stderr)
        return 1
    db = getattr(args, "db", None) or os.environ.get("HQ_DB") or default_db()
    as_json = getattr(args, "json", False)
    if args.command == "serve":
        if args.workers < 1 or args.pool_size < 1:
            print("hq-server: --workers and --pool-size must be at least 1", file=sys.stderr)
            return 1
        return _serve(args, db)
    from hq_server import cli_admin
    from hq_server.service import HQError

    if args.command in cli_admin.COMMANDS:  # the web desk's commands: staff, demand, …
        return cli_admin.run(args, db)
    try:
        return _admin(args, db, as_json)
    except HQError as exc:
        print(f"hq-server: {exc.message}", file=sys.stderr)
        return 1


def _admin(args: argparse.Namespace, db: str, as_json: bool) -> int:
    from hq_server.db import Database
    from hq_server.service import HQ

    hq = HQ(Database(db))
    if args.command == "add-leader":
        out: object = hq.add_leader(args.name, args.days)
    elif args.command == "enroll-code":
        out = hq.enroll_code(args.leader_id, args.days)
    elif args.command == "revoke-device":
        if not hq.revoke_device(args.device_id):
            print(f"hq-server: no device {args.device_id}", file=sys.stderr)
            return 1
        out = {"revoked": args.device_id}
    elif args.command == "stats":
        out = hq.stats(args.leader)
    elif args.command == "dump":
        out = hq.dump(args.leader, args.entity)
    elif args.command == "publish-product":
        product = {
            "id": args.id,
            "name": args.name,
            "spec": args.spec,
            "unit": args.unit,
            "price_fen": args.price_fen,
            "commission_bp": args.commission_bp,
        }
        for key in ("supplier", "category"):  # optional: the demand page filters by them
            if getattr(args, key, None):
                product[key] = getattr(args, key)
        # the web desk's validation too: no empty name, no negative price (HQError → main)
        from hq_server.catalog_admin import publish_product

        out = {"cursor": publish_product(hq, {k: v for k, v in product.items() if v is not None})}
    elif args.command == "withdraw-product":
        out = {"cursor": hq.publish({"id": args.product_id}, op="delete")}
    elif args.command == "publish-campaign":
        suggestion = {
            "id": args.id,
            "title": args.title,
            "items": _items(args.item),
            "deadline": args.deadline,
            "pickup_date": args.pickup_date,
            "note": args.note,
        }
        suggestion = {k: v for k, v in suggestion.items() if v is not None}
        out = {"cursor": hq.publish(suggestion, kind="campaign")}
    else:
        out = {"cursor": hq.publish({"id": args.campaign_id}, op="delete", kind="campaign")}
    print(
        json.dumps(_finite(out), ensure_ascii=False)
        if as_json or not isinstance(out, dict)
        else "\n".join(f"{k}: {v}" for k, v in out.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
