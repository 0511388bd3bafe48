"""The member pool's charts (QtCharts): weekly sales and orders, active members per week and
segment sizes. They take the application's font (a CJK one, so Chinese labels render) and its
palette (light or dark), and each can be saved as a PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import file_dialogs

SALES = QColor("#1f5fbf")
ORDERS = QColor("#f2994a")
ACTIVE = QColor("#2e7d32")
SEGMENT_COLORS = ("#7e57c2", "#2e7d32", "#1f5fbf", "#ef6c00", "#78909c", "#bdbdbd")


def is_dark() -> bool:
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def _themed(chart: QChart) -> QChart:
    """Light or dark with the desk, on the palette's base colour, in the desk's font."""
    chart.setTheme(
        QChart.ChartTheme.ChartThemeDark if is_dark() else QChart.ChartTheme.ChartThemeLight
    )
    palette = QApplication.palette()
    chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    font = QFont(QApplication.font())
    font.setPointSize(9)
    chart.legend().setFont(font)
    chart.legend().setLabelColor(palette.color(QPalette.ColorRole.Text))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _axis_font(axis: Any) -> None:
    font = QFont(QApplication.font())
    font.setPointSize(8)
    axis.setLabelsFont(font)
    axis.setTitleFont(font)
    axis.setLabelsColor(QApplication.palette().color(QPalette.ColorRole.Text))
    axis.setTitleBrush(QApplication.palette().color(QPalette.ColorRole.Text))


def _value_axis(top: float, title: str, fmt: str = "%d") -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, max(top, 1) * 1.1)
    axis.setLabelFormat(fmt)
    axis.setTitleText(title)
    axis.applyNiceNumbers()
    _axis_font(axis)
    return axis


def _categories(labels: list[str], angle: int = 0) -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(labels)
    _axis_font(axis)
    axis.setLabelsAngle(angle)  # twelve weeks fit a narrow chart only on a slant
    return axis


def _week_axis(labels: list[str]) -> QCategoryAxis:
    """Week labels under a line's points (a bar-category axis truncates them there)."""
    axis = QCategoryAxis()
    axis.setRange(-0.5, len(labels) - 0.5)
    last = len(labels) - 1
    for i, label in enumerate(labels):
        if (last - i) % 2 == 0:  # every other week, the latest always: level, never clipped
            axis.append(label, i)
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    _axis_font(axis)
    return axis


def week_label(week: str) -> str:
    return f"{int(week[5:7])}/{int(week[8:10])}"  # "2026-11-28" → "11/28"


def weekly_sales_chart(weeks: list[dict[str, Any]], sales: str, orders: str) -> QChart:
    chart = _themed(QChart())
    bars = QBarSet(sales)
    bars.setColor(SALES)
    yuan = [w["sales_fen"] / 100 for w in weeks]  # display only: the figures stay in fen
    bars.append(yuan)
    series = QBarSeries()
    series.append(bars)
    line = QLineSeries()
    line.setName(orders)
    line.setPen(QPen(ORDERS, 2.5))
    line.setPointsVisible(True)
    for i, w in enumerate(weeks):
        line.append(i, w["orders"])
    chart.addSeries(series)
    chart.addSeries(line)
    x = _categories([week_label(w["week"]) for w in weeks], -90)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    left = _value_axis(max(yuan, default=0), "¥")
    right = _value_axis(max((w["orders"] for w in weeks), default=0), orders)
    chart.addAxis(left, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(right, Qt.AlignmentFlag.AlignRight)
    series.attachAxis(x)
    series.attachAxis(left)
    line.attachAxis(x)
    line.attachAxis(right)
    return chart


def active_members_chart(weeks: list[dict[str, Any]], active: str) -> QChart:
    chart = _themed(QChart())
    line = QLineSeries()
    line.setName(active)
    line.setPen(QPen(ACTIVE, 2.5))
    line.setPointsVisible(True)
    line.setPointLabelsVisible(True)
    line.setPointLabelsFormat("@yPoint")
    line.setPointLabelsColor(QApplication.palette().color(QPalette.ColorRole.Text))
    for i, w in enumerate(weeks):
        line.append(i, w["active_members"])
    chart.addSeries(line)
    x = _week_axis([week_label(w["week"]) for w in weeks])
    y = _value_axis(max((w["active_members"] for w in weeks), default=0), "")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    line.attachAxis(x)
    line.attachAxis(y)
    chart.legend().setVisible(False)
    return chart


def segment_chart(sizes: list[tuple[str, int]], members: str) -> QChart:
    """Horizontal bars, the first segment on top."""
    chart = _themed(QChart())
    series = QHorizontalBarSeries()
    bars = QBarSet(members)
    bars.setColor(QColor(SEGMENT_COLORS[2]))
    bars.append([count for _label, count in reversed(sizes)])
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    bars.setLabelColor(QApplication.palette().color(QPalette.ColorRole.Text))
    chart.addSeries(series)
    y = _categories([label for label, _count in reversed(sizes)])
    x = _value_axis(max((c for _l, c in sizes), default=0), "")
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(y)
    series.attachAxis(x)
    chart.legend().setVisible(False)
    return chart


class ChartBox(QFrame):
    """A titled chart with a Save as PNG button."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.name = name  # the suggested file name
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        top = QHBoxLayout()
        heading = QLabel(title)
        heading.setObjectName("cardTitle")
        heading.setWordWrap(True)  # a long English title must not widen the window
        top.addWidget(heading, 1)
        self.save_button = QPushButton(self.tr("Save as PNG…"))
        self.save_button.clicked.connect(self.ask_and_save)
        top.addWidget(self.save_button)
        layout.addLayout(top)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(230)
        layout.addWidget(self.view, 1)

    def set_chart(self, chart: QChart) -> None:
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None:
            old.deleteLater()

    def save_png(self, path: Path) -> Path:
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        scale = 2  # a sharp image for a WeChat post or a printout, whatever the screen
        pixmap = QPixmap(self.view.size() * scale)
        pixmap.fill(QApplication.palette().color(QPalette.ColorRole.Base))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        # The whole view, drawn again at twice the size (not a screenshot scaled up).
        self.view.render(painter, QRectF(pixmap.rect()), self.view.viewport().rect())
        painter.end()
        if not pixmap.save(str(path), "PNG"):
            raise OSError(f"could not write {path}")
        return path

    def ask_and_save(self) -> None:
        path = file_dialogs.save_file(
            self, self.tr("Save chart"), str(Path.home() / f"{self.name}.png"), "PNG (*.png)"
        )
        if path:
            try:
                self.save_png(Path(path))
            except OSError as exc:
                from ui.errors import show_error

                show_error(self, exc)
