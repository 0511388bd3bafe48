"""Drawing helpers in millimetres: fonts that have Chinese, wrapped text, vector QR codes."""

from __future__ import annotations

from functools import lru_cache

import qrcode
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from ui.fonts import cjk_family

WRAP = (
    int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)
)


class Canvas:
    """A painter on a paged device, addressed in millimetres."""

    def __init__(self, painter: QPainter, dpi: float) -> None:
        self.p = painter
        self.k = dpi / 25.4  # device pixels per mm
        self.family = cjk_family() or QFont().family()

    def mm(self, value: float) -> float:
        return value * self.k

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(self.mm(x), self.mm(y), self.mm(w), self.mm(h))

    def font(self, size_pt: float, bold: bool = False, mono: bool = False) -> QFont:
        font = QFont("DejaVu Sans Mono" if mono else self.family)
        font.setPixelSize(max(1, round(size_pt * 0.3528 * self.k)))  # pt → mm → px
        font.setBold(bold)
        return font

    def text_height(self, text: str, width_mm: float, font: QFont) -> float:
        """Height in mm that `text` takes when wrapped to `width_mm`."""
        metrics = QFontMetricsF(font)
        box = metrics.boundingRect(QRectF(0, 0, self.mm(width_mm), 1e6), WRAP, text)
        return box.height() / self.k

    def text(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str,
        font: QFont,
        flags: int = WRAP,
        color: str = "#000000",
    ) -> None:
        self.p.setFont(font)
        self.p.setPen(QColor(color))
        self.p.drawText(self.rect(x, y, w, h), flags, text)

    def line(
        self, x1: float, y1: float, x2: float, y2: float, width: float = 0.2, color: str = "#000000"
    ) -> None:
        pen = QPen(QColor(color))
        pen.setWidthF(self.mm(width))
        self.p.setPen(pen)
        self.p.drawLine(self.mm(x1), self.mm(y1), self.mm(x2), self.mm(y2))

    def box(self, x: float, y: float, w: float, h: float, width: float = 0.3) -> None:
        pen = QPen(QColor("#000000"))
        pen.setWidthF(self.mm(width))
        self.p.setPen(pen)
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawRect(self.rect(x, y, w, h))

    def fill(self, x: float, y: float, w: float, h: float, color: str) -> None:
        self.p.fillRect(self.rect(x, y, w, h), QColor(color))

    def qr(self, x: float, y: float, size: float, payload: str) -> None:
        """A vector QR code (crisp at any printer resolution), one rectangle per run."""
        modules = qr_matrix(payload)
        n = len(modules)
        cell = self.mm(size) / n
        path = QPainterPath()
        ox, oy = self.mm(x), self.mm(y)
        for r, row in enumerate(modules):
            c = 0
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    path.addRect(ox + start * cell, oy + r * cell, (c - start) * cell, cell)
                else:
                    c += 1
        self.p.fillPath(path, QColor("#000000"))


@lru_cache(maxsize=4096)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The module matrix, with a quiet zone of 2 modules (label paper is white around it).
    A fixed mask pattern skips qrcode's evaluation of all eight: ~6× faster per code."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=2, mask_pattern=2
    )
    code.add_data(payload, optimize=0)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())
