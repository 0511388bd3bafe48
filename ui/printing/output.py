"""Send a document to a PDF file or a printer through the same renderer."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter

from leader_app.print_data import PrintCampaign
from leader_app.print_members import member_key
from ui.printing import dense, item_labels, labels, lists
from ui.printing.canvas import Canvas

DOCUMENTS = ("pickup-list", "labels", "picking-list", "item-labels")
LIST_LAYOUTS = ("dense", "cards")  # the pickup list: one row per member, or a block per order
PDF_DPI = 300


def page_size(document: str, layout: str) -> tuple[float, float]:
    if document in ("labels", "item-labels"):
        spec = labels.LAYOUTS.get(layout, labels.LAYOUTS["a4-3x8"])
        return spec.page_w, spec.page_h
    return lists.PAGE_W, lists.PAGE_H


def setup(device: QPagedPaintDevice, document: str, layout: str) -> None:
    w, h = page_size(document, layout)
    size = QPageSize(
        QSizeF(w, h), QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.ExactMatch
    )
    device.setPageLayout(
        QPageLayout(
            size,
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    if isinstance(device, QPrinter):
        # A printer driver reports hardware margins, and a zero-margin layout is silently
        # raised to them: the painter's origin then moves by that margin (4.3 mm through a
        # CUPS queue whose PPD declares 4.2 mm), labels miss their die-cut positions and the
        # 58 mm slip loses its right edge and its footer. Full-page mode keeps the origin at
        # the paper's corner, so the printer puts the ink where the PDF does.
        device.setFullPage(True)


def render(
    device: QPagedPaintDevice,
    painter: QPainter,
    data: PrintCampaign,
    document: str,
    layout: str = "a4-3x8",
    margins: tuple[float | None, float | None] = (None, None),
    dpi: float | None = None,
    sort: str | None = None,
    per: str = "order",
) -> int:
    """Draw the document on an already set-up device. Returns pages (lists) or labels.
    `layout` is a label layout, or for the pickup list dense (default) or cards; `per`
    prints labels one per order or one per member."""
    canvas = Canvas(painter, dpi or device.logicalDpiX())
    new_page = device.newPage
    if document != "picking-list":
        sort = sort or "building-room-product"
    if document in ("labels", "item-labels"):
        spec = labels.LAYOUTS.get(layout, labels.LAYOUTS["a4-3x8"]).with_margins(*margins)
        if document == "item-labels":
            return item_labels.render(canvas, data, spec, new_page)
        if per == "member":
            data = replace(data, orders=sorted(data.members, key=member_key(sort)))
        return labels.render(canvas, data, spec, new_page)
    if document == "pickup-list":
        if layout == "cards":
            return lists.pickup_list(canvas, data, new_page)
        members = sorted(data.members, key=member_key(sort))
        return dense.pickup_list(canvas, data, members, sort, new_page)
    return lists.picking(canvas, data, new_page, sort or "product-building-room")


def document_name(document: str) -> str:
    """The document's name in the interface language: for PDF titles and file names."""
    names = {
        "pickup-list": QCoreApplication.translate("PrintedLists", "Pickup list"),
        "labels": QCoreApplication.translate("PrintedLists", "Labels"),
        "picking-list": QCoreApplication.translate("PrintedLists", "Picking list"),
        "item-labels": QCoreApplication.translate("PrintedLists", "Item labels"),
    }
    return names[document]


def default_file_name(data: PrintCampaign, document: str) -> str:
    """`11月28日 水果生鲜团 提货单.pdf`: the campaign and the document, without characters that
    a file system refuses."""
    name = f"{data.title} {document_name(document)}"
    return re.sub(r'[\\/:*?"<>|]+', "-", name).strip() + ".pdf"


def to_pdf(
    path: Path,
    data: PrintCampaign,
    document: str,
    layout: str = "a4-3x8",
    margins: tuple[float | None, float | None] = (None, None),
    sort: str | None = None,
    per: str = "order",
) -> int:
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setTitle(f"{data.title} {document_name(document)}")
    writer.setCreator("Leader Desk")
    setup(writer, document, layout)
    painter = QPainter(writer)
    try:
        return render(writer, painter, data, document, layout, margins, PDF_DPI, sort, per)
    finally:
        painter.end()


def to_printer(
    printer: QPrinter,
    data: PrintCampaign,
    document: str,
    layout: str = "a4-3x8",
    margins: tuple[float | None, float | None] = (None, None),
) -> int:
    """Print on a real printer (the same renderer as the PDF)."""
    setup(printer, document, layout)
    if not printer.docName():  # the spooler's job title
        printer.setDocName(f"{data.title} {document}")
    painter = QPainter(printer)
    try:
        return render(printer, painter, data, document, layout, margins, printer.resolution())
    finally:
        painter.end()
