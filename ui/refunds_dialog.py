"""The refund list (退款清单): tick a row off once it is refunded on the platform; export to
xlsx. Also the WeChat notices, copied to the clipboard one message at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leader_app.errors import LeaderError
from leader_app.normalize import format_money
from ui import file_dialogs
from ui.i18n import error_text
from ui.widgets import read_only_table
from ui.worker import DbWorker

COLUMNS = range(8)


def failure_text(exc: BaseException) -> str:
    """Shown in the dialog itself: a job's error never goes unseen, nor blocks with a modal."""
    return error_text(exc) if isinstance(exc, LeaderError) else str(exc)


class RefundsDialog(QDialog):
    def __init__(self, worker: DbWorker, campaign_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.campaign_id = campaign_id
        self.rows: list[dict[str, Any]] = []
        self.setWindowTitle(self.tr("Refunds owed"))
        self.resize(860, 480)
        layout = QVBoxLayout(self)
        self.totals = QLabel()
        self.totals.setObjectName("cardTitle")
        layout.addWidget(self.totals)
        self.table = read_only_table(
            [
                self.tr("Done"),
                self.tr("Order"),
                self.tr("Platform no."),
                self.tr("Member"),
                self.tr("Mobile"),
                self.tr("Amount"),
                self.tr("Reason"),
                self.tr("Items"),
            ],
            7,
        )
        for col, width in ((0, 44), (1, 92), (2, 80), (3, 90), (4, 110), (5, 80), (6, 60)):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(lambda: self.export())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        cid = self.campaign_id
        self.worker.op(lambda app: (app.refunds.list(cid), app.refunds.totals(cid))).success(
            self._show
        ).failure(self._failed).run_in_background()

    def _show(self, result: tuple[list[dict[str, Any]], dict[str, int]]) -> None:
        self.rows, totals = result
        self.totals.setText(
            self.tr("Owed %1 · refunded %2 · %3 of %4 done")
            .replace("%1", format_money(totals["owed_fen"]))
            .replace("%2", format_money(totals["done_fen"]))
            .replace("%3", str(totals["refunds_done"]))
            .replace("%4", str(totals["refunds"]))
        )
        self.table.setRowCount(0)
        for r in self.rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            box = QCheckBox()
            box.setChecked(r["done"])
            box.toggled.connect(lambda on, rid=r["id"]: self.set_done(rid, on))
            self.table.setCellWidget(row, 0, box)
            for col, value in enumerate(
                (
                    r["order_no"],
                    r["external_no"],
                    r["member"],
                    r["mobile"] or "",
                    format_money(r["amount_fen"]),
                    self.tr("Short delivery") if r["reason"] == "shortage" else r["reason"],
                    r["items"],
                ),
                start=1,
            ):
                self.table.setItem(row, col, QTableWidgetItem(value))

    def set_done(self, refund_id: str, done: bool) -> None:
        self.worker.op(lambda app: app.refunds.set_done(refund_id, done)).success(
            lambda _r: self.reload()
        ).failure(self._failed).run_in_background()

    def export(self, path: str | None = None) -> None:
        if not path:
            path = file_dialogs.save_file(
                self, self.tr("Export refunds"), str(Path.home() / "refunds.xlsx"), "*.xlsx"
            )
        if not path:
            return
        from leader_app.refunds import export

        cid = self.campaign_id
        self.worker.op(lambda app: export(app.refunds, cid, Path(path))).success(
            lambda out: self.totals.setText(self.tr("Saved to %1").replace("%1", str(out)))
        ).failure(self._failed).run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self.totals.setText("✖ " + failure_text(exc))
        self.totals.setStyleSheet("color:#b71c1c;")


class NoticeDialog(QDialog):
    """Notices for the WeChat group: pick the kind, then copy each message."""

    def __init__(self, worker: DbWorker, campaign_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.campaign_id = campaign_id
        self.setWindowTitle(self.tr("Notices for the WeChat group"))
        self.resize(620, 480)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Goods arrived"), "arrival")
        self.kind.addItem(self.tr("Reminder to collect"), "reminder")
        self.kind.addItem(self.tr("Leftovers"), "leftovers")
        self.kind.addItem(self.tr("One text per member"), "members")
        top.addWidget(self.kind, 1)
        self.window_edit = QLineEdit()
        self.window_edit.setPlaceholderText(self.tr("Pickup time, e.g. 15:00-20:00"))
        self.hours = QSpinBox()
        self.hours.setRange(0, 240)
        self.hours.setSuffix(self.tr(" h"))
        self.hours.setToolTip(self.tr("Remind only N hours after the goods arrived"))
        self.days = QSpinBox()
        self.days.setRange(0, 60)
        self.days.setSuffix(self.tr(" days"))
        self.days.setToolTip(self.tr("Leftovers: unclaimed N days after the goods arrived"))
        for w in (self.window_edit, self.hours, self.days):
            top.addWidget(w)
        layout.addLayout(top)
        self.messages = QListWidget()
        self.messages.setWordWrap(True)
        layout.addWidget(self.messages, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy the selected message"))
        self.copy_button.setObjectName("primary")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.window_edit.editingFinished.connect(self.reload)
        self.hours.valueChanged.connect(lambda _v: self.reload())
        self.days.valueChanged.connect(lambda _v: self.reload())
        self.reload()

    def reload(self) -> None:
        from PySide6.QtCore import QCoreApplication

        from leader_app.notices import build, member_text
        from leader_app.print_data import load

        kind, cid = self.kind.currentData(), self.campaign_id
        window, hours, days = self.window_edit.text().strip(), self.hours.value(), self.days.value()
        self.window_edit.setEnabled(kind == "arrival")
        self.hours.setEnabled(kind == "reminder")
        self.days.setEnabled(kind == "leftovers")
        translate = QCoreApplication.translate

        def work(app: Any) -> list[str]:
            data = load(app.store, cid, app.ensure_shop_secret(), app.setting("shop_name"))
            if kind == "members":
                return [member_text(m, data, translate) for m in data.members if not m.picked_up]
            arrival = app.arrival.last(cid)
            since = arrival["created_at"] if arrival else None
            stock = app.arrival.stock(cid)
            return build(
                kind,
                data,
                window=window,
                since=since,
                hours=hours,
                days=days,
                stock=stock,
                translate=translate,
            )

        self.worker.op(work).success(self._show).failure(self._failed).run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self.messages.clear()
        self.messages.addItem("✖ " + failure_text(exc))

    def _show(self, messages: list[str]) -> None:
        self.messages.clear()
        self.messages.addItems(messages)
        self.messages.setCurrentRow(0)

    def copy(self) -> None:
        item = self.messages.currentItem()
        if item is not None:
            QGuiApplication.clipboard().setText(item.text())
            item.setData(Qt.ItemDataRole.ToolTipRole, self.tr("Copied"))
