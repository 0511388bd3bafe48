"""Create or edit a campaign: dates, pickup points and the product list with caps."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from leader_app.clock import to_local
from leader_app.normalize import format_fen_plain
from storage import campaigns_sql, catalog_sql
from storage.db import Store
from ui.form_dialog import FormDialog
from ui.worker import DbWorker

PRODUCT, SPEC, PRICE, CAP, LIMIT = range(5)


class CampaignDialog(FormDialog):
    def __init__(
        self,
        worker: DbWorker,
        reader: Store,
        campaign: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            worker, self.tr("Edit campaign") if campaign else self.tr("New campaign"), parent
        )
        self.setMinimumSize(700, 620)
        self.reader = reader
        self.campaign = campaign
        self.title = self.add_field("title", self.tr("Title *"), QLineEdit())
        self.title.setPlaceholderText(self.tr("e.g. 11月28日 水果生鲜团"))
        self.deadline = self.add_field(
            "deadline_at", self.tr("Order deadline (截单)"), QDateTimeEdit()
        )
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.pickup = self.add_field("pickup_on", self.tr("Pickup date"), QDateEdit())
        self.pickup.setCalendarPopup(True)
        self.pickup.setDisplayFormat("yyyy-MM-dd")
        self.points = self.add_field("pickup_point_ids", self.tr("Pickup points"), QListWidget())
        self.points.setFixedHeight(70)
        self.notes = self.add_field("notes", self.tr("Notes"), QLineEdit())
        self._build_items()
        self._load()

    def _build_items(self) -> None:
        self.items = QTableWidget(0, 5)
        self.items.setHorizontalHeaderLabels(
            [
                self.tr("Product"),
                self.tr("Spec"),
                self.tr("Price (¥)"),
                self.tr("Stock cap"),
                self.tr("Limit per member"),
            ]
        )
        self.items.horizontalHeader().setSectionResizeMode(PRODUCT, QHeaderView.ResizeMode.Stretch)
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.verticalHeader().setVisible(False)
        self.items.setMinimumHeight(200)
        self.fields["items"] = self.items
        self.form.addRow(self.tr("Products"), self.items)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.product_picker = QComboBox()
        self.product_picker.setEditable(True)
        self.product_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for p in catalog_sql.active_products(self.reader.conn):
            self.product_picker.addItem(f"{p['name']} {p['spec']}", p)
        add = QPushButton(self.tr("Add product"))
        add.clicked.connect(self.add_selected_product)
        remove = QPushButton(self.tr("Remove selected"))
        remove.clicked.connect(self.remove_selected)
        line.addWidget(self.product_picker, 1)
        line.addWidget(add)
        line.addWidget(remove)
        self.form.addRow("", row)

    def _load(self) -> None:
        chosen: set[str] = set()
        c = self.campaign
        if c:
            self.title.setText(c["title"])
            self.notes.setText(c["notes"])
            chosen = set(json.loads(c["pickup_point_ids"]))
            deadline = to_local(c["deadline_at"])
            if deadline:
                self.deadline.setDateTime(
                    QDateTime(
                        QDate(deadline.year, deadline.month, deadline.day),
                        QTime(deadline.hour, deadline.minute),
                    )
                )
            if c["pickup_on"]:
                self.pickup.setDate(QDate.fromString(c["pickup_on"], "yyyy-MM-dd"))
            for item in campaigns_sql.items(self.reader.conn, c["id"]):
                self._append(item, item["id"])
        else:
            tomorrow = datetime.now() + timedelta(days=1)
            self.deadline.setDateTime(
                QDateTime(QDate(tomorrow.year, tomorrow.month, tomorrow.day), QTime(20, 0))
            )
            self.pickup.setDate(QDate.currentDate().addDays(2))
        for point in catalog_sql.pickup_points(self.reader.conn):
            entry = QListWidgetItem(point["name"])
            entry.setData(Qt.ItemDataRole.UserRole, point["id"])
            entry.setCheckState(
                Qt.CheckState.Checked if point["id"] in chosen or not c else Qt.CheckState.Unchecked
            )
            self.points.addItem(entry)

    def _append(self, item: dict[str, Any], item_id: str | None) -> None:
        row = self.items.rowCount()
        self.items.insertRow(row)
        name = QTableWidgetItem(item["name"])
        name.setData(Qt.ItemDataRole.UserRole, {"id": item_id, "product_id": item["product_id"]})
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        spec = QTableWidgetItem(item["spec"])
        spec.setFlags(spec.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.items.setItem(row, PRODUCT, name)
        self.items.setItem(row, SPEC, spec)
        self.items.setItem(row, PRICE, QTableWidgetItem(format_fen_plain(item["price_fen"])))
        for col, key in ((CAP, "stock_cap"), (LIMIT, "member_limit")):
            value = item.get(key)
            self.items.setItem(row, col, QTableWidgetItem("" if value is None else str(value)))

    def add_selected_product(self) -> None:
        product = self.product_picker.currentData()
        if not product:
            return
        present = {
            self.items.item(r, PRODUCT).data(Qt.ItemDataRole.UserRole)["product_id"]
            for r in range(self.items.rowCount())
        }
        if product["id"] not in present:
            self._append({**product, "product_id": product["id"]}, None)

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.items.selectedIndexes()}, reverse=True):
            self.items.removeRow(row)

    def save(self) -> None:
        deadline = self.deadline.dateTime()
        data = {
            "title": self.title.text(),
            "deadline_at": deadline.toString("yyyy-MM-dd HH:mm"),
            "pickup_on": self.pickup.date().toString("yyyy-MM-dd"),
            "notes": self.notes.text(),
            "pickup_point_ids": [
                self.points.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.points.count())
                if self.points.item(i).checkState() == Qt.CheckState.Checked
            ],
        }
        items = []
        for r in range(self.items.rowCount()):
            ref = self.items.item(r, PRODUCT).data(Qt.ItemDataRole.UserRole)
            items.append(
                {
                    **({"id": ref["id"]} if ref["id"] else {}),
                    "product_id": ref["product_id"],
                    "price_fen": self.items.item(r, PRICE).text(),
                    "stock_cap": self.items.item(r, CAP).text(),
                    "member_limit": self.items.item(r, LIMIT).text(),
                }
            )
        campaign_id = self.campaign["id"] if self.campaign else None
        self.submit(lambda app: app.campaigns.save(campaign_id, data, items))
