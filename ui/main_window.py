"""The main window: a sidebar of pages, menus with shortcuts, undo, and a status bar."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLocale,
    QSettings,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from leader_app import __version__
from leader_app.app import LeaderApp
from leader_app.clock import format_local
from leader_app.logs import log_dir
from storage import catalog_sql, listing
from storage.backup import backup_to
from storage.db import Store
from storage.tx import Changes
from ui import file_dialogs, window_geometry
from ui.campaigns_page import CampaignsPage
from ui.catalog_page import CatalogPage
from ui.errors import show_error
from ui.guidance import install_empty_states
from ui.import_page import ImportPage
from ui.import_views import ask
from ui.members_page import MembersPage
from ui.members_tabs import MembersTabs
from ui.orders_page import OrdersPage
from ui.pickup_page import PickupPage
from ui.sync_page import SyncPage
from ui.sync_worker import NetWorker
from ui.today_page import TodayPage
from ui.undo_keys import UndoPassThrough
from ui.worker import DbWorker

# Actions that Ctrl+Z may take back (bulk and set-up actions are not offered for undo).
UNDOABLE = {
    "member.create": QT_TRANSLATE_NOOP("actions", "New member"),
    "member.update": QT_TRANSLATE_NOOP("actions", "Edit member"),
    "member.delete": QT_TRANSLATE_NOOP("actions", "Delete member"),
    "member.merge": QT_TRANSLATE_NOOP("actions", "Merge members"),
    "product.create": QT_TRANSLATE_NOOP("actions", "New product"),
    "product.update": QT_TRANSLATE_NOOP("actions", "Edit product"),
    "product.delete": QT_TRANSLATE_NOOP("actions", "Delete product"),
    "campaign.save": QT_TRANSLATE_NOOP("actions", "Save campaign"),
    "campaign.copy": QT_TRANSLATE_NOOP("actions", "Copy campaign"),
    "campaign.from_hq": QT_TRANSLATE_NOOP("actions", "Campaign from HQ's suggestion"),
    "campaign.status": QT_TRANSLATE_NOOP("actions", "Change campaign status"),
    "order.create": QT_TRANSLATE_NOOP("actions", "New order"),
    "order.edit": QT_TRANSLATE_NOOP("actions", "Edit order"),
    "order.cancelled": QT_TRANSLATE_NOOP("actions", "Cancel order"),
    "order.paid": QT_TRANSLATE_NOOP("actions", "Mark paid"),
    "order.pick_up": QT_TRANSLATE_NOOP("actions", "Pickup"),
    "member.pick_up": QT_TRANSLATE_NOOP("actions", "Pickup"),
    "campaign.arrive": QT_TRANSLATE_NOOP("actions", "Arrival check"),
    "refund.done": QT_TRANSLATE_NOOP("actions", "Refund ticked off"),
    # The newest change, so Ctrl+Z after an import takes the import back (asking first),
    # not the order entered before it.
    "import.orders": QT_TRANSLATE_NOOP("actions", "Import orders"),
    "import.members": QT_TRANSLATE_NOOP("actions", "Import members"),
    "import.products": QT_TRANSLATE_NOOP("actions", "Import products"),
    "import.jielong": QT_TRANSLATE_NOOP("actions", "Import 接龙"),
}
# Labels for actions that are shown in the history but not offered for Ctrl+Z.
LABELS_ONLY = {
    "campaign.create": QT_TRANSLATE_NOOP("actions", "New campaign"),
    "campaign.update": QT_TRANSLATE_NOOP("actions", "Edit campaign"),
    "demo.generate": QT_TRANSLATE_NOOP("actions", "Demo data"),
    "shop.setup": QT_TRANSLATE_NOOP("actions", "Shop set-up"),
    "sync.pull": QT_TRANSLATE_NOOP("actions", "Catalog from HQ"),
    "insights.thresholds": QT_TRANSLATE_NOOP("actions", "Segment thresholds"),
}


def action_label(action: str) -> str:
    # The dict holds source text (marked for lupdate); translate at display time.
    text = UNDOABLE.get(action) or LABELS_ONLY.get(action, action)
    return QCoreApplication.translate("actions", text)


class MainWindow(QMainWindow):
    def __init__(self, app: LeaderApp, worker: DbWorker, reader: Store) -> None:
        super().__init__()
        self.closing = False  # set by stop_refreshing: no page reads after it
        self.app = app
        self.worker = worker
        self.reader = reader
        self.undo_stack: list[tuple[str, str]] = []
        self.setWindowTitle(self.tr("Leader Desk 团长工作台"))
        window_geometry.place(self)
        self.setAcceptDrops(True)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        side = QWidget()
        side.setFixedWidth(176)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        brand = QLabel(self.tr("Leader Desk"))
        brand.setObjectName("brand")
        self.shop_label = QLabel(catalog_sql.setting(reader.conn, "shop_name") or "")
        self.shop_label.setObjectName("shopName")
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        side_layout.addWidget(brand)
        side_layout.addWidget(self.shop_label)
        side_layout.addWidget(self.sidebar, 1)
        self.stack = QStackedWidget()
        row.addWidget(side)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.today = TodayPage(reader)
        self.members = MembersPage(worker, reader)
        self.member_tabs = MembersTabs(self.members, worker, reader)  # list + 会员洞察
        self.catalog = CatalogPage(worker, reader)
        self.campaigns = CampaignsPage(worker, reader)
        self.orders = OrdersPage(worker, reader)
        self.pickup = PickupPage(worker, reader)
        self.transfer = ImportPage(worker, reader)
        self.net = NetWorker(reader.reader(), worker.run_write)
        self.sync = SyncPage(self.net, reader)
        self.pages: list[tuple[str, QWidget]] = [
            (self.tr("Today"), self.today),
            (self.tr("Members"), self.member_tabs),
            (self.tr("Catalog"), self.catalog),
            (self.tr("Campaigns"), self.campaigns),
            (self.tr("Orders"), self.orders),
            (self.tr("Pickup"), self.pickup),
            (self.tr("Import / Export"), self.transfer),
            (self.tr("Sync"), self.sync),
        ]
        for title, page in self.pages:
            self.sidebar.addItem(title)
            self.stack.addWidget(page)
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sidebar.setCurrentRow(0)

        self._build_menus()
        self._build_status_bar()
        worker.changed.connect(self.on_changes)
        for page in (self.members, self.catalog, self.campaigns, self.orders):
            page.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        install_empty_states(self)

    # -- menus --------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("New order"), "Ctrl+N", self.new_order)
        self._action(file_menu, self.tr("Back up now…"), "Ctrl+B", self.backup_now)
        self._action(file_menu, self.tr("Restore from a backup…"), None, self.restore)
        self._action(file_menu, self.tr("Backup folder…"), None, self.choose_backup_folder)
        self._action(file_menu, self.tr("Export everything…"), None, self.export_everything)
        self._action(file_menu, self.tr("Open log folder"), None, self.open_log_folder)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("Quit"), QKeySequence.StandardKey.Quit, self.close)
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        self.undo_action = self._action(
            edit, self.tr("Undo"), QKeySequence.StandardKey.Undo, self.undo_last
        )
        QCoreApplication.instance().installEventFilter(UndoPassThrough(self))
        self.undo_action.setEnabled(False)
        self._action(edit, self.tr("Find"), QKeySequence.StandardKey.Find, self.focus_search)
        self._action(edit, self.tr("Change history…"), "Ctrl+H", self.show_history)
        view = self.menuBar().addMenu(self.tr("&View"))
        for i, (title, _page) in enumerate(self.pages):
            # triggered(bool checked): a plain `lambda i=i:` would get `checked` as i
            self._action(view, title, f"Ctrl+{i + 1}", partial(self.show_page, i))
        view.addSeparator()
        self._action(view, self.tr("Refresh"), "F5", self.refresh_all)
        language = view.addMenu(self.tr("Language"))
        current = QLocale().name()
        self.language_group = QActionGroup(self)  # one language ticked at a time
        for code, name in (("zh_CN", "中文（简体）"), ("en", "English")):
            choice = self._action(language, name, None, partial(self.set_language, code))
            choice.setCheckable(True)
            choice.setChecked(current.startswith(code[:2]))
            self.language_group.addAction(choice)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("About Leader Desk"), None, self.about)

    def _action(self, menu: Any, text: str, shortcut: Any, slot: Any) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel()
        self.sync_label = QLabel(self.tr("Offline mode · sync not set up"))
        self.file_label = QLabel(self._shop_name())
        self.file_label.setToolTip(str(self.app.store.path))
        bar = self.statusBar()
        bar.addWidget(self.counts_label)
        bar.addPermanentWidget(self.sync_label)
        bar.addPermanentWidget(self.file_label)
        self._update_counts()
        self.net.status.connect(self.show_sync_status)
        self.net.round_done.connect(self._sync_round_done)
        self.sync_soon = QTimer(self)  # local changes go out a few seconds later, batched
        self.sync_soon.setSingleShot(True)
        self.sync_soon.setInterval(5_000)
        self.sync_soon.timeout.connect(self.net.sync_now)

    def show_sync_status(self, status: dict[str, Any]) -> None:
        if not status.get("server"):
            self.sync_label.setText(self.tr("Offline mode · sync not set up"))
            return
        waiting = self.tr("%1 changes waiting").replace("%1", f"{status['pending']:,}")
        last = format_local(status.get("last_success"), "%m-%d %H:%M") or "—"
        if status.get("last_error"):
            text = self.tr("Offline · %1 · last sync %2").replace("%1", waiting).replace("%2", last)
            self.sync_label.setStyleSheet("color: #b71c1c;")
            self.sync_label.setToolTip(status["last_error"])
        else:
            text = self.tr("Online · %1 · last sync %2").replace("%1", waiting).replace("%2", last)
            self.sync_label.setStyleSheet("color: #1b5e20;")
            self.sync_label.setToolTip("")
        self.sync_label.setText(text)

    def _sync_round_done(self, result: Any) -> None:
        """A pull's changes arrive through the writer thread's `changed`, like any write."""

    def _update_counts(self) -> None:
        members = listing.count(self.reader.conn, listing.MEMBERS)
        orders = listing.count(self.reader.conn, listing.ORDERS)
        self.counts_label.setText(
            self.tr("%1 members · %2 orders")
            .replace("%1", f"{members:,}")
            .replace("%2", f"{orders:,}")
        )

    # -- drag and drop a file onto the window: import it ---------------------------------------
    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.sidebar.setCurrentRow(6)
            self.transfer.load_file(Path(urls[0].toLocalFile()))
            event.acceptProposedAction()

    # -- behaviour -------------------------------------------------------------------------
    def stop_refreshing(self) -> None:
        """Before the store closes: no timer, queued change or sync status may read it."""
        self.closing = True
        for timer in self.findChildren(QTimer):
            timer.stop()
        self.worker.changed.disconnect(self.on_changes)

    def on_changes(self, changes: Changes) -> None:
        if self.closing:
            return
        if not self.sync_soon.isActive():
            self.sync_soon.start()
        if changes.undoes:  # taken back elsewhere (the import page, history, the CLI)
            self.undo_stack = [e for e in self.undo_stack if e[0] != changes.undoes]
        if changes.action in UNDOABLE and changes.ids:  # a re-import that added nothing: no
            self.undo_stack.append((changes.tx_id, changes.action))
            self.undo_stack = self.undo_stack[-50:]
        self._update_undo()
        for _title, page in self.pages:
            if hasattr(page, "on_changes"):
                page.on_changes(changes)
        self._update_counts()
        if changes.touches("settings"):
            self.shop_label.setText(catalog_sql.setting(self.reader.conn, "shop_name") or "")
            self.file_label.setText(self._shop_name())
        if changes.action in UNDOABLE:
            self.statusBar().showMessage(
                self.tr("Done: %1. Ctrl+Z takes it back.").replace(
                    "%1", action_label(changes.action)
                ),
                5000,
            )

    def _update_undo(self) -> None:
        if self.undo_stack:
            self.undo_action.setText(
                self.tr("Undo %1").replace("%1", action_label(self.undo_stack[-1][1]))
            )
            self.undo_action.setEnabled(True)
        else:
            self.undo_action.setText(self.tr("Undo"))
            self.undo_action.setEnabled(False)

    def undo_last(self) -> None:
        if self.stack.currentWidget() is self.pickup:  # the desk's own 60-second undo
            tx_id = self.pickup.last_tx
            if tx_id and self.pickup.undo_button.isEnabled():
                self.undo_stack = [entry for entry in self.undo_stack if entry[0] != tx_id]
                self._update_undo()
                self.pickup.undo()
            return
        if not self.undo_stack:
            return
        tx_id, action = self.undo_stack[-1]
        if action.startswith("import.") and not ask(
            self,
            self.tr("Undo this import"),
            self.tr("Take back the whole import? Everything it added or changed goes."),
        ):
            return
        self.undo_stack.pop()
        self._update_undo()

        def done(_changes: Any) -> None:
            self.statusBar().showMessage(
                self.tr("Undone: %1").replace("%1", action_label(action)), 5000
            )

        self.worker.op(lambda app: app.undo(tx_id)).success(done).failure(
            lambda e: show_error(self, e)
        ).run_in_background()

    def show_page(self, index: int, _checked: bool = False) -> None:
        self.sidebar.setCurrentRow(index)

    def new_order(self) -> None:
        """Ctrl+N from anywhere (one action: the Orders page's button has no shortcut of its
        own). The campaign comes from where the leader is: the Orders page's filter, or the
        campaign selected on the Campaigns page."""
        campaign_id = None
        if self.stack.currentWidget() is self.campaigns:
            row = self.campaigns.current_row()
            campaign_id = row["id"] if row else None
        self.sidebar.setCurrentRow(4)
        self.orders.new_order(campaign_id)

    def _shop_name(self) -> str:
        return catalog_sql.setting(self.reader.conn, "shop_name") or self.app.store.path.name

    def closeEvent(self, event: Any) -> None:
        window_geometry.remember(self)
        super().closeEvent(event)

    def focus_search(self) -> None:
        page = self.stack.currentWidget()
        if hasattr(page, "focus_search"):
            page.focus_search()

    def refresh_all(self) -> None:
        for _title, page in self.pages:
            if hasattr(page, "refresh"):
                page.refresh()
        self._update_counts()

    def backup_now(self) -> None:
        path = file_dialogs.save_file(
            self,
            self.tr("Back up the data file"),
            # Dated, so a second copy never overwrites the first by accident.
            str(Path.home() / f"leader-desk-backup-{datetime.now():%Y%m%d-%H%M}.db"),
            self.tr("Leader Desk backup (*.db)"),
        )
        if path:
            self.worker.op(lambda app: backup_to(app.store.conn, Path(path))).success(
                lambda p: self.statusBar().showMessage(
                    self.tr("Backup written to %1").replace("%1", str(p)), 8000
                )
            ).failure(lambda e: show_error(self, e)).run_in_background()

    def show_history(self) -> None:
        from ui.history_dialog import HistoryDialog

        HistoryDialog(self.reader, action_label, self).open()

    def bring_forward(self) -> None:
        """Another start on this store asked for this window."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def restore(self) -> None:
        from ui.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.worker, self.app.store.backup_dir, self)
        dialog.accepted.connect(
            lambda: (
                self.refresh_all(),
                self.statusBar().showMessage(
                    self.tr("Restored. The data before the restore was backed up first."), 8000
                ),
            )
        )
        dialog.open()

    def choose_backup_folder(self) -> None:
        folder = file_dialogs.folder(self, self.tr("Backup folder"), str(self.app.store.backup_dir))
        if folder:

            def run(app: Any) -> Any:
                with app.store.atomic("settings.backup_dir") as tx:
                    tx.put_local("backup.dir", folder)
                return app.store.backups.make("manual")

            self.worker.op(run).success(
                lambda p: self.statusBar().showMessage(
                    self.tr("Backups now go to %1").replace("%1", folder), 8000
                )
            ).failure(lambda e: show_error(self, e)).run_in_background()

    def export_everything(self) -> None:
        from leader_app import exporting

        path = file_dialogs.save_file(
            self,
            self.tr("Export everything"),
            str(Path.home() / "leader-desk-all.xlsx"),
            "*.xlsx *.zip",
        )
        if path:
            self.worker.op(
                lambda app: exporting.write_everything(
                    Path(path), exporting.everything(app.store.conn)
                )
            ).success(
                lambda p: self.statusBar().showMessage(
                    self.tr("Backup written to %1").replace("%1", str(p)), 8000
                )
            ).failure(lambda e: show_error(self, e)).run_in_background()

    def open_log_folder(self) -> None:
        folder = log_dir()
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Log folder"),
                self.tr("No file manager could be started. The logs are in:\n%1").replace(
                    "%1", str(folder)
                ),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.open()

    def set_language(self, lang: str, _checked: bool = False) -> None:
        QSettings().setValue("ui/language", lang)
        # Said in the language chosen, since that is the one the leader reads.
        text = {
            "zh_CN": "界面语言已改为中文。请关闭并重新打开团长工作台，新语言才会生效。",
            "en": "The language is now English. Close Leader Desk and start it again "
            "for the change to take effect.",
        }[lang]
        box = QMessageBox(
            QMessageBox.Icon.Information, "Leader Desk", text, QMessageBox.StandardButton.Ok, self
        )
        box.open()

    def about(self) -> None:
        from storage.migrations import current_version

        store = self.app.store
        QMessageBox.about(
            self,
            self.tr("About Leader Desk"),
            self.tr(
                "<h3>Leader Desk %1</h3><p>The desk app for community group-buying leaders. "
                "Works offline; your data stays on this computer.</p>"
                "<p>Data schema: version %2<br>Data folder: %3<br>Data file: %4</p>"
            )
            .replace("%1", __version__)
            .replace("%2", str(current_version(store.conn)))
            .replace("%3", str(store.path.parent))
            .replace("%4", store.path.name)
            + self.tr("<p>Shop: %1</p>").replace("%1", self._shop_name()),
        )
