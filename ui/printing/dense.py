"""The dense pickup list (default): one row per member, all their items merged, a tick box and
the member code; grouped by pickup point, then building. 25+ members fit on an A4 page.

A building is a column, not a heading row: a heading per building cost a line for every one or
two members when members are spread over many buildings; a rule between buildings and the
building's name on its first row (and at the top of each page) group them as well."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from leader_app.normalize import format_money
from leader_app.print_data import PrintCampaign
from leader_app.print_members import PrintMember, building_label
from ui.printing.canvas import Canvas
from ui.printing.lists import FOOTER_H, HEADER_H, LEFT, MARGIN, PAGE_H, WIDTH, Row, _header

COLS = {"tick": 6.0, "place": 11.0, "who": 40.0, "items": 91.0, "code": 22.0, "amount": 16.0}
HEAD_H = 6.0  # the column titles on every page
GROUP_H = 5.5
MIN_ROW = 8.0
VCENTER = int(Qt.AlignmentFlag.AlignVCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def items_text(m: PrintMember) -> str:
    return "、".join(i.text for i in m.items)


def _paginate(rows: list[Row]) -> list[list[Row]]:
    pages: list[list[Row]] = [[]]
    space = PAGE_H - 2 * MARGIN - HEADER_H - FOOTER_H - HEAD_H
    used = 0.0
    for i, row in enumerate(rows):
        needed = row.height + (
            rows[i + 1].height if row.kind == "group" and i + 1 < len(rows) else 0
        )
        if pages[-1] and used + needed > space:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += row.height
    return pages


def pickup_list(
    c: Canvas, data: PrintCampaign, members: list[PrintMember], sort: str, new_page
) -> int:
    f_items = c.font(8.5)
    rows: list[Row] = []
    heading, place = None, None
    for m in members:
        product_first = sort == "product-building-room"
        key = " · ".join(x for x in (m.pickup_point, m.first_product if product_first else "") if x)
        if key != heading:
            heading, place = key, None
            rows.append(Row("group", GROUP_H, key or "—"))
        text = items_text(m)
        h = max(MIN_ROW, c.text_height(text, COLS["items"] - 2, f_items) + 2.2)
        row = Row("member", h, text, extra=building_label(m.building, ""))
        row.member = m  # type: ignore[attr-defined]
        row.first = row.extra != place  # type: ignore[attr-defined]
        place = row.extra
        rows.append(row)
    pages = _paginate(rows)
    everyone = sum(1 for r in rows if r.kind == "member")
    for number, page in enumerate(pages, start=1):
        if number > 1:
            new_page()
        _header(c, data, QApplication.translate("PrintedLists", "Pickup list"), number, len(pages))
        y = MARGIN + HEADER_H
        _column_titles(c, y)
        y += HEAD_H
        for i, row in enumerate(page):
            top = i == 0 or page[i - 1].kind == "group"  # the building again atop a page
            row.label = row.extra if getattr(row, "first", False) or top else ""  # type: ignore[attr-defined]
            if row.kind == "group":
                c.fill(LEFT, y + 0.4, WIDTH, row.height - 0.8, "#e8edf3")
                c.text(LEFT + 2, y, WIDTH - 4, row.height, row.text, c.font(9, bold=True), VCENTER)
            else:
                _member_row(c, row, y, f_items)
            y += row.height
        on_page = [r.member for r in page if r.kind == "member"]  # type: ignore[attr-defined]
        line = (
            QApplication.translate("PrintedLists", "This page: %1 members, %2")
            .replace("%1", str(len(on_page)))
            .replace("%2", format_money(sum(m.amount_fen for m in on_page)))
        )
        if number == len(pages):
            pieces = sum(i.quantity for m in members for i in m.items)
            line += "    " + QApplication.translate(
                "PrintedLists", "Campaign: %1 members, %2 items, %3"
            ).replace("%1", str(everyone)).replace("%2", str(pieces)).replace(
                "%3", format_money(sum(m.amount_fen for m in members))
            )
        c.line(LEFT, PAGE_H - MARGIN - FOOTER_H + 1, LEFT + WIDTH, PAGE_H - MARGIN - FOOTER_H + 1)
        c.text(LEFT, PAGE_H - MARGIN - FOOTER_H + 2, WIDTH, 6, line, c.font(9, bold=True))
    return len(pages)


def _column_titles(c: Canvas, y: float) -> None:
    f = c.font(8, bold=True)
    x = LEFT + COLS["tick"]
    for key, title, flags in (
        ("place", QApplication.translate("PrintedLists", "Building"), VCENTER),
        ("who", QApplication.translate("PrintedLists", "Member"), VCENTER),
        ("items", QApplication.translate("PrintedLists", "Items"), VCENTER),
        ("code", QApplication.translate("PrintedLists", "Member code"), VCENTER),
        ("amount", QApplication.translate("PrintedLists", "Amount"), RIGHT),
    ):
        c.text(x, y, COLS[key] - 1.5, HEAD_H, title, f, flags, "#44505c")
        x += COLS[key]
    c.line(LEFT, y + HEAD_H - 0.3, LEFT + WIDTH, y + HEAD_H - 0.3, 0.3)


def _member_row(c: Canvas, row: Row, y: float, f_items) -> None:
    m: PrintMember = row.member  # type: ignore[attr-defined]
    x = LEFT
    if row.first:  # type: ignore[attr-defined]
        c.line(LEFT, y, LEFT + WIDTH, y, 0.35)
    c.box(x + 1, y + 2, 3.6, 3.6)
    if m.picked_up:
        c.text(
            x + 1, y + 1.6, 3.6, 4.2, "✓", c.font(9, bold=True), int(Qt.AlignmentFlag.AlignCenter)
        )
    x += COLS["tick"]
    if row.label:  # type: ignore[attr-defined]
        c.text(x, y + 0.6, COLS["place"] - 1, 4.2, row.label, c.font(9, bold=True), VCENTER)  # type: ignore[attr-defined]
    x += COLS["place"]
    name = f"{m.name}  #{m.member_no}" if m.member_no else m.name
    c.text(x, y + 0.6, COLS["who"] - 1, 4.2, name, c.font(9.5, bold=True), VCENTER)
    sub = "  ".join(t for t in (m.masked_mobile, m.address) if t)
    c.text(x, y + 4.2, COLS["who"] - 1, 3.6, sub, c.font(7.5), VCENTER)
    x += COLS["who"]
    c.text(x, y + 1.1, COLS["items"] - 2, row.height - 1.5, row.text, f_items)
    x += COLS["items"]
    c.text(
        x, y + 0.6, COLS["code"] - 1, 4.2, m.short_code, c.font(8.5, bold=True, mono=True), VCENTER
    )
    if len(m.orders) > 1:
        c.text(
            x,
            y + 4.2,
            COLS["code"] - 1,
            3.6,
            QApplication.translate("PrintedLists", "%1 orders").replace("%1", str(len(m.orders))),
            c.font(7),
            VCENTER,
        )
    x += COLS["code"]
    amount = format_money(m.amount_fen)
    c.text(x, y + 0.6, COLS["amount"] - 1, 4.2, amount, c.font(9, bold=True), RIGHT)
    if not m.paid:
        c.text(
            x,
            y + 4.2,
            COLS["amount"] - 1,
            3.6,
            QApplication.translate("PrintedLists", "unpaid"),
            c.font(7.5),
            RIGHT,
        )
    c.line(LEFT, y + row.height, LEFT + WIDTH, y + row.height, 0.12, "#9aa5b1")
