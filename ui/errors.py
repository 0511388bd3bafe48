"""One way to show errors: refusals as a translated message, the unexpected as a dialog with
copyable details that also goes to the log. The user never sees a raw traceback in a console."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from leader_app.errors import LeaderError
from ui.i18n import error_text

log = logging.getLogger("leader_desk.ui")


class ErrorDialog(QDialog):
    def __init__(self, details: str, parent: QWidget | None = None, intro: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Something went wrong"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        label = QLabel(
            intro
            or self.tr(
                "Leader Desk hit an unexpected problem. Your saved data is safe: the last action was "
                "rolled back. Please copy the details below and send them to support."
            )
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("Copy details"))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def format_exception(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def show_start_error(exc: BaseException) -> None:
    """An unexpected error before the desk's window is up: nothing was being saved."""
    log.error("the desk could not start\n%s", format_exception(exc))
    intro = QApplication.translate(
        "ErrorDialog",
        "Leader Desk could not start because of an unexpected problem. Nothing in your data "
        "was changed. Please copy the details below and send them to support.",
    )
    ErrorDialog(format_exception(exc), None, intro).exec()


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, LeaderError):
        QMessageBox.warning(parent, QApplication.translate("errors", "Not saved"), error_text(exc))
        return
    log.error("unexpected error\n%s", format_exception(exc))
    ErrorDialog(format_exception(exc), parent).exec()


class _Relay(QObject):
    """Carries exceptions from any thread to the GUI thread."""

    raised = Signal(object)


_relay: _Relay | None = None


def install_excepthook() -> None:
    """Uncaught exceptions anywhere (Qt slots and worker threads included) reach one handler:
    logged, shown with copyable details, and the app keeps running."""
    global _relay
    _relay = _Relay()
    _relay.raised.connect(
        lambda exc: show_error(QApplication.activeWindow(), exc), Qt.ConnectionType.QueuedConnection
    )

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        log.error("uncaught exception\n%s", format_exception(exc))
        if _relay is not None:
            _relay.raised.emit(exc)

    sys.excepthook = hook
    threading.excepthook = lambda args: hook(args.exc_type, args.exc_value, args.exc_traceback)
