"""The main window on the leader's screen: open inside the available geometry, come back
where it was left, and (for tools/walkthrough.py) report any widget that is off the screen
or cut off by its window."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QWidget,
)

DEFAULT_W, DEFAULT_H = 1280, 800
FRAME_ALLOWANCE = 40  # a window manager's title bar and borders, outside our geometry
MIN_W, MIN_H = 1024, 640  # the layout must fit this, in both languages (tests/ui checks it)


def available() -> QRect:
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen else QRect(0, 0, DEFAULT_W, DEFAULT_H)


def fit(area: QRect, saved: Any) -> tuple[QRect, bool]:
    """Where the window goes on a screen whose available geometry is `area`: the saved place
    if it is still wholly on this screen, else a default that fits, centred. The bool says
    whether to open maximised (a screen smaller than the default, and no saved place)."""
    rect = saved if isinstance(saved, QRect) else QRect()
    if rect.isValid() and area.contains(rect):
        return QRect(rect), False
    width = min(DEFAULT_W, area.width())
    height = min(DEFAULT_H, area.height() - FRAME_ALLOWANCE)
    left = area.x() + (area.width() - width) // 2
    top = area.y() + max(0, (area.height() - FRAME_ALLOWANCE - height) // 2)
    small = area.width() < DEFAULT_W or area.height() < DEFAULT_H + FRAME_ALLOWANCE
    return QRect(left, top, width, height), small and not rect.isValid()


def place(window: QMainWindow) -> None:
    """Before the first show."""
    settings = QSettings()
    rect, maximize = fit(available(), settings.value("window/geometry"))
    window.setGeometry(rect)
    if maximize or settings.value("window/maximized", "false") == "true":
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def remember(window: QMainWindow) -> None:
    settings = QSettings()
    settings.setValue("window/geometry", window.normalGeometry())
    settings.setValue("window/maximized", "true" if window.isMaximized() else "false")


# -- the layout probe ------------------------------------------------------------------------
def layout_problems(top: QWidget, screen: QRect) -> list[dict[str, Any]]:
    """Visible widgets of one window that lie outside the screen, or outside their window (cut
    off). Children of a scroll area's viewport may scroll out of sight; they are skipped."""
    problems = []
    window_rect = QRect(top.mapToGlobal(top.rect().topLeft()), top.size())
    if not screen.contains(window_rect):
        problems.append({"widget": _name(top), "rect": _tuple(window_rect), "where": "screen"})
    stack = [top]
    while stack:
        widget = stack.pop()
        problems += cut_text(widget)
        if isinstance(widget, QAbstractScrollArea):
            continue  # its contents scroll; the area itself was checked
        for child in widget.findChildren(QWidget, options=_direct()):
            if not child.isVisible() or child.isWindow():
                continue
            rect = QRect(child.mapToGlobal(child.rect().topLeft()), child.size())
            if child.width() > 0 and child.height() > 0 and not window_rect.contains(rect):
                problems.append({"widget": _name(child), "rect": _tuple(rect), "where": "window"})
            stack.append(child)
    return problems


def cut_text(widget: QWidget) -> list[dict[str, Any]]:
    """Text a leader cannot read whole: a search hint, a column header, a one-line label."""
    if not widget.isVisible():
        return []
    metrics = widget.fontMetrics()
    found = []

    def cut(what: str, text: str, room: int) -> None:
        need = metrics.horizontalAdvance(text)
        if text and need > room:
            found.append(
                {"widget": f"{_name(widget)} {what} «{text[:40]}»", "rect": [need, room, 0, 0],
                 "where": "text"}
            )  # fmt: skip

    if isinstance(widget, QLineEdit) and not widget.text() and widget.placeholderText():
        cut("hint", widget.placeholderText(), widget.contentsRect().width() - 12)
    elif isinstance(widget, QLabel) and not widget.wordWrap() and widget.pixmap().isNull():
        text = widget.text()
        if text and "<" not in text and "\n" not in text:
            cut("label", text.replace("&", ""), widget.contentsRect().width() + 1)
    elif isinstance(widget, QTableView) and widget.horizontalHeader().isVisible():
        header = widget.horizontalHeader()
        model = widget.model()
        for section in range(header.count()):
            if header.isSectionHidden(section) or model is None:
                continue
            text = model.headerData(section, Qt.Orientation.Horizontal)
            if isinstance(text, str):
                metrics = header.fontMetrics()
                cut("header", text, header.sectionSize(section) - 6)
    return found


def _direct() -> Any:
    return Qt.FindChildOption.FindDirectChildrenOnly


def _name(widget: QWidget) -> str:
    text = ""
    for attr in ("text", "windowTitle", "placeholderText"):
        getter = getattr(widget, attr, None)
        if callable(getter):
            try:
                text = getter() or ""
            except TypeError:
                continue
            if text:
                break
    return f"{type(widget).__name__}({widget.objectName()}){':' + text[:40] if text else ''}"


def _tuple(rect: QRect) -> list[int]:
    return [rect.x(), rect.y(), rect.width(), rect.height()]


def start_probe() -> QTimer | None:
    """With LEADER_DESK_LAYOUT_REPORT=FILE set, write the visible windows and their layout
    problems to FILE (JSON) twice a second, for tools/walkthrough.py."""
    target = os.environ.get("LEADER_DESK_LAYOUT_REPORT")
    if not target:
        return None
    timer = QTimer(QApplication.instance())

    def write() -> None:
        screen = QGuiApplication.primaryScreen().geometry()
        windows = []
        for top in QApplication.topLevelWidgets():
            if top.isVisible() and top.width() > 1:
                windows.append(
                    {
                        "title": top.windowTitle(),
                        "class": type(top).__name__,
                        "rect": _tuple(QRect(top.mapToGlobal(top.rect().topLeft()), top.size())),
                        "active": top.isActiveWindow(),
                        "window_id": int(top.winId()),
                        "problems": layout_problems(top, screen),
                    }
                )
        tmp = Path(target + ".tmp")
        tmp.write_text(json.dumps({"screen": _tuple(screen), "windows": windows}), "utf-8")
        tmp.replace(target)

    timer.timeout.connect(write)
    timer.start(500)
    return timer
