"""Printed content per member: one row per member with items merged (the dense pickup list,
labels per member), the three sort orders leaders use, and item labels (件标签) numbered within
the order and within the building."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from leader_app import pickup_codes
from leader_app.print_data import PrintCampaign, PrintItem, PrintOrder

SORTS = ("building-room-product", "building-product-room", "product-building-room")


def _num(text: str) -> tuple[int, int, str]:
    """'3' < '12' < 'A座': numbers first, in numeric order."""
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def building_label(building: str, unit: str) -> str:
    if building and unit:
        return f"{building}栋{unit}单元"
    return f"{building}栋" if building else ""


@dataclass
class PrintMember:
    member_id: str
    member_no: int
    name: str
    nickname: str
    masked_mobile: str
    address: str
    building: str
    unit: str
    room: str
    pickup_point: str
    short_code: str
    qr_payload: str
    orders: list[PrintOrder] = field(default_factory=list)
    items: list[PrintItem] = field(default_factory=list)

    @property
    def amount_fen(self) -> int:
        return sum(o.amount_fen for o in self.orders)

    @property
    def paid(self) -> bool:
        return all(o.paid for o in self.orders)

    @property
    def picked_up(self) -> bool:
        return all(o.picked_up for o in self.orders)

    @property
    def order_nos(self) -> list[str]:
        return [o.order_no for o in self.orders]

    @property
    def who(self) -> str:
        """How the WeChat group knows the member: 跟团号, else nickname, else name."""
        platform = [o.external_no for o in self.orders if o.external_no]
        if platform:
            return "#" + "/".join(platform)
        return self.nickname or self.name

    @property
    def first_product(self) -> str:
        return self.items[0].name if self.items else ""


def members(data: PrintCampaign, secret: str, sort: str = SORTS[0]) -> list[PrintMember]:
    """One entry per member, items of all their orders merged by product and spec."""
    by_id: dict[str, PrintMember] = {}
    for o in data.orders:
        key = o.member_id or o.order_id
        m = by_id.get(key)
        if m is None:
            m = by_id[key] = PrintMember(
                o.member_id,
                o.member_no,
                o.name,
                o.nickname,
                o.masked_mobile,
                o.address,
                o.building,
                o.unit,
                o.room,
                o.pickup_point,
                pickup_codes.member_short_code(secret, o.member_no, o.member_id)
                if o.member_id
                else o.short_code,
                pickup_codes.member_qr_payload(secret, o.member_id)
                if o.member_id
                else o.qr_payload,
            )
        m.orders.append(o)
    for m in by_id.values():
        merged: dict[tuple[str, str], PrintItem] = {}
        for o in m.orders:
            for i in o.items:
                k = (i.name, i.spec)
                if k in merged:
                    merged[k].quantity += i.quantity
                else:
                    merged[k] = PrintItem(i.name, i.spec, i.unit, i.quantity)
        m.items = sorted(merged.values(), key=lambda i: (i.name, i.spec))
    return sorted(by_id.values(), key=member_key(sort))


def member_key(sort: str) -> Any:
    def place(m: PrintMember) -> tuple:
        return (_num(m.building), _num(m.unit))

    def room(m: PrintMember) -> tuple:
        return (_num(m.room), m.member_no)

    if sort == "building-product-room":
        return lambda m: (m.pickup_point, *place(m), m.first_product, *room(m))
    if sort == "product-building-room":
        return lambda m: (m.pickup_point, m.first_product, *place(m), *room(m))
    return lambda m: (m.pickup_point, *place(m), *room(m))


@dataclass
class PickingGroup:
    heading: str
    total: int
    unit: str
    entries: list[str]


def picking_groups(data: PrintCampaign, sort: str = "product-building-room") -> list[PickingGroup]:
    """The picking list in a leader's sort order: per product (who gets how many, building by
    building), or per building (by product then room, or by room then product)."""
    flat = []
    for o in data.orders:
        for i in o.items:
            flat.append((o, i))
    place = lambda o: (_num(o.building), _num(o.unit))  # noqa: E731
    groups: dict[str, PickingGroup] = {}
    if sort == "product-building-room":
        flat.sort(key=lambda x: (x[1].name, x[1].spec, *place(x[0]), _num(x[0].room)))
        for o, i in flat:
            g = groups.setdefault(
                f"{i.name} {i.spec}".strip(),
                PickingGroup(f"{i.name} {i.spec}".strip(), 0, i.unit, []),
            )
            g.total += i.quantity
            g.entries.append(f"{o.address or '—'}  {o.name} ×{i.quantity}")
    else:
        if sort == "building-product-room":
            flat.sort(key=lambda x: (*place(x[0]), x[1].name, x[1].spec, _num(x[0].room)))
        else:
            flat.sort(key=lambda x: (*place(x[0]), _num(x[0].room), x[0].name, x[1].name))
        for o, i in flat:
            heading = building_label(o.building, o.unit) or "—"
            g = groups.setdefault(heading, PickingGroup(heading, 0, "", []))
            g.total += i.quantity
            g.entries.append(f"{o.room or '—'} {o.name} {i.name}\u00a0×{i.quantity}")
    return list(groups.values())


@dataclass
class ItemLabel:
    order: PrintOrder
    item: PrintItem
    n: int  # this unit within the order
    of: int
    n_building: int  # this unit within the building
    of_building: int
    building: str


def item_labels(data: PrintCampaign) -> list[ItemLabel]:
    """One label per physical unit, in building order: `总 3/12 · 本楼 1/4`."""
    orders = sorted(
        data.orders,
        key=lambda o: (o.pickup_point, _num(o.building), _num(o.unit), _num(o.room), o.order_no),
    )
    per_building: dict[str, int] = {}  # 本楼: the building (栋), whatever its units
    for o in orders:
        b = building_label(o.building, "")
        per_building[b] = per_building.get(b, 0) + sum(i.quantity for i in o.items)
    out: list[ItemLabel] = []
    seen: dict[str, int] = {}
    for o in orders:
        b = building_label(o.building, "")
        total = sum(i.quantity for i in o.items)
        n = 0
        for item in o.items:
            for _ in range(item.quantity):
                n += 1
                seen[b] = seen.get(b, 0) + 1
                out.append(ItemLabel(o, item, n, total, seen[b], per_building[b], b))
    return out
