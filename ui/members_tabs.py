"""The Members page's two tabs: the member list and 会员洞察 (the member pool)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from storage.db import Store
from storage.tx import Changes
from ui.insights_page import InsightsPage
from ui.members_page import MembersPage
from ui.worker import DbWorker


class _LazyInsights(QWidget):
    """Holds the insights page, built the first time its tab is shown: start-up pays neither
    for its widgets nor for its queries."""

    def __init__(self, worker: DbWorker, reader: Store, members: MembersPage) -> None:
        super().__init__()
        self.worker, self.reader, self.members = worker, reader, members
        self.page: InsightsPage | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The cards, figures and charts need about 940×700: in a scroll area they never push
        # the window past a 1024×640 minimum or off a 1280×720 screen.
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroll)

    def build(self) -> InsightsPage:
        if self.page is None:
            self.page = InsightsPage(self.worker, self.reader)
            self.page.status_message.connect(self.members.status_message)
            self.scroll.setWidget(self.page)
            if self.isVisible():
                self.page.show()  # now, not on the next turn of the event loop
        return self.page

    def showEvent(self, event: Any) -> None:
        self.build()
        super().showEvent(event)


class MembersTabs(QTabWidget):
    """Hosts the list page as it was (the window still talks to it directly) and the insights
    page."""

    def __init__(
        self, members: MembersPage, worker: DbWorker, reader: Store, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.members = members
        self._insights = _LazyInsights(worker, reader, members)
        self.addTab(members, self.tr("Member list"))
        self.addTab(self._insights, self.tr("Member insights"))

    @property
    def insights(self) -> InsightsPage:
        return self._insights.build()

    def show_insights(self) -> None:
        self.setCurrentWidget(self._insights)

    def on_changes(self, changes: Changes) -> None:
        self.members.on_changes(changes)
        if self._insights.page is not None:
            self._insights.page.on_changes(changes)

    def refresh(self) -> None:
        self.members.refresh()
        page = self._insights.page
        if page is not None:
            page.dirty = True
            if page.isVisible():
                page.refresh()

    def focus_search(self) -> None:
        self.setCurrentWidget(self.members)
        self.members.focus_search()
