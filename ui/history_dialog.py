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
            3,  # the note stretches: it is the longest text
            rows=len(rows),
        )
        times = {row["tx_id"]: row["at"] for row in rows}
        for r, row in enumerate(rows):
            action = label(row["action"].removeprefix("undo:"))
            if row["undoes"]:  # an undo reads as one, not as the action it took back
                action = self.tr("Undo: %1").replace("%1", action)
                when = times.get(row["undoes"])
                note = (
                    self.tr("takes back the change of %1").replace(
                        "%1", format_local(when, "%Y-%m-%d %H:%M")
                    )
                    if when
                    else self.tr("undo of an earlier change")
                )
            else:
                note = self.tr("undone") if row["undone_by"] else ""
            for c, value in enumerate(
                (
                    format_local(row["at"], "%Y-%m-%d %H:%M:%S"),
                    action,
                    f"{row['changes']:,}",
                    note,
                )
            ):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # a narrow column still shows all of it on hover
                table.setItem(r, c, item)
        for column in (0, 1, 2):
            table.resizeColumnToContents(column)
        layout.addWidget(table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
