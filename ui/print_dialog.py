"""Print a campaign's pickup list, labels or picking list: preview, printer or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from leader_app.print_data import PrintCampaign
from ui import file_dialogs
from ui.printing import labels, output


class PrintDialog(QDialog):
    def __init__(self, data: PrintCampaign, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.setWindowTitle(self.tr("Print: %1").replace("%1", data.title))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.document = QComboBox()
        for key, text in (
            ("pickup-list", self.tr("Pickup list by member (A4)")),
            ("labels", self.tr("Labels / slips")),
            ("picking-list", self.tr("Picking list by product (A4)")),
            ("item-labels", self.tr("Item labels, one per unit (件标签)")),
        ):
            self.document.addItem(text, key)
        self.layout_box = QComboBox()
        for key, text in (
            ("a4-3x8", self.tr("A4 label sheet 3 × 8")),
            ("a4-2x5", self.tr("A4 label sheet 2 × 5")),
            ("thermal-58", self.tr("Thermal roll 58 mm")),
            ("thermal-80", self.tr("Thermal roll 80 mm")),
        ):
            self.layout_box.addItem(text, key)
        # pickup day: the pickup list's layout, the sort order, labels per order or member
        self.list_layout = QComboBox()
        self.list_layout.addItem(self.tr("Dense: one row per member"), "dense")
        self.list_layout.addItem(self.tr("Cards: one block per order, with QR codes"), "cards")
        self.sort = QComboBox()
        self.sort.addItem(self.tr("Building → room → product"), "building-room-product")
        self.sort.addItem(self.tr("Building → product → room"), "building-product-room")
        self.sort.addItem(self.tr("Product → building → room"), "product-building-room")
        self.per = QComboBox()
        self.per.addItem(self.tr("One label per order"), "order")
        self.per.addItem(self.tr("One label per member"), "member")
        self.top = QDoubleSpinBox()
        self.left = QDoubleSpinBox()
        for spin in (self.top, self.left):
            spin.setRange(0, 30)
            spin.setSuffix(" mm")
            spin.setDecimals(1)
        form.addRow(self.tr("Document"), self.document)
        form.addRow(self.tr("Label layout"), self.layout_box)
        form.addRow(self.tr("Top margin"), self.top)
        form.addRow(self.tr("Left margin"), self.left)
        form.addRow(self.tr("Pickup list layout"), self.list_layout)
        form.addRow(self.tr("Sort"), self.sort)
        form.addRow(self.tr("Labels"), self.per)
        layout.addLayout(form)
        self.saved_label = QLabel()  # where the last PDF went
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved_label.hide()
        layout.addWidget(self.saved_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        preview = QPushButton(self.tr("Print preview…"))
        preview.setObjectName("primary")
        pdf = QPushButton(self.tr("Save as PDF…"))
        buttons.addButton(preview, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(pdf, QDialogButtonBox.ButtonRole.ActionRole)
        preview.clicked.connect(self.preview)
        pdf.clicked.connect(self.save_pdf)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.document.currentIndexChanged.connect(self._sync)
        self.layout_box.currentIndexChanged.connect(self._margins_for_layout)
        self._margins_for_layout()
        self._sync()

    def _sync(self) -> None:
        document = self.document.currentData()
        is_labels = document in ("labels", "item-labels")
        for w in (self.layout_box, self.top, self.left):
            w.setEnabled(is_labels)
        self.list_layout.setEnabled(document == "pickup-list")
        self.sort.setEnabled(document in ("pickup-list", "picking-list", "labels"))
        self.per.setEnabled(document == "labels")
        if document == "picking-list":
            self.sort.setCurrentIndex(self.sort.findData("product-building-room"))

    def _margins_for_layout(self) -> None:
        spec = labels.LAYOUTS[self.layout_box.currentData()]
        self.top.setValue(spec.top)
        self.left.setValue(spec.left)

    def options(self) -> tuple[str, str, tuple[float, float]]:
        document = self.document.currentData()
        layout = (
            self.list_layout.currentData()
            if document == "pickup-list"
            else self.layout_box.currentData()
        )
        return (document, layout, (self.top.value(), self.left.value()))

    def extra(self) -> tuple[str, str]:
        """The sort order and labels per order or member."""
        return self.sort.currentData(), self.per.currentData()

    def save_pdf(self, path: str | None = None) -> Path | None:
        document, layout, margins = self.options()
        if not path:
            path = file_dialogs.save_file(
                self,
                self.tr("Save as PDF"),
                str(Path.home() / output.default_file_name(self.data, document)),
                self.tr("PDF files (*.pdf)"),
            )
        if not path:
            return None
        output.to_pdf(Path(path), self.data, document, layout, margins, *self.extra())
        self.saved_label.setText(self.tr("Saved to %1").replace("%1", str(path)))
        self.saved_label.show()
        return Path(path)

    def preview(self) -> None:
        document, layout, margins = self.options()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        output.setup(printer, document, layout)
        dialog = QPrintPreviewDialog(printer, self)

        def paint(device: Any) -> None:
            output.setup(device, document, layout)  # again: choosing a printer resets it
            painter = QPainter(device)
            try:
                output.render(
                    device,
                    painter,
                    self.data,
                    document,
                    layout,
                    margins,
                    device.resolution(),
                    *self.extra(),
                )
            finally:
                painter.end()

        dialog.paintRequested.connect(paint)
        dialog.exec()
