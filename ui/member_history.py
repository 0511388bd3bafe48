"""A member's own history, shown in the member dialog: campaigns, orders, sales, last pickup
and the neighbours they brought in (two levels)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from leader_app.insights import member_history
from ui.formatting import local_time, money
from ui.insights_widgets import simple_table
from ui.table_model import ALIGN_RIGHT, Column


class MemberHistory(QWidget):
    def __init__(self, reader: Any, member_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = member_history(reader.conn, member_id)
        h = self.history
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        heading = QLabel(self.tr("History"))
        heading.setObjectName("cardTitle")
        layout.addWidget(heading)
        self.summary = QLabel(
            self.tr(
                "%Ln campaign(s) · %1 orders · sales %2 · last pickup %3", "", len(h["campaigns"])
            )
            .replace("%1", str(h["orders"]))
            .replace("%2", money(h["sales_fen"]))
            .replace("%3", local_time(h["last_pickup_at"]) or "—")
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.campaigns, model = simple_table(
            [
                Column("", self.tr("Campaign"), lambda r: r["title"]),
                Column("", self.tr("Orders"), lambda r: str(r["orders"]), ALIGN_RIGHT),
                Column("", self.tr("Sales"), lambda r: money(r["sales_fen"]), ALIGN_RIGHT),
                Column("", self.tr("Picked up"), lambda r: local_time(r["picked_up_at"])),
            ]
        )
        model.set_rows(h["campaigns"])
        self.campaigns.setMinimumHeight(120)
        layout.addWidget(self.campaigns, 1)
        self.referrals = QTreeWidget()
        self.referrals.setHeaderLabels(
            [
                self.tr("Referred %Ln member(s)", "", len(h["referrals"])),
                self.tr("Orders"),
                self.tr("Sales"),
            ]
        )
        self.referrals.setColumnWidth(0, 220)
        items: dict[str, QTreeWidgetItem] = {}
        for node in h["tree"]:  # level 1 first, so each parent is there before its children
            item = QTreeWidgetItem(
                [
                    f"{node['name']} (#{node['member_no']})",
                    str(node["orders"]),
                    money(node["sales_fen"]),
                ]
            )
            parent = items.get(node["referrer_id"])
            if parent is None:
                self.referrals.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[node["id"]] = item
        self.referrals.expandAll()
        self.referrals.setMinimumHeight(90)
        self.referrals.setVisible(bool(h["tree"]))
        layout.addWidget(self.referrals, 1)
