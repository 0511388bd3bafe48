"""Pickup-day commands: `arrive` (arrival check), `refunds` (the refund list) and the parser of
`notify` (WeChat notices, rendered in the shop's language by ui/notify_cli.py)."""

from __future__ import annotations

import argparse
from typing import Any

from leader_app.cli_support import UserError, emit, open_app
from leader_app.normalize import parse_quantity


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    arrive = sub.add_parser(
        "arrive", parents=[common], help="arrival check: what arrived, who gets less, refunds"
    )
    arrive.add_argument("--campaign", required=True)
    arrive.add_argument(
        "--received",
        action="append",
        default=[],
        metavar="PRODUCT=QTY",
        help="units that arrived usable; PRODUCT is a name or 名称|规格 (others arrived in full)",
    )
    arrive.add_argument("--rule", choices=("latest-first", "proportional"), default="latest-first")
    arrive.add_argument("--dry-run", action="store_true", help="show the result, save nothing")
    refunds = sub.add_parser("refunds", parents=[common], help="refunds owed after a shortage")
    refunds.add_argument("--campaign", required=True)
    notify = sub.add_parser("notify", parents=[common], help="texts for the WeChat group")
    notify.add_argument("--campaign", required=True)
    notify.add_argument("--kind", choices=("arrival", "reminder", "leftovers"), required=True)
    notify.add_argument("--hours", type=float, default=0, help="reminder: after N hours")
    notify.add_argument("--days", type=float, default=0, help="leftovers: after N days")
    notify.add_argument("--window", default="", help="pickup time window, e.g. 15:00-20:00")


def _received(values: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for value in values:
        name, sep, qty = value.rpartition("=")
        if not sep or not name.strip():
            raise UserError(f"--received {value!r}: write PRODUCT=QTY, e.g. 丹东草莓=18")
        try:
            out[name.strip()] = 0 if qty.strip() == "0" else parse_quantity(qty)
        except Exception:
            raise UserError(f"--received {value!r}: {qty!r} is not a quantity") from None
    return out


def cmd_arrive(args: argparse.Namespace) -> int:
    from leader_app.arrival import resolve_products

    named = _received(args.received)
    with open_app(args) as app:
        app.campaigns.get(args.campaign)
        received = resolve_products(app.arrival.products(args.campaign), named)
        if args.dry_run:
            result = app.arrival.plan(args.campaign, received, args.rule)
        else:
            result = app.arrival.arrive(args.campaign, received, args.rule)
    data = result.as_json()
    emit(args, data, lambda: _arrive_text(data, result, args.dry_run))
    return 0


def _arrive_text(data: dict[str, Any], result: Any, dry_run: bool) -> str:
    lines = [
        f"{s['product']} {s['spec']}: ordered {s['ordered']}, received {s['received']}, "
        f"short {s['short']}"
        for s in data["shortages"]
    ]
    lines += [f"{p['name']} {p['spec']}: {p['surplus']} more than ordered" for p in result.surplus]
    lines.append(
        f"{data['orders_changed']} orders reduced, {data['orders_refunded']} refunded in full, "
        f"refunds owed {data['refund_total_fen'] / 100:.2f} yuan"
        + (" [dry run: nothing saved]" if dry_run else "")
    )
    return "\n".join(lines)


def cmd_refunds(args: argparse.Namespace) -> int:
    with open_app(args) as app:
        app.campaigns.get(args.campaign)
        rows = app.refunds.as_json(args.campaign)
    emit(
        args,
        rows,
        lambda: (
            "\n".join(
                f"{r['order_no']}  {r['platform_order_no'] or '-':<8} {r['member']}  "
                f"{r['amount_fen'] / 100:.2f}  {'done' if r['done'] else 'owed'}"
                for r in rows
            )
            or "no refunds owed"
        ),
    )
    return 0


HANDLERS = {"arrive": cmd_arrive, "refunds": cmd_refunds}
