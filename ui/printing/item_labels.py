"""Item labels (件标签): one per physical unit, numbered within the order and within the
building (`总 3/12 · 本楼 1/4`), so crates can be sorted building by building."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from leader_app.print_data import PrintCampaign
from leader_app.print_members import ItemLabel, building_label, item_labels
from ui.printing.canvas import Canvas
from ui.printing.labels import LabelLayout

VCENTER = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def numbering(label: ItemLabel) -> str:
    return (
        QApplication.translate("Labels", "total %1/%2 · building %3/%4")
        .replace("%1", str(label.n))
        .replace("%2", str(label.of))
        .replace("%3", str(label.n_building))
        .replace("%4", str(label.of_building))
    )


def draw(c: Canvas, layout: LabelLayout, x: float, y: float, label: ItemLabel) -> None:
    s, pad, o = layout.scale, 1.8, label.order
    qr = min(layout.label_h - 2 * pad, layout.label_w * 0.32)
    c.qr(x + pad, y + pad, qr, o.qr_payload)
    tx, tw = x + pad + qr + 1.5, layout.label_w - qr - 2 * pad - 1.5
    ty = y + pad
    place = " ".join(t for t in (building_label(o.building, o.unit), o.room) if t) or "—"
    c.text(tx, ty, tw, 5.5 * s, place, c.font(11 * s, bold=True), VCENTER)
    ty += 5.6 * s
    c.text(tx, ty, tw, 4.5 * s, f"{o.name}  {o.masked_mobile}", c.font(8 * s), VCENTER)
    ty += 4.4 * s
    item = f"{label.item.name} {label.item.spec}".strip()
    c.text(tx, ty, tw, 9 * s, item, c.font(9 * s, bold=True))
    ty = y + layout.label_h - pad - 8.2 * s
    c.text(tx, ty, tw, 4.2 * s, numbering(label), c.font(8.5 * s, bold=True), VCENTER)
    c.text(tx, ty + 4.2 * s, tw, 4 * s, o.order_no, c.font(7.5 * s, mono=True), VCENTER)


def render(c: Canvas, data: PrintCampaign, layout: LabelLayout, new_page) -> int:
    per_page = layout.cols * layout.rows
    labels = item_labels(data)
    for index, label in enumerate(labels):
        slot = index % per_page
        if index and slot == 0:
            new_page()
        col, row = slot % layout.cols, slot // layout.cols
        draw(
            c,
            layout,
            layout.left + col * (layout.label_w + layout.gap_x),
            layout.top + row * (layout.label_h + layout.gap_y),
            label,
        )
    return len(labels)
