"""Notices for the WeChat group (到货通知, 催取, leftovers) and a per-member text. The desk
writes them; the leader pastes them into WeChat. Messages are split at member boundaries so
none is longer than WeChat's comfortable 2,000 characters.

Templates are English source strings marked for translation; `translate(context, text)` turns them
into the shop's language (the UI and `leader-app notify` pass Qt's translator)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from leader_app.i18n import QT_TRANSLATE_NOOP
from leader_app.print_data import PrintCampaign
from leader_app.print_members import PrintMember

LIMIT = 2000
KINDS = ("arrival", "reminder", "leftovers")
T = {
    "arrival": QT_TRANSLATE_NOOP("notices", "【Goods arrived】{title}"),
    "reminder": QT_TRANSLATE_NOOP("notices", "【Please collect】{title}"),
    "leftovers": QT_TRANSLATE_NOOP("notices", "【Still unclaimed】{title}"),
    "point": QT_TRANSLATE_NOOP("notices", "Pickup point: {point}"),
    "time": QT_TRANSLATE_NOOP("notices", "Pickup time: {when}"),
    "list": QT_TRANSLATE_NOOP("notices", "Members and their items:"),
    "waiting": QT_TRANSLATE_NOOP("notices", "Not collected yet, please come soon:"),
    "unclaimed": QT_TRANSLATE_NOOP("notices", "Unclaimed after {days} days:"),
    "stock": QT_TRANSLATE_NOOP("notices", "Extra stock on hand: {items}"),
    "part": QT_TRANSLATE_NOOP("notices", "({n}/{total})"),
    "member": QT_TRANSLATE_NOOP(
        "notices",
        "{name}, your goods from {title} have arrived. Pickup code: {code}. Items: {items}. "
        "Pickup point: {point}.",
    ),
    "nobody": QT_TRANSLATE_NOOP("notices", "Nobody to list (yet)."),
}
Translate = Callable[[str, str], str]


def _plain(_context: str, text: str) -> str:
    return text


def items_text(m: PrintMember) -> str:
    return "、".join(i.text.replace("\u00a0", "") for i in m.items)


def split(head: list[str], lines: list[str], translate: Translate, limit: int = LIMIT) -> list[str]:
    """Messages of at most `limit` characters: the heading on the first, a (n/total) mark on
    every one when there are several; a line is never cut."""
    room = limit - 12  # the (n/total) mark
    chunks: list[list[str]] = [list(head)]
    size = sum(len(x) + 1 for x in head)
    for line in lines:
        line = line[:room]
        if size + len(line) + 1 > room:
            chunks.append([])
            size = 0
        chunks[-1].append(line)
        size += len(line) + 1
    chunks = [c for c in chunks if c]
    if len(chunks) == 1:
        return ["\n".join(chunks[0])]
    mark = translate("notices", T["part"])
    return [
        "\n".join(c) + "\n" + mark.format(n=i, total=len(chunks))
        for i, c in enumerate(chunks, start=1)
    ]


def build(
    kind: str,
    data: PrintCampaign,
    *,
    point: str = "",
    window: str = "",
    since: str | None = None,
    hours: float = 0,
    days: float = 0,
    stock: list[dict[str, Any]] | None = None,
    now: datetime | None = None,
    translate: Translate = _plain,
) -> list[str]:
    """The messages of one notice. `since` is when the goods arrived (UTC ISO): a reminder
    lists members only `hours` after it, leftovers only `days` after it."""
    now = now or datetime.now(UTC)
    waited = timedelta(0)
    if since:
        waited = now - datetime.fromisoformat(since.replace("Z", "+00:00"))
    members = data.members
    if kind != "arrival":
        members = [m for m in members if not m.picked_up]
        wait = timedelta(hours=hours) if kind == "reminder" else timedelta(days=days)
        if waited < wait:
            members = []
    head = [translate("notices", T[kind]).format(title=data.title)]
    point = point or next((m.pickup_point for m in data.members if m.pickup_point), "")
    if point:
        head.append(translate("notices", T["point"]).format(point=point))
    if kind == "arrival":
        when = " ".join(x for x in (data.pickup_on, window) if x)
        if when:
            head.append(translate("notices", T["time"]).format(when=when))
        head.append(translate("notices", T["list"]))
    elif kind == "reminder":
        head.append(translate("notices", T["waiting"]))
    else:
        head.append(translate("notices", T["unclaimed"]).format(days=f"{days:g}"))
    lines = [f"{m.who}：{items_text(m)}" for m in members]
    if not members:
        lines = [translate("notices", T["nobody"])]
    if kind == "leftovers" and stock:
        extra = "、".join(f"{s['name']} {s['spec']}×{s['quantity']}" for s in stock)
        lines.append(translate("notices", T["stock"]).format(items=extra))
    return split(head, lines, translate)


def member_text(m: PrintMember, data: PrintCampaign, translate: Translate = _plain) -> str:
    return translate("notices", T["member"]).format(
        name=m.nickname or m.name,
        title=data.title,
        code=m.short_code,
        items=items_text(m),
        point=m.pickup_point or "—",
    )
