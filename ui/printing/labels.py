"""Labels and slips: A4 label sheets (3×8, 2×5) and thermal rolls (58 mm, 80 mm).

Each label: QR code, short code, name, masked mobile, building-unit-room, items, campaign and
pickup date. Items that do not fit continue on the next label ("续 2/2"); nothing is cut off.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from leader_app.print_data import PrintCampaign, PrintOrder
from ui.printing.canvas import Canvas


@dataclass(frozen=True)
class LabelLayout:
    name: str
    page_w: float  # mm
    page_h: float
    cols: int
    rows: int
    label_w: float
    label_h: float
    top: float  # mm, adjustable for the label paper at hand
    left: float
    gap_x: float = 0.0
    gap_y: float = 0.0
    scale: float = 1.0  # text size factor

    def with_margins(self, top: float | None, left: float | None) -> LabelLayout:
        from dataclasses import replace

        return replace(
            self, top=self.top if top is None else top, left=self.left if left is None else left
        )


LAYOUTS = {
    "a4-3x8": LabelLayout("a4-3x8", 210, 297, 3, 8, 70, 36, 4.5, 0),
    "a4-2x5": LabelLayout("a4-2x5", 210, 297, 2, 5, 105, 57, 6, 0, scale=1.2),
    "thermal-58": LabelLayout("thermal-58", 58, 40, 1, 1, 58, 40, 0, 0, scale=0.95),
    "thermal-80": LabelLayout("thermal-80", 80, 50, 1, 1, 80, 50, 0, 0, scale=1.1),
}


@dataclass
class LabelPart:
    order: PrintOrder
    items: list[str]
    part: int
    parts: int


class LabelRenderer:
    def __init__(self, canvas: Canvas, data: PrintCampaign, layout: LabelLayout) -> None:
        self.c = canvas
        self.data = data
        self.layout = layout
        s = layout.scale
        self.f_name = canvas.font(10.5 * s, bold=True)
        self.f_code = canvas.font(9.5 * s, bold=True, mono=True)
        self.f_small = canvas.font(7.5 * s)
        self.f_items = canvas.font(8 * s)
        self.pad = 1.8
        self.foot_h = 3.2 * s
        self.qr_size = min(layout.label_h - 2 * self.pad - self.foot_h - 0.5, layout.label_w * 0.42)
        self.text_x = self.pad + self.qr_size + 1.5
        self.text_w = layout.label_w - self.text_x - self.pad

    # -- splitting items over labels --------------------------------------------------------
    def parts(self) -> Iterator[LabelPart]:
        for order in self.data.orders:
            texts = [i.text for i in order.items] or ["—"]
            chunks = self._chunks(texts)
            for n, chunk in enumerate(chunks, start=1):
                yield LabelPart(order, chunk, n, len(chunks))

    def _items_space(self) -> float:
        head = 4.6 * self.layout.scale * 3  # name, mobile + address, code
        foot = 3.2 * self.layout.scale
        return self.layout.label_h - 2 * self.pad - head - foot

    def _chunks(self, texts: list[str]) -> list[list[str]]:
        space = self._items_space()
        chunks: list[list[str]] = [[]]
        used = 0.0
        for text in texts:
            h = self.c.text_height(text, self.text_w, self.f_items)
            if chunks[-1] and used + h > space:
                chunks.append([])
                used = 0.0
            chunks[-1].append(text)
            used += h
        return chunks

    # -- drawing ------------------------------------------------------------------------------
    def draw(self, x: float, y: float, part: LabelPart) -> None:
        c, o, s = self.c, part.order, self.layout.scale
        pad = self.pad
        c.qr(x + pad, y + pad, self.qr_size, o.qr_payload)
        tx, tw = x + self.text_x, self.text_w
        ty = y + pad
        name = f"{o.name}  #{o.member_no}" if o.member_no else o.name
        c.text(tx, ty, tw, 5 * s, name, self.f_name)
        ty += 4.8 * s
        c.text(tx, ty, tw, 4 * s, f"{o.masked_mobile}   {o.address}", self.f_small)
        ty += 3.8 * s
        c.text(tx, ty, tw, 4.5 * s, o.short_code, self.f_code)  # what a member reads out
        ty += 4.4 * s
        items = "\n".join(part.items)
        if part.parts > 1:
            items += "\n" + QApplication.translate("Labels", "(continued %1/%2)").replace(
                "%1", str(part.part)
            ).replace("%2", str(part.parts))
        c.text(tx, ty, tw, self._items_space() + 3, items, self.f_items)
        # A plain call, not inside an f-string: lupdate only extracts what it can see.
        pickup = QApplication.translate("Labels", "pickup %1").replace("%1", self.data.pickup_on)
        foot = f"{self.data.title} · {pickup}"
        c.text(
            x + pad,
            y + self.layout.label_h - pad - self.foot_h,
            self.layout.label_w - 2 * pad,
            self.foot_h,
            foot,
            self.f_small,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        )


def render(canvas: Canvas, data: PrintCampaign, layout: LabelLayout, new_page) -> int:
    """Draw every label; `new_page()` starts the next page. Returns the number of labels."""
    renderer = LabelRenderer(canvas, data, layout)
    per_page = layout.cols * layout.rows
    count = 0
    for index, part in enumerate(renderer.parts()):
        slot = index % per_page
        if index and slot == 0:
            new_page()
        col, row = slot % layout.cols, slot // layout.cols
        x = layout.left + col * (layout.label_w + layout.gap_x)
        y = layout.top + row * (layout.label_h + layout.gap_y)
        renderer.draw(x, y, part)
        count += 1
    return count
