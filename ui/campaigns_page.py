"""Campaigns: create, edit, copy (复制团), step through the life cycle and see the summary."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QMessageBox, QWidget

from leader_app.campaigns import STATUSES, TRANSITIONS
from storage import campaigns_sql, listing, suggestions_sql
from storage.db import Store
from ui.campaign_dialog import CampaignDialog
from ui.errors import show_error
from ui.formatting import campaign_color, local_time, money
from ui.i18n import campaign_state, campaign_status
from ui.suggestions_dialog import SuggestionsDialog
from ui.summary_dialog import SummaryDialog
from ui.table_model import ALIGN_RIGHT, Column
from ui.table_page import TablePage
from ui.worker import DbWorker

FORWARD = {"draft": "open", "open": "closed", "closed": "arrived", "arrived": "done"}


class CampaignsPage(TablePage):
    TABLES = ("campaigns", "campaign_items", "orders", "hq_suggestions")

    def __init__(self, worker: DbWorker, reader: Store, parent: QWidget | None = None) -> None:
        columns = [
            Column("title", self.tr("Campaign"), lambda r: r["title"]),
            Column(
                "status",
                self.tr("Status"),
                campaign_state,
                color=campaign_color,
            ),
            Column("deadline_at", self.tr("Deadline"), lambda r: local_time(r["deadline_at"])),
            Column("pickup_on", self.tr("Pickup"), lambda r: r["pickup_on"] or ""),
            Column("", self.tr("Orders"), lambda r: f"{r['orders']:,}", ALIGN_RIGHT),
            Column("", self.tr("Sales"), lambda r: money(r["amount_fen"]), ALIGN_RIGHT),
        ]
        super().__init__(worker, reader, listing.CAMPAIGNS, columns, parent)
        self.heading.setText(self.tr("Campaigns"))
        self.search.setPlaceholderText(self.tr("Search campaigns…"))
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("All statuses"), None)
        for status in STATUSES:
            self.status_filter.addItem(campaign_status(status), status)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.model.set_filter("status", self.status_filter.currentData())
        )
        self.toolbar.addWidget(self.status_filter)
        self.toolbar.addStretch(1)
        self.add_button(self.tr("New campaign"), self.new_campaign, "Ctrl+Shift+C", primary=True)
        self.add_button(self.tr("Edit"), self.activate)
        self.add_button(self.tr("Copy campaign"), self.copy_selected)
        self.step_button = self.add_button(self.tr("Next step"), self.next_step)
        self.add_button(self.tr("Summary"), self.show_summary)
        self.add_button(self.tr("Print…"), self.print_selected, "Ctrl+Shift+P")
        self.suggested_button = self.add_button(self.tr("HQ suggestions"), self.show_suggestions)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_step())
        self.set_widths(260, 150, 150, 110, 90, 130, stretch=0)
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        waiting = suggestions_sql.waiting(self.reader.conn)
        self.suggested_button.setText(
            self.tr("HQ suggestions (%1)").replace("%1", str(waiting))
            if waiting
            else self.tr("HQ suggestions")
        )

    def show_suggestions(self) -> SuggestionsDialog:
        def opened(campaign: dict) -> None:
            self.refresh()
            self.status_message.emit(
                self.tr(
                    "Draft campaign %1 made from HQ's suggestion: check it, then open it."
                ).replace("%1", campaign["title"])
            )
            CampaignDialog(self.worker, self.reader, campaign, self).open()

        dialog = SuggestionsDialog(self.worker, self.reader, opened, self)
        dialog.open()
        return dialog

    def count_text(self, total: int) -> str:
        return self.tr("%Ln campaign(s)", "", total)

    def _update_step(self) -> None:
        row = self.current_row()
        target = FORWARD.get(row["status"]) if row else None
        self.step_button.setEnabled(bool(target))
        labels = {
            "open": self.tr("Open for orders"),
            "closed": self.tr("Close (截单)"),
            "arrived": self.tr("Goods arrived"),
            "done": self.tr("Mark done"),
        }
        self.step_button.setText(labels.get(target or "", self.tr("Next step")))

    def new_campaign(self) -> CampaignDialog:
        dialog = CampaignDialog(self.worker, self.reader, None, self)
        dialog.open()
        return dialog

    def activate(self) -> None:
        row = self.current_row()
        if row is not None:
            campaign = campaigns_sql.get(self.reader.conn, row["id"])
            CampaignDialog(self.worker, self.reader, campaign, self).open()

    def copy_selected(self) -> None:
        row = self.current_row()
        if row is not None:
            self.worker.op(lambda app: app.campaigns.copy(row["id"])).failure(
                lambda e: show_error(self, e)
            ).run_in_background()

    def next_step(self) -> QMessageBox | None:
        """Says what the step does, with the counts it affects, and asks; Ctrl+Z undoes it."""
        row = self.current_row()
        target = FORWARD.get(row["status"]) if row else None
        if not (row and target and target in TRANSITIONS[row["status"]]):
            return None
        summary = campaigns_sql.summary(self.reader.conn, row["id"])
        counts = summary["status_counts"]
        active = counts.get("placed", 0) + counts.get("picked_up", 0)
        texts = {
            "open": self.tr("Open “%1” for orders? Orders can then be entered until the deadline."),
            "closed": self.tr(
                "Close “%1” (截单)? Orders so far: %2, from %3 members. No more orders can be "
                "entered after this."
            ),
            "arrived": self.tr(
                "Mark the goods of “%1” as arrived? Orders to pick up: %2. The pickup desk "
                "then accepts their codes."
            ),
            "done": self.tr("Mark “%1” done? Orders picked up: %2; still waiting: %3."),
        }
        second = {"done": counts.get("picked_up", 0)}.get(target, active)
        third = counts.get("placed", 0) if target == "done" else summary["members"]
        text = (
            texts[target]
            .replace("%1", row["title"])
            .replace("%2", f"{second:,}")
            .replace("%3", f"{third:,}")
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.step_button.text(),
            text + "\n\n" + self.tr("Ctrl+Z takes it back."),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Ok).setText(self.step_button.text())
        campaign_id = row["id"]
        box.accepted.connect(lambda: self._set_status(campaign_id, target))
        self.confirm_box = box
        box.open()
        return box

    def _set_status(self, campaign_id: str, target: str) -> None:
        self.worker.op(lambda app: app.campaigns.set_status(campaign_id, target)).success(
            lambda _r: self._update_step()
        ).failure(lambda e: show_error(self, e)).run_in_background()

    def show_summary(self) -> None:
        row = self.current_row()
        if row is not None:
            self.worker.op(lambda app: app.campaigns.summary(row["id"])).success(
                lambda s: SummaryDialog(s, self).open()
            ).failure(lambda e: show_error(self, e)).run_in_background()

    def print_selected(self) -> None:
        row = self.current_row()
        if row is None:
            return
        from leader_app.print_data import load
        from ui.print_dialog import PrintDialog

        def build(app):
            return load(app.store, row["id"], app.ensure_shop_secret(), app.setting("shop_name"))

        self.worker.op(build).success(lambda data: PrintDialog(data, self).open()).failure(
            lambda e: show_error(self, e)
        ).run_in_background()
