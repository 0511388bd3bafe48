"""Campaigns (团购活动): product lists, caps, deadlines, statuses and copying (复制团)."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date
from typing import Any

from leader_app.clock import parse_date, parse_local_datetime, to_local
from leader_app.errors import ConflictError, NotFoundError, ValidationError
from leader_app.i18n import QT_TRANSLATE_NOOP
from leader_app.normalize import clean_text, commission_fen, parse_money, parse_quantity
from storage import arrival_sql, campaigns_sql, catalog_sql, suggestions_sql
from storage.db import Store
from storage.tx import Tx, new_id

STATUSES = ("draft", "open", "closed", "arrived", "done")
STATUS_LABELS = {
    "draft": QT_TRANSLATE_NOOP("status", "Draft"),
    "open": QT_TRANSLATE_NOOP("status", "Open"),
    "closed": QT_TRANSLATE_NOOP("status", "Closed"),
    "arrived": QT_TRANSLATE_NOOP("status", "Arrived"),
    "done": QT_TRANSLATE_NOOP("status", "Done"),
}
# What the lists show for an open campaign whose deadline has passed: it still takes a late
# order until the leader closes it (Next step), but it is no longer "open" to the leader's eye.
PAST_DEADLINE = QT_TRANSLATE_NOOP("status", "Open, past deadline")
# Forward along the life cycle; closed may reopen for a late order.
TRANSITIONS = {
    "draft": {"open"},
    "open": {"closed"},
    "closed": {"open", "arrived"},
    "arrived": {"done"},
    "done": set(),
}


def _optional_count(value: Any, field: str) -> int | None:
    if value in (None, "", 0, "0"):
        return None
    try:
        return parse_quantity(value)
    except ValidationError as exc:
        raise exc.with_field(field) from None


def validate_item(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "price_fen" in data:
        value = data["price_fen"]
        try:
            out["price_fen"] = value if isinstance(value, int) else parse_money(value)
        except ValidationError as exc:
            raise exc.with_field("price_fen") from None
    for key in ("stock_cap", "member_limit"):
        if key in data:
            out[key] = _optional_count(data[key], key)
    if "commission_bp" in data:
        out["commission_bp"] = int(data["commission_bp"])
    return out


def order_prefix(pickup_on: str | None, fallback: str) -> str:
    """Order numbers read like 1128-0042: the pickup day, then a running number."""
    source = pickup_on or fallback[:10]
    try:
        day = date.fromisoformat(source)
        return f"{day.month:02d}{day.day:02d}"
    except ValueError:
        return "0000"


def free_prefix(prefix: str, taken: Collection[str]) -> str:
    """1128 if no campaign numbers its orders 1128-… yet, else 1128B, then 1128C: at the
    pickup point and in a search, 1128-0042 is one order, not one in every campaign that is
    picked up that day."""
    n, candidate = 1, prefix
    while candidate in taken:
        n += 1
        candidate = prefix + _letters(n)
    return candidate


def _letters(n: int) -> str:
    """2 → B, 26 → Z, 27 → AA: spreadsheet column letters."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


