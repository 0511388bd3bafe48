"""Restore: the backups with their time and counts; a safety copy of now is made first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leader_app.clock import format_local
from storage.backup import list_backups
from ui.errors import show_error
from ui.widgets import read_only_table
from ui.worker import DbWorker


class RestoreDialog(QDialog):
    def __init__(self, worker: DbWorker, folder: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Choose a backup. The current data is backed up first, so a restore can itself be "
                    "undone by restoring that copy."
                )
            )
        )
        self.backups = list_backups(folder)
        self.table = read_only_table(
            [
                self.tr("Time"),
                self.tr("Kind"),
                self.tr("Members"),
                self.tr("Orders"),
                self.tr("File"),
            ],
            4,
            rows=len(self.backups),
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setColumnWidth(0, 150)
        kinds = {
            "daily": self.tr("Daily"),
            "weekly": self.tr("Weekly"),
            "pre-import": self.tr("Before an import"),
            "pre-merge": self.tr("Before a merge"),
            "pre-restore": self.tr("Before a restore"),
            "pre-migration": self.tr("Before an upgrade"),
            "manual": self.tr("By hand"),
        }
        for r, b in enumerate(self.backups):
            counts = b.get("counts", {})
            for c, value in enumerate(
                (
                    format_local(b["at"]),
                    kinds.get(b.get("kind", ""), b.get("kind", "")),
                    str(counts.get("members", "")),
                    str(counts.get("orders", "")),
                    Path(b["path"]).name,
                )
            ):
                self.table.setItem(r, c, QTableWidgetItem(value))
            self.table.item(r, 4).setToolTip(b["path"])  # the full path, on hover
        if self.backups:
            self.table.selectRow(0)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(
            self.tr("Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(bool(self.backups))
        buttons.accepted.connect(self.restore)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def restore(self) -> None:
        """Say what the backup would lose (orders and pickups made after it) before asking."""
        from leader_app.restore import preview

        row = self.table.currentRow()
        if row < 0:
            return
        chosen = self.backups[row]
        self.worker.op(lambda app: preview(app.store, chosen["path"])).success(
            lambda loss: self._confirm(chosen, loss)
        ).failure(lambda e: show_error(self, e)).run_in_background()

    def _confirm(self, chosen: dict, loss: dict) -> None:
        from ui.damage import loss_text

        text = (
            self.tr("Replace the current data with the backup of %1?").replace(
                "%1", format_local(chosen["at"])
            )
            + "\n\n"
            + loss_text(chosen["at"], loss)
        )
        if QMessageBox.question(self, self.tr("Restore"), text) != QMessageBox.StandardButton.Yes:
            return
        self.worker.op(lambda app: app.restore(chosen["path"])).success(
            lambda _c: self.accept()
        ).failure(lambda e: show_error(self, e)).run_in_background()
