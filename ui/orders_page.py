"""Orders across campaigns: filter as you type, sort in SQL, enter and edit by keyboard."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QMessageBox, QWidget

from leader_app.orders import STATUSES
from storage import campaigns_sql, listing
from storage.db import Store
from ui.errors import show_error
from ui.formatting import STATUS_COLORS, address, local_time, money
from ui.i18n import order_source, order_status
from ui.order_entry_dialog import OrderEntryDialog
from ui.table_model import ALIGN_CENTER, ALIGN_RIGHT, Column
from ui.table_page import TablePage
from ui.worker import DbWorker


def notes(row: dict) -> str:
    return " · ".join(n for n in (row["leader_note"], row["member_note"]) if n)


class OrdersPage(TablePage):
    TABLES = ("orders", "order_lines", "members", "campaigns")

    def __init__(self, worker: DbWorker, reader: Store, parent: QWidget | None = None) -> None:
        columns = [
            Column("order_no", self.tr("Order no."), lambda r: r["order_no"]),
            Column("campaign_title", self.tr("Campaign"), lambda r: r["campaign_title"]),
            Column("member_name", self.tr("Member"), lambda r: r["member_name"]),
            Column("", self.tr("Mobile"), lambda r: r["member_mobile"]),
            Column("", self.tr("Address"), address),
            Column("amount_fen", self.tr("Amount"), lambda r: money(r["amount_fen"]), ALIGN_RIGHT),
            Column(
                "status",
                self.tr("Status"),
                lambda r: order_status(r["status"]),
                color=lambda r: STATUS_COLORS.get(r["status"]),
            ),
            Column("", self.tr("Paid"), lambda r: "✔" if r["paid"] else "", ALIGN_CENTER),
            Column("", self.tr("Source"), lambda r: order_source(r["source"])),
            Column("created_at", self.tr("Ordered at"), lambda r: local_time(r["created_at"])),
            # The leader's note first: where a later export's change to an order already
            # picked up is flagged (【平台：已退款；本单已提货，未改动】), then the member's.
            Column("", self.tr("Note"), notes),
        ]
        super().__init__(worker, reader, listing.ORDERS, columns, parent)
        self.heading.setText(self.tr("Orders"))
        self.search.setPlaceholderText(self.tr("Search member, pinyin, mobile or order no.…"))
        self.campaign_filter = QComboBox()
        self.campaign_filter.setMinimumWidth(160)
        self.campaign_filter.currentIndexChanged.connect(
            lambda _i: self._set_filter("campaign_id", self.campaign_filter.currentData())
        )
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("All statuses"), None)
        for status in STATUSES:
            self.status_filter.addItem(order_status(status), status)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self._set_filter("status", self.status_filter.currentData())
        )
        self.toolbar.addWidget(self.campaign_filter)
        self.toolbar.addWidget(self.status_filter)
        self.toolbar.addStretch(1)
        # Ctrl+N belongs to the main window's one "New order" action; a second binding here
        # would make it ambiguous (and dead) on this page.
        new = self.add_button(self.tr("New order"), self.new_order, primary=True)
        new.setToolTip(
            QKeySequence(QKeySequence.StandardKey.New).toString()
        )  # the window's New order
        self.add_button(self.tr("Edit"), self.activate)
        self.add_button(self.tr("Mark paid"), self.mark_paid, "Ctrl+P")
        self.add_button(self.tr("Cancel order"), self.cancel_selected)
        self.set_widths(90, 160, 90, 105, 90, 90, 80, 50, 60, 130, stretch=10)  # the note
        self.refresh()

    def refresh(self) -> None:
        current = self.campaign_filter.currentData()
        self.campaign_filter.blockSignals(True)
        self.campaign_filter.clear()
        self.campaign_filter.addItem(self.tr("All campaigns"), None)
        for c in campaigns_sql.titles(self.reader.conn):
            self.campaign_filter.addItem(c["title"], c["id"])
        self.campaign_filter.setCurrentIndex(max(self.campaign_filter.findData(current), 0))
        self.campaign_filter.blockSignals(False)
        super().refresh()

    def _set_filter(self, name: str, value: object) -> None:
        self.model.set_filter(name, value)
        self.update_count()

    def count_text(self, total: int) -> str:
        return self.tr("%Ln order(s)", "", total)

    def new_order(self, campaign_id: str | None = None) -> OrderEntryDialog:
        dialog = OrderEntryDialog(
            self.worker, self.reader, campaign_id or self.campaign_filter.currentData(), None, self
        )
        dialog.open()
        return dialog

    def activate(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if row["status"] != "placed":
            QMessageBox.information(
                self,
                self.tr("Order"),
                self.tr("Order %1 is %2 and can no longer be edited.")
                .replace("%1", row["order_no"])
                .replace("%2", order_status(row["status"])),
            )
            return
        OrderEntryDialog(self.worker, self.reader, None, row["id"], self).open()

    def mark_paid(self) -> None:
        ids = [r["id"] for r in self.selected_rows() if not r["paid"]]
        if ids:

            def run(app: object) -> None:
                for order_id in ids:
                    app.orders.set_paid(order_id, True)

            self.worker.op(run).failure(lambda e: show_error(self, e)).run_in_background()

    def cancel_selected(self) -> None:
        row = self.current_row()
        if row is None:
            return
        question = self.tr("Cancel order %1 of %2? Its stock goes back to the campaign.")
        if (
            QMessageBox.question(
                self,
                self.tr("Cancel order"),
                question.replace("%1", row["order_no"]).replace("%2", row["member_name"]),
            )
            == QMessageBox.StandardButton.Yes
        ):
            self.worker.op(lambda app: app.orders.set_status(row["id"], "cancelled")).failure(
                lambda e: show_error(self, e)
            ).run_in_background()
