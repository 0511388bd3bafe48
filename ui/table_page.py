"""A page with a search box, actions and one SQL-backed table. Pages subclass it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage.listing import Listing
from storage.tx import Changes
from ui.table_model import Column, SqlTableModel
from ui.widgets import EmptyState
from ui.worker import DbWorker


class SearchField(QLineEdit):
    """A search box wide enough for its whole hint (up to 420 px): a cut-off hint hides the
    very thing it explains, such as `3-2-501` at the end of the members' hint."""

    def setPlaceholderText(self, text: str) -> None:
        super().setPlaceholderText(text)
        self.setToolTip(text)
        self.setMinimumWidth(min(self.fontMetrics().horizontalAdvance(text) + 48, 420))


class TablePage(QWidget):
    status_message = Signal(str)
    TABLES: tuple[str, ...] = ()  # tables whose changes make this page reload

    def __init__(
        self,
        worker: DbWorker,
        reader: Any,
        spec: Listing,
        columns: list[Column],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.reader = reader
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        # Two rows so that the page fits 1024 px in either language: the heading with the
        # search and the filters (pages add theirs to `toolbar`), then the action buttons.
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.heading)
        self.toolbar.addSpacing(12)
        self.search = SearchField()
        self.search.setClearButtonEnabled(True)
        self.toolbar.addWidget(self.search)
        layout.addLayout(self.toolbar)
        self.actions_row = QHBoxLayout()
        self.actions_row.addStretch(1)
        layout.addLayout(self.actions_row)
        self.model = SqlTableModel(reader, spec, columns, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        # Indicator first: enabling sorting sorts by whatever the indicator says.
        self.table.horizontalHeader().setSortIndicator(
            self.model.sortable_section(),
            Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder,
        )
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.activate())
        self.body = QStackedWidget()
        self.body.addWidget(self.table)
        self.empty = EmptyState()
        self.body.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        layout.addWidget(self.count_label)
        # The row count costs up to ~30 ms on a broad search over 100,000 orders; it follows
        # once typing pauses so that each keystroke only pays for one page of rows.
        self.count_timer = QTimer(self)
        self.count_timer.setSingleShot(True)
        self.count_timer.setInterval(150)
        self.count_timer.timeout.connect(self.update_count)
        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self._search_done)

    # -- for subclasses -------------------------------------------------------------------------
    def add_button(
        self,
        text: str,
        slot: Callable[[], None],
        shortcut: str | None = None,
        primary: bool = False,
    ) -> QPushButton:
        button = QPushButton(text)
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
            button.setToolTip(
                QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            )
        if primary:
            button.setObjectName("primary")
        button.clicked.connect(lambda _checked=False: slot())
        self.actions_row.insertWidget(self.actions_row.count() - 1, button)
        return button

    def set_empty_state(self, text: str, *buttons: tuple[str, Callable[[], None]]) -> None:
        """What an empty page says instead of an empty table, with the buttons that fill it."""
        self.empty.set_content(text, buttons)

    def set_widths(self, *widths: int, stretch: int | None = None) -> None:
        for section, width in enumerate(widths):
            self.table.setColumnWidth(section, width)
        if stretch is not None:
            header = self.table.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def activate(self) -> None:
        """Enter or double-click on a row; pages override."""

    def count_text(self, total: int) -> str:
        return self.tr("%Ln row(s)", "", total)

    # -- shared behaviour -------------------------------------------------------------------
    def selected_rows(self) -> list[dict[str, Any]]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row(r) for r in rows]

    def current_row(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def refresh(self) -> None:
        """Reload, keeping the selected rows selected (an action must not lose the leader's
        place)."""
        chosen = [r.get("id") for r in self.selected_rows()]
        current = self.current_row()
        self.model.reload()
        self.update_count()
        if chosen or current:
            self.select_ids(chosen, current.get("id") if current else None)

    def select_ids(self, ids: list[Any], current: Any = None) -> None:
        wanted = set(ids)
        selection = self.table.selectionModel()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for r, row in enumerate(self.model.rows):
            if row.get("id") == current:
                selection.setCurrentIndex(self.model.index(r, 0), selection.SelectionFlag.NoUpdate)
            if row.get("id") in wanted:
                selection.select(self.model.index(r, 0), flags)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*self.TABLES):
            self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.activate()
            return
        super().keyPressEvent(event)

    def _search_done(self) -> None:
        """Enter in the search box goes to the results, on the first row. Later, not now: the
        same Enter travels on to this page, and with the table focused it would open the
        row's editor."""

        def to_table() -> None:
            self.table.setFocus()
            if not self.table.currentIndex().isValid() and self.model.rowCount():
                self.table.selectRow(0)

        QTimer.singleShot(0, to_table)

    def _on_search(self, text: str) -> None:
        self.model.set_text(text)
        self.count_timer.start()

    def update_count(self) -> None:
        total = self.model.total()
        self.count_label.setText(self.count_text(total))
        blank = total == 0 and not self.search.text() and not any(self.model.filters.values())
        self.body.setCurrentWidget(self.empty if blank and self.empty.has_content() else self.table)
