"""Ctrl+Z reaches the window's Undo from a text box that has nothing of its own to undo.

A QLineEdit claims Ctrl+Z for its own typing undo (a ShortcutOverride), even when it has
nothing to undo. After saving an order the focus lands in the page's search box, so a trial
leader's Ctrl+Z did nothing while the status bar said "Ctrl+Z takes it back". A box with typing
to undo keeps Ctrl+Z, as in any program.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget


class UndoPassThrough(QObject):
    """An application-wide filter for one window (installed by the main window)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(watched, QLineEdit)
            and event.matches(QKeySequence.StandardKey.Undo)
            and not watched.isUndoAvailable()
            and watched.window() is self.window
        ):
            event.ignore()  # not the box's: the shortcut goes on to the window's Undo action
            return True
        return False
