"""Issue 12: what the desk does with a damaged or emptied data file, as a leader meets it. The
message boxes are answered by monkeypatching (never exec'd in a test)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from tests.resilience.test_restore_safety import _picked_up, shop_with_backup_then_3_pickups
from tests.ui.conftest import wait_idle


def test_full_check_repairs_index_damage_in_the_running_desk(
    qtbot, qapp, tmp_path, monkeypatch
) -> None:
    from leader_app.app import LeaderApp
    from storage.integrity import check
    from ui.app import Desk, make_qapp
    from ui.damage import after_full_check

    db, _backup, _picked = shop_with_backup_then_3_pickups(tmp_path)
    picked = _picked_up(db)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    monkeypatch.setenv("LEADER_APP_LOG_DIR", str(tmp_path / "logs"))
    make_qapp("en")
    app = LeaderApp.open(db, check=True)  # quick_check passes: the desk starts
    desk = Desk(app)
    try:
        verdict = check(app.store.conn)
        assert verdict["ok"] is False
        after_full_check(desk, verdict)
        qtbot.waitUntil(lambda: bool(said), timeout=20_000)
        wait_idle(qtbot, desk)
        assert "nothing was lost" in said[0] and ".damaged-" in said[0]
        assert check(app.store.conn)["ok"] is True
    finally:
        desk.window.close()
        desk.close()
    assert _picked_up(db) == picked
    assert list(db.parent.glob("shop.db.damaged-*"))


def test_empty_file_at_start_offers_its_backup(tmp_path, qapp, monkeypatch) -> None:
    from leader_app.app import LeaderApp
    from leader_app.demo import generate
    from ui.app import _open_store, make_qapp

    db = tmp_path / "shop.db"
    with LeaderApp.open(db) as app:
        generate(app, members=20, orders=60, seed=2)
        app.store.backups.at_start()
    db.write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    asked: list[str] = []

    def answer(_parent, _title, text):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    qt = make_qapp("en")
    app = _open_store(qt, str(db))
    assert app is not None and "empty (0 bytes)" in asked[0]
    try:
        assert app.store.conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 60
    finally:
        app.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_restore_dialog_says_what_the_backup_would_lose(qtbot, make_desk, tmp_path, monkeypatch):
    from ui.restore_dialog import RestoreDialog

    db, backup, _picked = shop_with_backup_then_3_pickups(tmp_path, damage=False)
    picked = _picked_up(db)
    asked: list[str] = []

    def answer(_parent, _title, text):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    desk = make_desk("en")
    dialog = RestoreDialog(desk.worker, desk.app.store.backup_dir, desk.window)
    qtbot.addWidget(dialog)
    row = next(i for i, b in enumerate(dialog.backups) if b["path"] == str(backup))
    dialog.table.selectRow(row)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.restore_button.click()
    wait_idle(qtbot, desk)
    assert "3 pickups made after it are recorded again" in asked[0]
    assert _picked_up(db) == picked  # the restore did not make them pickable again
