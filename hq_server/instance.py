"""This HQ process as the owner of batch claims, with a heartbeat.

A claim names the instance applying the batch. Another request for that batch may take the
claim over as soon as its owner is known dead: on the same host its pid is gone (a restarted HQ
reclaims its killed predecessor's claims at once); on another host its heartbeat is older
than `dead_after`. The claim timeout stays as the last resort for an owner that is alive but
stuck. Taking over is safe even when the belief is wrong: the apply transaction first re-checks,
under the row lock, that its process still owns the claim, and rolls back otherwise, so a
batch is never committed by two owners.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from pathlib import Path

from hq_server.db import Database

log = logging.getLogger("hq_server")
HEARTBEAT = 1.0  # seconds between beats
DEAD_AFTER = 5.0  # a heartbeat older than this: the owner is gone


def host_id() -> str:
    """The host, and its boot: pids from before a reboot mean nothing."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        boot = ""
    return f"{socket.gethostname()}:{boot}"[:200]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    try:  # a killed child not yet reaped is a zombie: dead for our purpose
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


class Instance:
    def __init__(
        self, db: Database, heartbeat: float = HEARTBEAT, dead_after: float = DEAD_AFTER
    ) -> None:
        self.db, self.heartbeat, self.dead_after = db, heartbeat, dead_after
        self.id = str(uuid.uuid4())
        self.host, self.pid = host_id(), os.getpid()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> Instance:
        with self._lock:
            if self._thread is not None:
                return self
            with self.db.transaction() as cur:
                cur.execute(
                    "INSERT INTO instances (id, host, pid, started_at, heartbeat) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        self.id,
                        self.host,
                        self.pid,
                        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                        time.time(),
                    ),
                )
                # instances stopped or silent for a day are history
                cur.execute(
                    "DELETE FROM instances WHERE heartbeat < ? AND id <> ?",
                    (time.time() - 86_400, self.id),
                )
            self._thread = threading.Thread(target=self._beat, name="hq-heartbeat", daemon=True)
            self._thread.start()
        return self

    def _beat(self) -> None:
        while not self._stop.wait(self.heartbeat):
            try:
                with self.db.transaction(pooled=False) as cur:
                    cur.execute(
                        "UPDATE instances SET heartbeat = ? WHERE id = ?", (time.time(), self.id)
                    )
            except Exception:  # the database is away for a moment: beat again later
                log.warning("heartbeat failed", exc_info=True)

    def stop(self) -> None:
        """A clean shutdown: nothing of ours is in progress any more."""
        self._stop.set()
        if self._thread is not None:
            try:
                with self.db.transaction() as cur:
                    cur.execute("UPDATE instances SET stopped = 1 WHERE id = ?", (self.id,))
            except Exception:
                log.warning("could not mark this instance stopped", exc_info=True)

    def owner_gone(self, cur, owner: str | None) -> bool:
        """Is the instance that holds a claim known to be dead?"""
        if owner is None or owner == self.id:
            return False
        row = cur.one("SELECT host, pid, heartbeat, stopped FROM instances WHERE id = ?", (owner,))
        if row is None:
            return True
        host, pid, beat, stopped = row
        if stopped:
            return True
        if host == self.host:  # the pid decides; a live but stuck one waits for the timeout
            return pid == self.pid or not pid_alive(int(pid))  # ours now, or nobody's: gone
        return time.time() - float(beat) > self.dead_after
