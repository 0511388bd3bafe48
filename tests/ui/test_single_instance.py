"""A second start on the same store reaches the first desk instead of opening the file."""

from __future__ import annotations

from ui.single_instance import InstanceServer, ask_first_to_raise


def test_second_start_asks_the_first_to_come_forward(qtbot, tmp_path) -> None:
    db = tmp_path / "shop.db"
    raised = []
    server = InstanceServer(db, lambda: raised.append(True))
    try:
        assert ask_first_to_raise(db)
        qtbot.waitUntil(lambda: bool(raised), timeout=5_000)
        assert not ask_first_to_raise(tmp_path / "other.db", timeout_ms=300)
    finally:
        server.close()
