"""What every CLI command shares: opening the store, printing text or JSON, user errors."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any

# seconds a write waits for another process's write transaction (the open desk's, another
# command's) before it gives up and says so; reads never wait (WAL)
CLI_LOCK_WAIT = float(os.environ.get("LEADER_APP_LOCK_WAIT", "30"))


class UserError(Exception):
    """A one-line problem with the command itself."""


def open_app(args: argparse.Namespace, *, desk_lock: bool = False):
    """Commands work beside an open desk: no desk lock, SQLite's locking between writers.
    `desk_lock` is for a command that must not run under an open desk (restore)."""
    from leader_app.app import LeaderApp

    app = LeaderApp.open(getattr(args, "db", None), lock=desk_lock, busy_seconds=CLI_LOCK_WAIT)
    store = app.store
    if getattr(args, "campaign", None):
        try:
            args.campaign = campaign_id(store.conn, args.campaign)
        except UserError:
            app.close()
            raise
    if store.pre_migration_backup is not None:  # said once: the next open has nothing to migrate
        print(
            f"leader-app: upgraded {store.path} to schema {store.migrated[-1]}; "
            f"the copy from before is {store.pre_migration_backup}",
            file=sys.stderr,
        )
    return app


def campaign_id(conn: Any, given: str) -> str:
    """`--campaign` takes a campaign's id, or its title as the leader knows it (草莓团): a
    title that names one campaign gives its id. Anything else is left for the command to
    refuse (not found)."""
    from storage import campaigns_sql

    campaigns = campaigns_sql.titles(conn)
    if any(c["id"] == given for c in campaigns):
        return given
    named = [c for c in campaigns if c["title"].strip() == given.strip()]
    if len(named) > 1:
        listed = ", ".join(c["id"] for c in named)
        raise UserError(f"{len(named)} campaigns are called “{given}”; give one's id: {listed}")
    return named[0]["id"] if named else given


def warn_if_damaged(app) -> bool:
    """Read commands still answer from a damaged file, but say so on stderr first."""
    import sqlite3
    import sys

    try:
        result = app.store.conn.execute("PRAGMA quick_check(5)").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    if result == "ok":
        return False
    print(
        f"leader-app: warning: the data file is damaged ({result}); what follows may be "
        "incomplete. Run `leader-app repair`.",
        file=sys.stderr,
        flush=True,
    )
    return True


def emit(args: argparse.Namespace, data: Any, text: Callable[[], str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(text())


def damaged_message(exc: Exception) -> str:
    """What a command says when SQLite finds the data file damaged."""
    return (
        f"the data file cannot be read ({exc}); nothing was changed. Run "
        "`leader-app repair`, or restore a backup (`leader-app backups`)."
    )


def emit_error(args: argparse.Namespace, code: str, message: str, **extra: Any) -> None:
    """With --json, a failure is one JSON object on stdout too, so a script reading stdout
    always gets an answer; the one-line message on stderr and exit 1 stay with cli.run."""
    if getattr(args, "json", False):
        out = {"error": {"code": code, "message": message}, **extra}
        print(json.dumps(out, ensure_ascii=False), flush=True)


def json_errors(
    handler: Callable[[argparse.Namespace], int],
) -> Callable[[argparse.Namespace], int]:
    """Wrap a command so that with --json its refusals, too, are one JSON object on stdout:
    {"error": {"code", "message"}}, with the refused rows' "errors" when there are any."""
    import functools
    import sqlite3

    from leader_app.errors import LeaderError

    @functools.wraps(handler)
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except LeaderError as exc:
            rows = exc.args_map.get("errors") or []
            extra = {"errors": [e.as_json() for e in rows]} if rows else {}
            emit_error(args, exc.code, exc.english(), **extra)
            raise
        except UserError as exc:
            emit_error(args, "usage", str(exc))
            raise
        except sqlite3.DatabaseError as exc:
            emit_error(args, "store_corrupt", damaged_message(exc))
            raise

    return wrapped
