"""Create or edit a campaign: dates, pickup points and the product list with caps."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
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
from ui.product_dialog import ProductDialog
from ui.product_match import add_keys, show_candidates, split_query
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
        header = self.items.horizontalHeader()
        header.setSectionResizeMode(PRODUCT, QHeaderView.ResizeMode.Stretch)
        for column in (SPEC, PRICE, CAP, LIMIT):  # headers such as 每人限购 are never cut
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.verticalHeader().setVisible(False)
        self.items.setMinimumHeight(200)
        self.fields["items"] = self.items
        self.form.addRow(self.tr("Products"), self.items)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.product_search = QLineEdit()
        self.product_search.setMinimumWidth(260)
        self.product_search.setPlaceholderText(self.tr("Name, initials (cm = 草莓) or SKU"))
        self.add_button = QPushButton(self.tr("Add product"))
        self.add_button.clicked.connect(self.add_selected_product)
        remove = QPushButton(self.tr("Remove selected"))
        remove.clicked.connect(self.remove_selected)
        line.addWidget(self.product_search, 1)
        line.addWidget(self.add_button)
        line.addWidget(remove)
        self.form.addRow("", row)
        # The candidates the typed text matches; only a highlighted one is ever added.
        self.product_results = QListWidget()
        self.product_results.setMaximumHeight(110)
        self.product_results.hide()
        self.form.addRow("", self.product_results)
        missing = QWidget()
        miss_line = QHBoxLayout(missing)
        miss_line.setContentsMargins(0, 0, 0, 0)
        self.missing_label = QLabel()
        self.missing_label.setObjectName("formError")
        self.create_button = QPushButton(self.tr("Create this product…"))
        self.create_button.clicked.connect(self.create_missing_product)
        miss_line.addWidget(self.missing_label, 1)
        miss_line.addWidget(self.create_button)
        self.missing_row = missing
        self.form.addRow("", missing)
        missing.hide()
        self.products = add_keys(catalog_sql.active_products(self.reader.conn))
        self.product_search.textChanged.connect(self._find_products)
        self.product_search.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """Up and Down move through the candidates while typing; Enter adds the highlighted
        one (and never reaches the dialog's Save button)."""
        if watched is self.product_search and event.type() == QEvent.Type.KeyPress:
            key, results = event.key(), self.product_results
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.add_selected_product()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and results.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                results.setCurrentRow(max(0, min(results.count() - 1, results.currentRow() + step)))
                return True
        return super().eventFilter(watched, event)

    def _find_products(self, text: str) -> None:
        found = show_candidates(self.product_results, self.products, text)
        name = split_query(text)[0] if text.strip() else ""
        self.missing_label.setText(
            self.tr("No product in the catalog matches “%1”.").replace("%1", name)
        )
        self.missing_row.setVisible(bool(name) and not found)

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
        """Adds the highlighted candidate, and nothing when none is highlighted."""
        current = self.product_results.currentItem()
        if current is None or not self.product_results.isVisible():
            return
        product = current.data(Qt.ItemDataRole.UserRole)
        present = {
            self.items.item(r, PRODUCT).data(Qt.ItemDataRole.UserRole)["product_id"]
            for r in range(self.items.rowCount())
        }
        if product["id"] not in present:
            self._append({**product, "product_id": product["id"]}, None)
        self.product_search.clear()
        self.product_search.setFocus()

    def create_missing_product(self) -> ProductDialog:
        """The typed name as a new catalog product; once saved, it joins this campaign."""
        dialog = ProductDialog(self.worker, None, self)
        dialog.name.setText(split_query(self.product_search.text())[0])

        def created() -> None:
            product = dialog.result_value
            self.products = add_keys(catalog_sql.active_products(self.reader.conn))
            self._append({**product, "product_id": product["id"]}, None)
            self.product_search.clear()

        dialog.accepted.connect(created)
        dialog.open()
        return dialog

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
