"""`leader-app notify`: WeChat notices in the shop's language (zh_CN unless --lang en), so it
goes through Qt's translator like `print` does."""

from __future__ import annotations

import argparse
import json
import sys


def cmd_notify(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QCoreApplication

    from leader_app.cli import CLI_LOCK_WAIT
    from leader_app.cli_support import campaign_id
    from leader_app.notices import build
    from leader_app.print_data import load

    _qapp = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    from ui import i18n

    i18n.install(args.lang or "zh_CN")
    from leader_app.app import LeaderApp

    with LeaderApp.open(getattr(args, "db", None), wait_seconds=CLI_LOCK_WAIT) as app:
        args.campaign = campaign_id(app.store.conn, args.campaign)  # id or title
        campaign = app.campaigns.get(args.campaign)
        data = load(app.store, args.campaign, app.ensure_shop_secret(), app.setting("shop_name"))
        arrival = app.arrival.last(args.campaign)
        stock = app.arrival.stock(args.campaign)
    since = arrival["created_at"] if arrival else campaign["updated_at"]
    messages = build(
        args.kind,
        data,
        window=args.window,
        since=since,
        hours=args.hours,
        days=args.days,
        stock=stock,
        translate=QCoreApplication.translate,
    )
    if getattr(args, "json", False):
        print(json.dumps({"messages": messages}, ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(messages))
    return 0
