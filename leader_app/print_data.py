"""The content of printed pickup lists, labels and picking lists, independent of layout."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from leader_app import pickup_codes
from leader_app.normalize import mask_mobile
from storage import campaigns_sql, print_sql
from storage.db import Store


@dataclass
class PrintItem:
    name: str
    spec: str
    unit: str
    quantity: int

    @property
    def text(self) -> str:
        # A no-break space keeps "×2" with its product when the line wraps.
        return f"{self.name} {self.spec}\u00a0×{self.quantity}".strip()


@dataclass
class PrintOrder:
    order_id: str
    order_no: str
    short_code: str
    qr_payload: str
    member_no: int
    name: str
    masked_mobile: str
    address: str
    building: str
    unit: str
    room: str
    pickup_point: str
    amount_fen: int
    paid: bool
    picked_up: bool
    items: list[PrintItem] = field(default_factory=list)
    member_id: str = ""
    nickname: str = ""
    external_no: str = ""


@dataclass
class PrintCampaign:
    title: str
    pickup_on: str
    shop: str
    orders: list[PrintOrder]
    members: list[Any] = field(default_factory=list)  # print_members.PrintMember, one a member


def load(store: Store, campaign_id: str, secret: str, shop: str = "") -> PrintCampaign:
    conn = store.conn
    campaign = campaigns_sql.get(conn, campaign_id)
    default_point = print_sql.first_pickup_point(conn, json.loads(campaign["pickup_point_ids"]))
    items: dict[str, list[PrintItem]] = defaultdict(list)
    for line in print_sql.lines(conn, campaign_id):
        items[line["order_id"]].append(
            PrintItem(line["name"], line["spec"], line["unit"], line["quantity"])
        )
    orders = []
    for r in print_sql.orders(conn, campaign_id):
        address = "-".join(str(r[k]) for k in ("building", "unit", "room") if r[k])
        orders.append(
            PrintOrder(
                r["id"],
                r["order_no"],
                pickup_codes.short_code(secret, r["order_no"], r["id"]),
                pickup_codes.qr_payload(secret, r["id"]),
                r["member_no"],
                r["name"],
                mask_mobile(r["mobile"] or ""),
                address,
                r["building"],
                r["unit"],
                r["room"],
                r["pickup_point"] or default_point,
                r["amount_fen"],
                bool(r["paid"]),
                r["status"] == "picked_up",
                items[r["id"]],
                r["member_id"],
                r["nickname"],
                r["external_no"],
            )
        )
    from leader_app.print_members import members

    data = PrintCampaign(campaign["title"], campaign["pickup_on"] or "", shop, orders)
    data.members = members(data, secret)
    return data


@dataclass
class PickingRow:
    name: str
    spec: str
    unit: str
    total: int
    by_member: list[tuple[str, str, int]]  # (address, name, quantity), in building order


def picking_list(data: PrintCampaign) -> list[PickingRow]:
    """Per product and spec the total, then who gets how many, building by building."""
    rows: dict[tuple[str, str], PickingRow] = {}
    for order in data.orders:
        for item in order.items:
            key = (item.name, item.spec)
            row = rows.setdefault(key, PickingRow(item.name, item.spec, item.unit, 0, []))
            row.total += item.quantity
            row.by_member.append((order.address, order.name, item.quantity))
    return sorted(rows.values(), key=lambda r: (r.name, r.spec))


def group_by_point_and_building(
    orders: list[PrintOrder],
) -> list[tuple[str, str, list[PrintOrder]]]:
    groups: dict[tuple[str, str], list[PrintOrder]] = {}
    for order in orders:
        building = (
            f"{order.building}栋{order.unit}单元"
            if order.unit
            else (f"{order.building}栋" if order.building else "")
        )
        groups.setdefault((order.pickup_point, building), []).append(order)
    return [(point, building, members) for (point, building), members in groups.items()]


def totals(orders: list[PrintOrder]) -> dict[str, Any]:
    return {
        "orders": len(orders),
        "amount_fen": sum(o.amount_fen for o in orders),
        "pieces": sum(i.quantity for o in orders for i in o.items),
    }