class CampaignService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, campaign_id: str) -> dict[str, Any]:
        row = campaigns_sql.get(self.store.conn, campaign_id)
        if row is None:
            raise NotFoundError("not_found", entity="campaign", id=campaign_id)
        return row

    def items(self, campaign_id: str) -> list[dict[str, Any]]:
        return campaigns_sql.items(self.store.conn, campaign_id)

    def create(
        self, data: dict[str, Any], items: list[dict[str, Any]] | None = None, tx: Tx | None = None
    ) -> dict[str, Any]:
        if tx is None:
            with self.store.atomic("campaign.create") as own:
                return self.create(data, items, own)
        values = self._validate(data)
        if not values.get("title"):
            raise ValidationError("campaign_title_required").with_field("title")
        row = {
            "id": new_id(),
            "status": "draft",
            "deadline_at": None,
            "pickup_on": None,
            "pickup_point_ids": "[]",
            "copied_from": None,
            "notes": "",
            **values,
            "created_at": tx.at,
            "updated_at": tx.at,
        }
        prefix = order_prefix(row["pickup_on"], tx.at)
        row["order_prefix"] = free_prefix(prefix, campaigns_sql.order_prefixes(tx.conn, prefix))
        tx.insert("campaigns", row)
        for item in items or []:
            self.add_item(row["id"], item["product_id"], item, tx=tx)
        return row

    def update(self, campaign_id: str, data: dict[str, Any]) -> dict[str, Any]:
        values = self._validate(data)
        if "title" in values and not values["title"]:
            raise ValidationError("campaign_title_required").with_field("title")
        with self.store.atomic("campaign.update") as tx:
            self._require(tx, campaign_id)
            return tx.update("campaigns", campaign_id, {**values, "updated_at": tx.at})

    def save(
        self, campaign_id: str | None, data: dict[str, Any], items: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """The campaign dialog's Save: fields and the whole product list in one transaction.
        `items` rows carry `product_id` and optionally the existing item `id`; items left out
        are removed (refused if they have orders)."""
        with self.store.atomic("campaign.save") as tx:
            if campaign_id is None:
                campaign = self.create(data, items, tx=tx)
                return campaign
            self._require(tx, campaign_id)
            values = self._validate(data)
            if "title" in values and not values["title"]:
                raise ValidationError("campaign_title_required").with_field("title")
            tx.update("campaigns", campaign_id, {**values, "updated_at": tx.at})
            current = {i["id"]: i for i in campaigns_sql.items(tx.conn, campaign_id)}
            kept = {i["id"] for i in items if i.get("id")}
            for item_id, item in current.items():
                if item_id not in kept:
                    if campaigns_sql.item_has_orders(tx.conn, item_id):
                        raise ConflictError("campaign_item_in_use", name=item["name"])
                    tx.delete("campaign_items", item_id)
            for position, item in enumerate(items):
                fields = {
                    k: item[k] for k in ("price_fen", "stock_cap", "member_limit") if k in item
                }
                if item.get("id") in current:
                    tx.update(
                        "campaign_items",
                        item["id"],
                        {**validate_item(fields), "position": position},
                    )
                else:
                    row = self.add_item(campaign_id, item["product_id"], fields, tx=tx)
                    tx.update("campaign_items", row["id"], {"position": position})
            return tx.get("campaigns", campaign_id)

    def set_status(self, campaign_id: str, status: str) -> dict[str, Any]:
        with self.store.atomic("campaign.status") as tx:
            current = self._require(tx, campaign_id)
            if status not in TRANSITIONS.get(current["status"], set()):
                raise ConflictError(
                    "campaign_status_step", from_status=current["status"], to_status=status
                )
            return tx.update("campaigns", campaign_id, {"status": status, "updated_at": tx.at})

    def add_item(
        self,
        campaign_id: str,
        product_id: str,
        data: dict[str, Any] | None = None,
        tx: Tx | None = None,
    ) -> dict[str, Any]:
        if tx is None:
            with self.store.atomic("campaign.add_item") as own:
                return self.add_item(campaign_id, product_id, data, own)
        self._require(tx, campaign_id)
        product = catalog_sql.get(tx.conn, product_id)
        if product is None or product["deleted_at"]:
            raise NotFoundError("not_found", entity="product", id=product_id)
        if any(i["product_id"] == product_id for i in campaigns_sql.items(tx.conn, campaign_id)):
            raise ConflictError("campaign_product_duplicate", name=product["name"])
        values = validate_item(data or {})
        position = len(campaigns_sql.items(tx.conn, campaign_id))
        row = {
            "id": new_id(),
            "campaign_id": campaign_id,
            "product_id": product_id,
            "price_fen": product["price_fen"],
            "commission_bp": product["commission_bp"],
            "stock_cap": None,
            "member_limit": None,
            "position": position,
            **values,
        }
        return tx.insert("campaign_items", row)

    def update_item(self, item_id: str, data: dict[str, Any]) -> dict[str, Any]:
        values = validate_item(data)
        with self.store.atomic("campaign.update_item") as tx:
            if tx.get("campaign_items", item_id) is None:
                raise NotFoundError("not_found", entity="campaign item", id=item_id)
            return tx.update("campaign_items", item_id, values)

    def remove_item(self, item_id: str) -> None:
        with self.store.atomic("campaign.remove_item") as tx:
            item = campaigns_sql.item(tx.conn, item_id)
            if item is None:
                raise NotFoundError("not_found", entity="campaign item", id=item_id)
            if campaigns_sql.item_has_orders(tx.conn, item_id):
                raise ConflictError("campaign_item_in_use", name=item["name"])
            tx.delete("campaign_items", item_id)

    def copy(self, campaign_id: str, title: str | None = None) -> dict[str, Any]:
        """复制团: same products, prices and caps, as a new draft without dates or orders."""
        with self.store.atomic("campaign.copy") as tx:
            source = self._require(tx, campaign_id)
            items = campaigns_sql.items(tx.conn, campaign_id)
            row = self.create(
                {
                    "title": title or source["title"],
                    "notes": source["notes"],
                    "pickup_point_ids": json.loads(source["pickup_point_ids"]),
                },
                tx=tx,
            )
            tx.update("campaigns", row["id"], {"copied_from": campaign_id})
            for item in items:
                self.add_item(
                    row["id"],
                    item["product_id"],
                    {
                        "price_fen": item["price_fen"],
                        "stock_cap": item["stock_cap"],
                        "member_limit": item["member_limit"],
                        "commission_bp": item["commission_bp"],
                    },
                    tx=tx,
                )
            return tx.get("campaigns", row["id"])

    # -- campaigns HQ suggests -----------------------------------------------------------------
    def suggestions(self) -> list[dict[str, Any]]:
        """HQ's suggested campaigns, newest first, each with its products as this desk knows
        them (`missing`: products HQ named that have not arrived in the catalog yet)."""
        out = []
        conn = self.store.conn
        for s in suggestions_sql.all_(conn):
            wanted = s["data"]["items"]
            known = catalog_sql.by_hq_ids(conn, [i["product_id"] for i in wanted])
            s["products"] = [
                {**known[i["product_id"]], "suggested_price_fen": i["price_fen"]}
                for i in wanted
                if i["product_id"] in known
            ]
            s["missing"] = sum(1 for i in wanted if i["product_id"] not in known)
            out.append(s)
        return out

    def open_suggestion(self, hq_id: str) -> dict[str, Any]:
        """A draft campaign from HQ's suggestion: its title, deadline, pickup date, and its
        products at the suggested prices. Products not in this desk's catalog are left out."""
        with self.store.atomic("campaign.from_hq") as tx:
            suggestion = suggestions_sql.get(tx.conn, hq_id)
            if suggestion is None:
                raise NotFoundError("not_found", entity="suggestion", id=hq_id)
            data = suggestion["data"]
            known = catalog_sql.by_hq_ids(tx.conn, [i["product_id"] for i in data["items"]])
            items = [
                {"product_id": known[i["product_id"]]["id"], "price_fen": i["price_fen"]}
                for i in data["items"]
                if i["product_id"] in known and not known[i["product_id"]]["withdrawn"]
            ]
            if not items:
                raise ValidationError("suggestion_no_products", title=suggestion["title"])
            campaign = self.create(
                {
                    "title": suggestion["title"],
                    "deadline_at": data.get("deadline") or None,
                    "pickup_on": data.get("pickup_date") or None,
                    "notes": data.get("note") or "",
                },
                items,
                tx,
            )
            suggestions_sql.opened(tx.conn, hq_id, campaign["id"])
            return campaign

    def summary(self, campaign_id: str) -> dict[str, Any]:
        """Sales, amounts and the leader's commission over active orders."""
        campaign = self.get(campaign_id)
        data = campaigns_sql.summary(self.store.conn, campaign_id)
        for line in data["lines"]:
            line["commission_fen"] = commission_fen(line["amount_fen"], line["commission_bp"])
        counts = data["status_counts"]
        refunds = arrival_sql.refund_totals(self.store.conn, campaign_id)
        return {
            "campaign": campaign,
            "lines": data["lines"],
            "orders": sum(counts.values()),
            "orders_active": counts.get("placed", 0) + counts.get("picked_up", 0),
            "orders_picked_up": counts.get("picked_up", 0),
            "orders_cancelled": counts.get("cancelled", 0) + counts.get("refunded", 0),
            "members": data["members"],
            "amount_fen": sum(x["amount_fen"] for x in data["lines"]),
            "paid_fen": data["paid_fen"],
            "platform_refund_fen": data["platform_refund_fen"],
            "commission_fen": sum(x["commission_fen"] for x in data["lines"]),
            "refunds_owed_fen": refunds["owed_fen"],
            "refunds_done_fen": refunds["done_fen"],
        }

    # -- helpers ----------------------------------------------------------------------------
    @staticmethod
    def _require(tx: Tx, campaign_id: str) -> dict[str, Any]:
        row = tx.get("campaigns", campaign_id)
        if row is None:
            raise NotFoundError("not_found", entity="campaign", id=campaign_id)
        return row

    @staticmethod
    def _validate(data: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "title" in data:
            out["title"] = clean_text(data["title"], "title", 80)
        if "notes" in data:
            out["notes"] = clean_text(data["notes"], "notes", 2000)
        if "deadline_at" in data:
            try:
                out["deadline_at"] = (
                    parse_local_datetime(data["deadline_at"]) if data["deadline_at"] else None
                )
            except ValidationError as exc:
                raise exc.with_field("deadline_at") from None
        if "pickup_on" in data:
            try:
                out["pickup_on"] = parse_date(data["pickup_on"]) if data["pickup_on"] else None
            except ValidationError as exc:
                raise exc.with_field("pickup_on") from None
        if "pickup_point_ids" in data:
            out["pickup_point_ids"] = json.dumps(list(data["pickup_point_ids"] or []))
        return out


def past_deadline(row: dict[str, Any], now_local: Any = None) -> bool:
    """An open campaign whose deadline (截单) has passed: the lists say so (PAST_DEADLINE)."""
    if row["status"] != "open":
        return False
    left = deadline_left_seconds(row.get("deadline_at"), now_local)
    return left is not None and left <= 0


def deadline_left_seconds(deadline_at: str | None, now_local: Any = None) -> int | None:
    """Seconds until the deadline (negative once passed), for the Today countdown."""
    moment = to_local(deadline_at)
    if moment is None:
        return None
    from datetime import datetime

    now = now_local or datetime.now().astimezone()
    return int((moment - now).total_seconds())
