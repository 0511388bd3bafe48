"""One desk per data file: a second start on the same store brings the first window forward."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtNetwork import QLocalServer, QLocalSocket


def channel(db_path: Path) -> str:
    return "leaderdesk-" + hashlib.sha1(str(Path(db_path).resolve()).encode()).hexdigest()[:16]


def ask_first_to_raise(db_path: Path, timeout_ms: int = 1500) -> bool:
    """True when a running desk on this file answered and was asked to come forward."""
    socket = QLocalSocket()
    socket.connectToServer(channel(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(b"raise\n")
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True


class InstanceServer:
    def __init__(self, db_path: Path, on_raise: Callable[[], None]) -> None:
        self.server = QLocalServer()
        name = channel(db_path)
        QLocalServer.removeServer(name)  # a stale socket left by a crashed desk
        self.server.listen(name)
        self.on_raise = on_raise
        self.server.newConnection.connect(self._connection)

    def _connection(self) -> None:
        conn = self.server.nextPendingConnection()
        if conn is not None:
            conn.readyRead.connect(lambda: (conn.readAll(), self.on_raise()))

    def close(self) -> None:
        self.server.close()
