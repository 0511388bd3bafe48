"""The catalog of products with group price, list price and commission."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from leader_app.normalize import format_rate
from storage import catalog_sql, listing
from storage.db import Store
from ui.errors import show_error
from ui.formatting import money
from ui.product_dialog import ProductDialog
from ui.table_model import ALIGN_RIGHT, Column
from ui.table_page import TablePage
from ui.worker import DbWorker


class CatalogPage(TablePage):
    TABLES = ("products",)

    def __init__(self, worker: DbWorker, reader: Store, parent: QWidget | None = None) -> None:
        columns = [
            Column("name", self.tr("Product"), lambda r: r["name"]),
            Column("spec", self.tr("Spec"), lambda r: r["spec"]),
            Column("", self.tr("Unit"), lambda r: r["unit"]),
            Column(
                "price_fen", self.tr("Group price"), lambda r: money(r["price_fen"]), ALIGN_RIGHT
            ),
            Column(
                "list_price_fen",
                self.tr("List price"),
                lambda r: (
                    money(r["list_price_fen"]) if r["list_price_fen"] else ""
                ),  # 划线价: blank
                ALIGN_RIGHT,
            ),
            Column(
                "commission_bp",
                self.tr("Commission"),
                lambda r: format_rate(r["commission_bp"]),
                ALIGN_RIGHT,
            ),
            Column("sku", self.tr("SKU"), lambda r: r["sku"]),
            Column(
                "",
                self.tr("State"),
                lambda r: self.tr("Withdrawn") if r["withdrawn"] else self.tr("On sale"),
                color=lambda r: "#9e9e9e" if r["withdrawn"] else "#2e7d32",
            ),
        ]
        super().__init__(worker, reader, listing.PRODUCTS, columns, parent)
        self.heading.setText(self.tr("Catalog"))
        self.search.setPlaceholderText(self.tr("Search product, spec or SKU…"))
        self.toolbar.addStretch(1)
        self.add_button(self.tr("New product"), self.new_product, "Ctrl+Shift+N", primary=True)
        self.add_button(self.tr("Edit"), self.activate)
        self.add_button(self.tr("Delete"), self.delete_selected, "Del")
        self.set_widths(170, 110, 60, 100, 100, 90, 110, 80, stretch=0)
        self.refresh()

    def count_text(self, total: int) -> str:
        return self.tr("%Ln product(s)", "", total)

    def new_product(self) -> ProductDialog:
        dialog = ProductDialog(self.worker, None, self)
        dialog.open()
        return dialog

    def activate(self) -> None:
        row = self.current_row()
        if row is not None:
            ProductDialog(self.worker, catalog_sql.get(self.reader.conn, row["id"]), self).open()

    def delete_selected(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if (
            QMessageBox.question(
                self,
                self.tr("Delete product"),
                self.tr(
                    "Delete %1? A product that campaigns use is withdrawn instead, so old orders "
                    "keep it."
                ).replace("%1", row["name"]),
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.worker.op(lambda app: app.catalog.delete(row["id"])).failure(
            lambda e: show_error(self, e)
        ).run_in_background()
