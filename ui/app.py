"""Start-up: logging, crash handler, language, fonts, the store, first run, the main window."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QStyle,
    QWidget,
)

from leader_app import pinyin
from leader_app.app import DESK_WRITE_WAIT, LeaderApp
from leader_app.errors import LeaderError
from leader_app.logs import setup_logging
from storage.db import Store
from ui import i18n
from ui.errors import install_excepthook, show_error, show_start_error
from ui.first_run_dialog import FirstRunDialog
from ui.fonts import app_font
from ui.main_window import MainWindow
from ui.outside_changes import OutsideChanges
from ui.worker import DbWorker

log = logging.getLogger("leader_desk")
STYLE = Path(__file__).resolve().parent.parent / "resources" / "style.qss"


def make_qapp(lang: str | None = None) -> QApplication:
    QApplication.setOrganizationName("LeaderDesk")
    QApplication.setApplicationName("Leader Desk")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    chosen = i18n.choose_language(lang)
    if not i18n.install(chosen):
        log.warning("no translation catalogue for %s; run `make translations`", chosen)
    qapp.setFont(app_font())
    qapp.setWindowIcon(QIcon(str(STYLE.parent / "icons" / "app.svg")))
    qapp.setDesktopFileName("leader-desk")  # matches packaging/linux/leader-desk.desktop
    # The style sheet is a light design: start from the style's light palette, not a dark
    # desktop theme's, whose white text would vanish on our white fields.
    qapp.setPalette(qapp.style().standardPalette())
    if STYLE.exists():
        icons = (STYLE.parent / "icons").as_posix()  # url() needs a path, wherever we run from
        qapp.setStyleSheet(STYLE.read_text(encoding="utf-8").replace("@ICONS@", icons))
    return qapp


class Desk:
    """The running desk: the store, its writer thread, a reader for views, and the window."""

    def __init__(self, app: LeaderApp) -> None:
        self.app = app
        self.reader: Store = app.store.reader()
        self.worker = DbWorker(app, lambda exc: show_error(self.window, exc))
        try:
            self.window = MainWindow(app, self.worker, self.reader)
        except BaseException:
            self.worker.stop()
            self.reader.close()
            raise
        # The command line may write to the file while the desk is open (import, pickup,
        # sync): notice it within a second and refresh the pages it touched.
        self.outside = OutsideChanges(app.store.reader(), self.window)
        app.on_change(self.outside.note_own)
        self.outside.changed.connect(self.window.on_changes)

    def close(self) -> None:
        self.window.stop_refreshing()  # pages stop reading before anything closes
        self.outside.stop()
        self.outside.store.close()
        self.window.net.stop()
        self.worker.stop()  # after this no result reaches a page
        # The window outlives the desk (in tests, until garbage collection): its pages' timers
        # (Today's countdown refresh) must not read through the closed connection.
        for timer in self.window.findChildren(QTimer):
            timer.stop()
        self.window.net.store.close()
        self.reader.close()
        self.app.close()


def first_run(desk: Desk, parent: QWidget) -> None:
    """The shop's name, then one of three ways in: import an export, add products, or demo."""
    from ui.guidance import after_first_run

    dialog = FirstRunDialog(parent)
    if not dialog.exec():
        return
    shop, leader, point = dialog.values()
    choice = dialog.choice
    desk.worker.op(lambda app: app.set_up_shop(shop, leader, point) if shop else None).success(
        lambda _r: after_first_run(desk.window, choice)
    ).failure(lambda e: show_error(parent, e)).run_in_background()


def _open_store(qapp: QApplication, db: str | None) -> LeaderApp | None:
    """Open with an integrity check; explain a damaged or busy file instead of going on."""
    from storage.db import default_db_path, upgrade_pending
    from ui.single_instance import ask_first_to_raise

    path = Path(db).expanduser() if db else default_db_path()
    notice = _upgrade_notice(qapp) if upgrade_pending(path) else None
    try:
        return LeaderApp.open(path, check=True, busy_seconds=DESK_WRITE_WAIT)
    except LeaderError as exc:
        if exc.code == "store_in_use" and ask_first_to_raise(path):
            log.info("another desk has %s open; asked it to come forward", path)
            return None
        if exc.code in ("store_corrupt", "store_empty"):
            from ui.damage import open_damaged  # repair first, then a backup with its loss

            return open_damaged(qapp, path, exc)
        QMessageBox.critical(None, qapp.translate("errors", "Leader Desk"), i18n.error_text(exc))
        return None
    finally:
        if notice is not None:
            notice.close()


