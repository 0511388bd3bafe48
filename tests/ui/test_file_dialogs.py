"""Browsing the data file's folder must not cost the desk its SQLite locks.

On Linux, closing any handle to a file drops every POSIX lock the process holds on it. Qt's own
file dialog read each listed file to guess its type, so typing a path through the data folder
opened and closed shop.db inside the desk; the next command-line process then thought it was
the last user and deleted the WAL under the desk (a new user's trial: changes lost, the file
damaged at exit). The desk's dialogs decide file types by name only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QLineEdit

ROOT = Path(__file__).resolve().parents[2]


def test_typing_a_path_through_the_data_folder_keeps_the_desks_locks(qtbot, tmp_path) -> None:
    from leader_app.app import LeaderApp
    from ui import file_dialogs

    db = tmp_path / "shop.db"
    app = LeaderApp.open(db)
    try:
        app.set_up_shop("幸福里社区团购", "王店长", "北门便利店")  # a write: the WAL exists now
        wal = Path(f"{db}-wal")
        assert wal.exists()
        dialog = file_dialogs._dialog(None, "Import", str(tmp_path), "*.xlsx *.csv")
        qtbot.addWidget(dialog)
        dialog.show()
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        edit.setFocus()
        qtbot.keyClicks(edit, f"{tmp_path}/s")  # the completer lists shop.db and friends
        qtbot.wait(1500)  # the dialog's file-info thread has looked at every file by now
        dialog.reject()
        # Another process opens and closes the store, as `leader-app campaigns` does.
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "campaigns", "--db", str(db), "--json"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        # Had the desk lost its locks, that process would have deleted the WAL on its way out.
        assert wal.exists()
        app.members.create({"name": "张三", "mobile": "13800138000"})
        assert app.store.conn.execute("SELECT count(*) FROM members").fetchone()[0] == 1
    finally:
        app.close()
    check = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "members", "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert "13800138000" in check.stdout


def test_the_file_dialog_takes_most_of_the_screen_and_shows_the_places_whole(qtbot) -> None:
    """Qt's own dialog opened at 632×412: at 1366×768 its places panel read "Co…" and the
    modified dates were cut off (a new user's trial). The desk's dialogs take three quarters of
    the screen, up to 1000×640, and give the places panel room for their names."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QSplitter

    from ui import file_dialogs

    dialog = file_dialogs._dialog(None, "导入", "", "*.xlsx")
    qtbot.addWidget(dialog)
    dialog.show()
    room = QGuiApplication.primaryScreen().availableGeometry()
    assert dialog.width() == min(1000, max(640, room.width() * 3 // 4), room.width())
    assert dialog.height() == min(640, max(420, room.height() * 3 // 4), room.height())
    assert dialog.width() > 632 and dialog.height() > 412
    places = dialog.findChild(QSplitter, "splitter").widget(0)
    assert places.width() >= dialog.fontMetrics().horizontalAdvance("Computer") + 40
    dialog.reject()
