"""Create or edit a member."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from leader_app.normalize import format_fen_plain
from storage import members_sql
from storage.db import Store
from ui.form_dialog import FormDialog
from ui.worker import DbWorker


class MemberDialog(FormDialog):
    def __init__(
        self,
        worker: DbWorker,
        reader: Store,
        member: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            worker, self.tr("Edit member") if member else self.tr("New member"), parent
        )
        self.member = member
        self.reader = reader
        self.name = self.add_field("name", self.tr("Name *"), QLineEdit())
        self.mobile = self.add_field("mobile", self.tr("Mobile *"), QLineEdit())
        self.mobile.setPlaceholderText(self.tr("e.g. 138 0013 8000 or +86…"))
        self.nickname = self.add_field("nickname", self.tr("WeChat nickname"), QLineEdit())
        address = QWidget()
        row = QHBoxLayout(address)
        row.setContentsMargins(0, 0, 0, 0)
        self.building, self.unit, self.room = QLineEdit(), QLineEdit(), QLineEdit()
        for widget, hint in (
            (self.building, self.tr("Building")),
            (self.unit, self.tr("Unit")),
            (self.room, self.tr("Room")),
        ):
            widget.setPlaceholderText(hint)
            row.addWidget(widget)
        self.fields.update(building=self.building, unit=self.unit, room=self.room)
        self.form.addRow(self.tr("Building / unit / room"), address)
        self.tags = self.add_field("tags", self.tr("Tags"), QLineEdit())
        self.tags.setPlaceholderText(self.tr("Separate with commas, e.g. 宝妈, VIP"))
        self.tier = self.add_field("tier", self.tr("Membership tier"), QComboBox())
        self.tier.setEditable(True)
        self.tier.addItems(["", "银卡", "金卡"])
        self.fee = self.add_field("tier_fee_fen", self.tr("Tier fee (¥)"), QLineEdit())
        self.expires = self.add_field("tier_expires_on", self.tr("Tier expires"), QLineEdit())
        self.expires.setPlaceholderText("2027-06-30")
        self.referrer = self.add_field("referrer_id", self.tr("Referred by (mobile)"), QLineEdit())
        self.notes = self.add_field("notes", self.tr("Notes"), QPlainTextEdit())
        self.notes.setFixedHeight(60)
        if member:
            self._load(member)
            from ui.member_history import MemberHistory

            self.history = MemberHistory(reader, member["id"])
            self.layout().insertWidget(1, self.history, 1)
            self.setMinimumWidth(560)

    def _load(self, m: dict[str, Any]) -> None:
        self.name.setText(m["name"])
        self.mobile.setText(m["mobile"])
        self.nickname.setText(m["nickname"])
        self.building.setText(m["building"])
        self.unit.setText(m["unit"])
        self.room.setText(m["room"])
        self.tags.setText(", ".join(json.loads(m["tags"] or "[]")))
        self.tier.setCurrentText(m["tier"])
        self.fee.setText(format_fen_plain(m["tier_fee_fen"]) if m["tier_fee_fen"] else "")
        self.expires.setText(m["tier_expires_on"] or "")
        referrer = (
            members_sql.get(self.reader.conn, m["referrer_id"]) if m.get("referrer_id") else None
        )
        self.referrer.setText(referrer["mobile"] if referrer else "")
        self.notes.setPlainText(m["notes"])

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "mobile": self.mobile.text(),
            "nickname": self.nickname.text(),
            "building": self.building.text(),
            "unit": self.unit.text(),
            "room": self.room.text(),
            "tags": self.tags.text(),
            "tier": self.tier.currentText(),
            "tier_fee_fen": self.fee.text() or 0,
            "tier_expires_on": self.expires.text(),
        }

    def save(self) -> None:
        data = {**self.values(), "referrer_mobile": self.referrer.text().strip()}
        member_id = self.member["id"] if self.member else None
        if member_id:
            self.submit(lambda app: app.members.update(member_id, data))
        else:
            self.submit(lambda app: app.members.create(data))
