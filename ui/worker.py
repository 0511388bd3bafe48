"""The one thread that writes to the store.

Every write from the UI is an Op: a function of the LeaderApp run on the worker thread, ending
in exactly one of success or failure on the GUI thread (Anki's CollectionOp). Commits are
announced with `changed`, so pages refresh what the change touched.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from leader_app.app import LeaderApp
from leader_app.jobs import CancelToken

log = logging.getLogger("leader_desk.worker")


class Op:
    def __init__(self, worker: DbWorker, fn: Callable[[LeaderApp], Any]) -> None:
        self.worker = worker
        self.fn = fn
        self._success: Callable[[Any], None] = lambda _result: None
        self._failure: Callable[[BaseException], None] | None = None
        self._progress: Callable[[int, int], None] | None = None
        self.token = CancelToken()

    def success(self, callback: Callable[[Any], None]) -> Op:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op:
        self._failure = callback
        return self

    def progress(self, callback: Callable[[int, int], None]) -> Op:
        self._progress = callback
        return self

    def run_in_background(self) -> Op:
        self.worker.submit(self)
        return self


class DbWorker(QObject):
    _submit = Signal(object)
    _done = Signal(object, object, object)  # op, result, error
    _progress = Signal(object, int, int)
    changed = Signal(object)  # Changes, on the GUI thread
    busy = Signal(bool)

    def __init__(self, app: LeaderApp, on_unhandled: Callable[[BaseException], None]) -> None:
        super().__init__()
        self.app = app
        self._on_unhandled = on_unhandled
        self._pending: set[Op] = set()
        self.stopped = False
        self._thread = QThread()
        self._thread.setObjectName("db-writer")
        self.moveToThread(self._thread)
        # Emitted from the worker thread, delivered queued to receivers in the GUI thread.
        self._submit.connect(self._run)
        app.on_change(self.changed.emit)
        self._receiver = _Receiver(self)
        self._done.connect(self._receiver.finish)
        self._progress.connect(self._receiver.progress)
        self._thread.start()

    def submit(self, op: Op) -> None:
        self._pending.add(op)
        self.busy.emit(True)
        self._submit.emit(op)

    def op(self, fn: Callable[[LeaderApp], Any]) -> Op:
        return Op(self, fn)

    @Slot(object)
    def _run(self, op: Op) -> None:
        try:
            if op._progress is not None:
                result = op.fn(self.app, lambda d, t: self._progress.emit(op, d, t), op.token)
            else:
                result = op.fn(self.app)
        except BaseException as exc:  # every op ends in a result or an error, never silence
            self._done.emit(op, None, exc)
        else:
            self._done.emit(op, result, None)

    def run_write(self, fn: Callable[[Any], Any], timeout: float = 120.0) -> Any:
        """From another thread (the network's): run fn(store) on the writer thread as an
        operation, wait for it and return its result or raise its error. Its commits are
        announced with `changed` like every other write, so every page refreshes."""
        box: dict[str, Any] = {}
        done = threading.Event()

        def job(app: LeaderApp) -> None:
            try:
                box["result"] = fn(app.store)
            except BaseException as exc:  # handed back to the caller's thread
                box["error"] = exc
            finally:
                done.set()

        self.op(job).failure(lambda _exc: None).run_in_background()
        if not done.wait(timeout):
            raise TimeoutError("the writer thread did not take the sync's write in time")
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def is_idle(self) -> bool:
        return not self._pending

    def stop(self) -> None:
        """After this no callback runs: a result still on its way to the GUI thread would
        refresh pages over a store that is about to close."""
        self.stopped = True
        self._thread.quit()
        self._thread.wait(10_000)


class _Receiver(QObject):
    """Lives on the GUI thread and runs the callbacks there."""

    def __init__(self, worker: DbWorker) -> None:
        super().__init__()
        self.worker = worker

    @Slot(object, object, object)
    def finish(self, op: Op, result: Any, error: BaseException | None) -> None:
        self.worker._pending.discard(op)
        if self.worker.stopped:
            return
        self.worker.busy.emit(bool(self.worker._pending))
        if error is None:
            op._success(result)
        elif op._failure is not None:
            op._failure(error)
        else:
            self.worker._on_unhandled(error)

    @Slot(object, int, int)
    def progress(self, op: Op, done: int, total: int) -> None:
        if op._progress is not None and not self.worker.stopped:
            op._progress(done, total)
