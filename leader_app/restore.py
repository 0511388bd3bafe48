"""Restoring a backup without losing what happened since: the pickups the backup does not know
of are recorded again, so a restored order never becomes pickable a second time."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from leader_app.errors import StoreError
from storage import migrations, pickup_sql, sync_sql
from storage.backup import restore_from, verify
from storage.db import Store
from storage.repair import backup_loss, keep_damaged, problems

# What makes a desk enrolled with HQ, besides the token kept outside the store (sync/engine.py).
ENROLMENT = ("sync.server", "sync.device_id", "sync.leader_id")


def preview(store: Store, source: Path | str) -> dict[str, Any]:
    """What restoring `source` would lose, for the leader to read before saying yes."""
    source = Path(source)
    counts = verify(source)
    meta = _meta(source)
    return {"backup": str(source), "backup_at": meta.get("at", ""), "counts": counts,
            **backup_loss(store.conn, source)}  # fmt: skip


def restore(store: Store, source: Path | str) -> dict[str, Any]:
    """Replace the store's content with a verified backup. The current state is kept first (a
    verified pre-restore backup, or the damaged file as it is); pickups made since the backup
    are recorded again afterwards."""
    source = Path(source)
    verify(source)  # refuse a bad file before touching anything
    loss = backup_loss(store.conn, source)
    if problems(store.conn):
        safety = keep_damaged(store.path)
    else:
        try:
            safety = store.backups.make("pre-restore", str(source))
        except StoreError as exc:
            if exc.code == "store_disk_full":
                raise
            safety = keep_damaged(store.path)
    enrolment = {key: sync_sql.get(store.conn, key) for key in ENROLMENT}
    counts = restore_from(store.conn, source)
    store.migrated = migrations.apply(store.conn)  # a backup made before an upgrade
    again = record_pickups_again(store, loss, _meta(source).get("at", ""))
    kept = False
    with store.local():
        sync_sql.put(store.conn, "sync.verify_due", "1")  # HQ may hold what the desk lost
        if enrolment["sync.server"] and not sync_sql.get(store.conn, "sync.server"):
            # A backup from before this desk was enrolled: the desk stays enrolled (its token
            # is kept outside the store), and the verify round makes HQ equal to the desk.
            for key, value in enrolment.items():
                sync_sql.put(store.conn, key, value or "")
            kept = True
    return {
        "restored_from": str(source),
        "safety_backup": str(safety),
        "counts": counts,
        "lost_orders": loss["orders"],
        "lost_order_nos": loss["order_nos"],
        "pickups_recorded_again": again,
        "loss_readable": loss["readable"],
        "kept_enrolment": kept,
    }


def record_pickups_again(store: Store, loss: dict[str, Any], backup_at: str) -> int:
    """The goods of these orders were handed over after the backup was made. Record it again
    (with the original time and person) so the desk refuses a second hand-over."""
    if not loss["pickup_orders"] and not loss["picked_lines"]:
        return 0
    orders = 0
    with store.atomic("restore.pickups") as tx:
        for line in loss["picked_lines"]:
            row = tx.get("order_lines", line["line_id"])
            if row is not None and row["picked_qty"] < line["picked_qty"] <= row["quantity"]:
                tx.update("order_lines", row["id"], {"picked_qty": line["picked_qty"]})
        for picked in loss["pickup_orders"]:
            order = tx.get("orders", picked["order_id"])
            if order is None or order["status"] != "placed":
                continue
            for line in pickup_sql.lines(tx.conn, order["id"]):
                if line["picked_qty"] != line["quantity"]:
                    tx.update("order_lines", line["id"], {"picked_qty": line["quantity"]})
            tx.update(
                "orders",
                order["id"],
                {
                    "status": "picked_up",
                    "picked_up_at": picked["picked_up_at"] or backup_at or tx.at,
                    "picked_up_by": picked["picked_up_by"] or "",
                    "updated_at": tx.at,
                },
            )
            orders += 1
    return orders


def restore_file(path: Path, backup: Path, backup_at: str, loss: dict[str, Any] | None) -> Any:
    """Put a verified backup in place of a file the store cannot open; the old file is kept
    (`.damaged-<time>`) and the pickups it still shows are recorded again."""
    verify(backup)
    if path.exists() and path.stat().st_size:
        keep_damaged(path)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    tmp = path.with_name(path.name + ".restoring")
    shutil.copyfile(backup, tmp)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    from leader_app.app import LeaderApp

    app = LeaderApp.open(path, check=True)
    if loss and loss.get("readable"):
        record_pickups_again(app.store, loss, backup_at)
    with app.store.local():
        sync_sql.put(app.store.conn, "sync.verify_due", "1")
    return app


def backup_time(source: Path) -> str:
    """When a backup was made, from its sidecar ('' when it has none)."""
    return str(_meta(Path(source)).get("at", ""))


def _meta(source: Path) -> dict[str, Any]:
    import json

    try:
        return json.loads(source.with_suffix(".json").read_text())
    except (OSError, ValueError):
        return {}
