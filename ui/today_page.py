"""Today: the campaigns that need the leader now, with a countdown to each deadline, orders,
sales and pickup progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from leader_app.campaigns import deadline_left_seconds
from storage import campaigns_sql, listing
from storage.db import Store
from storage.tx import Changes
from ui.formatting import campaign_color, local_time, money, pickup_progress
from ui.i18n import campaign_state
from ui.widgets import EmptyState


class TodayPage(QWidget):
    TABLES = ("campaigns", "orders", "members")

    def __init__(self, reader: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.empty_actions: tuple[tuple[str, Callable[[], None]], ...] = ()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 8)
        heading = QLabel(self.tr("Today"))
        heading.setObjectName("pageHeading")
        outer.addWidget(heading)
        self.facts = QHBoxLayout()
        outer.addLayout(self.facts)
        self.fact_labels = [QLabel() for _ in range(3)]
        for label in self.fact_labels:
            label.setObjectName("fact")
            self.facts.addWidget(label)
        self.facts.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.cards_host = QWidget()
        self.cards = QGridLayout(self.cards_host)
        self.cards.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.cards.setSpacing(12)
        scroll.setWidget(self.cards_host)
        outer.addWidget(scroll, 1)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(60_000)  # the countdowns move on
        self.refresh()

    def set_empty_actions(self, *actions: tuple[str, Callable[[], None]]) -> None:
        self.empty_actions = actions
        self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*self.TABLES):
            self.refresh()

    def refresh(self) -> None:
        while self.cards.count():
            widget = self.cards.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        rows = campaigns_sql.dashboard(self.reader.conn)
        members = listing.count(self.reader.conn, listing.MEMBERS)
        open_count = sum(1 for r in rows if r["status"] == "open")
        to_pick = sum(r["active"] - r["picked_up"] for r in rows if r["status"] == "arrived")
        texts = (
            self.tr("%Ln member(s)", "", members),
            self.tr("%Ln campaign(s) taking orders", "", open_count),
            self.tr("%Ln order(s) waiting for pickup", "", to_pick),
        )
        for label, text in zip(self.fact_labels, texts, strict=True):
            label.setText(text)
        if not rows:
            empty = EmptyState()
            empty.set_content(
                self.tr(
                    "No campaign is open. Create one on the Campaigns page "
                    "(Ctrl+4), or copy last week's."
                ),
                self.empty_actions,
            )
            self.cards.addWidget(empty, 0, 0, 1, 2)
        for i, row in enumerate(rows):
            self.cards.addWidget(self._card(row), i // 2, i % 2)

    def _card(self, r: dict[str, Any]) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        layout = QVBoxLayout(card)
        title = QLabel(r["title"])
        title.setObjectName("cardTitle")
        layout.addWidget(title)
        status = QLabel(campaign_state(r))
        status.setStyleSheet(f"color: {campaign_color(r)}; font-weight: 600;")
        layout.addWidget(status)
        layout.addWidget(QLabel(self._countdown(r)))
        layout.addWidget(
            QLabel(
                self.tr("%Ln order(s)", "", r["orders"])
                + " · "
                + self.tr("Sales %1").replace("%1", money(r["amount_fen"]))
            )
        )
        progress = QProgressBar()
        progress.setRange(0, max(r["active"], 1))
        progress.setValue(r["picked_up"])
        progress.setFormat(pickup_progress(r["picked_up"], r["active"]))
        layout.addWidget(progress)
        return card

    def _countdown(self, r: dict[str, Any]) -> str:
        left = deadline_left_seconds(r["deadline_at"])
        if left is None:
            return self.tr("No deadline set")
        if left <= 0 or r["status"] != "open":
            # Still open once the deadline has passed: it takes a late order until closed.
            text = (
                self.tr("Deadline passed %1 · pickup %2")
                if r["status"] == "open"
                else self.tr("Orders closed %1 · pickup %2")
            )
            return text.replace("%1", local_time(r["deadline_at"])).replace(
                "%2", r["pickup_on"] or "—"
            )
        days, rest = divmod(left, 86_400)
        hours, rest = divmod(rest, 3_600)
        minutes = rest // 60
        if days:
            text = self.tr("%1 d %2 h left").replace("%1", str(days)).replace("%2", str(hours))
        else:
            text = self.tr("%1 h %2 min left").replace("%1", str(hours)).replace("%2", str(minutes))
        return (
            self.tr("Deadline %1 · %2")
            .replace("%1", local_time(r["deadline_at"]))
            .replace("%2", text)
        )
