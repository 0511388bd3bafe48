"""After an upgrade the desk says so once, with the copy from before; About names the schema and
the data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

ROOT = Path(__file__).resolve().parents[2]


def test_upgrade_is_announced_with_the_backup(make_desk, qtbot, tmp_path) -> None:
    from storage import migrations
    from ui.app import announce_upgrade

    # The oldest shipped store, written by the real v1 program.
    shutil.copyfile(ROOT / "tests" / "fixtures" / "schema" / "v1.db", tmp_path / "shop.db")
    desk = make_desk("zh_CN")
    store = desk.app.store
    assert store.migrated == list(range(2, migrations.LATEST + 1))
    box = announce_upgrade(desk.window, store)
    qtbot.waitUntil(box.isVisible)
    assert str(store.pre_migration_backup) in box.text()
    assert "升级" in box.windowTitle() + box.text()
    box.close()


def test_about_names_schema_and_data_folder(make_desk, qtbot, monkeypatch) -> None:
    from storage import migrations

    desk = make_desk("en")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    about = next(
        a
        for a in desk.window.findChildren(type(desk.window.menuBar().actions()[0]))
        if a.text().replace("&", "") == "About Leader Desk"
    )
    about.trigger()
    assert shown, "Help → About did not open"
    assert f"version {migrations.LATEST}" in shown[0]
    assert str(desk.app.store.path.parent) in shown[0]
    QApplication.processEvents()
