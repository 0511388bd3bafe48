"""The pickup desk (提货核销): scan or type a code, see what to hand over, confirm with one key.

The scan field keeps the focus and has the input method switched off, so a USB scanner that
"types" a code and Enter is never swallowed by a Chinese IME. Refusals show in red with a beep.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leader_app import pickup_codes
from leader_app.errors import LeaderError
from leader_app.pickup import Check
from storage import catalog_sql, pickup_sql
from storage.db import Store
from storage.tx import Changes
from ui.errors import show_error
from ui.formatting import address, masked, pickup_progress
from ui.i18n import error_text
from ui.pickup_widgets import PickupDayActions, ScanField, ordered_text, reason_text
from ui.widgets import read_only_table
from ui.worker import DbWorker

PRODUCT, SPEC, ORDERED, PICKED, NOW, ORDER = range(6)
UNDO_SECONDS = 60


class PickupPage(PickupDayActions, QWidget):
    TABLES = ("orders", "campaigns", "order_lines")

    def __init__(self, worker: DbWorker, reader: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.reader = reader
        self.current: Check | None = None
        self.last_tx: str | None = None
        self._wanted: str | None = None  # a campaign to select once a refresh lists it
        self.undo_timer = QTimer(self)
        self.undo_timer.setSingleShot(True)
        self.undo_timer.timeout.connect(lambda: self.undo_button.setEnabled(False))
        self._build()
        QShortcut(QKeySequence("F2"), self, self.confirm)
        # Ctrl+Z is the main window's Undo action, which hands it to `undo` on this page (a
        # second binding here would make the shortcut ambiguous, and dead).
        QShortcut(QKeySequence("Escape"), self, self.clear)
        self.scan.installEventFilter(self)
        self.refresh()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """The scan field would take Ctrl+Z as its own text undo; while a pickup can still be
        taken back, let it through to the window's Undo action instead."""
        if (
            watched is self.scan
            and event.type() == QEvent.Type.ShortcutOverride
            and event.matches(QKeySequence.StandardKey.Undo)
            and self.undo_button.isEnabled()
        ):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    # -- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 8)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Pickup desk"))
        heading.setObjectName("pageHeading")
        self.campaign = QComboBox()
        self.campaign.setMinimumWidth(260)
        self.campaign.currentIndexChanged.connect(lambda _i: self._update_progress())
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(260)
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.campaign)
        top.addWidget(self.progress)
        outer.addLayout(top)
        # Pickup day's tools on a row of their own, so the page fits 1024 px in English too.
        tools = QHBoxLayout()
        self.arrival_button = QPushButton(self.tr("Arrival check…"))
        self.refunds_button = QPushButton(self.tr("Refunds…"))
        self.notices_button = QPushButton(self.tr("WeChat notices…"))
        for button, slot in (
            (self.arrival_button, self.open_arrival),
            (self.refunds_button, self.open_refunds),
            (self.notices_button, self.open_notices),
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addStretch(1)
        outer.addLayout(tools)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        left = QVBoxLayout()
        body.addLayout(left, 3)
        self.scan = ScanField()
        # short enough for the big scan font at 1280 px; the whole hint is the tooltip
        self.scan.setPlaceholderText(self.tr("Scan, or type a code, last 4 digits or name"))
        self.scan.setToolTip(
            self.tr(
                "Scan the QR code, or type the pickup code, last 4 digits of the mobile or a name"
            )
        )
        self.scan.returnPressed.connect(self.on_enter)
        left.addWidget(self.scan)
        self.banner = QLabel()
        self.banner.setObjectName("pickupBanner")
        self.banner.setWordWrap(True)
        self.banner.setMinimumHeight(44)
        left.addWidget(self.banner)
        self.matches = QListWidget()
        self.matches.setMaximumHeight(140)
        self.matches.hide()
        self.matches.itemActivated.connect(self._open_match)
        left.addWidget(self.matches)
        self.card = QFrame()
        self.card.setObjectName("card")
        card = QVBoxLayout(self.card)
        self.who = QLabel()
        self.who.setObjectName("pickupWho")
        self.details = QLabel()
        card.addWidget(self.who)
        card.addWidget(self.details)
        self.items = read_only_table(
            [
                self.tr("Product"),
                self.tr("Spec"),
                self.tr("Ordered"),
                self.tr("Already picked up"),
                self.tr("Hand over now"),
                self.tr("Order"),
            ],
            PRODUCT,
        )
        self.items.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # rows tall enough for the quantity spin boxes, whose arrows were clipped
        self.items.verticalHeader().setDefaultSectionSize(36)
        header = self.items.horizontalHeader()
        for column in range(PRODUCT + 1, NOW):  # headers such as 已提货 are never cut
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.items.setColumnWidth(NOW, max(120, header.sectionSizeHint(NOW)))
        self.items.setColumnWidth(ORDER, 96)
        card.addWidget(self.items, 1)
        buttons = QHBoxLayout()
        self.confirm_button = QPushButton(self.tr("Confirm pickup (Enter / F2)"))
        self.confirm_button.setObjectName("primary")
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_button.clicked.connect(self.confirm)
        self.undo_button = QPushButton(self.tr("Undo last pickup (Ctrl+Z)"))
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.setEnabled(False)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        card.addLayout(buttons)
        left.addWidget(self.card, 1)
        right = QVBoxLayout()
        body.addLayout(right, 2)
        self.remaining_label = QLabel()
        self.remaining_label.setObjectName("cardTitle")
        self.remaining = QListWidget()
        self.remaining.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        right.addWidget(self.remaining_label)
        right.addWidget(self.remaining, 1)
        self._show(None)

    # -- data --------------------------------------------------------------------------------
    def show_campaign(self, campaign_id: str | None) -> None:
        """Select this campaign now, or at the refresh that lists it (after its arrival)."""
        self._wanted = campaign_id
        self.refresh()

    def refresh(self) -> None:
        current = self._wanted or self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in pickup_sql.pickable_campaigns(self.reader.conn):
            self.campaign.addItem(f"{c['title']}（{c['pickup_on'] or ''}）", c["id"])
        if not self.campaign.count():
            self.campaign.addItem(self.tr("No campaign has arrived yet"), None)
        self.campaign.setCurrentIndex(max(self.campaign.findData(current), 0))
        if self.campaign.currentData() == self._wanted:
            self._wanted = None  # shown: from now on the leader's choice stands
        self.campaign.blockSignals(False)
        self._update_progress()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*self.TABLES):
            self.refresh()

    def _update_progress(self) -> None:
        campaign_id = self.campaign.currentData()
        self.remaining.clear()
        if not campaign_id:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.remaining_label.setText("")
            return
        p = pickup_sql.progress(self.reader.conn, campaign_id)
        self.progress.setRange(0, max(p["total"], 1))
        self.progress.setValue(p["picked_up"])
        self.progress.setFormat(pickup_progress(p["picked_up"], p["total"]))
        waiting = pickup_sql.still_to_come(self.reader.conn, campaign_id)
        self.remaining_label.setText(self.tr("Still to come: %1").replace("%1", str(len(waiting))))
        for m in waiting:
            text = f"{m['name']}  {m['mobile'] or ''}  {address(m)}  ·  {m['order_nos']}"
            self.remaining.addItem(text)

    # -- scanning ------------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.scan.setFocus)

    def on_enter(self) -> None:
        text = self.scan.text().strip()
        if not text:
            self.confirm()
            return
        self.scan.clear()
        if pickup_codes.looks_like_code(text):
            self.worker.op(lambda app: app.pickup.for_desk(text)).success(self._show).failure(
                self._failed
            ).run_in_background()
        else:
            campaign_id = self.campaign.currentData()
            self.worker.op(lambda app: app.pickup.lookup(text, campaign_id)).success(
                lambda rows: self._show_matches(text, rows)
            ).failure(self._failed).run_in_background()

    def _show_matches(self, text: str, rows: list[dict[str, Any]]) -> None:
        """One member: everything due to them. Several: a list to choose from, and the card
        below is cleared, so the previous member's goods cannot be handed over by mistake."""
        self.matches.clear()
        members: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            members.setdefault(r["member_id"], []).append(r)
        if len(members) == 1:
            self._open_member(rows[0]["member_id"])
            return
        self._clear_card()
        if not rows:
            self._refuse(self.tr("No order waiting for “%1”.").replace("%1", text))
            return
        for member_id, orders in members.items():
            r = orders[0]
            item = QListWidgetItem(
                f"{r['member_name']}  {masked(r['mobile'] or '')}  {address(r)}  ·  "
                + self.tr("%1 orders").replace("%1", str(len(orders)))
                + f"  ·  {' '.join(o['order_no'] for o in orders)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, member_id)
            self.matches.addItem(item)
        self.matches.show()
        self.matches.setCurrentRow(0)
        self.matches.setFocus()
        self.banner.setText(
            self.tr("%1 members match: choose one and press Enter.").replace(
                "%1", str(len(members))
            )
        )
        self.banner.setStyleSheet("")

    def _open_match(self, item: QListWidgetItem) -> None:
        self._open_member(item.data(Qt.ItemDataRole.UserRole))

    def _open_member(self, member_id: str) -> None:
        self.matches.hide()
        self.worker.op(lambda app: app.pickup.check_member(member_id)).success(self._show).failure(
            self._failed
        ).run_in_background()

    def _clear_card(self) -> None:
        self.current = None
        self.items.setRowCount(0)
        self.who.setText("")
        self.details.setText("")
        self.confirm_button.setEnabled(False)

    def _show(self, check: Check | None) -> None:
        self.current = check
        self.items.setRowCount(0)
        self.scan.setFocus()
        if check is None:
            self.banner.setText(self.tr("Ready: scan a pickup code."))
            self.banner.setStyleSheet("")
            self.who.setText("")
            self.details.setText("")
            self.confirm_button.setEnabled(False)
            return
        o = check.order or {}
        self.who.setText(
            f"{o.get('member_name', '')}  {masked(o.get('mobile') or '')}" if o else ""
        )
        if check.member_level and check.orders:
            titles = dict.fromkeys(x["campaign_title"] for x in check.orders)
            self.details.setText(
                f"{address(o)}  ·  "
                + self.tr("%1 orders").replace("%1", str(len(check.orders)))
                + f"  ·  {' / '.join(titles)}"
            )
        else:
            self.details.setText(
                f"{address(o)}  ·  {o.get('order_no', '')}  ·  {o.get('campaign_title', '')}"
                if o
                else ""
            )
        for line in check.lines:
            row = self.items.rowCount()
            self.items.insertRow(row)
            for col, value in (
                (PRODUCT, line["name"]),
                (SPEC, line["spec"]),
                (ORDERED, ordered_text(line)),
                (PICKED, str(line["picked_qty"])),
            ):
                self.items.setItem(row, col, QTableWidgetItem(value))
            spin = QSpinBox()
            spin.setRange(0, line["quantity"] - line["picked_qty"])
            spin.setValue(line["quantity"] - line["picked_qty"])
            spin.setProperty("line_id", line["id"])
            spin.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            self.items.setCellWidget(row, NOW, spin)
            self.items.setItem(
                row, ORDER, QTableWidgetItem(line.get("order_no", o.get("order_no", "")))
            )
        self.confirm_button.setEnabled(check.ok)
        if check.ok:
            self.banner.setText(self.tr("OK: hand these over, then press Enter."))
            self.banner.setStyleSheet(
                "background:#e8f5e9;color:#1b5e20;font-size:16pt;font-weight:700;padding:6px;"
            )
        else:
            self._refuse(reason_text(check))

    def _refuse(self, text: str) -> None:
        self.banner.setText("✖ " + text)
        self.banner.setStyleSheet(
            "background:#ffebee;color:#b71c1c;font-size:16pt;font-weight:700;padding:6px;"
        )
        self.confirm_button.setEnabled(False)
        QApplication.beep()
        self.scan.setFocus()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, LeaderError):
            self._refuse(error_text(exc))
        else:
            show_error(self, exc)

    # -- confirming and undoing ----------------------------------------------------------------
    def quantities(self) -> dict[str, int]:
        out = {}
        for row in range(self.items.rowCount()):
            spin = self.items.cellWidget(row, NOW)
            out[spin.property("line_id")] = spin.value()
        return out

    def confirm(self) -> None:
        check = self.current
        if check is None or not check.ok or not self.confirm_button.isEnabled():
            return
        self.confirm_button.setEnabled(False)
        order_id, quantities = check.order["id"], self.quantities()
        by = catalog_sql.setting(self.reader.conn, "leader_name") or ""
        if check.member_level:
            member_id = check.order["member_id"]
            op = self.worker.op(lambda app: app.pickup.confirm_member(member_id, by, quantities))
        else:
            op = self.worker.op(lambda app: app.pickup.confirm(order_id, by, quantities))
        op.success(self._confirmed).failure(self._failed).run_in_background()

    def _confirmed(self, check: Check) -> None:
        self.last_tx = check.args.get("tx_id")
        self.undo_button.setEnabled(bool(self.last_tx))
        self.undo_timer.start(UNDO_SECONDS * 1000)
        self._show(None)
        o = check.order
        orders = check.orders or [o]
        done = all(x["status"] == "picked_up" for x in orders)
        state = self.tr("picked up") if done else self.tr("partly picked up")
        self.banner.setText(
            self.tr("✔ %1 · %2 %3")
            .replace("%1", o["member_name"])
            .replace("%2", " ".join(x["order_no"] for x in orders))
            .replace("%3", state)
        )
        self.banner.setStyleSheet("color:#1b5e20;font-size:14pt;font-weight:600;padding:6px;")

    def undo(self) -> None:
        tx_id = self.last_tx
        if not tx_id or not self.undo_button.isEnabled():
            return
        self.undo_button.setEnabled(False)
        self.last_tx = None
        self.worker.op(lambda app: app.undo(tx_id)).success(
            lambda _c: (
                self.banner.setText(self.tr("Pickup undone.")),
                self.banner.setStyleSheet(""),
                self.scan.setFocus(),
            )
        ).failure(self._failed).run_in_background()

    def clear(self) -> None:
        self.scan.clear()
        self.matches.hide()
        self._show(None)
