"""What an import did, for the CLI's --json, the report dialog and the saved report sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from leader_app.importing.records import RowError


@dataclass
class ImportReport:
    path: str
    kind: str
    campaign_id: str | None = None
    rows: int = 0
    orders_imported: int = 0
    orders_skipped_duplicate: int = 0
    lines: int = 0
    members_created: int = 0
    members_matched: int = 0
    products_created: int = 0
    products_updated: int = 0  # a product list's rows for products already in the catalog
    new_products: list[str] = field(default_factory=list)
    items_added: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    tx_id: str | None = None
    dry_run: bool = False
    layout: str = ""  # 快团团 · 普通团, or '' for a layout not in the table
    sheet: str = ""
    orders_updated: int = 0
    orders_cancelled: int = 0
    orders_refunded: int = 0
    orders_flagged: int = 0
    # Orders held back whole because a cell of theirs is in errors, and all their lines: the
    # errors name only the cells, not the other lines of the same order.
    orders_refused: int = 0
    lines_refused: int = 0
    changes: list[dict[str, Any]] = field(default_factory=list)
    # The import's transaction changed the store. False for a re-import that found every
    # order already there: it has nothing to take back.
    changed_store: bool = False

    @property
    def imported_anything(self) -> bool:
        return bool(
            self.orders_imported
            or self.members_created
            or self.members_matched
            or self.products_created
            or self.products_updated
            or self.items_added
            or self.orders_updated
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "campaign_id": self.campaign_id,
            "kind": self.kind,
            "rows": self.rows,
            "orders_imported": self.orders_imported,
            "orders_skipped_duplicate": self.orders_skipped_duplicate,
            "lines": self.lines,
            "members_created": self.members_created,
            "members_matched": self.members_matched,
            "products_created": self.products_created,
            "products_updated": self.products_updated,
            "items_added": self.items_added,
            "new_products": self.new_products,
            "errors": [e.as_json() for e in self.errors],
            "warnings": [w.as_json() for w in self.warnings],
            "dry_run": self.dry_run,
            "tx_id": self.tx_id,
            "layout": self.layout,
            "sheet": self.sheet,
            "orders_updated": self.orders_updated,
            "orders_cancelled": self.orders_cancelled,
            "orders_refunded": self.orders_refunded,
            "orders_flagged": self.orders_flagged,
            "orders_refused": self.orders_refused,
            "lines_refused": self.lines_refused,
            "changes": self.changes,
        }
