"""`leader-app print …`: render to PDF without a display (Qt's offscreen platform)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def cmd_print(args: argparse.Namespace) -> int:
    from leader_app.cli import CLI_LOCK_WAIT, UserError
    from leader_app.cli_support import campaign_id

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    margins: tuple[float | None, float | None] = (None, None)
    if args.margins:
        try:
            top, left = (float(x) for x in args.margins.split(","))
        except ValueError:
            raise UserError("--margins takes two numbers in mm: top,left") from None
        margins = (top, left)
    output = Path(args.output)
    if output.suffix.lower() != ".pdf":
        raise UserError("-o must name a .pdf file")
    from PySide6.QtGui import QGuiApplication

    from leader_app.app import LeaderApp
    from leader_app.print_data import load
    from ui import i18n
    from ui.printing.output import to_pdf

    _qapp = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    i18n.install(args.lang or "zh_CN")  # printed for the shop: Chinese unless --lang en
    with LeaderApp.open(getattr(args, "db", None), lock=False, busy_seconds=CLI_LOCK_WAIT) as app:
        args.campaign = campaign_id(app.store.conn, args.campaign)  # id or title
        app.campaigns.get(args.campaign)
        data = load(app.store, args.campaign, app.ensure_shop_secret(), app.setting("shop_name"))
    layout = args.layout or ("dense" if args.document == "pickup-list" else "a4-3x8")
    if args.document != "pickup-list" and layout in ("dense", "cards"):
        raise UserError("--layout dense or cards is for the pickup list")
    if args.document == "pickup-list" and layout not in ("dense", "cards"):
        layout = "dense"  # a label layout means nothing to a list (accepted, as it always was)
    count = to_pdf(output, data, args.document, layout, margins, args.sort, args.per)
    unit = "labels" if args.document in ("labels", "item-labels") else "pages"
    if getattr(args, "json", False):
        out = {"path": str(output), unit: count, "orders": len(data.orders)}
        out["members"] = len(data.members)
        print(json.dumps(out))
    else:
        print(f"{args.document}: {count} {unit} for {len(data.orders)} orders → {output}")
    return 0
