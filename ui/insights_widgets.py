"""Pieces of the member insights page: segment cards, a small rows model, the segment list
with its export and copy buttons, and plain tables for communities, referrals and tiers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from leader_app.insights_export import write_segment
from ui import file_dialogs
from ui.errors import show_error
from ui.formatting import address, local_time, money
from ui.table_model import ALIGN_RIGHT, Column, RowsModel
from ui.worker import DbWorker

Index = QModelIndex | QPersistentModelIndex


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def trend_text(trend: float | None, sales_fen: int) -> str:
    if trend is None:
        return "—" if not sales_fen else "↑"
    arrow = "↑" if trend > 0 else "↓" if trend < 0 else "→"
    return f"{arrow} {abs(trend) * 100:.0f}%"


def rows_table(model: RowsModel, stretch: int = 0) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    # Fixed widths: sizing columns to their contents reads every row of a long segment.
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultSectionSize(96)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class SegmentCard(QFrame):
    """One segment: its name, count, shares and definition; a click opens its list."""

    clicked = Signal(str)

    def __init__(self, segment: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.segment = segment
        self.setObjectName("card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.count = QLabel()
        self.count.setObjectName("segmentCount")
        self.count.setStyleSheet("font-size: 20pt; font-weight: 700;")
        self.shares = QLabel()
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.definition.setObjectName("countLabel")
        for widget in (self.title, self.count, self.shares, self.definition):
            # Labels may wrap or clip: six cards must fit beside each other on a 1280 screen.
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            layout.addWidget(widget)
        self.definition.setMinimumHeight(self.definition.fontMetrics().lineSpacing() * 3 + 4)
        layout.addStretch(1)

    def set_selected(self, selected: bool) -> None:
        self.setStyleSheet("QFrame#card { border: 2px solid #1f5fbf; }" if selected else "")

    def mouseReleaseEvent(self, event: Any) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.segment)
        super().mouseReleaseEvent(event)


class SegmentList(QWidget):
    """The members of one segment, with export to xlsx and copy for WeChat."""

    message = Signal(str)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.segment = ""
        self.title_text = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("cardTitle")
        bar.addWidget(self.heading)
        bar.addStretch(1)
        self.export_button = self._button(bar, self.tr("Export to Excel…"), self.ask_export)
        self.copy_mobiles_button = self._button(bar, self.tr("Copy mobiles"), self.copy_mobiles)
        self.copy_names_button = self._button(bar, self.tr("Copy names"), self.copy_names)
        layout.addLayout(bar)
        self.model = RowsModel(
            [
                Column("", self.tr("No."), lambda r: str(r["member_no"]), ALIGN_RIGHT),
                Column("", self.tr("Name"), lambda r: r["name"]),
                Column("", self.tr("Nickname"), lambda r: r["nickname"]),
                Column("", self.tr("Mobile"), lambda r: r["mobile"] or ""),
                Column("", self.tr("Address"), address),
                Column("", self.tr("Last order"), lambda r: local_time(r["last_at"])[:10]),
                Column("", self.tr("Orders"), lambda r: str(r["orders"]), ALIGN_RIGHT),
                Column("", self.tr("Sales"), lambda r: money(r["sales_fen"]), ALIGN_RIGHT),
            ],
            self,
        )
        self.table = rows_table(self.model, stretch=4)
        for column, width in enumerate((60, 90, 130, 110, 0, 100, 70, 100)):
            if width:
                self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)

    @staticmethod
    def _button(bar: QHBoxLayout, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        bar.addWidget(button)
        return button

    def show_segment(self, segment: str, title: str, rows: list[dict[str, Any]]) -> None:
        self.segment, self.title_text = segment, title
        self.heading.setText(self.tr("%1 · %Ln member(s)", "", len(rows)).replace("%1", title))
        self.model.set_rows(rows)

    def mobiles_text(self) -> str:
        return "\n".join(r["mobile"] for r in self.model.rows if r["mobile"])

    def names_text(self) -> str:
        """Ready to paste into the WeChat group: @nickname (or name) for each member."""
        return " ".join(f"@{r['nickname'] or r['name']}" for r in self.model.rows)

    def copy_mobiles(self) -> None:
        QGuiApplication.clipboard().setText(self.mobiles_text())
        self.message.emit(self.tr("Copied %Ln mobile(s)", "", len(self.model.rows)))

    def copy_names(self) -> None:
        QGuiApplication.clipboard().setText(self.names_text())
        self.message.emit(self.tr("Copied %Ln name(s)", "", len(self.model.rows)))

    def ask_export(self) -> None:
        default = Path.home() / f"{self.title_text or self.segment}.xlsx"
        path = file_dialogs.save_file(self, self.tr("Export"), str(default), "*.xlsx")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        rows, segment = list(self.model.rows), self.segment
        self.worker.op(lambda _app: write_segment(path, segment, rows)).success(
            lambda p: self.message.emit(self.tr("Exported to %1").replace("%1", str(p)))
        ).failure(lambda e: show_error(self, e)).run_in_background()


def simple_table(
    columns: list[Column], stretch: int = 0, widths: tuple[int, ...] = ()
) -> tuple[QTableView, RowsModel]:
    model = RowsModel(columns)
    table = rows_table(model, stretch)
    model.setParent(table)
    for column, width in enumerate(widths):
        if width and column != stretch:
            table.setColumnWidth(column, width)
    return table, model
