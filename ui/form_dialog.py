"""A form dialog whose Save runs on the writer thread and reports refusals in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from leader_app.app import LeaderApp
from leader_app.errors import LeaderError
from ui.errors import show_error
from ui.i18n import error_text
from ui.worker import DbWorker


class FormDialog(QDialog):
    def __init__(self, worker: DbWorker, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        outer.addLayout(self.form)
        self.fields: dict[str, QWidget] = {}
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        outer.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    def add_field(self, key: str, label: str, widget: QWidget) -> QWidget:
        self.fields[key] = widget
        self.form.addRow(label, widget)
        return widget

    def save(self) -> None:
        """Subclasses build their op and call submit()."""

    def submit(self, fn: Callable[[LeaderApp], Any]) -> None:
        self.buttons.setEnabled(False)
        self.error_label.hide()
        self.worker.op(fn).success(self._saved).failure(self._failed).run_in_background()

    def show_refusal(self, exc: LeaderError) -> None:
        self.error_label.setText(error_text(exc))
        self.error_label.show()
        widget = self.fields.get(exc.args_map.get("field", ""))
        if widget is not None:
            widget.setFocus()

    def _saved(self, value: Any) -> None:
        self.buttons.setEnabled(True)
        self.result_value = value
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, LeaderError):
            self.show_refusal(exc)
        else:
            show_error(self, exc)
