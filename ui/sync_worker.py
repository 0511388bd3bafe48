"""Network I/O on its own thread: sync rounds on a timer, after local changes, and as soon as
the network comes back. Never blocks the UI; every round ends in a result signal."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from storage.db import Store
from sync.engine import SyncEngine, SyncResult, SyncStopped, enroll
from sync.outbox import Writer

log = logging.getLogger("leader_desk.sync")
INTERVAL_MS = 30_000


class NetWorker(QObject):
    round_done = Signal(object)  # SyncResult
    status = Signal(dict)  # pending, last_success, last_error, server, rejected
    enrolled = Signal(object)  # dict, or SyncStopped
    _sync = Signal()
    _enroll = Signal(str, str, str)
    _halt = Signal()

    def __init__(self, reader: Store, write: Writer | None = None) -> None:
        """`reader` is read-only; `write` runs the sync's writes (outbox bookkeeping, acks,
        catalog pulls) on the writer thread, so there is one writer and pulls are announced."""
        super().__init__()
        self.store = reader
        self.write = write
        self.engine = SyncEngine(reader, write=write)
        self.thread = QThread()
        self.thread.setObjectName("network")
        self.moveToThread(self.thread)
        self._sync.connect(self._run)
        self._enroll.connect(self._do_enroll)
        self._halt.connect(self._do_halt)
        self.timer: QTimer | None = None
        self.thread.started.connect(self._start_timer)
        self.running = False
        self.stopping = False
        self.thread.start()

    # -- called from the GUI thread ---------------------------------------------------------
    def sync_now(self) -> None:
        self._sync.emit()

    def enroll(self, server: str, code: str, name: str) -> None:
        self._enroll.emit(server, code, name)

    def stop(self) -> None:
        """Timers belong to the network thread: it stops its own, then the thread ends."""
        self.stopping = True
        self._halt.emit()
        self.thread.wait(15_000)

    # -- on the network thread -----------------------------------------------------------------
    @Slot()
    def _do_halt(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer.deleteLater()
            self.timer = None
        self.thread.quit()

    @Slot()
    def _start_timer(self) -> None:
        self.timer = QTimer()
        self.timer.timeout.connect(self._run)
        self.timer.start(INTERVAL_MS)
        self._watch_network()
        self._emit_status()

    def _watch_network(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadDefaultBackend():
                info = QNetworkInformation.instance()
                info.reachabilityChanged.connect(self._reachability)
        except Exception:  # noqa: BLE001 - no backend (headless): the timer still retries
            log.info("no network-reachability backend; relying on the retry timer")

    @Slot(object)
    def _reachability(self, reachability: Any) -> None:
        if "Online" in str(reachability):
            self._run()

    @Slot()
    def _run(self) -> None:
        if self.running or self.stopping:
            return
        if not self.engine.status()["server"]:
            # Say so: the page shows "Syncing…" until a round ends, and it would never end.
            self.round_done.emit(SyncResult(problem="not_enrolled"))
            self._emit_status()
            return
        self.running = True
        try:
            result = self.engine.sync_once(deadline_seconds=20, should_stop=lambda: self.stopping)
        except Exception as exc:  # noqa: BLE001 - a round must end in a result, never silence
            log.exception("sync round failed")
            result = SyncResult(problem="server", detail={"status": type(exc).__name__})
        finally:
            self.running = False
        self.round_done.emit(result)
        self._emit_status()

    @Slot(str, str, str)
    def _do_enroll(self, server: str, code: str, name: str) -> None:
        try:
            self.enrolled.emit(enroll(self.store, server, code, name, self.write))
        except SyncStopped as stop:
            self.enrolled.emit(stop)
        self._emit_status()

    def _emit_status(self) -> None:
        self.status.emit(self.engine.status())
