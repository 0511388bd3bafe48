"""Small widget builders shared by pages and dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableWidget


def read_only_table(headers: list[str], stretch: int | None = 0, rows: int = 0) -> QTableWidget:
    """A small QTableWidget for a few dozen rows (big lists use SqlTableModel): read-only, no
    row numbers, one stretching column."""
    table = QTableWidget(rows, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    if stretch is not None:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
