"""Issue 12: one writer. Readers are read-only; the sync thread's catalog pull goes through the
writer thread and is announced like every other write; pages stop refreshing before the store
closes. A real HQ process, a real desk."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from tests.sync.conftest import HQProcess, free_port
from tests.ui.conftest import seed_shop, wait_idle


def test_reader_connections_are_read_only(make_desk) -> None:
    desk = make_desk("en", seed_shop)
    for reader in (desk.reader, desk.window.net.store):
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.conn.execute("UPDATE settings SET value = 'x' WHERE key = 'shop_name'")


def test_catalog_pull_goes_through_the_writer_and_every_page_hears_it(
    qtbot, make_desk, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("LEADER_APP_CREDENTIALS_DIR", str(tmp_path / "creds"))
    hq = HQProcess(str(tmp_path / "hq.db"), free_port()).start()
    try:
        hq.cli("publish-product", "--id", "hq-p-7", "--name", "黄岩蜜橘", "--spec", "5斤",
               "--price-fen", "3990")  # fmt: skip
        leader = hq.add_leader()
        desk = make_desk("en", seed_shop)
        heard = []
        desk.worker.changed.connect(lambda changes: heard.append(changes.action))
        # `enrolled` is emitted on the network thread: waitSignal's slot would run there and
        # stop its GUI-thread timer from it (a Qt warning), so wait on what it carries instead.
        enrolled: list = []
        desk.window.net.enrolled.connect(enrolled.append)
        desk.window.net.enroll(hq.url, leader["enrollment_code"], "desk")
        qtbot.waitUntil(lambda: bool(enrolled), timeout=20_000)
        desk.window.net.sync_now()
        qtbot.waitUntil(lambda: "sync.pull" in heard, timeout=20_000)
        wait_idle(qtbot, desk)
        catalog = desk.window.catalog.model
        names = [catalog.row(i)["name"] for i in range(catalog.rowCount())]
        assert "黄岩蜜橘" in names
        assert (
            desk.app.store.conn.execute(
                "SELECT COUNT(*) FROM products WHERE hq_id = 'hq-p-7'"
            ).fetchone()[0]
            == 1
        )
    finally:
        hq.kill()


def test_pages_stop_refreshing_before_the_store_closes(qtbot, qapp, tmp_path, monkeypatch) -> None:
    """A commit whose announcement is still queued for the GUI thread when the desk closes
    (what made test_scan_enter_confirm_then_double_scan_is_refused flaky under load)."""
    from leader_app.app import LeaderApp
    from ui.app import Desk, make_qapp

    monkeypatch.setenv("LEADER_APP_LOG_DIR", str(tmp_path / "logs"))
    make_qapp("en")
    app = LeaderApp.open(tmp_path / "shop.db")
    seed_shop(app)
    desk = Desk(app)
    desk.window.show()
    committed = threading.Event()

    def write(a) -> None:
        a.members.create({"name": "王五", "mobile": "13700137000"})
        committed.set()

    desk.worker.op(write).success(lambda _r: desk.window.refresh_all()).run_in_background()
    assert committed.wait(10)  # on the writer thread; the GUI thread has not heard yet
    desk.window.close()
    desk.close()
    qtbot.wait(200)  # the queued announcement and result arrive now: nothing may read
