"""The Qt message handler of tests/ui/conftest.py: a Qt warning fails the UI test."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow


def test_an_ambiguous_shortcut_is_caught(qtbot, qt_warnings) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    fired = []
    for name in ("a", "b"):
        action = QAction(name, window)
        action.setShortcut("Ctrl+N")
        action.triggered.connect(lambda _checked=False, name=name: fired.append(name))
        window.addAction(action)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert fired == []  # two actions on one shortcut: neither runs
    assert "Ambiguous shortcut overload" in qt_warnings.expect("Ambiguous shortcut")
    assert qt_warnings.messages == []


def test_a_warning_fails_the_test(qt_warnings) -> None:
    """The same handler the fixture installs: a warning is recorded and `check` fails."""
    import pytest
    from PySide6.QtCore import qInstallMessageHandler, qWarning

    from tests.ui.conftest import QtWarnings

    collector = QtWarnings()
    previous = qInstallMessageHandler(collector.handler)
    try:
        qWarning("QObject::connect: No such signal")
    finally:
        qInstallMessageHandler(previous)
    assert collector.messages == ["QtWarningMsg: QObject::connect: No such signal"]
    with pytest.raises(pytest.fail.Exception, match="No such signal"):
        collector.check("the test")
    assert collector.messages == []
