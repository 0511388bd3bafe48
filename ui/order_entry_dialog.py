"""Fast order entry, all from the keyboard.

Type a name, nickname, pinyin initials (zs) or the last four digits of a mobile, press Enter;
type a product as 草莓2, cm 2 or 鸡蛋x3, press Enter; press Enter on the empty product field to
save. Ctrl+Z takes back the last line added, Esc leaves without saving.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)

from leader_app.errors import ValidationError
from storage import campaigns_sql, members_sql, orders_sql
from storage.db import Store
from ui.form_dialog import FormDialog
from ui.formatting import address, masked, money
from ui.product_match import add_keys, show_candidates, split_query
from ui.widgets import read_only_table
from ui.worker import DbWorker

NAME, SPEC, PRICE, QTY, AMOUNT = range(5)


class OrderEntryDialog(FormDialog):
    def __init__(
        self,
        worker: DbWorker,
        reader: Store,
        campaign_id: str | None = None,
        order_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            worker, self.tr("Edit order") if order_id else self.tr("New order"), parent
        )
        self.setMinimumSize(720, 600)
        self.reader = reader
        self.order = orders_sql.detail(reader.conn, order_id) if order_id else None
        self.member: dict[str, Any] | None = None
        self.items: list[dict[str, Any]] = []
        self.added: list[str] = []  # item ids in the order they were added, for Ctrl+Z
        self.buttons.button(self.buttons.StandardButton.Save).setAutoDefault(False)
        self.buttons.button(self.buttons.StandardButton.Save).setDefault(False)

        self.campaign = self.add_field("campaign_id", self.tr("Campaign"), QComboBox())
        self.member_search = self.add_field("member_id", self.tr("Member"), QLineEdit())
        self.member_search.setPlaceholderText(
            self.tr("Name, nickname, pinyin initials or last 4 digits of mobile, then Enter")
        )
        self.member_results = QListWidget()
        self.member_results.setMaximumHeight(110)
        self.member_results.hide()
        self.form.addRow("", self.member_results)
        self.member_label = QLabel()
        self.member_label.setObjectName("chosenMember")
        self.form.addRow("", self.member_label)
        self.product_search = self.add_field("quantity", self.tr("Add product"), QLineEdit())
        self.product_search.setPlaceholderText(
            self.tr("e.g. 草莓2 or cm 2, then Enter; Enter on an empty field saves")
        )
        self.product_results = QListWidget()
        self.product_results.setMaximumHeight(110)
        self.product_results.hide()
        self.form.addRow("", self.product_results)

        self.lines = read_only_table(
            [
                self.tr("Product"),
                self.tr("Spec"),
                self.tr("Price"),
                self.tr("Qty"),
                self.tr("Amount"),
            ],
            NAME,
        )
        self.form.addRow(self.lines)
        self.total = QLabel()
        self.total.setObjectName("orderTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.addRow(self.total)
        extras = QWidget()
        row = QHBoxLayout(extras)
        row.setContentsMargins(0, 0, 0, 0)
        self.paid = QCheckBox(self.tr("Paid"))
        self.member_note = QLineEdit()
        self.member_note.setPlaceholderText(self.tr("Member's note"))
        self.leader_note = QLineEdit()
        self.leader_note.setPlaceholderText(self.tr("Leader's note"))
        row.addWidget(self.paid)
        row.addWidget(self.member_note, 1)
        row.addWidget(self.leader_note, 1)
        self.form.addRow(extras)

        self.member_search.textChanged.connect(self._find_members)
        self.member_search.installEventFilter(self)
        self.product_search.textChanged.connect(self._find_products)
        self.product_search.installEventFilter(self)
        self.campaign.currentIndexChanged.connect(self._campaign_changed)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_last_line)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self._fill_campaigns(campaign_id)
        if self.order:
            self._load_order()
        self._update_total()
        self.member_search.setFocus()

    # -- set-up -----------------------------------------------------------------------------
    def _fill_campaigns(self, campaign_id: str | None) -> None:
        if self.order:
            self.campaign.addItem(self.order["campaign_title"], self.order["campaign_id"])
            self.campaign.setEnabled(False)
        else:
            for c in campaigns_sql.open_campaigns(self.reader.conn):
                self.campaign.addItem(c["title"], c["id"])
            index = self.campaign.findData(campaign_id) if campaign_id else 0
            self.campaign.setCurrentIndex(max(index, 0))
        self._campaign_changed()

    def _campaign_changed(self, *_args: Any) -> None:
        campaign_id = self.campaign.currentData()
        self.items = campaigns_sql.items(self.reader.conn, campaign_id) if campaign_id else []
        add_keys(self.items)
        self.lines.setRowCount(0)
        self.added.clear()
        self._update_total()

    def _load_order(self) -> None:
        o = self.order
        self._choose_member(
            {
                "id": o["member_id"],
                "name": o["member_name"],
                "nickname": o["nickname"],
                "mobile": o["member_mobile"],
                "building": o["building"],
                "unit": o["unit"],
                "room": o["room"],
            }
        )
        self.member_search.setEnabled(False)
        for line in o["lines"]:
            self.add_item(line["campaign_item_id"], line["quantity"])
        self.added.clear()
        self.paid.setChecked(bool(o["paid"]))
        self.member_note.setText(o["member_note"])
        self.leader_note.setText(o["leader_note"])

    # -- keyboard ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        results = {
            self.member_search: self.member_results,
            self.product_search: self.product_results,
        }.get(watched)
        if results is None:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and results.count():
            step = 1 if key == Qt.Key.Key_Down else -1
            results.setCurrentRow(max(0, min(results.count() - 1, results.currentRow() + step)))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if watched is self.member_search:
                self._enter_member()
            else:
                self._enter_product()
            return True
        return False

    def _enter_member(self) -> None:
        current = self.member_results.currentItem()
        if current is not None:
            self._choose_member(current.data(Qt.ItemDataRole.UserRole))
            self.product_search.setFocus()

    def _enter_product(self) -> None:
        text = self.product_search.text().strip()
        if not text:
            if self.lines.rowCount():
                self.save()
            return
        current = self.product_results.currentItem()
        if current is None:
            return
        try:
            _query, qty = split_query(text)
        except Exception:  # noqa: BLE001 - a bad quantity just keeps the text for fixing
            return
        self.add_item(current.data(Qt.ItemDataRole.UserRole)["id"], qty)
        self.product_search.clear()

    # -- members -------------------------------------------------------------------------------
    def _find_members(self, text: str) -> None:
        self.member_results.clear()
        found = members_sql.find_for_entry(self.reader.conn, text, limit=8)
        for m in found:
            nick = f"（{m['nickname']}）" if m["nickname"] and m["nickname"] != m["name"] else ""
            entry = QListWidgetItem(f"{m['name']}{nick}  {masked(m['mobile'])}  {address(m)}")
            entry.setData(Qt.ItemDataRole.UserRole, m)
            self.member_results.addItem(entry)
        self.member_results.setVisible(bool(found))
        if found:
            self.member_results.setCurrentRow(0)

    def _choose_member(self, member: dict[str, Any]) -> None:
        self.member = member
        self.member_results.hide()
        self.member_search.blockSignals(True)
        self.member_search.setText(member["name"])
        self.member_search.blockSignals(False)
        self.member_label.setText(
            self.tr("Member: %1  %2  %3")
            .replace("%1", member["name"])
            .replace("%2", masked(member["mobile"]))
            .replace("%3", address(member))
        )

    # -- products ------------------------------------------------------------------------------
    def _find_products(self, text: str) -> None:
        show_candidates(self.product_results, self.items, text)

    def add_item(self, item_id: str, qty: int) -> None:
        item = next(i for i in self.items if i["id"] == item_id)
        for row in range(self.lines.rowCount()):
            if self.lines.item(row, NAME).data(Qt.ItemDataRole.UserRole) == item_id:
                spin: QSpinBox = self.lines.cellWidget(row, QTY)
                spin.setValue(spin.value() + qty)
                self.added.append(item_id)
                return
        row = self.lines.rowCount()
        self.lines.insertRow(row)
        name = QTableWidgetItem(item["name"])
        name.setData(Qt.ItemDataRole.UserRole, item_id)
        self.lines.setItem(row, NAME, name)
        self.lines.setItem(row, SPEC, QTableWidgetItem(item["spec"]))
        self.lines.setItem(row, PRICE, QTableWidgetItem(money(item["price_fen"])))
        spin = QSpinBox()
        spin.setRange(0, 9999)
        spin.setValue(qty)
        spin.valueChanged.connect(lambda _v: self._update_total())
        self.lines.setCellWidget(row, QTY, spin)
        self.lines.setItem(row, AMOUNT, QTableWidgetItem())
        self.added.append(item_id)
        self._update_total()

    def undo_last_line(self) -> None:
        if not self.added:
            return
        item_id = self.added.pop()
        for row in range(self.lines.rowCount()):
            if self.lines.item(row, NAME).data(Qt.ItemDataRole.UserRole) == item_id:
                self.lines.removeRow(row)
                break
        # a repeated add merged into the row: rebuild it from what is still recorded
        remaining = self.added.count(item_id)
        if remaining:
            self.added = [i for i in self.added if i != item_id]
            for _ in range(remaining):
                self.add_item(item_id, 1)
        self._update_total()

    def current_lines(self) -> list[dict[str, Any]]:
        out = []
        for row in range(self.lines.rowCount()):
            qty = self.lines.cellWidget(row, QTY).value()
            if qty > 0:
                out.append(
                    {
                        "item_id": self.lines.item(row, NAME).data(Qt.ItemDataRole.UserRole),
                        "quantity": qty,
                    }
                )
        return out

    def _update_total(self) -> None:
        prices = {i["id"]: i["price_fen"] for i in self.items}
        total = 0
        for row in range(self.lines.rowCount()):
            item_id = self.lines.item(row, NAME).data(Qt.ItemDataRole.UserRole)
            amount = prices[item_id] * self.lines.cellWidget(row, QTY).value()
            self.lines.item(row, AMOUNT).setText(money(amount))
            total += amount
        self.total.setText(self.tr("Total %1").replace("%1", money(total)))

    # -- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        campaign_id = self.campaign.currentData()
        if not campaign_id:
            self.show_refusal(ValidationError("order_campaign_required").with_field("campaign_id"))
            return
        if self.member is None:
            self.show_refusal(ValidationError("order_member_required").with_field("member_id"))
            return
        lines = self.current_lines()
        paid, member_note, leader_note = (
            self.paid.isChecked(),
            self.member_note.text(),
            self.leader_note.text(),
        )
        if self.order:
            order_id = self.order["id"]
            self.submit(
                lambda app: app.orders.replace_lines(
                    order_id, lines, paid=paid, member_note=member_note, leader_note=leader_note
                )
            )
        else:
            member_id = self.member["id"]
            self.submit(
                lambda app: app.orders.create(
                    campaign_id,
                    member_id,
                    lines,
                    paid=paid,
                    member_note=member_note,
                    leader_note=leader_note,
                )
            )
