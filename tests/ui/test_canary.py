"""PySide6 6.12.0 loses a reference to None on every void Qt call and then aborts the process
(see README). This fails loudly if a release with that bug is ever installed."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QImage, QPainter


def test_void_qt_calls_keep_none_alive(qapp) -> None:
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(10_000):
        painter.setPen(QColor(0, 0, 0))
        image.fill(0)
    after = sys.getrefcount(None)
    painter.end()
    assert after >= before - 50, f"refcount(None) fell from {before} to {after}"


def test_installed_pyside6_is_inside_the_pin() -> None:
    import PySide6

    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    assert (6, 10) <= (major, minor) < (6, 12), PySide6.__version__
