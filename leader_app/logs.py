"""A rotating log file in the user log folder; unexpected errors always end up here."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

_configured: Path | None = None


def log_dir() -> Path:
    env = os.environ.get("LEADER_APP_LOG_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_log_dir("LeaderDesk", appauthor=False))


def setup_logging(directory: Path | None = None) -> Path:
    """Idempotent; returns the log file's path."""
    global _configured
    if _configured is not None:
        return _configured
    folder = directory or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "leader-desk.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = path
    return path
