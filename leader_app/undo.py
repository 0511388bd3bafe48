"""Undo any transaction of the write API by replaying its change log backwards.

The undo is itself a logged transaction, so HQ receives it like any other change. It refuses
when a row was changed again since, rather than overwrite the later change, and when the
transaction is so old that its images shrank to the audit summary.
"""

from __future__ import annotations

from leader_app.errors import ConflictError, NotFoundError, ValidationError
from storage import changelog_sql
from storage.db import Store
from storage.tx import Changes


def undo(store: Store, tx_id: str) -> Changes:
    record = changelog_sql.tx(store.conn, tx_id)
    if record is None:
        raise NotFoundError("not_found", entity="change", id=tx_id)
    if record["undone_by"]:
        raise ValidationError("undo_already_done")
    if record["undoes"]:  # its deletes keep no image; the change can simply be made again
        raise ValidationError("undo_of_undo")
    with store.atomic(f"undo:{record['action']}", undoes=tx_id) as tx:
        changes = changelog_sql.changes_of(tx.conn, tx_id)
        if not changes:
            raise ValidationError("nothing_to_undo")
        if any(c["op"] != "insert" and c["before"] is None for c in changes):
            raise ValidationError("undo_too_old")  # its images shrank to the audit summary
        # Check everything first: no row may have been changed again since.
        since = changelog_sql.touched_since(tx.conn, record["last_seq"])
        for change in changes:
            if (change["entity"], change["entity_id"]) in since:
                raise ConflictError("undo_conflict", entity=change["entity"])
        for change in reversed(changes):
            table, key = change["entity"], change["entity_id"]
            if change["op"] == "insert":
                tx.delete(table, key, keep_image=False)
            elif change["op"] == "delete":
                tx.insert(table, change["before"])
            else:
                before = change["before"]
                tx.update(table, key, {k: v for k, v in before.items() if k != "id"})
        changelog_sql.mark_undone(tx.conn, tx_id, tx.tx_id)
    return tx.changes
