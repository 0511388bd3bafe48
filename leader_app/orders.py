"""Pre-orders: entry with stock caps and member limits, edits, statuses and pickup."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from leader_app.errors import ConflictError, NotFoundError, ValidationError
from leader_app.i18n import QT_TRANSLATE_NOOP
from leader_app.normalize import clean_text, parse_quantity
from storage import campaigns_sql, orders_sql
from storage.db import Store
from storage.tx import Tx, new_id

STATUSES = ("placed", "cancelled", "refunded", "picked_up")
ACTIVE = ("placed", "picked_up")
STATUS_LABELS = {
    "placed": QT_TRANSLATE_NOOP("status", "Placed"),
    "cancelled": QT_TRANSLATE_NOOP("status", "Cancelled"),
    "refunded": QT_TRANSLATE_NOOP("status", "Refunded"),
    "picked_up": QT_TRANSLATE_NOOP("status", "Picked up"),
}
SOURCE_LABELS = {
    "manual": QT_TRANSLATE_NOOP("status", "Manual"),
    "file": QT_TRANSLATE_NOOP("status", "File"),
    "jielong": QT_TRANSLATE_NOOP("status", "接龙"),
}
TRANSITIONS = {
    "placed": {"cancelled", "refunded", "picked_up"},
    "cancelled": {"placed"},
    "refunded": set(),
    "picked_up": {"refunded", "placed"},
}


def line_row(
    order_id: str,
    item: dict[str, Any],
    quantity: int,
    unit_price_fen: int,
    picked: bool,
    position: int,
    line_id: str | None = None,
) -> dict[str, Any]:
    """One order line as stored: the service, the importer and the demo all build it here.
    `line_id`: one made ahead (new_ids), else a new one."""
    return {
        "id": line_id or new_id(),
        "order_id": order_id,
        "campaign_item_id": item["id"],
        "product_id": item["product_id"],
        "quantity": quantity,
        "unit_price_fen": unit_price_fen,
        "picked_qty": quantity if picked else 0,
        "position": position,
    }


def merge_lines(lines: list[dict[str, Any]]) -> OrderedDict[str, int]:
    """[{item_id, quantity}] → {item_id: total}, validating quantities; order is kept."""
    merged: OrderedDict[str, int] = OrderedDict()
    for line in lines:
        try:
            qty = parse_quantity(line["quantity"])
        except ValidationError as exc:
            raise exc.with_field("quantity") from None
        merged[line["item_id"]] = merged.get(line["item_id"], 0) + qty
    if not merged:
        raise ValidationError("order_empty")
    return merged


class OrderService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, order_id: str) -> dict[str, Any]:
        row = orders_sql.detail(self.store.conn, order_id)
        if row is None:
            raise NotFoundError("not_found", entity="order", id=order_id)
        return row

    def create(
        self,
        campaign_id: str,
        member_id: str,
        lines: list[dict[str, Any]],
        *,
        paid: bool = False,
        member_note: str = "",
        leader_note: str = "",
        source: str = "manual",
        source_ref: str = "",
        external_no: str = "",
        pickup_point_id: str | None = None,
        status: str = "placed",
        check_open: bool = True,
        tx: Tx | None = None,
    ) -> dict[str, Any]:
        if tx is None:
            with self.store.atomic("order.create") as own:
                return self.create(
                    campaign_id,
                    member_id,
                    lines,
                    paid=paid,
                    member_note=member_note,
                    leader_note=leader_note,
                    source=source,
                    source_ref=source_ref,
                    external_no=external_no,
                    pickup_point_id=pickup_point_id,
                    status=status,
                    check_open=check_open,
                    tx=own,
                )
        wanted = merge_lines(lines)
        campaign = tx.get("campaigns", campaign_id)
        if campaign is None:
            raise NotFoundError("not_found", entity="campaign", id=campaign_id)
        if check_open and campaign["status"] != "open":
            raise ConflictError(
                "campaign_not_open", title=campaign["title"], status=campaign["status"]
            )
        member = tx.get("members", member_id)
        if member is None or member["deleted_at"]:
            raise NotFoundError("not_found", entity="member", id=member_id)
        items = self._items(tx, campaign_id, wanted)
        if status in ACTIVE:
            self._check_caps(tx, member, items, wanted, exclude_order=None)
        seq = campaigns_sql.next_order_seq(tx.conn, campaign_id)
        order = {
            "id": new_id(),
            "campaign_id": campaign_id,
            "member_id": member_id,
            "seq": seq,
            "order_no": f"{campaign['order_prefix']}-{seq:04d}",
            "status": status,
            "paid": 1 if paid else 0,
            "amount_fen": 0,
            "member_note": clean_text(member_note, "member_note", 500),
            "leader_note": clean_text(leader_note, "leader_note", 500),
            "source": source,
            "source_ref": source_ref,
            "external_no": external_no,
            "fingerprint": "",
            "pickup_point_id": pickup_point_id,
            "created_at": tx.at,
            "updated_at": tx.at,
            "picked_up_at": tx.at if status == "picked_up" else None,
        }
        line_rows = self._line_rows(order["id"], items, wanted, picked=status == "picked_up")
        order["amount_fen"] = sum(r["quantity"] * r["unit_price_fen"] for r in line_rows)
        tx.insert("orders", order)
        tx.insert_many("order_lines", line_rows)
        return order

    def replace_lines(
        self,
        order_id: str,
        lines: list[dict[str, Any]],
        *,
        paid: bool | None = None,
        member_note: str | None = None,
        leader_note: str | None = None,
    ) -> dict[str, Any]:
        """Edit an order's products and quantities (and, in the same transaction, its paid flag
        and notes). Prices already on the order are kept; new products take the campaign's
        current price."""
        wanted = merge_lines(lines)
        with self.store.atomic("order.edit") as tx:
            order = self._require(tx, order_id)
            if order["status"] != "placed":
                raise ConflictError(
                    "order_locked", order_no=order["order_no"], status=order["status"]
                )
            member = tx.get("members", order["member_id"])
            items = self._items(tx, order["campaign_id"], wanted)
            self._check_caps(tx, member, items, wanted, exclude_order=order_id)
            old = {r["campaign_item_id"]: r for r in orders_sql.lines(tx.conn, order_id)}
            for row in old.values():
                if row["campaign_item_id"] not in wanted:
                    tx.delete("order_lines", row["id"])
            for position, (item_id, qty) in enumerate(wanted.items()):
                if item_id in old:
                    tx.update(
                        "order_lines", old[item_id]["id"], {"quantity": qty, "position": position}
                    )
                else:
                    row = self._line_rows(order_id, items, {item_id: qty}, position=position)[0]
                    tx.insert("order_lines", row)
            amount = sum(
                r["quantity"] * r["unit_price_fen"] for r in orders_sql.lines(tx.conn, order_id)
            )
            values: dict[str, Any] = {"amount_fen": amount, "updated_at": tx.at}
            if paid is not None:
                values["paid"] = int(paid)
            if member_note is not None:
                values["member_note"] = clean_text(member_note, "member_note", 500)
            if leader_note is not None:
                values["leader_note"] = clean_text(leader_note, "leader_note", 500)
            return tx.update("orders", order_id, values)

    def set_status(self, order_id: str, status: str) -> dict[str, Any]:
        with self.store.atomic(f"order.{status}") as tx:
            order = self._require(tx, order_id)
            if status not in TRANSITIONS[order["status"]]:
                raise ConflictError(
                    "order_status_step",
                    order_no=order["order_no"],
                    from_status=order["status"],
                    to_status=status,
                )
            if status == "picked_up":
                return self._pick(tx, order, None)
            if status == "placed":  # restoring a cancelled order takes stock again
                wanted = OrderedDict(
                    (r["campaign_item_id"], r["quantity"])
                    for r in orders_sql.lines(tx.conn, order_id)
                )
                member = tx.get("members", order["member_id"])
                items = self._items(tx, order["campaign_id"], wanted)
                self._check_caps(tx, member, items, wanted, exclude_order=order_id)
                for line in orders_sql.lines(tx.conn, order_id):
                    tx.update("order_lines", line["id"], {"picked_qty": 0})
                return tx.update(
                    "orders",
                    order_id,
                    {"status": "placed", "picked_up_at": None, "updated_at": tx.at},
                )
            return tx.update("orders", order_id, {"status": status, "updated_at": tx.at})

    def pick_up(self, order_id: str, quantities: dict[str, int] | None = None) -> dict[str, Any]:
        """Hand goods over. `quantities` maps line id → how many more are handed over now;
        None hands over everything left. The order is picked up once every line is."""
        with self.store.atomic("order.pick_up") as tx:
            order = self._require(tx, order_id)
            if order["status"] != "placed":
                raise ConflictError(
                    "order_status_step",
                    order_no=order["order_no"],
                    from_status=order["status"],
                    to_status="picked_up",
                )
            return self._pick(tx, order, quantities)

    def set_paid(self, order_id: str, paid: bool) -> dict[str, Any]:
        with self.store.atomic("order.paid") as tx:
            self._require(tx, order_id)
            return tx.update("orders", order_id, {"paid": int(paid), "updated_at": tx.at})

    def set_notes(self, order_id: str, member_note: str, leader_note: str) -> dict[str, Any]:
        with self.store.atomic("order.notes") as tx:
            self._require(tx, order_id)
            return tx.update(
                "orders",
                order_id,
                {
                    "member_note": clean_text(member_note, "member_note", 500),
                    "leader_note": clean_text(leader_note, "leader_note", 500),
                    "updated_at": tx.at,
                },
            )

    # -- helpers ----------------------------------------------------------------------------
    @staticmethod
    def _require(tx: Tx, order_id: str) -> dict[str, Any]:
        row = tx.get("orders", order_id)
        if row is None:
            raise NotFoundError("not_found", entity="order", id=order_id)
        return row

    @staticmethod
    def _items(tx: Tx, campaign_id: str, wanted: dict[str, int]) -> dict[str, dict[str, Any]]:
        items = {}
        for item_id in wanted:
            item = campaigns_sql.item(tx.conn, item_id)
            if item is None or item["campaign_id"] != campaign_id:
                raise ValidationError(
                    "product_not_in_campaign", name=item["name"] if item else item_id
                )
            items[item_id] = item
        return items

    @staticmethod
    def _check_caps(
        tx: Tx,
        member: dict[str, Any],
        items: dict[str, dict[str, Any]],
        wanted: dict[str, int],
        exclude_order: str | None,
    ) -> None:
        for item_id, qty in wanted.items():
            item = items[item_id]
            if item["stock_cap"] is not None:
                used = campaigns_sql.item_ordered(tx.conn, item_id, exclude_order=exclude_order)
                if used + qty > item["stock_cap"]:
                    raise ConflictError(
                        "stock_cap_exceeded",
                        name=item["name"],
                        cap=item["stock_cap"],
                        left=max(item["stock_cap"] - used, 0),
                        wanted=qty,
                    ).with_field("quantity")
            if item["member_limit"] is not None:
                mine = campaigns_sql.item_ordered(
                    tx.conn, item_id, member_id=member["id"], exclude_order=exclude_order
                )
                if mine + qty > item["member_limit"]:
                    raise ConflictError(
                        "member_limit_exceeded",
                        member=member["name"],
                        name=item["name"],
                        limit=item["member_limit"],
                        total=mine + qty,
                    ).with_field("quantity")

    @staticmethod
    def _line_rows(
        order_id: str,
        items: dict[str, dict[str, Any]],
        wanted: dict[str, int],
        picked: bool = False,
        position: int = 0,
    ) -> list[dict[str, Any]]:
        return [
            line_row(
                order_id, items[item_id], qty, items[item_id]["price_fen"], picked, position + i
            )
            for i, (item_id, qty) in enumerate(wanted.items())
        ]

    @staticmethod
    def _pick(tx: Tx, order: dict[str, Any], quantities: dict[str, int] | None) -> dict[str, Any]:
        lines = orders_sql.lines(tx.conn, order["id"])
        for line in lines:
            left = line["quantity"] - line["picked_qty"]
            more = left if quantities is None else min(max(quantities.get(line["id"], 0), 0), left)
            if more:
                line["picked_qty"] += more
                tx.update("order_lines", line["id"], {"picked_qty": line["picked_qty"]})
        if all(line["picked_qty"] == line["quantity"] for line in lines):
            return tx.update(
                "orders",
                order["id"],
                {"status": "picked_up", "picked_up_at": tx.at, "updated_at": tx.at},
            )
        return tx.update("orders", order["id"], {"updated_at": tx.at})
