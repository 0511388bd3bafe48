"""The web desk's spreadsheets: the demand (the purchase order to suppliers) and a leader's
monthly statement. Money is written as yuan numbers with two decimals, computed from fen."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.styles import Font

from hq_server.admin import i18n

MONEY = "#,##0.00"


def _sheet(book: Workbook, title: str, header: list[str]) -> Any:
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def demand_book(rows: list[dict[str, Any]], lang: str) -> Workbook:
    t = i18n.translator(lang)
    book = Workbook()
    sheet = _sheet(
        book,
        t("Demand"),
        [
            t("Pickup date"),
            t("Product"),
            t("Spec"),
            t("Unit"),
            t("Quantity"),
            t("Leaders ordering"),
            t("By leader (pickup points)"),
        ],
    )
    for r in rows:
        breakdown = "; ".join(
            f"{b['leader'] or b['leader_id']} ×{b['quantity']}"
            + (f" ({', '.join(b['pickup_points'])})" if b["pickup_points"] else "")
            for b in r["by_leader"]
        )
        sheet.append(
            [
                r["pickup_date"],
                r["product"],
                r["spec"],
                r["unit"],
                r["quantity"],
                r["leaders"],
                breakdown,
            ]
        )
    sheet.append(["", t("Total"), "", "", sum(r["quantity"] for r in rows)])
    for column, width in zip("ABCDEFG", (12, 18, 12, 6, 10, 10, 80), strict=True):
        sheet.column_dimensions[column].width = width
    return book


def statement_book(result: dict[str, Any], lang: str) -> Workbook:
    t = i18n.translator(lang)
    book = Workbook()
    header = [
        t("Pickup date"),
        t("Campaign"),
        t("Status"),
        t("Orders"),
        t("Sold"),
        t("Sold (¥)"),
        t("Picked up"),
        t("Picked up (¥)"),
        t("Refunds"),
        t("Refunded (¥)"),
        t("Commission (¥)"),
    ]
    sheet = _sheet(book, f"{result['month']}", header)
    money_cols = (6, 8, 10, 11)

    def row(first: list[Any], r: dict[str, Any]) -> list[Any]:
        return [
            *first,
            r["orders"],
            r["sold_qty"],
            r["sold_fen"] / 100,
            r["picked_qty"],
            r["picked_fen"] / 100,
            r["refunds"],
            r["refunded_fen"] / 100,
            r["commission_fen"] / 100,
        ]

    for c in result["campaigns"]:
        sheet.append(row([c["pickup_on"], c["title"], t(c["status"])], c))
    sheet.append(row(["", f"{t('Total')} · {result['leader']}", ""], result["totals"]))
    for line in sheet.iter_rows(min_row=2):
        for col in money_cols:
            line[col - 1].number_format = MONEY
    for column, width in zip("ABCDEFGHIJK", (12, 28, 8, 8, 8, 12, 8, 12, 8, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    return book


def response(book: Workbook, filename: str) -> Response:
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(
        buffer.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "no-store",
        },
    )
