"""Members: search by name, nickname, pinyin initials, mobile or address; add, edit, merge."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QMessageBox, QWidget

from storage import listing, members_sql
from storage.db import Store
from ui.errors import show_error
from ui.formatting import address, local_time, tags
from ui.member_dialog import MemberDialog
from ui.table_model import ALIGN_CENTER, ALIGN_RIGHT, Column
from ui.table_page import TablePage
from ui.worker import DbWorker


class MembersPage(TablePage):
    TABLES = ("members", "orders")

    def __init__(self, worker: DbWorker, reader: Store, parent: QWidget | None = None) -> None:
        columns = [
            Column("member_no", self.tr("No."), lambda r: str(r["member_no"]), ALIGN_RIGHT),
            Column("name", self.tr("Name"), lambda r: r["name"]),
            Column("nickname", self.tr("Nickname"), lambda r: r["nickname"]),
            Column("mobile", self.tr("Mobile"), lambda r: r["mobile"]),
            Column("address", self.tr("Address"), address),
            Column("", self.tr("Tags"), tags),
            Column("tier", self.tr("Tier"), lambda r: r["tier"]),
            Column("", self.tr("Referred by"), lambda r: r["referrer_name"] or ""),
            Column("", self.tr("Referrals"), lambda r: str(r["referrals"] or ""), ALIGN_CENTER),
            Column("created_at", self.tr("Joined"), lambda r: local_time(r["created_at"])[:10]),
        ]
        super().__init__(worker, reader, listing.MEMBERS, columns, parent)
        self.heading.setText(self.tr("Members"))
        self.search.setPlaceholderText(self.tr("Name, nickname, initials (zs), mobile or 3-2-501"))
        self.tag_filter = QComboBox()
        self.tag_filter.setMinimumWidth(110)
        self.tag_filter.currentIndexChanged.connect(
            lambda _i: self.model.set_filter("tag", self.tag_filter.currentData())
        )
        self.toolbar.addWidget(self.tag_filter)
        self.toolbar.addStretch(1)
        self.add_button(self.tr("New member"), self.new_member, "Ctrl+M", primary=True)
        self.add_button(self.tr("Edit"), self.activate)
        self.add_button(self.tr("Merge two"), self.merge_selected)
        self.add_button(self.tr("Delete"), self.delete_selected, "Del")
        self.set_widths(60, 90, 130, 120, 110, 150, 70, 90, 70, 100, stretch=5)
        self.refresh()

    def refresh(self) -> None:
        current = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(self.tr("All tags"), None)
        for tag in members_sql.tags_in_use(self.reader.conn):
            self.tag_filter.addItem(tag, tag)
        index = self.tag_filter.findData(current)
        self.tag_filter.setCurrentIndex(max(index, 0))
        self.tag_filter.blockSignals(False)
        super().refresh()

    def count_text(self, total: int) -> str:
        return self.tr("%Ln member(s)", "", total)

    def new_member(self) -> MemberDialog:
        dialog = MemberDialog(self.worker, self.reader, None, self)
        dialog.open()
        return dialog

    def activate(self) -> None:
        row = self.current_row()
        if row is not None:
            member = members_sql.get(self.reader.conn, row["id"])
            MemberDialog(self.worker, self.reader, member, self).open()

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        names = "、".join(r["name"] for r in rows[:5])
        answer = QMessageBox.question(
            self,
            self.tr("Delete members"),
            self.tr("Delete %n member(s): %1?", "", len(rows)).replace("%1", names),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ids = [r["id"] for r in rows]

        def run(app: Any) -> None:
            for member_id in ids:
                app.members.delete(member_id)

        self.worker.op(run).failure(lambda e: show_error(self, e)).run_in_background()

    def merge_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 2:
            QMessageBox.information(
                self,
                self.tr("Merge members"),
                self.tr("Select the two records of the same person (Ctrl+click), then Merge."),
            )
            return
        keep, drop = sorted(rows, key=lambda r: r["member_no"])
        text = self.tr(
            "Keep %1 (%2) and merge %3 (%4) into it? Orders, referrals and tags "
            "move to the kept record."
        )
        for i, part in enumerate((keep["name"], keep["mobile"], drop["name"], drop["mobile"]), 1):
            text = text.replace(f"%{i}", part)
        if (
            QMessageBox.question(self, self.tr("Merge members"), text)
            == QMessageBox.StandardButton.Yes
        ):
            self.worker.op(lambda app: app.members.merge(keep["id"], drop["id"])).failure(
                lambda e: show_error(self, e)
            ).run_in_background()
