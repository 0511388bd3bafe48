"""A damaged or emptied data file at start, or damage found by the full check after start.

Repair comes first (it keeps every readable row). Only when it fails is the newest good backup
offered, with what it would lose spelled out; the pickups made since the backup are recorded
again after restoring. The damaged file is always kept beside the store.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from leader_app.app import DESK_WRITE_WAIT, LeaderApp
from leader_app.clock import format_local
from leader_app.errors import LeaderError
from leader_app.restore import restore_file
from storage.backup import newest_good
from storage.db import default_backup_dir
from storage.repair import loss_of_file, repair_file
from ui import i18n

log = logging.getLogger("leader_desk")


def _title() -> str:
    return QApplication.translate("errors", "Leader Desk")


def repaired_text(result: dict[str, Any]) -> str:
    if result["rows_lost"]:
        text = QApplication.translate(
            "Desk",
            "The data file was damaged. It was repaired, but %1 records could not be read. "
            "The damaged file is kept as %2.",
        ).replace("%1", str(result["rows_lost"]))
    else:
        text = QApplication.translate(
            "Desk",
            "The data file was damaged. It was repaired and nothing was lost. The damaged "
            "file is kept as %2.",
        )
    return text.replace("%2", result["damaged_copy"])


def loss_text(backup_at: str, loss: dict[str, Any] | None) -> str:
    head = QApplication.translate("Desk", "The newest good backup is from %1.").replace(
        "%1", format_local(backup_at)
    )
    if loss is None or not loss.get("readable"):
        return (
            head
            + " "
            + QApplication.translate(
                "Desk",
                "The damaged file could not be read far enough to tell what restoring it would "
                "lose: orders and pickups made after that time may be missing. Check the goods "
                "before handing anything over twice.",
            )
        )
    return (
        head
        + " "
        + QApplication.translate(
            "Desk",
            "Restoring it would lose %1 orders made after it. %2 pickups made after it are "
            "recorded again, so those goods cannot be handed over twice.",
        )
        .replace("%1", str(loss["orders"]))
        .replace("%2", str(loss["pickups"]))
    )


def open_damaged(qapp: QApplication, path: Path, exc: LeaderError) -> LeaderApp | None:
    """At start: the store refused to open (damaged or emptied)."""
    if exc.code == "store_corrupt":
        try:
            result = repair_file(path)
            app = LeaderApp.open(path, check=True, busy_seconds=DESK_WRITE_WAIT)
        except LeaderError as failed:
            log.error("repair of %s failed: %s", path, failed)
        else:
            log.warning("repaired %s at start: %s", path, result)
            QMessageBox.information(None, _title(), repaired_text(result))
            return app
    good = (
        {"path": exc.args_map["backup"], "at": exc.args_map.get("backup_at", "")}
        if exc.args_map.get("backup")
        else newest_good(default_backup_dir(path))
    )
    if not good:
        QMessageBox.critical(None, _title(), i18n.error_text(exc))
        return None
    loss = loss_of_file(path, Path(good["path"])) if exc.code == "store_corrupt" else None
    text = i18n.error_text(exc) + "\n\n" + loss_text(good["at"], loss)
    if exc.code == "store_corrupt":
        text += " " + QApplication.translate("Desk", "The damaged file is kept beside it.")
    text += "\n\n" + QApplication.translate("Desk", "Restore it now?")
    if QMessageBox.question(None, _title(), text) != QMessageBox.StandardButton.Yes:
        return None
    return restore_file(path, Path(good["path"]), good["at"], loss)


def after_full_check(desk: Any, verdict: dict[str, Any]) -> None:
    """The background integrity check found damage: repair on the writer thread first."""
    if verdict.get("ok") or not (verdict.get("integrity") or verdict.get("error")):
        return
    if verdict.get("integrity") == ["ok"] and not verdict.get("error"):
        return  # only invariants: `leader-app check` reports them, no file damage
    log.error("full integrity check failed: %s", verdict)
    desk.worker.op(lambda app: app.repair()).success(
        lambda result: _repaired(desk, result)
    ).failure(lambda exc: _offer_backup(desk, exc)).run_in_background()


def _repaired(desk: Any, result: dict[str, Any]) -> None:
    desk.window.refresh_all()
    if result["method"] == "none":
        return
    QMessageBox.information(desk.window, _title(), repaired_text(result))
    if result["rows_lost"]:
        _offer_backup(desk, None)


def _offer_backup(desk: Any, exc: BaseException | None) -> None:
    from leader_app.restore import preview

    window: QWidget = desk.window
    good = newest_good(desk.app.store.backup_dir)
    text = i18n.error_text(exc) + "\n\n" if isinstance(exc, LeaderError) else ""
    if good is None:
        QMessageBox.critical(
            window,
            _title(),
            text
            + QApplication.translate(
                "Desk",
                "A check of the data file found damage. Keep working only after restoring "
                "a backup; new changes could be lost.",
            ),
        )
        return

    def ask(loss: dict[str, Any]) -> None:
        question = (
            text
            + loss_text(good["at"], loss)
            + " "
            + QApplication.translate("Desk", "The damaged file is kept beside it.")
            + "\n\n"
            + QApplication.translate("Desk", "Restore it now?")
        )
        if QMessageBox.question(window, _title(), question) == QMessageBox.StandardButton.Yes:
            desk.worker.op(lambda app: app.restore(good["path"])).success(
                lambda _out: desk.window.refresh_all()
            ).failure(lambda e: i18n_show(window, e)).run_in_background()

    desk.worker.op(lambda app: preview(app.store, good["path"])).success(ask).failure(
        lambda _e: ask({"readable": False})
    ).run_in_background()


def i18n_show(parent: QWidget, exc: BaseException) -> None:
    from ui.errors import show_error

    show_error(parent, exc)
