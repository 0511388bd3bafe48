"""Campaigns HQ suggests (from its catalog feed): see them and open one as a draft campaign."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leader_app.campaigns import CampaignService
from storage.db import Store
from ui.errors import show_error
from ui.formatting import local_time, money
from ui.widgets import read_only_table
from ui.worker import DbWorker


class SuggestionsDialog(QDialog):
    def __init__(
        self,
        worker: DbWorker,
        reader: Store,
        opened: Callable[[dict[str, Any]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker, self.reader, self.opened = worker, reader, opened
        self.setWindowTitle(self.tr("Campaigns suggested by HQ"))
        self.resize(860, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "HQ suggests these campaigns with their products and prices. Open one as a "
                    "draft, check it, then open it for orders."
                )
            )
        )
        self.table = read_only_table(
            [
                self.tr("Campaign"),
                self.tr("Products and suggested prices"),
                self.tr("Deadline"),
                self.tr("Pickup"),
                self.tr("On this desk"),
            ],
            1,
        )
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton(self.tr("Open as a draft campaign"))
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self.open_selected)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.rows = CampaignService(self.reader).suggestions()
        table = self.table
        table.setRowCount(len(self.rows))
        for r, s in enumerate(self.rows):
            products = "、".join(
                f"{p['name']} {p['spec']} {money(p['suggested_price_fen'])}".replace("  ", " ")
                for p in s["products"]
            )
            if s["missing"]:
                products += "  " + self.tr("(%1 not in your catalog yet)").replace(
                    "%1", str(s["missing"])
                )
            if s["campaign_id"]:
                state = self.tr("Opened: %1").replace("%1", s["campaign_title"] or "")
            elif s["products"]:
                state = self.tr("Not opened yet")
            else:
                state = self.tr("Waiting for its products")
            data = s["data"]
            values = (
                s["title"],
                products,
                local_time(data.get("deadline")) if data.get("deadline") else "",
                data.get("pickup_date") or "",
                state,
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, s["hq_id"])
                table.setItem(r, c, item)
        for column in (0, 2, 3, 4):
            table.resizeColumnToContents(column)
        table.resizeRowsToContents()
        if self.rows:
            table.selectRow(0)
        self.open_button.setEnabled(bool(self.rows))

    def open_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return
        hq_id = self.rows[row]["hq_id"]

        def done(campaign: dict[str, Any]) -> None:
            self.accept()
            self.opened(campaign)

        self.worker.op(lambda app: app.campaigns.open_suggestion(hq_id)).success(done).failure(
            lambda e: show_error(self, e)
        ).run_in_background()
