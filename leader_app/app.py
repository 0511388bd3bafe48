"""The application facade: one object that owns a store and exposes the write API."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from leader_app.arrival import ArrivalService
from leader_app.campaigns import CampaignService
from leader_app.catalog import CatalogService
from leader_app.members import MemberService
from leader_app.orders import OrderService
from leader_app.pickup import PickupService
from leader_app.refunds import RefundService
from leader_app.undo import undo
from storage import catalog_sql
from storage.db import Store, default_db_path
from storage.tx import Changes

# The desk's writer thread waits this long for a command-line write (a 100,000-line import
# takes several seconds) before a save fails; the window stays responsive meanwhile.
DESK_WRITE_WAIT = 60.0


class LeaderApp:
    """Services share one Store; every write they make is one transaction with its change log.
    Listeners added with `on_change` hear about each commit (the UI refreshes views from it)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.members = MemberService(store)
        self.catalog = CatalogService(store)
        self.campaigns = CampaignService(store)
        self.orders = OrderService(store)
        self.arrival = ArrivalService(store)
        self.refunds = RefundService(store)
        self._pickup: PickupService | None = None

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        wait_seconds: float = 0.0,
        check: bool = False,
        lock: bool = True,
        busy_seconds: float = 10.0,
    ) -> LeaderApp:
        """`lock=True` (the desk) takes the one-desk-per-file lock; the command line opens
        without it and shares the file with an open desk through SQLite's locking."""
        store = Store.open(
            path or default_db_path(),
            wait_seconds=wait_seconds,
            check=check,
            lock=lock,
            busy_seconds=busy_seconds,
        )
        app = cls(store)
        app.ensure_shop_secret()
        return app

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> LeaderApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pickup(self) -> PickupService:
        if self._pickup is None:
            self._pickup = PickupService(self.store, self.ensure_shop_secret(), self.orders)
        return self._pickup

    def on_change(self, callback: Any) -> None:
        self.store.add_listener(callback)

    def restore(self, source: Path | str) -> dict[str, Any]:
        """Replace the data with a verified backup; the current state is kept first and the
        pickups made since the backup are recorded again (leader_app/restore.py)."""
        from leader_app.restore import restore

        return restore(self.store, source)

    def repair(self) -> dict[str, Any]:
        """Integrity check, then REINDEX or a copy of every readable row; the damaged file is
        kept beside the store as `.damaged-<time>`."""
        from storage.repair import repair

        result = repair(self.store.conn, self.store.path)
        if result["method"] != "none":
            from storage import sync_sql

            with self.store.local():
                sync_sql.put(self.store.conn, "sync.verify_due", "1")
        return result

    def undo(self, tx_id: str) -> Changes:
        return undo(self.store, tx_id)

    # -- shop settings ----------------------------------------------------------------------
    def setting(self, key: str, default: str = "") -> str:
        value = catalog_sql.setting(self.store.conn, key)
        return default if value is None else value

    def is_set_up(self) -> bool:
        return bool(self.setting("shop_name"))

    def set_up_shop(
        self, shop_name: str, leader_name: str, pickup_point: str, pickup_address: str = ""
    ) -> None:
        with self.store.atomic("shop.setup") as tx:
            tx.put_setting("shop_name", shop_name.strip())
            tx.put_setting("leader_name", leader_name.strip())
            if pickup_point.strip():
                self.catalog.create_pickup_point(pickup_point, pickup_address, tx=tx)

    def ensure_shop_secret(self) -> str:
        """The per-shop key that signs pickup codes; made once, kept in the store (and so in
        every backup)."""
        secret = catalog_sql.setting(self.store.conn, "shop_secret")
        if secret is None:
            with self.store.atomic("shop.secret") as tx:
                # Read again under the write lock: another process (a CLI command beside the
                # desk) may have made it meanwhile, and codes already signed must stay valid.
                secret = catalog_sql.setting(self.store.conn, "shop_secret")
                if secret is None:
                    secret = secrets.token_hex(32)
                    tx.put_local("shop_secret", secret)
        return secret
