"""Arrival check (到货核对) at the desk: received units per product, a rule, a preview of who
receives less and the refunds owed, then one click that applies it all (undoable)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leader_app.errors import LeaderError
from leader_app.normalize import format_money
from ui.i18n import error_text
from ui.widgets import read_only_table
from ui.worker import DbWorker

NAME, SPEC, ORDERED, RECEIVED, RESULT = range(5)


class ArrivalDialog(QDialog):
    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.products: list[dict[str, Any]] = []
        self.plan: Any = None
        self.setWindowTitle(self.tr("Arrival check"))
        self.resize(820, 680)
        self.hand: dict[str, int] = {}  # by hand: line id → units kept
        self.hand_key: tuple = ()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.campaign = QComboBox()
        self.campaign.setMinimumWidth(280)
        self.rule = QComboBox()
        self.rule.addItem(self.tr("Latest orders first"), "latest-first")
        self.rule.addItem(self.tr("Proportional"), "proportional")
        self.rule.addItem(self.tr("By hand, per order"), "by-hand")
        top.addWidget(QLabel(self.tr("Campaign")))
        top.addWidget(self.campaign, 1)
        top.addWidget(QLabel(self.tr("Shortage rule")))
        top.addWidget(self.rule)
        layout.addLayout(top)
        hint = QLabel(self.tr("Enter what arrived usable; damaged units count as not received."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = read_only_table(
            [
                self.tr("Product"),
                self.tr("Spec"),
                self.tr("Ordered"),
                self.tr("Received"),
                self.tr("Result"),
            ],
            NAME,
        )
        self.table.verticalHeader().setDefaultSectionSize(34)
        layout.addWidget(self.table, 3)
        self.changes = read_only_table(
            [
                self.tr("Order"),
                self.tr("Member"),
                self.tr("Product"),
                self.tr("From → to"),
                self.tr("Refund"),
            ],
            2,
        )
        layout.addWidget(self.changes, 2)
        self.summary = QLabel()
        self.summary.setObjectName("cardTitle")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = QPushButton(self.tr("Confirm arrival"))
        self.apply_button.setObjectName("primary")
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.clicked.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.campaign.currentIndexChanged.connect(lambda _i: self.load())
        self.rule.currentIndexChanged.connect(lambda _i: self.preview())
        self.worker.op(lambda app: app.arrival.candidates()).success(self._campaigns).failure(
            self._failed
        ).run_in_background()

    def _campaigns(self, rows: list[dict[str, Any]]) -> None:
        self.campaign.blockSignals(True)
        for r in rows:
            self.campaign.addItem(f"{r['title']}（{r['pickup_on'] or ''}）", r["id"])
        self.campaign.blockSignals(False)
        self.load()

    def select(self, campaign_id: str) -> None:
        index = self.campaign.findData(campaign_id)
        if index >= 0:
            self.campaign.setCurrentIndex(index)

    def load(self) -> None:
        campaign_id = self.campaign.currentData()
        if not campaign_id:
            self.apply_button.setEnabled(False)
            self.summary.setText(self.tr("No campaign is waiting for its goods."))
            return
        from leader_app.deliveries import delivered_quantities

        # What HQ says it delivered, when it has said so, is where the count starts.
        self.worker.op(
            lambda app: (
                app.arrival.products(campaign_id),
                delivered_quantities(app, campaign_id),
            )
        ).success(lambda got: self._products(*got)).failure(self._failed).run_in_background()

    def _products(
        self, rows: list[dict[str, Any]], delivered: dict[str, int] | None = None
    ) -> None:
        delivered = delivered or {}
        self.products = rows
        self.table.setRowCount(0)
        for p in rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for col, value in ((NAME, p["name"]), (SPEC, p["spec"]), (ORDERED, str(p["ordered"]))):
                self.table.setItem(row, col, QTableWidgetItem(value))
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.setValue(delivered.get(p["product_id"], p["ordered"]))
            spin.valueChanged.connect(lambda _v: self.preview())
            self.table.setCellWidget(row, RECEIVED, spin)
            self.table.setItem(row, RESULT, QTableWidgetItem(""))
        self.from_hq = bool(delivered)
        if delivered:
            self.setWindowTitle(self.tr("Arrival check (from HQ's delivery note)"))
        self.preview()

    def received(self) -> dict[str, int]:
        out = {}
        for row, p in enumerate(self.products):
            value = self.table.cellWidget(row, RECEIVED).value()
            if value != p["ordered"]:
                out[p["product_id"]] = value
        return out

    def set_received(self, product_id: str, qty: int) -> None:
        for row, p in enumerate(self.products):
            if p["product_id"] == product_id:
                self.table.cellWidget(row, RECEIVED).setValue(qty)

    def preview(self) -> None:
        campaign_id, received, rule = (
            self.campaign.currentData(),
            self.received(),
            self.rule.currentData(),
        )
        if not campaign_id:
            return
        if rule != "by-hand":
            self.hand_key, self.hand = (), {}
            self.worker.op(lambda app: app.arrival.plan(campaign_id, received, rule)).success(
                self._show
            ).failure(self._failed).run_in_background()
            return
        key = (campaign_id, tuple(sorted(received.items())))
        if key != self.hand_key:  # start from first come, first served; the leader adjusts
            self.hand_key = key
            self.worker.op(
                lambda app: (
                    app.arrival.plan(campaign_id, received, "latest-first"),
                    app.arrival.lines(campaign_id),
                )
            ).success(self._start_by_hand).failure(self._failed).run_in_background()
            return
        hand = dict(self.hand)
        self.worker.op(lambda app: app.arrival.plan(campaign_id, received, rule, hand)).success(
            self._summarise
        ).failure(self._failed).run_in_background()

    def _start_by_hand(self, result: tuple[Any, list[dict[str, Any]]]) -> None:
        """One row per order line of a product that came short, with the units it keeps."""
        plan, lines = result
        short = {p["product_id"]: p for p in plan.shortages}
        kept = {c["line_id"]: c["to"] for c in plan.changes}
        self.hand = {}
        self.changes.setRowCount(0)
        for line in lines:
            if line["product_id"] not in short:
                continue
            self.hand[line["id"]] = kept.get(line["id"], line["quantity"])
            row = self.changes.rowCount()
            self.changes.insertRow(row)
            p = short[line["product_id"]]
            for col, value in (
                (0, line["order_no"]),
                (1, line["member_name"]),
                (2, f"{p['name']} {p['spec']}"),
            ):
                self.changes.setItem(row, col, QTableWidgetItem(value))
            spin = QSpinBox()
            spin.setRange(line["picked_qty"], line["quantity"])
            spin.setValue(self.hand[line["id"]])
            spin.setPrefix(f"{line['quantity']} → ")
            spin.valueChanged.connect(
                lambda value, lid=line["id"], r=row, x=line: self._hand_changed(lid, value, r, x)
            )
            self.changes.setCellWidget(row, 3, spin)
            self.changes.setItem(row, 4, QTableWidgetItem(""))
            self._refund_cell(row, line, self.hand[line["id"]])
        self._show_products(plan)
        self.preview()

    def _hand_changed(self, line_id: str, value: int, row: int, line: dict[str, Any]) -> None:
        self.hand[line_id] = value
        self._refund_cell(row, line, value)
        self.preview()

    def _refund_cell(self, row: int, line: dict[str, Any], kept: int) -> None:
        refund = (line["quantity"] - kept) * line["unit_price_fen"]
        self.changes.item(row, 4).setText(format_money(refund) if refund else "")

    def _show(self, plan: Any) -> None:
        self._show_products(plan)
        self._show_changes(plan)
        self._summarise(plan)

    def _show_products(self, plan: Any) -> None:
        by_id = {p["product_id"]: p for p in plan.products}
        for row, p in enumerate(self.products):
            entry = by_id.get(p["product_id"], {})
            text = ""
            if entry.get("short"):
                text = self.tr("short %1").replace("%1", str(entry["short"]))
            elif entry.get("surplus"):
                text = self.tr("%1 extra, kept as stock").replace("%1", str(entry["surplus"]))
            item = self.table.item(row, RESULT)
            item.setText(text)
            item.setForeground(Qt.GlobalColor.red if entry.get("short") else Qt.GlobalColor.black)

    def _show_changes(self, plan: Any) -> None:
        self.changes.setRowCount(0)
        for c in plan.changes:
            row = self.changes.rowCount()
            self.changes.insertRow(row)
            for col, value in enumerate(
                (
                    c["order_no"],
                    c.get("member_name", ""),
                    f"{c['name']} {c['spec']}",
                    f"{c['from']} → {c['to']}",
                    format_money(c["refund_fen"]),
                )
            ):
                self.changes.setItem(row, col, QTableWidgetItem(value))

    def _summarise(self, plan: Any) -> None:
        self.plan = plan
        self.summary.setText(
            self.tr("%1 orders receive less, %2 refunded in full; refunds owed %3")
            .replace("%1", str(len(plan.refunds)))
            .replace("%2", str(len(plan.emptied)))
            .replace("%3", format_money(plan.refund_total_fen))
        )
        self.summary.setStyleSheet("")
        self.apply_button.setEnabled(True)

    def apply(self) -> None:
        campaign_id, received, rule = (
            self.campaign.currentData(),
            self.received(),
            self.rule.currentData(),
        )
        if not campaign_id:
            return
        self.apply_button.setEnabled(False)
        hand = dict(self.hand) if rule == "by-hand" else None
        self.worker.op(lambda app: app.arrival.arrive(campaign_id, received, rule, hand)).success(
            self._applied
        ).failure(self._failed).run_in_background()

    def _applied(self, plan: Any) -> None:
        self.plan = plan
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        text = error_text(exc) if isinstance(exc, LeaderError) else str(exc)
        self.summary.setText("✖ " + text)
        self.summary.setStyleSheet("color:#b71c1c;font-weight:700;")
        self.apply_button.setEnabled(False)
