"""Pieces of the pickup desk: the scan field, refusal texts, and the pickup-day dialogs
(arrival check, refunds, WeChat notices) opened from its top bar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLineEdit

from leader_app.pickup import REASONS, Check
from ui.i18n import campaign_status


def reason_text(check: Check) -> str:
    if not check.reason:
        return ""
    args = dict(check.args)
    if "status" in args:
        args["status"] = campaign_status(args["status"])
    return QCoreApplication.translate("pickup", REASONS[check.reason]).format(**args)


class ScanField(QLineEdit):
    """Large, IME-free, and it takes the focus back whenever the page is shown."""

    def __init__(self) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhLatinOnly
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhPreferUppercase
        )
        font = self.font()
        font.setPointSize(20)
        self.setFont(font)
        self.setMinimumHeight(52)
        self.setObjectName("scanField")


def ordered_text(line: dict[str, Any]) -> str:
    """A line cut at the arrival check says so: "1 (ordered 2)"."""
    before = line.get("ordered_qty")
    if before and before != line["quantity"]:
        return (
            QCoreApplication.translate("PickupPage", "%1 (ordered %2)")
            .replace("%1", str(line["quantity"]))
            .replace("%2", str(before))
        )
    return str(line["quantity"])


class PickupDayActions:
    """Opens the dialogs non-modally (`open()`), kept in `self.dialog` for tests and reuse."""

    def open_arrival(self) -> None:
        from ui.arrival_dialog import ArrivalDialog

        self.dialog = ArrivalDialog(self.worker, self)
        dialog = self.dialog
        # After the check the desk, its refund list and its notices are about that campaign
        # (a trial leader saw "应退 ¥0.00": the desk still showed the previous campaign).
        dialog.accepted.connect(lambda: self.show_campaign(dialog.campaign.currentData()))
        dialog.open()

    def open_refunds(self) -> None:
        from ui.refunds_dialog import RefundsDialog

        if self.campaign.currentData():
            self.dialog = RefundsDialog(self.worker, self.campaign.currentData(), self)
            self.dialog.open()

    def open_notices(self) -> None:
        from ui.refunds_dialog import NoticeDialog

        if self.campaign.currentData():
            self.dialog = NoticeDialog(self.worker, self.campaign.currentData(), self)
            self.dialog.open()
