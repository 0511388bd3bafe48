"""A4 lists: the pickup list by member, and the picking list by product."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from leader_app.normalize import format_money
from leader_app.print_data import (
    PrintCampaign,
    PrintOrder,
    group_by_point_and_building,
    totals,
)
from leader_app.print_members import picking_groups
from ui.printing.canvas import Canvas

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 12.0
HEADER_H = 18.0
FOOTER_H = 10.0
LEFT = MARGIN
WIDTH = PAGE_W - 2 * MARGIN
RIGHT_ALIGN = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT_TOP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


@dataclass
class Row:
    kind: str  # "group" or "order" or "product" or "member_line"
    height: float
    text: str = ""
    order: PrintOrder | None = None
    extra: str = ""


def _paginate(rows: list[Row]) -> list[list[Row]]:
    pages: list[list[Row]] = [[]]
    space = PAGE_H - 2 * MARGIN - HEADER_H - FOOTER_H
    used = 0.0
    for i, row in enumerate(rows):
        needed = row.height
        if row.kind in ("group", "product") and i + 1 < len(rows):
            needed += rows[i + 1].height  # a heading never stands alone at the foot of a page
        if pages[-1] and used + needed > space:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += row.height
    return pages


def _header(c: Canvas, data: PrintCampaign, title: str, page: int, pages: int) -> None:
    c.text(LEFT, MARGIN, WIDTH, 7, f"{title} · {data.title}", c.font(13, bold=True))
    sub = QApplication.translate("PrintedLists", "Pickup %1").replace("%1", data.pickup_on or "—")
    if data.shop:
        sub = f"{data.shop} · {sub}"
    c.text(LEFT, MARGIN + 7.5, WIDTH, 5, sub, c.font(9))
    c.text(
        LEFT,
        MARGIN + 7.5,
        WIDTH,
        5,
        QApplication.translate("PrintedLists", "Page %1 / %2")
        .replace("%1", str(page))
        .replace("%2", str(pages)),
        c.font(9),
        RIGHT_ALIGN,
    )
    c.line(LEFT, MARGIN + HEADER_H - 3, LEFT + WIDTH, MARGIN + HEADER_H - 3, 0.4)


# -- pickup list ---------------------------------------------------------------------------
COLS = {"tick": 7, "who": 44, "items": 86, "amount": 23, "qr": 26}  # mm, sums to WIDTH


def pickup_list(c: Canvas, data: PrintCampaign, new_page) -> int:
    f_items = c.font(9)
    rows: list[Row] = []
    for point, building, orders in group_by_point_and_building(data.orders):
        rows.append(Row("group", 7.5, " · ".join(x for x in (point, building) if x)))
        for order in orders:
            items = "\n".join(i.text for i in order.items)
            h = max(c.text_height(items, COLS["items"] - 2, f_items) + 3, 19)
            rows.append(Row("order", h, items, order))
    pages = _paginate(rows)
    for number, page in enumerate(pages, start=1):
        if number > 1:
            new_page()
        _header(c, data, QApplication.translate("PrintedLists", "Pickup list"), number, len(pages))
        y = MARGIN + HEADER_H
        page_orders = [r.order for r in page if r.order]
        for row in page:
            if row.kind == "group":
                c.fill(LEFT, y + 0.5, WIDTH, row.height - 1, "#e8edf3")
                c.text(
                    LEFT + 2,
                    y,
                    WIDTH - 4,
                    row.height,
                    row.text,
                    c.font(10, bold=True),
                    int(Qt.AlignmentFlag.AlignVCenter),
                )
            else:
                _order_row(c, row, y, f_items)
            y += row.height
        t = totals(page_orders)
        line = (
            QApplication.translate("PrintedLists", "This page: %1 orders, %2")
            .replace("%1", str(t["orders"]))
            .replace("%2", format_money(t["amount_fen"]))
        )
        if number == len(pages):
            all_t = totals(data.orders)
            line += "    " + QApplication.translate(
                "PrintedLists", "Campaign: %1 orders, %2 items, %3"
            ).replace("%1", str(all_t["orders"])).replace("%2", str(all_t["pieces"])).replace(
                "%3", format_money(all_t["amount_fen"])
            )
        c.line(LEFT, PAGE_H - MARGIN - FOOTER_H + 1, LEFT + WIDTH, PAGE_H - MARGIN - FOOTER_H + 1)
        c.text(LEFT, PAGE_H - MARGIN - FOOTER_H + 2, WIDTH, 6, line, c.font(9.5, bold=True))
    return len(pages)


def _order_row(c: Canvas, row: Row, y: float, f_items) -> None:
    o = row.order
    x = LEFT
    c.box(x + 1.5, y + 3, 4, 4)
    if o.picked_up:
        c.text(
            x + 1.5, y + 2.6, 4, 4.5, "✓", c.font(10, bold=True), int(Qt.AlignmentFlag.AlignCenter)
        )
    x += COLS["tick"]
    c.text(x, y + 1.5, COLS["who"], 5.5, f"{o.name}  #{o.member_no}", c.font(10.5, bold=True))
    c.text(x, y + 6.5, COLS["who"], 4.5, o.masked_mobile, c.font(9))
    c.text(x, y + 10.5, COLS["who"], 4.5, o.address, c.font(9))
    c.text(x, y + 14.3, COLS["who"], 4.5, o.order_no, c.font(8, mono=True))
    x += COLS["who"]
    c.text(x, y + 2, COLS["items"] - 2, row.height - 3, row.text, f_items, LEFT_TOP)
    x += COLS["items"]
    paid = format_money(o.amount_fen) + (
        "" if o.paid else "\n" + QApplication.translate("PrintedLists", "unpaid")
    )
    c.text(
        x,
        y + 2,
        COLS["amount"] - 2,
        10,
        paid,
        c.font(10, bold=True),
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
    )
    x += COLS["amount"]
    c.qr(x + 5, y + 1.5, 16, o.qr_payload)
    c.line(LEFT, y + row.height, LEFT + WIDTH, y + row.height, 0.15, "#9aa5b1")


# -- picking list ---------------------------------------------------------------------------
def picking(c: Canvas, data: PrintCampaign, new_page, sort: str = "product-building-room") -> int:
    """Per product (default for the picking list), or per building in either order."""
    rows: list[Row] = []
    per_line = 3
    for group in picking_groups(data, sort):
        total = (
            QApplication.translate("PrintedLists", "total %1 %2")
            .replace("%1", str(group.total))
            .replace("%2", group.unit)
            .strip()
        )
        rows.append(Row("product", 9, group.heading, extra=total))
        entries = group.entries
        for i in range(0, len(entries), per_line):
            rows.append(Row("member_line", 5.5, "\t".join(entries[i : i + per_line])))
    pages = _paginate(rows)
    for number, page in enumerate(pages, start=1):
        if number > 1:
            new_page()
        _header(c, data, QApplication.translate("PrintedLists", "Picking list"), number, len(pages))
        y = MARGIN + HEADER_H
        for row in page:
            if row.kind == "product":
                c.fill(LEFT, y + 1, WIDTH, row.height - 1.5, "#e8edf3")
                c.text(
                    LEFT + 2,
                    y + 1,
                    WIDTH - 4,
                    row.height - 1.5,
                    row.text,
                    c.font(11, bold=True),
                    int(Qt.AlignmentFlag.AlignVCenter),
                )
                c.text(
                    LEFT + 2,
                    y + 1,
                    WIDTH - 4,
                    row.height - 1.5,
                    row.extra,
                    c.font(11, bold=True),
                    RIGHT_ALIGN,
                )
            else:
                for i, entry in enumerate(row.text.split("\t")):
                    c.text(
                        LEFT + 2 + i * WIDTH / 3,
                        y,
                        WIDTH / 3 - 2,
                        row.height,
                        entry,
                        c.font(9),
                        int(Qt.AlignmentFlag.AlignVCenter),
                    )
            y += row.height
    return len(pages)
