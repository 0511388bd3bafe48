"""Create or edit a catalog product."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from leader_app.normalize import format_fen_plain, format_rate
from ui.form_dialog import FormDialog
from ui.worker import DbWorker


class ProductDialog(FormDialog):
    def __init__(
        self, worker: DbWorker, product: dict[str, Any] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            worker, self.tr("Edit product") if product else self.tr("New product"), parent
        )
        self.product = product
        self.name = self.add_field("name", self.tr("Product name *"), QLineEdit())
        self.spec = self.add_field("spec", self.tr("Spec (规格)"), QLineEdit())
        self.spec.setPlaceholderText("500g/盒")
        self.unit = self.add_field("unit", self.tr("Unit"), QLineEdit())
        self.unit.setPlaceholderText("盒")
        self.price = self.add_field("price_fen", self.tr("Group price (¥) *"), QLineEdit())
        self.list_price = self.add_field("list_price_fen", self.tr("List price (¥)"), QLineEdit())
        self.sku = self.add_field("sku", self.tr("SKU code"), QLineEdit())
        self.rate = self.add_field("commission_bp", self.tr("Commission rate"), QLineEdit())
        self.rate.setPlaceholderText("10%")
        if product:
            self.name.setText(product["name"])
            self.spec.setText(product["spec"])
            self.unit.setText(product["unit"])
            self.price.setText(format_fen_plain(product["price_fen"]))
            if product["list_price_fen"]:  # no 划线价 stays blank, not 0.00
                self.list_price.setText(format_fen_plain(product["list_price_fen"]))
            self.sku.setText(product["sku"])
            self.rate.setText(format_rate(product["commission_bp"]))

    def save(self) -> None:
        data = {
            "name": self.name.text(),
            "spec": self.spec.text(),
            "unit": self.unit.text(),
            "price_fen": self.price.text(),
            "list_price_fen": self.list_price.text() or 0,
            "sku": self.sku.text(),
            "commission_bp": self.rate.text(),
        }
        if self.product:
            product_id = self.product["id"]
            self.submit(lambda app: app.catalog.update(product_id, data))
        else:
            self.submit(lambda app: app.catalog.create(data))
