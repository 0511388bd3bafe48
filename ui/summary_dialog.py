"""A campaign's sales summary: quantities and amounts per product, and the commission."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leader_app.normalize import format_rate
from ui.formatting import money
from ui.widgets import read_only_table


class SummaryDialog(QDialog):
    def __init__(self, summary: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Campaign summary"))
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        s = summary
        head = QLabel(f"<h3>{s['campaign']['title']}</h3>")
        layout.addWidget(head)
        facts = self.tr(
            "Orders: %1 active of %2 (%3 cancelled or refunded) · Members: %4 · Picked up: %5"
        )
        for i, value in enumerate(
            (
                s["orders_active"],
                s["orders"],
                s["orders_cancelled"],
                s["members"],
                s["orders_picked_up"],
            ),
            1,
        ):
            facts = facts.replace(f"%{i}", str(value))
        layout.addWidget(QLabel(facts))
        money_line = self.tr("Sales %1 · Paid %2 · Commission %3")
        for i, value in enumerate((s["amount_fen"], s["paid_fen"], s["commission_fen"]), 1):
            money_line = money_line.replace(f"%{i}", money(value))
        total = QLabel(f"<b>{money_line}</b>")
        layout.addWidget(total)
        if s.get("refunds_owed_fen"):  # after an arrival check with a shortage
            refunds = (
                self.tr("Refunds owed %1 · done %2 · still to refund %3")
                .replace("%1", money(s["refunds_owed_fen"]))
                .replace("%2", money(s["refunds_done_fen"]))
                .replace("%3", money(s["refunds_owed_fen"] - s["refunds_done_fen"]))
            )
            layout.addWidget(QLabel(refunds))
        table = read_only_table(
            [
                self.tr("Product"),
                self.tr("Spec"),
                self.tr("Quantity"),
                self.tr("Amount"),
                self.tr("Rate"),
                self.tr("Commission"),
            ],
            0,
            rows=len(s["lines"]),
        )
        for r, line in enumerate(s["lines"]):
            values = (
                line["name"],
                line["spec"],
                str(line["quantity"]),
                money(line["amount_fen"]),
                format_rate(line["commission_bp"]),
                money(line["commission_fen"]),
            )
            for c, value in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(value))
        layout.addWidget(table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
