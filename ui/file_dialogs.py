"""File dialogs that never open the files they list.

SQLite guards its file with POSIX advisory locks, and on Linux and macOS closing *any* handle
to a file drops every lock the process holds on it. Qt's own file dialog sniffs the content of
each file it lists (its icon provider asks QMimeDatabase, which reads the file's first bytes),
so browsing the data file's folder, or typing a path through it, opened and closed `shop.db`
inside the desk: the desk lost its locks, the next command-line process to finish took itself
for the last user and deleted the WAL, and the desk went on writing into a deleted file (seen
in a new user's trial: changes lost, the file damaged at exit).

These dialogs use an icon provider that decides by name alone. Windows locks are per handle and
are not affected, so Windows keeps its native dialogs.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QSplitter, QWidget

NATIVE = sys.platform == "win32"


class NoSniffIconProvider(QFileIconProvider):
    """Icons and type names from the file name only: never opens a file."""

    def icon(self, what):  # type: ignore[override]
        if isinstance(what, QFileInfo):
            kind = (
                QAbstractFileIconProvider.IconType.Folder
                if what.isDir()
                else QAbstractFileIconProvider.IconType.File
            )
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:  # noqa: A003 (Qt's name)
        if info.isDir():
            return QCoreApplication.translate("FileDialogs", "Folder")
        suffix = info.suffix().upper()
        if not suffix:
            return QCoreApplication.translate("FileDialogs", "File")
        return QCoreApplication.translate("FileDialogs", "%1 file").replace("%1", suffix)


def _dialog(parent: QWidget | None, caption: str, folder: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, caption, folder, filters)
    if not NATIVE:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setIconProvider(NoSniffIconProvider())
        _fit(dialog, parent)
    return dialog


def _fit(dialog: QFileDialog, parent: QWidget | None) -> None:
    """Qt's own dialog opens at 632×412: at 1366×768 its places panel read "Co…" and the
    modified dates were cut off. It takes most of the screen instead (up to 1000×640), with
    room for the places' names."""
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is None:
        return
    room = screen.availableGeometry()
    width = min(1000, max(640, room.width() * 3 // 4), room.width())
    height = min(640, max(420, room.height() * 3 // 4), room.height())
    dialog.resize(width, height)
    splitter = dialog.findChild(QSplitter, "splitter")
    if splitter is not None and splitter.count() == 2:
        side = dialog.fontMetrics().horizontalAdvance("M") * 14
        splitter.setSizes([side, width - side])


def open_file(parent: QWidget | None, caption: str, folder: str = "", filters: str = "") -> str:
    """Like QFileDialog.getOpenFileName; '' when cancelled."""
    dialog = _dialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def save_file(parent: QWidget | None, caption: str, path: str = "", filters: str = "") -> str:
    """Like QFileDialog.getSaveFileName, asking before it overwrites; '' when cancelled."""
    dialog = _dialog(parent, caption, path, filters)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def folder(parent: QWidget | None, caption: str, start: str = "") -> str:
    """Like QFileDialog.getExistingDirectory; '' when cancelled."""
    dialog = _dialog(parent, caption, start, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""
