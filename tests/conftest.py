"""Shared fixtures: a fresh real SQLite store per test, and a small populated shop."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from leader_app.app import LeaderApp

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "samples"  # copied from shared/samples/ so the suite is self-contained


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "shop.db"


@pytest.fixture
def fresh_db(db_path: Path):
    app = LeaderApp.open(db_path)
    yield app
    app.close()


@pytest.fixture
def shop(fresh_db: LeaderApp) -> dict[str, Any]:
    """One open campaign with two products (草莓 capped at 10, 鸡蛋 limited to 2 a member) and
    two members."""
    app = fresh_db
    strawberry = app.catalog.create(
        {
            "name": "丹东草莓",
            "spec": "500g/盒",
            "unit": "盒",
            "price_fen": "29.9",
            "commission_bp": "10%",
        }
    )
    eggs = app.catalog.create(
        {
            "name": "散养土鸡蛋",
            "spec": "30枚",
            "unit": "盒",
            "price_fen": "¥35.80",
            "commission_bp": 800,
        }
    )
    campaign = app.campaigns.create(
        {
            "title": "11月28日 水果生鲜团",
            "pickup_on": "2026-11-28",
            "deadline_at": "2026-11-27 20:00",
        }
    )
    item_s = app.campaigns.add_item(campaign["id"], strawberry["id"], {"stock_cap": 10})
    item_e = app.campaigns.add_item(campaign["id"], eggs["id"], {"member_limit": 2})
    app.campaigns.set_status(campaign["id"], "open")
    zhang = app.members.create(
        {
            "name": "张三",
            "mobile": "138 0013 8000",
            "nickname": "小雨妈妈",
            "building": "3",
            "unit": "2",
            "room": "501",
        }
    )
    li = app.members.create({"name": "李四", "mobile": "+86 139-0013-9000"})
    return {
        "app": app,
        "campaign": campaign,
        "strawberry": item_s,
        "eggs": item_e,
        "zhang": zhang,
        "li": li,
    }


def dump(path: Path) -> list[str]:
    """Every row of every table, for 'nothing changed' assertions."""
    conn = sqlite3.connect(path)
    try:
        lines = list(conn.iterdump())
    finally:
        conn.close()
    return lines


def table_dump(app: LeaderApp) -> dict[str, list[tuple]]:
    conn = app.store.conn
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY rowid")] for t in tables
    }
