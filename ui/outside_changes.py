"""Changes made to the data file by another process: the command line beside the open desk
(`leader-app import`, `pickup`, `sync`) or a script.

A timer on the GUI thread asks SQLite's `PRAGMA data_version` on a connection of its own, which
moves whenever another connection commits. Only then does it read what the change log gained
since the last look, leaves out the transactions this desk made itself (its writer thread
announces those), and emits one `Changes` naming the tables, so each page refreshes as it does
after the desk's own saves.
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
        self._seq = changelog_sql.last_seq(store.conn)
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
        last = changelog_sql.last_seq(self.store.conn)
        if last < self._seq:  # the log went back: a restore replaced the file's content
            self._seq = last
            self._emit(set(TABLES))
            return
        tables: set[str] = set()
        seen: set[str] = set()
        for tx_id, table, seq in changelog_sql.touched_since(self.store.conn, self._seq):
            self._seq = max(self._seq, seq)
            if tx_id in self._own:
                seen.add(tx_id)
            else:
                tables.add(table)
        self._own -= seen
        if len(self._own) > 1000:  # own transactions that changed no row are never seen
            self._own.clear()
        if tables:
            log.info("outside change to %s", ", ".join(sorted(tables)))
            self._emit(tables)

    def _emit(self, tables: set[str]) -> None:
        changes = Changes(OUTSIDE, OUTSIDE)
        for table in tables:
            changes.ids[table] = set()  # which rows is not needed: pages refresh by table
        self.changed.emit(changes)

    def stop(self) -> None:
        self.timer.stop()
