"""Small widget builders shared by pages and dialogs."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)


def read_only_table(headers: list[str], stretch: int | None = 0, rows: int = 0) -> QTableWidget:
    """A small QTableWidget for a few dozen rows (big lists use SqlTableModel): read-only, no
    row numbers, one stretching column."""
    table = QTableWidget(rows, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    if stretch is not None:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class EmptyState(QWidget):
    """Shown instead of an empty list: what is missing, and the buttons that add it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.text = QLabel()
        self.text.setObjectName("placeholderText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.text)
        self.row = QHBoxLayout()
        layout.addLayout(self.row)
        layout.addStretch(2)
        self.buttons: list[QPushButton] = []

    def set_content(self, text: str, buttons: Sequence[tuple[str, Callable[[], None]]]) -> None:
        self.text.setText(text)
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        while self.row.count():
            self.row.takeAt(0)
        self.row.addStretch(1)
        for i, (label, slot) in enumerate(buttons):
            button = QPushButton(label)
            if i == 0:
                button.setObjectName("primary")
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            self.row.addWidget(button)
            self.buttons.append(button)
        self.row.addStretch(1)

    def has_content(self) -> bool:
        return bool(self.text.text())