def _upgrade_notice(qapp: QApplication) -> QDialog:
    """Shown while a store from an older version is backed up, upgraded and compacted (about
    7 s for a 330 MB store), so the leader does not face an empty screen. It has no button:
    there is nothing to do but wait, and it closes itself."""
    notice = QDialog()
    notice.setWindowTitle(qapp.translate("Desk", "Leader Desk"))
    layout = QHBoxLayout(notice)
    icon = QLabel()
    icon.setPixmap(
        qapp.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(32)
    )
    layout.addWidget(icon)
    layout.addWidget(
        QLabel(
            qapp.translate(
                "Desk",
                "Upgrading your data to the new version. A copy is kept first.\n"
                "This takes a few seconds for a large store; please wait.",
            )
        )
    )
    notice.show()
    for _ in range(3):  # paint it before the open blocks this thread
        qapp.processEvents()
    return notice


def full_check(app: LeaderApp) -> dict:
    """Right after start, in the background: the full integrity check (quick_check at open
    misses some damage, such as a file torn mid-checkpoint when its -wal was lost)."""
    from storage.integrity import check

    return check(app.store.conn)


def _after_full_check(desk: Desk, verdict: dict) -> None:
    from ui.damage import after_full_check

    after_full_check(desk, verdict)


def announce_upgrade(parent: QWidget, store: Store) -> QMessageBox:
    """Said once, on the start that migrated the file: the next start has nothing to migrate."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        QApplication.translate("Desk", "Leader Desk was updated"),
        QApplication.translate(
            "Desk",
            "Your data was upgraded to the new version (schema %1). Nothing was lost. "
            "The copy from before the upgrade is kept at:\n%2",
        )
        .replace("%1", str(store.migrated[-1]))
        .replace("%2", str(store.pre_migration_backup)),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box


class _FirstPaint(QObject):
    """For bench/: the time of the first paint event of the window or any widget in it, which
    is when the leader sees the desk (not when the event loop starts)."""

    def __init__(self, window: QWidget, probe: Path) -> None:
        super().__init__(window)
        self.window, self.probe = window, probe

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(obj, QWidget)
            and obj.window() is self.window
            and not self.probe.exists()
        ):
            self.probe.write_text(repr(time.time()))
            QTimer.singleShot(0, QApplication.quit)
        return False


def run_gui(db: str | None = None, lang: str | None = None) -> int:
    setup_logging()
    qapp = make_qapp(lang)
    install_excepthook()
    app = None
    try:
        app = _open_store(qapp, db)
        if app is None:
            return 1
        desk = Desk(app)
    except Exception as exc:  # noqa: BLE001 -- before the event loop the hook shows nothing
        # An unexpected error while the desk starts: the excepthook's dialog is queued for an
        # event loop that never runs, so the desk used to exit with nothing on screen.
        if app is not None:
            app.close()
        show_start_error(exc)  # logged, with copyable details
        return 1
    desk.window.show()
    from ui.window_geometry import start_probe

    layout_probe = start_probe()  # only with LEADER_DESK_LAYOUT_REPORT set (walkthrough)
    from ui.single_instance import InstanceServer

    instance = InstanceServer(app.store.path, desk.window.bring_forward)
    desk.worker.op(lambda a: a.store.backups.at_start()).failure(
        lambda e: log.warning("start-up backup failed: %s", e)
    ).run_in_background()
    desk.worker.op(full_check).success(lambda verdict: _after_full_check(desk, verdict)).failure(
        lambda e: _after_full_check(desk, {"ok": False, "error": str(e)})
    ).run_in_background()
    # pypinyin's dictionaries take ~0.5 s to load (mostly one call that holds the GIL): load
    # them once the window has settled, not when the first new member is saved or imported.
    QTimer.singleShot(
        2000, lambda: threading.Thread(target=pinyin.warm, name="pinyin", daemon=True).start()
    )
    paint_probe = os.environ.get("LEADER_DESK_STARTUP_PROBE")
    if paint_probe:  # bench/: note when the window has painted for the first time, then quit
        first_paint = _FirstPaint(desk.window, Path(paint_probe))
        qapp.installEventFilter(first_paint)
    elif not app.is_set_up():
        first_run(desk, desk.window)
    elif app.store.pre_migration_backup is not None:
        QTimer.singleShot(0, lambda: announce_upgrade(desk.window, app.store))
    log.info("desk started on %s", app.store.path)
    try:
        return qapp.exec()
    finally:
        instance.close()
        if layout_probe is not None:
            layout_probe.stop()
        desk.close()
