"""Printing through a real spooler: labels, the 58 mm slip and the pickup list go through
QPrinter to CUPS queues (cups-pdf), one of which declares 4.2 mm hardware margins as real
printers do. The ink on every printed page must sit where it sits in our own PDF, and every
QR code must decode from the printed pages."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtGui import QImage

from leader_app.app import LeaderApp
from leader_app.demo import generate
from leader_app.print_data import load
from tests.conftest import ROOT
from tests.ui.cups import Spooler, Unavailable
from ui.printing.output import to_pdf

DPI = 200
TOLERANCE_MM = 0.5
JOBS = [  # (queue, document, layout)
    ("ld-margins", "labels", "a4-3x8"),
    ("ld-margins", "labels", "thermal-58"),
    ("ld-margins", "pickup-list", "a4-3x8"),
    ("ld-pdf", "labels", "a4-3x8"),
]

PRINT = """
import sys
sys.path.insert(0, sys.argv[1])
from PySide6.QtWidgets import QApplication
from PySide6.QtPrintSupport import QPrinter
from leader_app.app import LeaderApp
from leader_app.print_data import load
from ui.printing.output import to_printer
qapp = QApplication(sys.argv[:1])
app = LeaderApp.open(sys.argv[2], lock=False)
data = load(app.store, sys.argv[3], app.ensure_shop_secret(), app.setting("shop_name"))
for job in sys.argv[4:]:
    title, queue, document, layout = job.split(":")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(queue)
    if printer.printerName() != queue:
        sys.exit(f"queue {queue} not found")
    printer.setDocName(title)
    to_printer(printer, data, document, layout)
"""


@pytest.fixture(scope="module")
def printed(tmp_path_factory, qapp):
    """Every job printed once through the spooler, with our own PDF of the same document."""
    root = tmp_path_factory.mktemp("cups")
    try:
        spooler = Spooler().start()
    except Unavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must print through CUPS: {exc}")
        pytest.skip(f"no CUPS spooler here: {exc}")
    db = root / "shop.db"
    with LeaderApp.open(db) as app:
        generate(app, members=12, orders=40, seed=4)
        campaign = app.store.conn.execute(
            "SELECT id FROM campaigns WHERE status = 'arrived'"
        ).fetchone()[0]
        data = load(app.store, campaign, app.ensure_shop_secret(), app.setting("shop_name"))
    run = uuid.uuid4().hex[:10]
    titles = {job: f"ldtest{run}n{n}" for n, job in enumerate(JOBS)}
    made: list[Path] = []
    try:
        subprocess.run(
            [sys.executable, "-c", PRINT, str(ROOT), str(db), campaign]
            + [f"{titles[j]}:{j[0]}:{j[1]}:{j[2]}" for j in JOBS],
            env={**spooler.env, "QT_QPA_PLATFORM": "offscreen"},
            check=True,
            timeout=120,
        )
        out = {}
        for job in JOBS:
            pdf = spooler.wait_for(titles[job])
            made.append(pdf)
            reference = root / f"own-{job[1]}-{job[2]}.pdf"
            if not reference.exists():
                to_pdf(reference, data, job[1], job[2])
            out[job] = (pdf, reference)
        yield out, data
    finally:
        for pdf in made:
            pdf.unlink(missing_ok=True)
        spooler.stop()


def _pages(pdf: Path, dest: Path) -> list[Path]:
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(dest)],
        check=True,
        capture_output=True,  # Ghostscript's Type 3 fonts make poppler chatty
    )
    return sorted(dest.parent.glob(dest.name + "-*.png"))


_DARK = bytes(1 if i < 128 else 0 for i in range(256))


def ink_box(png: Path) -> tuple[float, float, float, float]:
    """Left, top, right and bottom edges of the dark pixels, in mm from the page's corner."""
    img = QImage(str(png)).convertToFormat(QImage.Format.Format_Grayscale8)
    w, h, stride = img.width(), img.height(), img.bytesPerLine()
    data = bytes(img.constBits())
    left, right, top, bottom = w, -1, None, None
    for y in range(h):
        row = data[y * stride : y * stride + w].translate(_DARK)
        first = row.find(1)
        if first < 0:
            continue
        top = y if top is None else top
        bottom = y
        left, right = min(left, first), max(right, row.rfind(1))
    assert top is not None, f"{png.name} is blank"
    k = 25.4 / DPI
    return (left * k, top * k, (right + 1) * k, (bottom + 1) * k)


@pytest.mark.parametrize("job", JOBS, ids=lambda j: f"{j[0]}-{j[1]}-{j[2]}")
def test_printed_ink_sits_where_the_pdf_puts_it(printed, tmp_path, job) -> None:
    out, _data = printed
    spooled, own = out[job]
    got = _pages(spooled, tmp_path / "spooled")
    want = _pages(own, tmp_path / "own")
    assert len(got) == len(want) >= 1
    worst = 0.0
    for page, (a, b) in enumerate(zip(got, want, strict=True), start=1):
        size_a, size_b = QImage(str(a)).size(), QImage(str(b)).size()
        assert abs(size_a.width() - size_b.width()) <= 2, f"page {page}: paper width differs"
        assert abs(size_a.height() - size_b.height()) <= 2, f"page {page}: paper height differs"
        box_a, box_b = ink_box(a), ink_box(b)
        moved = [round(x - y, 2) for x, y in zip(box_a, box_b, strict=True)]
        assert all(abs(d) <= TOLERANCE_MM for d in moved), (
            f"page {page}: printed ink moved by {moved} mm (left, top, right, bottom)"
        )
        worst = max(worst, *(abs(d) for d in moved))
    print(f"{job}: {len(got)} pages, ink within {worst:.2f} mm of the PDF")


@pytest.mark.parametrize("layout", ["a4-3x8", "thermal-58"])
def test_qr_codes_decode_from_the_printed_labels(printed, tmp_path, layout) -> None:
    out, data = printed
    spooled, _own = out[("ld-margins", "labels", layout)]
    decoded = {
        b.text
        for page in _pages(spooled, tmp_path / "spooled")
        for b in zxingcpp.read_barcodes(QImage(str(page)))
    }
    assert decoded == {o.qr_payload for o in data.orders}
