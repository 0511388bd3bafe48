"""Changes made to the data file by another process: the command line beside the open desk
(`leader-app import`, `pickup`, `sync`) or a script.

A timer on the GUI thread asks SQLite's `PRAGMA data_version` on a connection of its own, which
moves whenever another connection commits. Only then does it read which transactions tx_log
gained since the last look, leaves out those this desk made itself (its writer thread announces
them), and emits one `Changes` for the rest, so the pages refresh as after the desk's own saves.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from storage import changelog_sql
from storage.db import Store
from storage.tx import TABLES, Changes

log = logging.getLogger("leader_desk.outside")
POLL_MS = 500  # a change made outside shows within about half a second (the goal is 2 s)
OUTSIDE = "outside"  # the action of the Changes emitted: never on the desk's undo stack


class OutsideChanges(QObject):
    changed = Signal(object)  # Changes, on the GUI thread

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store  # a connection of its own, never written through
        self._own: set[str] = set()  # tx ids this desk committed (added on the writer thread)
        self._version = store.data_version()
        self._position = changelog_sql.last_tx(store.conn)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def note_own(self, changes: Changes) -> None:
        """A store listener: called on the writer thread right after each of the desk's own
        commits (set.add is atomic). A poll that runs in between sees that transaction as
        outside and refreshes once more; nothing worse."""
        self._own.add(changes.tx_id)

    def poll(self) -> None:
        version = self.store.data_version()
        if version == self._version:
            return
        self._version = version
        conn = self.store.conn
        last = changelog_sql.last_tx(conn)
        outside = last < self._position  # the log went back: a restore replaced the content
        if outside:
            self._position = last
        for position, tx_id in changelog_sql.txs_since(conn, self._position):
            self._position = position
            if tx_id in self._own:
                self._own.discard(tx_id)
            else:
                outside = True
        if len(self._own) > 1000:  # a safety net; own ids are normally seen within a poll
            self._own.clear()
        if outside:
            # Which rows changed is not read: after a 100,000-line import from the command
            # line that would mean the change log's row images on the GUI thread. Outside
            # changes are rare, so every page refreshes, as each does after its own saves.
            log.info("the data file was changed by another process; refreshing")
            changes = Changes(OUTSIDE, OUTSIDE)
            for table in TABLES:
                changes.ids[table] = set()
            self.changed.emit(changes)

    def stop(self) -> None:
        self.timer.stop()
