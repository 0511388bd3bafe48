"""Printed output, checked as a leader's scanner would: render PDFs, rasterise them with
pdftoppm, decode every QR code with zxing-cpp, and verify each against its order."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtGui import QImage

from leader_app.app import LeaderApp
from leader_app.demo import generate
from leader_app.print_data import load
from ui.printing.output import to_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")


@pytest.fixture(scope="module")
def arrived(tmp_path_factory):
    path = tmp_path_factory.mktemp("print") / "shop.db"
    app = LeaderApp.open(path)
    generate(app, members=60, orders=400, seed=4)
    campaign = app.store.conn.execute(
        "SELECT id FROM campaigns WHERE status = 'arrived'"
    ).fetchone()[0]
    yield app, campaign
    app.close()


def _pages(pdf: Path, dpi: int = 150) -> list[Path]:
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(pdf.with_suffix(""))], check=True
    )
    return sorted(pdf.parent.glob(pdf.stem + "-*.png"))


def _decode(png: Path) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(QImage(str(png)))]


@pytest.mark.parametrize("layout", ["a4-3x8", "thermal-58"])
def test_every_label_qr_decodes_and_verifies(qapp, arrived, tmp_path, layout) -> None:
    app, campaign = arrived
    data = load(app.store, campaign, app.ensure_shop_secret())
    pdf = tmp_path / f"labels-{layout}.pdf"
    count = to_pdf(pdf, data, "labels", layout)
    assert count >= len(data.orders)
    decoded = [
        code
        for page in _pages(pdf, 200 if layout == "thermal-58" else 150)
        for code in _decode(page)
    ]
    assert sorted(decoded) == sorted(o.qr_payload for o in data.orders for _ in range(1)) or len(
        decoded
    ) >= len(data.orders)
    by_id = {o.qr_payload: o for o in data.orders}
    for code in set(decoded):
        check = app.pickup.check(code)
        assert check.result in ("ok", "already_picked_up"), code
        assert check.order["id"] == by_id[code].order_id
    assert set(decoded) == set(by_id)


def test_pickup_list_and_picking_list_render_with_qr_codes(qapp, arrived, tmp_path) -> None:
    app, campaign = arrived
    data = load(app.store, campaign, app.ensure_shop_secret(), "幸福里")
    pickup = tmp_path / "pickup.pdf"
    pages = to_pdf(pickup, data, "pickup-list", "cards")  # the card layout keeps its QR codes
    assert pages >= 2
    decoded = {c for page in _pages(pickup) for c in _decode(page)}
    assert decoded == {o.qr_payload for o in data.orders}
    picking = tmp_path / "picking.pdf"
    assert to_pdf(picking, data, "picking-list") >= 1
    text = subprocess.run(
        ["pdftotext", str(picking), "-"], capture_output=True, text=True, check=True
    ).stdout
    for item in {i.name for o in data.orders for i in o.items}:
        assert item in text  # Chinese text is real text in the PDF, not boxes


def test_long_item_lists_continue_on_the_next_label(qapp, arrived, tmp_path) -> None:
    app, campaign = arrived
    data = load(app.store, campaign, app.ensure_shop_secret())
    first = data.orders[0]
    first.items = first.items * 8  # a member who ordered a lot
    count = to_pdf(tmp_path / "long.pdf", data, "labels", "a4-3x8")
    assert count > len(data.orders)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "long.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count(first.short_code) == count - len(data.orders) + 1


# A short code (1128-0042-K7Q) and a member code (M0042-K7Q) carry letters on purpose;
# everything else in a Chinese document should be Chinese, digits or units (g, kg, ml are
# shorter than three letters).
_SHORT_CODE = r"\b(?:\d{4}-\d{4}|M\d{4,})-[0-9A-Z]{3}\b"


@pytest.mark.parametrize(
    "document,layout",
    [
        ("pickup-list", "a4-3x8"),
        ("picking-list", "a4-3x8"),
        ("labels", "a4-3x8"),
        ("labels", "a4-2x5"),
        ("labels", "thermal-58"),
        ("labels", "thermal-80"),
        ("item-labels", "a4-3x8"),
    ],
)
def test_every_printed_document_in_chinese_has_no_english_words(
    qapp, arrived, tmp_path, document, layout
) -> None:
    import re

    from ui.app import make_qapp
    from ui.printing.output import default_file_name

    make_qapp("zh_CN")
    try:
        app, campaign = arrived
        data = load(app.store, campaign, app.ensure_shop_secret(), "幸福里社区团购")
        pdf = tmp_path / default_file_name(data, document)
        assert not re.search(r"[A-Za-z]{3,}", pdf.stem), pdf.name
        to_pdf(pdf, data, document, layout)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    finally:
        make_qapp("en")
    assert re.search(r"[\u4e00-\u9fff]", text)
    words = re.findall(r"[A-Za-z]{3,}", re.sub(_SHORT_CODE, "", text))
    assert words == [], sorted(set(words))
    title = next(line for line in info.splitlines() if line.startswith("Title:"))
    assert not re.search(r"[A-Za-z]{3,}", title.removeprefix("Title:")), title


def test_saving_a_pdf_says_where_it_went(qapp, qtbot, arrived, tmp_path) -> None:
    from ui.print_dialog import PrintDialog

    app, campaign = arrived
    dialog = PrintDialog(load(app.store, campaign, app.ensure_shop_secret()))
    qtbot.addWidget(dialog)
    assert not dialog.saved_label.isVisibleTo(dialog)
    path = dialog.save_pdf(str(tmp_path / "提货单.pdf"))
    assert path.stat().st_size > 1000
    assert dialog.saved_label.isVisibleTo(dialog) and str(path) in dialog.saved_label.text()


def test_a_non_editable_combo_box_draws_its_item_dark_on_white(qapp, qtbot, arrived) -> None:
    """On a desktop with a dark theme the palette's text is white; the style sheet paints the
    box white, so it must also say what colour the text is."""
    from PySide6.QtGui import QColor, QPalette

    from ui.app import make_qapp
    from ui.print_dialog import PrintDialog

    make_qapp("en")  # with the desk's style sheet
    before = qapp.palette()
    dark = QPalette(before)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.HighlightedText,
    ):
        dark.setColor(role, QColor("#ffffff"))  # fmt: skip
    qapp.setPalette(dark)
    try:
        app, campaign = arrived
        dialog = PrintDialog(load(app.store, campaign, app.ensure_shop_secret()))
        qtbot.addWidget(dialog)
        dialog.show()
        image = dialog.document.grab().toImage()
    finally:
        qapp.setPalette(before)
    inked = sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).lightness() < 90
    )
    assert inked > 100, inked  # the text "Pickup list by member (A4)" is there to read
