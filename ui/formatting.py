"""Display helpers shared by pages and dialogs."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication

from leader_app.campaigns import past_deadline
from leader_app.clock import format_local
from leader_app.normalize import format_money, mask_mobile

STATUS_COLORS = {
    "placed": "#1f5fbf",
    "picked_up": "#2e7d32",
    "cancelled": "#9e9e9e",
    "refunded": "#c62828",
    "draft": "#757575",
    "open": "#2e7d32",
    "closed": "#ef6c00",
    "arrived": "#1f5fbf",
    "done": "#616161",
}


PAST_DEADLINE_COLOR = "#c62828"


def campaign_color(row: dict) -> str:
    """The status colour of a campaign row: red once an open one is past its deadline (not
    closed's orange), so the leader sees it is time to close it."""
    return PAST_DEADLINE_COLOR if past_deadline(row) else STATUS_COLORS[row["status"]]


def pickup_progress(done: int, total: int) -> str:
    """ "Picked up 55,562 / 57,255" on the Today cards and the pickup desk: the counts grouped
    like the order counts beside them."""
    text = QCoreApplication.translate("Progress", "Picked up %1 / %2")
    return text.replace("%1", f"{done:,}").replace("%2", f"{total:,}")


def money(fen: int | None) -> str:
    return format_money(fen or 0)


def local_time(text: str | None) -> str:
    return format_local(text)


def address(row: dict[str, Any]) -> str:
    return "-".join(str(row[k]) for k in ("building", "unit", "room") if row.get(k))


def tags(row: dict[str, Any]) -> str:
    try:
        return "、".join(json.loads(row.get("tags") or "[]"))
    except ValueError:
        return ""


def masked(mobile: str) -> str:
    return mask_mobile(mobile or "")
