"""The Sync page against a real HQ on loopback: enrol, sync, see it in the status bar."""

from __future__ import annotations

from leader_app.demo import generate
from tests.sync.conftest import HQProcess, free_port


def test_enrol_and_sync_from_the_page(qtbot, make_desk, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LEADER_APP_CREDENTIALS_DIR", str(tmp_path / "creds"))
    server = HQProcess(str(tmp_path / "hq.db"), free_port()).start()
    try:
        leader = server.add_leader()
        desk = make_desk("zh_CN", lambda app: generate(app, members=30, orders=200, seed=3))
        window = desk.window
        window.sidebar.setCurrentRow(7)
        page = window.sync
        assert window.sync_label.text() == "离线模式 · 未设置同步"
        page.server.setText(server.url)
        page.code.setText(leader["enrollment_code"])
        page.enrol()
        qtbot.waitUntil(lambda: "已发送" in page.state.text(), timeout=30_000)
        # "在线" can show a moment before the pending count catches up with the push
        qtbot.waitUntil(
            lambda: window.sync_label.text().startswith("在线 · 0 条改动待同步"), timeout=10_000
        )
        assert page.history.rowCount() >= 1
        assert server.stats(leader["leader_id"])["orders"] == 200
    finally:
        server.kill()


def test_sync_now_on_a_desk_that_is_not_enrolled_says_what_to_do(qtbot, make_desk) -> None:
    """立即同步 before enrolling: the page said "正在同步…" for ever. The round ends at once
    with the reason and the next step."""
    desk = make_desk("zh_CN", lambda app: generate(app, members=5, orders=10, seed=1))
    window = desk.window
    window.sidebar.setCurrentRow(7)
    page = window.sync
    page.sync_now()
    qtbot.waitUntil(lambda: "尚未" in page.state.text(), timeout=10_000)
    assert "登记码" in page.state.text() and "正在同步" not in page.state.text()
