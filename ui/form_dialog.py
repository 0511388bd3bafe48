"""A form dialog whose Save runs on the writer thread and reports refusals in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
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
        self._initial: list[Any] | None = None
        self.discard_box: QMessageBox | None = None
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

    # -- Escape or Cancel on a filled-in form asks first ------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._initial is None:
            self._initial = self.snapshot()

    def snapshot(self) -> list[Any]:
        """What the leader has entered, to tell a touched form from an untouched one."""
        values: list[Any] = []
        for w in self.findChildren(QWidget):
            if isinstance(w, QLineEdit) and not w.isReadOnly():
                values.append(w.text())
            elif isinstance(w, QPlainTextEdit):
                values.append(w.toPlainText())
            elif isinstance(w, QAbstractButton) and w.isCheckable():
                values.append(w.isChecked())
            elif isinstance(w, QAbstractSpinBox):
                values.append(w.text())
            elif isinstance(w, QComboBox):
                values.append(w.currentIndex())
            elif isinstance(w, QTableWidget):
                values.append(
                    [
                        w.item(r, c).text() if w.item(r, c) else ""
                        for r in range(w.rowCount())
                        for c in range(w.columnCount())
                    ]
                )
        return values

    def is_dirty(self) -> bool:
        return self._initial is not None and self.snapshot() != self._initial

    def reject(self) -> None:
        if not self.is_dirty() or self.result_value is not None:
            super().reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.windowTitle(),
            self.tr("Throw away what you entered?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("Throw away"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Keep editing"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(
            lambda _r: (
                QDialog.reject(self)
                if box.clickedButton() is box.button(QMessageBox.StandardButton.Discard)
                else None
            )
        )
        self.discard_box = box
        box.open()

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
