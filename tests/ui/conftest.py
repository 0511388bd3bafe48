"""UI fixtures: a real desk (store, writer thread, window) on a fresh file, offscreen.

Every UI test runs under `qt_warnings`: a Qt message handler that turns any Qt warning
(an ambiguous shortcut, a failed connection, a missing plugin, a bad style sheet) into a
failure of the test that caused it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]

# Messages the offscreen platform itself prints for calls a real window system supports; they
# say nothing about the desk. Keep this list short and explained.
PLATFORM_NOISE = (
    re.compile(r"^This plugin does not support "),  # offscreen: propagateSizeHints(), raise()
)


class QtWarnings:
    """Collects Qt's warnings, critical and fatal messages while a UI test runs."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def handler(self, mode, context, message: str) -> None:
        from PySide6.QtCore import QtMsgType

        if mode in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            return
        if any(p.search(message) for p in PLATFORM_NOISE):
            return
        category = context.category if context else ""
        where = f" [{category}]" if category and category != "default" else ""
        self.messages.append(f"{mode.name}: {message}{where}")

    def expect(self, pattern: str) -> str:
        """Take one expected warning out of the list (for tests that provoke one on purpose)."""
        for i, text in enumerate(self.messages):
            if re.search(pattern, text):
                return self.messages.pop(i)
        raise AssertionError(f"no Qt warning matching {pattern!r}; got {self.messages}")

    def check(self, when: str) -> None:
        if self.messages:
            found, self.messages = self.messages, []
            pytest.fail(f"Qt warned during {when}:\n  " + "\n  ".join(found), pytrace=False)


def pytest_collection_modifyitems(config, items) -> None:
    # Our handler owns Qt's message output for UI tests; pytest-qt's own capture would replace it.
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.no_qt_log)


@pytest.fixture(autouse=True)
def qt_warnings(qapp):
    """Installed first and torn down last, so it also sees the warnings of closing windows."""
    from PySide6.QtCore import qInstallMessageHandler

    collector = QtWarnings()
    previous = qInstallMessageHandler(collector.handler)
    try:
        yield collector
    finally:
        qInstallMessageHandler(previous)
    collector.check("set-up or tear-down")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    collector = getattr(item, "funcargs", {}).get("qt_warnings")
    if collector is not None:
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        collector.check("the test")
    return result


@pytest.fixture
def make_desk(qapp, tmp_path, monkeypatch):
    """Build a Desk in the given language over a store prepared by `setup(app)`."""
    from PySide6.QtCore import QSettings

    from leader_app.app import LeaderApp
    from ui.app import Desk, make_qapp

    monkeypatch.setenv("LEADER_APP_LOG_DIR", str(tmp_path / "logs"))
    # The window's place and the language choice go to this test's own settings file.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    desks = []

    def build(lang: str = "en", setup=None) -> Desk:
        make_qapp(lang)
        app = LeaderApp.open(tmp_path / "shop.db")
        if setup is not None:
            setup(app)
        desk = Desk(app)
        desks.append(desk)
        return desk

    yield build
    from PySide6.QtCore import QCoreApplication, QEvent

    for desk in desks:
        desk.window.close()
        desk.close()
        # Delete the window now: its timers (search count, Today's countdown) must not fire
        # into the next test against this test's closed database.
        desk.window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def seed_shop(app) -> None:
    """The same little shop as tests/conftest.py's `shop` fixture, for UI tests."""
    app.set_up_shop("幸福里社区团购", "王店长", "北门便利店")
    s = app.catalog.create(
        {"name": "丹东草莓", "spec": "500g/盒", "unit": "盒", "price_fen": "29.9"}
    )
    e = app.catalog.create(
        {"name": "散养土鸡蛋", "spec": "30枚", "unit": "盒", "price_fen": "35.8"}
    )
    c = app.campaigns.create(
        {"title": "11月28日 水果生鲜团", "pickup_on": "2026-11-28"},
        [{"product_id": s["id"]}, {"product_id": e["id"]}],
    )
    app.campaigns.set_status(c["id"], "open")
    app.members.create(
        {
            "name": "张三",
            "mobile": "13800138000",
            "nickname": "小雨妈妈",
            "building": "3",
            "unit": "2",
            "room": "501",
        }
    )
    app.members.create({"name": "李四", "mobile": "13900139000"})


def wait_idle(qtbot, desk) -> None:
    qtbot.waitUntil(desk.worker.is_idle, timeout=10_000)
