"""The Export tab: any list of a campaign, or the members, to Excel or CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from leader_app import exporting
from ui import file_dialogs
from ui.errors import show_error
from ui.worker import DbWorker


class ExportPanel(QWidget):
    message = Signal(str)

    def __init__(
        self, worker: DbWorker, campaign: QComboBox, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.campaign = campaign  # filled by the Import page with the others
        box = QVBoxLayout(self)
        row = QHBoxLayout()
        self.export_list = QComboBox()
        labels = {
            "orders": self.tr("Orders (one row per line)"),
            "pickup-list": self.tr("Pickup list (per member)"),
            "purchase-list": self.tr("Purchase list for HQ (per product)"),
            "members": self.tr("Members"),
            "summary": self.tr("Campaign summary"),
        }
        for name in exporting.LISTS:
            self.export_list.addItem(labels[name], name)
        row.addWidget(QLabel(self.tr("List")))
        row.addWidget(self.export_list)
        row.addWidget(QLabel(self.tr("Campaign")))
        row.addWidget(self.campaign, 1)
        box.addLayout(row)
        buttons = QHBoxLayout()
        for text, suffix in (
            (self.tr("Export to Excel…"), ".xlsx"),
            (self.tr("Export to CSV…"), ".csv"),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=suffix: self.export(s))
            buttons.addWidget(button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        box.addStretch(1)

    def export(self, suffix: str) -> None:
        name, campaign_id = self.export_list.currentData(), self.campaign.currentData()
        default = Path.home() / f"{name}{suffix}"
        path = file_dialogs.save_file(self, self.tr("Export"), str(default), f"*{suffix}")
        if path:
            self.run_export(name, campaign_id, Path(path))

    def run_export(self, name: str, campaign_id: str | None, path: Path) -> None:
        self.worker.op(
            lambda app: exporting.write(
                path, exporting.build(app, name, campaign_id if name != "members" else None)
            )
        ).success(
            lambda p: self.message.emit(self.tr("Exported to %1").replace("%1", str(p)))
        ).failure(lambda e: show_error(self, e)).run_in_background()
