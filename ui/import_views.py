"""What the Import page shows: the preview table with its column mapping, the report line and
the problem list. Strings stay in the ImportPage translation context."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QMessageBox, QTableWidget, QTableWidgetItem, QWidget

from leader_app.address import cell_text
from leader_app.errors import LeaderError
from leader_app.importing.headers import FIELD_LABELS
from leader_app.importing.service import Preview
from ui.i18n import error_text


class Translated:
    """An import problem with its message in the interface language, for the saved report."""

    def __init__(self, row: int, column: str, message: str, value: str) -> None:
        self.row, self.column, self.message, self.value = row, column, message, value


def fill_preview(table: QTableWidget, view: Preview, limit: int) -> None:
    """The file's first rows under its header, with a field chooser above each column."""
    rows = view.table.rows if view.table else []
    start = view.match.row_index + 1 if view.match else 0
    width = max((len(r) for r in rows[: start + limit]), default=0)
    table.clear()
    table.setColumnCount(width)
    table.setRowCount(1 + min(limit, max(len(rows) - start, 0)))
    headers = view.match.headers if view.match else [""] * width
    table.setHorizontalHeaderLabels(
        [h or f"#{i + 1}" for i, h in enumerate(headers)] + [""] * (width - len(headers))
    )
    by_column = {col: f for f, col in (view.match.mapping.items() if view.match else [])}
    for col in range(width):
        combo = QComboBox()
        combo.addItem("—", None)
        for name, label in FIELD_LABELS.items():
            combo.addItem(QCoreApplication.translate("import_fields", label), name)
        combo.setCurrentIndex(max(combo.findData(by_column.get(col)), 0))
        table.setCellWidget(0, col, combo)
    for r, row in enumerate(rows[start : start + limit], start=1):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(cell_text(value)))
    table.resizeColumnsToContents()
    table.setRowHeight(0, max(table.cellWidget(0, 0).sizeHint().height() + 6, 34) if width else 34)


def _fill(text: str, values: tuple) -> str:
    for i, value in enumerate(values, 1):
        text = text.replace(f"%{i}", str(value))
    return text


def report_text(report: Any) -> str:
    """One line on what an import did, including what a re-export brought in line."""
    if report.kind == "members":
        text = _fill(
            QCoreApplication.translate(
                "ImportPage", "%1 rows read · %2 members created · %3 already known"
            ),
            (report.rows, report.members_created, report.members_matched),
        )
    elif report.kind == "products":
        text = _fill(
            QCoreApplication.translate(
                "ImportPage",
                "%1 rows read · %2 products created · %3 already in the catalog (prices "
                "brought up to date) · %4 added to the campaign",
            ),
            (report.rows, report.products_created, report.products_updated, report.items_added),
        )
    else:
        text = _fill(
            QCoreApplication.translate(
                "ImportPage",
                "%1 rows read · %2 orders imported (%3 lines) · %4 already imported · "
                "%5 members created · %6 products created",
            ),
            (
                report.rows,
                report.orders_imported,
                report.lines,
                report.orders_skipped_duplicate,
                report.members_created,
                report.products_created,
            ),
        )
    if getattr(report, "orders_updated", 0) or getattr(report, "orders_flagged", 0):
        text += _fill(
            QCoreApplication.translate(
                "ImportPage",
                " · %1 orders brought in line (%2 cancelled, %3 refunded) · "
                "%4 picked-up orders flagged",
            ),
            (
                report.orders_updated,
                report.orders_cancelled,
                report.orders_refunded,
                report.orders_flagged,
            ),
        )
    if getattr(report, "orders_refused", 0):
        text += _fill(
            QCoreApplication.translate(
                "ImportPage", " · %1 orders (%2 lines) not imported: see the problems below"
            ),
            (report.orders_refused, report.lines_refused),
        )
    if report.dry_run:
        text = QCoreApplication.translate("ImportPage", "Check only, nothing saved: %1").replace(
            "%1", text
        )
    return text


def fill_problems(table: QTableWidget, errors: list[Any]) -> list[Translated]:
    problems = [
        Translated(e.row, e.column, error_text(LeaderError(e.code, **e.args)), e.value)
        for e in errors
    ]
    table.setRowCount(len(problems))
    for r, p in enumerate(problems):
        for c, value in enumerate((str(p.row), p.column, p.message, p.value)):
            table.setItem(r, c, QTableWidgetItem(value))
    return problems


def ask(parent: QWidget, title: str, text: str) -> bool:
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes
