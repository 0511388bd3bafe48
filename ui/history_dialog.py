"""The audit view: every saved action, newest first, from the change log."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leader_app.clock import format_local
from storage import changelog_sql
from storage.db import Store
from ui.widgets import read_only_table


class HistoryDialog(QDialog):
    def __init__(self, reader: Store, label: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change history"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Every change is recorded with its time; HQ receives the same record."))
        )
        rows = changelog_sql.recent(reader.conn, 500)
        table = read_only_table(
            [self.tr("Time"), self.tr("Action"), self.tr("Records"), self.tr("Note")],
            1,
            rows=len(rows),
        )
        for r, row in enumerate(rows):
            note = (
                self.tr("undone")
                if row["undone_by"]
                else (self.tr("undo of an earlier change") if row["undoes"] else "")
            )
            action = row["action"].removeprefix("undo:")
            for c, value in enumerate(
                (
                    format_local(row["at"], "%Y-%m-%d %H:%M:%S"),
                    label(action),
                    str(row["changes"]),
                    note,
                )
            ):
                table.setItem(r, c, QTableWidgetItem(value))
        table.resizeColumnToContents(0)
        layout.addWidget(table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
