"""Sync: enrol with HQ, sync now, see what was parked and the recent batches."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leader_app.clock import format_local
from storage import sync_sql
from storage.db import Store
from sync.engine import PROBLEMS, REJECT_REASONS, SyncResult, SyncStopped
from ui.sync_worker import NetWorker
from ui.widgets import read_only_table


def reject_text(reason: str) -> str:
    label = REJECT_REASONS.get(reason)
    return QCoreApplication.translate("sync", label) if label else reason


def problem_text(problem: str, detail: dict[str, Any]) -> str:
    return QCoreApplication.translate("sync", PROBLEMS[problem]).format(
        **{"detail": "", "status": "", **detail}
    )


class SyncPage(QWidget):
    def __init__(self, net: NetWorker, reader: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.net = net
        self.reader = reader
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        heading = QLabel(self.tr("Sync with HQ"))
        heading.setObjectName("pageHeading")
        layout.addWidget(heading)
        enrol = QGroupBox(self.tr("Enrol this desk"))
        form = QFormLayout(enrol)
        self.server = QLineEdit()
        self.server.setPlaceholderText("http://hq.example.com:8700")
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("The enrollment code from HQ"))
        self.enrol_button = QPushButton(self.tr("Enrol"))
        self.enrol_button.clicked.connect(self.enrol)
        form.addRow(self.tr("HQ address"), self.server)
        form.addRow(self.tr("Enrollment code"), self.code)
        form.addRow("", self.enrol_button)
        layout.addWidget(enrol)
        row = QHBoxLayout()
        self.state = QLabel()
        self.state.setObjectName("syncState")
        self.state.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setObjectName("primary")
        self.sync_button.clicked.connect(self.sync_now)
        row.addWidget(self.state, 1)
        row.addWidget(self.sync_button)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("Records HQ refused (parked; they never block the rest)")))
        self.rejects = read_only_table(
            [self.tr("Change"), self.tr("Record"), self.tr("Reason"), self.tr("When")], 2
        )
        layout.addWidget(self.rejects, 1)
        layout.addWidget(QLabel(self.tr("Recent batches")))
        self.history = read_only_table(
            [
                self.tr("Batch"),
                self.tr("Changes"),
                self.tr("State"),
                self.tr("Tries"),
                self.tr("Acknowledged"),
            ],
            2,
        )
        layout.addWidget(self.history, 1)
        net.status.connect(self.show_status)
        net.round_done.connect(self.round_done)
        net.enrolled.connect(self.enrolled)
        self.refresh()

    def enrol(self) -> None:
        if self.server.text().strip() and self.code.text().strip():
            self.enrol_button.setEnabled(False)
            self.state.setText(self.tr("Enrolling…"))
            self.net.enroll(self.server.text().strip(), self.code.text().strip(), "")

    def enrolled(self, outcome: Any) -> None:
        self.enrol_button.setEnabled(True)
        if isinstance(outcome, SyncStopped):
            self.state.setText(
                self.tr("Enrolment failed: %1").replace(
                    "%1", str(outcome.detail.get("detail", outcome.problem))
                )
            )
            return
        where = (
            self.tr("in the system keyring")
            if outcome["token_store"] == "keyring"
            else self.tr("in a file only you can read (no system keyring here): %1").replace(
                "%1", outcome["token_store"]
            )
        )
        self.state.setText(self.tr("Enrolled. The device token is kept %1.").replace("%1", where))
        self.code.clear()
        self.sync_now()

    def sync_now(self) -> None:
        self.state.setText(self.tr("Syncing…"))
        self.net.sync_now()

    def round_done(self, result: SyncResult) -> None:
        if result.problem:
            self.state.setText(problem_text(result.problem, result.detail))
        else:
            self.state.setText(
                self.tr("Sent %1 changes, %2 parked, %3 catalog updates; %4 waiting.")
                .replace("%1", str(result.pushed))
                .replace("%2", str(result.rejected))
                .replace("%3", str(result.pulled))
                .replace("%4", str(result.pending))
            )
            if result.catalog_parked:  # HQ sent items this desk cannot take: say so
                self.state.setText(
                    self.state.text()
                    + " "
                    + self.tr("%1 catalog items from HQ were malformed and set aside.").replace(
                        "%1", str(result.catalog_parked)
                    )
                )
        self.refresh()

    def show_status(self, status: dict[str, Any]) -> None:
        if status.get("server") and not self.server.text():
            self.server.setText(status["server"])

    def refresh(self) -> None:
        if self.net.stopping:  # the desk is closing: the store may be gone already
            return
        rejects = sync_sql.rejects(self.reader.conn)
        self.rejects.setRowCount(len(rejects))
        for r, row in enumerate(rejects):
            for c, value in enumerate(
                (
                    str(row["seq"]),
                    f"{row['entity']} {row['entity_id']}",
                    reject_text(row["reason"]),
                    format_local(row["at"]),
                )
            ):
                self.rejects.setItem(r, c, QTableWidgetItem(value))
        batches = sync_sql.recent_batches(self.reader.conn)
        self.history.setRowCount(len(batches))
        for r, b in enumerate(batches):
            state = (
                self.tr("acknowledged")
                if b["status"] == "done"
                else (b["last_error"] or self.tr("waiting"))
            )
            for c, value in enumerate(
                (
                    b["batch_id"][:8],
                    str(b["changes"]),
                    state,
                    str(b["attempts"]),
                    format_local(b["acked_at"]),
                )
            ):
                self.history.setItem(r, c, QTableWidgetItem(value))
        for table in (self.rejects, self.history):  # the stretch column keeps the rest
            table.resizeColumnsToContents()
