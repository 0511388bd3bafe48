"""SQLite storage: connection set-up, numbered migrations and all of Leader Desk's SQL."""

from storage.db import Store, default_db_path

__all__ = ["Store", "default_db_path"]
