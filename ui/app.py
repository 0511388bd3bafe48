"""Start-up: logging, crash handler, language, fonts, the store, first run, the main window."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from leader_app import pinyin
from leader_app.app import LeaderApp
from leader_app.demo import generate
from leader_app.errors import LeaderError
from leader_app.logs import setup_logging
from storage.db import Store
from ui import i18n
from ui.errors import install_excepthook, show_error
from ui.first_run_dialog import FirstRunDialog
from ui.fonts import app_font
from ui.main_window import MainWindow
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

    def close(self) -> None:
        # Today's countdown refreshes every minute from the reader: stop it before the reader
        # closes (a closed desk's window outlives it, and the timer kept firing into it).
        self.window.today.timer.stop()
        self.window.net.stop()
        self.worker.stop()
        # The writer's last commits post their notices to this thread: deliver them while the
        # stores the pages refresh from are still open.
        QCoreApplication.sendPostedEvents()
        self.window.net.store.close()
        self.reader.close()
        self.app.close()


def first_run(desk: Desk, parent: QWidget) -> None:
    dialog = FirstRunDialog(parent)
    if not dialog.exec():
        return
    shop, leader, point = dialog.values()
    if dialog.choice == FirstRunDialog.START_EMPTY:
        desk.worker.op(lambda app: app.set_up_shop(shop, leader, point)).failure(
            lambda e: show_error(parent, e)
        ).run_in_background()
        return
    progress = QProgressDialog(
        QApplication.translate("FirstRunDialog", "Creating demo data…"),
        QApplication.translate("FirstRunDialog", "Cancel"),
        0,
        100,
        parent,
    )
    progress.setMinimumDuration(0)

    def job(app: LeaderApp, report, token) -> dict[str, int]:
        if shop:
            app.set_up_shop(shop, leader, point)
        return generate(app, members=300, orders=3000, progress=report, cancel=token)

    op = desk.worker.op(job)
    progress.canceled.connect(op.token.cancel)
    op.progress(lambda done, total: progress.setValue(int(100 * done / max(total, 1))))
    op.success(lambda _r: (progress.close(), desk.window.refresh_all()))
    op.failure(
        lambda e: (
            progress.close(),
            None if type(e).__name__ == "Cancelled" else show_error(parent, e),
        )
    )
    op.run_in_background()


def _open_store(qapp: QApplication, db: str | None) -> LeaderApp | None:
    """Open with an integrity check; explain a damaged or busy file instead of going on."""
    from storage.db import default_db_path
    from ui.single_instance import ask_first_to_raise

    path = Path(db).expanduser() if db else default_db_path()
    try:
        return LeaderApp.open(path, check=True)
    except LeaderError as exc:
        if exc.code == "store_in_use" and ask_first_to_raise(path):
            log.info("another desk has %s open; asked it to come forward", path)
            return None
        if exc.code == "store_corrupt" and exc.args_map.get("backup"):
            return _offer_restore(qapp, path, exc)
        QMessageBox.critical(None, qapp.translate("errors", "Leader Desk"), i18n.error_text(exc))
        return None


def _offer_restore(qapp: QApplication, path: Path, exc: LeaderError) -> LeaderApp | None:
    import shutil
    from datetime import datetime

    from leader_app.clock import format_local

    text = (
        i18n.error_text(exc)
        + "\n\n"
        + qapp.translate(
            "Desk",
            "The newest good backup is from %1. Restore it now? The damaged file is kept "
            "beside it.",
        ).replace("%1", format_local(exc.args_map.get("backup_at")))
    )
    answer = QMessageBox.question(None, qapp.translate("errors", "Leader Desk"), text)
    if answer != QMessageBox.StandardButton.Yes:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for suffix in ("", "-wal", "-shm"):
        damaged = Path(str(path) + suffix)
        if damaged.exists():
            damaged.rename(Path(f"{path}.damaged-{stamp}{suffix}"))
    shutil.copy2(exc.args_map["backup"], path)
    log.warning("restored %s from %s after a failed integrity check", path, exc.args_map["backup"])
    return LeaderApp.open(path, check=True)


def full_check(app: LeaderApp) -> dict:
    """Right after start, in the background: the full integrity check (quick_check at open
    misses some damage, such as a file torn mid-checkpoint when its -wal was lost)."""
    from storage.integrity import check

    return check(app.store.conn)


def _after_full_check(desk: Desk, verdict: dict) -> None:
    if verdict.get("ok"):
        return
    from leader_app.clock import format_local
    from storage.backup import newest_good, restore_from

    log.error("full integrity check failed: %s", verdict)
    good = newest_good(desk.app.store.backup_dir)
    text = QApplication.translate(
        "Desk",
        "A check of the data file found damage. Keep working only after restoring "
        "a backup; new changes could be lost.",
    )
    if good is None:
        QMessageBox.critical(desk.window, QApplication.translate("errors", "Leader Desk"), text)
        return
    text += "\n\n" + QApplication.translate(
        "Desk",
        "The newest good backup is from %1. Restore it now? The damaged file is kept beside it.",
    ).replace("%1", format_local(good["at"]))
    if (
        QMessageBox.question(desk.window, QApplication.translate("errors", "Leader Desk"), text)
        == QMessageBox.StandardButton.Yes
    ):
        desk.worker.op(lambda a: restore_from(a.store.conn, Path(good["path"]))).success(
            lambda _c: desk.window.refresh_all()
        ).failure(lambda e: show_error(desk.window, e)).run_in_background()


def run_gui(db: str | None = None, lang: str | None = None) -> int:
    setup_logging()
    qapp = make_qapp(lang)
    install_excepthook()
    app = _open_store(qapp, db)
    if app is None:
        return 1
    desk = Desk(app)
    desk.window.show()
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
    probe = os.environ.get("LEADER_DESK_STARTUP_PROBE")
    if probe:  # bench/: note when the first window is on screen, then quit
        QTimer.singleShot(0, lambda: (Path(probe).write_text(repr(time.time())), qapp.quit()))
    elif not app.is_set_up():
        first_run(desk, desk.window)
    log.info("desk started on %s", app.store.path)
    try:
        return qapp.exec()
    finally:
        instance.close()
        desk.close()
