"""UI fixtures: a real desk (store, writer thread, window) on a fresh file, offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def make_desk(qapp, tmp_path, monkeypatch):
    """Build a Desk in the given language over a store prepared by `setup(app)`."""
    from leader_app.app import LeaderApp
    from ui.app import Desk, make_qapp

    monkeypatch.setenv("LEADER_APP_LOG_DIR", str(tmp_path / "logs"))
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
    for desk in desks:
        desk.window.close()
        desk.close()


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
