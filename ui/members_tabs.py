"""The Members page's two tabs: the member list and 会员洞察 (the member pool)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from storage.db import Store
from storage.tx import Changes
from ui.insights_page import InsightsPage
from ui.members_page import MembersPage
from ui.worker import DbWorker


class MembersTabs(QTabWidget):
    """Hosts the list page as it was (the window still talks to it directly) and the insights
    page, which computes only when first shown, so start-up pays nothing for it."""

    def __init__(
        self, members: MembersPage, worker: DbWorker, reader: Store, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.members = members
        self.insights = InsightsPage(worker, reader)
        self.insights.status_message.connect(members.status_message)
        self.addTab(members, self.tr("Member list"))
        self.addTab(self.insights, self.tr("Member insights"))

    def on_changes(self, changes: Changes) -> None:
        self.members.on_changes(changes)
        self.insights.on_changes(changes)

    def refresh(self) -> None:
        self.members.refresh()
        self.insights.dirty = True
        if self.insights.isVisible():
            self.insights.refresh()

    def focus_search(self) -> None:
        self.setCurrentWidget(self.members)
        self.members.focus_search()
