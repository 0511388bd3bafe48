"""The .xlsx writer of every export (leader_app/exporting.py describes the sheets).

XlsxWriter, not openpyxl: see `write_xlsx` for the figures. A bold frozen header on a light
fill, widths that fit the first 500 values (CJK counts double), money as ¥ with two decimals,
mobiles and order numbers as text cells with the text format, every text a string (never a
formula, whatever it starts with), and a bold totals row whose SUM formulas carry their value.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from leader_app.exporting import MONEY_FORMAT, Col, Sheet, _width


def _converter(col: Col) -> Callable[[dict[str, Any]], Any]:
    """`_cell` for one column, with the column's kind decided once instead of per value."""
    get = col.value
    if col.kind == "money":
        return lambda row: Decimal(get(row) or 0) / 100
    if col.kind == "int":

        def integer(row: dict[str, Any]) -> int | str:
            value = get(row)
            if value.__class__ is int:
                return value
            return int(value or 0) if value is None or isinstance(value, int) else str(value)

        return integer

    def text(row: dict[str, Any]) -> str:
        value = get(row)
        return "" if value is None else value if value.__class__ is str else str(value)

    return text


def write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    """XlsxWriter in constant_memory mode: each row goes to a temporary file as it is written.
    The whole `leader-app export orders` of 100,000 lines, styles and all, takes 0.96× the CPU
    of openpyxl's write-only mode with plain values (bench/bench_export.py); through openpyxl,
    whose write-only mode still builds a cell object per value, it took 1.44×."""
    import io

    import xlsxwriter

    # The rows stream through XlsxWriter's temporary files; the zip is built in memory (9 MB
    # for 100,000 lines) and written out in one go, so a full disk fails in our own open(),
    # which closes the file, rather than inside XlsxWriter, which would leave it open.
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    head = workbook.add_format({"bold": True, "bg_color": "#EEF1F5", "valign": "vcenter"})
    bold = workbook.add_format({"bold": True})
    formats = {
        "money": workbook.add_format({"num_format": MONEY_FORMAT}),
        "code": workbook.add_format({"num_format": "@"}),  # text, never 1.39E+10
    }
    bold_money = workbook.add_format({"bold": True, "num_format": MONEY_FORMAT})
    for sheet in sheets:
        ws = workbook.add_worksheet(sheet.title[:31])
        ws.freeze_panes(1, 0)
        columns = sheet.columns
        converters = [_converter(c) for c in columns]
        sample = [[convert(r) for convert in converters] for r in sheet.rows[:500]]
        for index, col in enumerate(columns):
            width = max(_width(s) for s in [col.header, *(str(v[index]) for v in sample)]) + 2
            ws.set_column(index, index, min(max(width, 8), 60))
        for index, col in enumerate(columns):
            ws.write_string(0, index, col.header, head)
        write_string, write_number = ws.write_string, ws.write_number
        plan = [
            (index, convert, col.kind, formats.get(col.kind))
            for index, (col, convert) in enumerate(zip(columns, converters, strict=True))
        ]
        totals = {index: 0 for index, col in enumerate(columns) if col.total}
        for number, row in enumerate(sheet.rows, start=1):
            for index, convert, kind, fmt in plan:
                value = convert(row)
                if kind == "text" or kind == "code":
                    if value:  # an empty text is no cell at all
                        # always a string, never a formula, whatever it starts with
                        write_string(number, index, value, fmt)
                elif value.__class__ is str:  # an "int" column holding text
                    write_string(number, index, value)
                else:
                    write_number(number, index, value, fmt)
                    if index in totals:
                        totals[index] += value
        if sheet.rows and totals:
            last = len(sheet.rows) + 1
            ws.write_string(last, 0, "合计", bold)
            for index, col in enumerate(columns):
                if index in totals:
                    letter = xlsxwriter.utility.xl_col_to_name(index)
                    fmt = bold_money if col.kind == "money" else bold
                    # the sum is stored with the formula, so a reader that does not
                    # recalculate (a phone's preview, calamine) shows it too
                    ws.write_formula(
                        last, index, f"=SUM({letter}2:{letter}{last})", fmt, totals[index]
                    )
                elif index:
                    ws.write_blank(last, index, None, bold)
    workbook.close()
    with Path(path).open("wb") as fh:
        fh.write(buffer.getbuffer())
