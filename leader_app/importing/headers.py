"""Header rows: find them below title rows, map synonyms to fields, guess the file's kind."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from leader_app.address import cell_text
from leader_app.i18n import QT_TRANSLATE_NOOP
from leader_app.normalize import fold

# field → header names seen on 快团团, 群接龙, WPS/Excel member lists and in English, with the
# platforms' layouts and status words: data in resources/layouts.json, not code.
LAYOUT_TABLE: dict[str, Any] = json.loads(
    resources.files("resources").joinpath("layouts.json").read_text(encoding="utf-8")
)
SYNONYMS: dict[str, tuple[str, ...]] = {
    f: tuple(names) for f, names in LAYOUT_TABLE["fields"].items()
}
FIELD_LABELS: dict[str, str] = {
    "order_no": QT_TRANSLATE_NOOP("import_fields", "Order number"),
    "name": QT_TRANSLATE_NOOP("import_fields", "Name"),
    "nickname": QT_TRANSLATE_NOOP("import_fields", "Nickname"),
    "mobile": QT_TRANSLATE_NOOP("import_fields", "Mobile"),
    "product": QT_TRANSLATE_NOOP("import_fields", "Product"),
    "spec": QT_TRANSLATE_NOOP("import_fields", "Spec"),
    "quantity": QT_TRANSLATE_NOOP("import_fields", "Quantity"),
    "sku": QT_TRANSLATE_NOOP("import_fields", "SKU code"),
    "address": QT_TRANSLATE_NOOP("import_fields", "Address"),
    "status": QT_TRANSLATE_NOOP("import_fields", "Order status"),
    "member_note": QT_TRANSLATE_NOOP("import_fields", "Member's note"),
    "leader_note": QT_TRANSLATE_NOOP("import_fields", "Leader's note"),
    "order_amount": QT_TRANSLATE_NOOP("import_fields", "Order amount"),
    "line_amount": QT_TRANSLATE_NOOP("import_fields", "Line amount"),
    "unit_price": QT_TRANSLATE_NOOP("import_fields", "Unit price"),
    "list_price": QT_TRANSLATE_NOOP("import_fields", "List price"),
    "paid_at": QT_TRANSLATE_NOOP("import_fields", "Paid at"),
    "refund": QT_TRANSLATE_NOOP("import_fields", "Refund"),
    "pickup_point": QT_TRANSLATE_NOOP("import_fields", "Pickup point"),
    "building": QT_TRANSLATE_NOOP("import_fields", "Building"),
    "unit": QT_TRANSLATE_NOOP("import_fields", "Unit"),
    "room": QT_TRANSLATE_NOOP("import_fields", "Room"),
    "tags": QT_TRANSLATE_NOOP("import_fields", "Tags"),
    "referrer_mobile": QT_TRANSLATE_NOOP("import_fields", "Referrer's mobile"),
    "tier": QT_TRANSLATE_NOOP("import_fields", "Tier"),
    "unit_name": QT_TRANSLATE_NOOP("import_fields", "Unit of sale"),
    "stock_cap": QT_TRANSLATE_NOOP("import_fields", "Stock cap"),
    "member_limit": QT_TRANSLATE_NOOP("import_fields", "Limit per member"),
    "commission": QT_TRANSLATE_NOOP("import_fields", "Commission rate"),
    "items": QT_TRANSLATE_NOOP("import_fields", "Items (one a line)"),
    "line_status": QT_TRANSLATE_NOOP("import_fields", "Line status"),
    "refund_qty": QT_TRANSLATE_NOOP("import_fields", "Refunded quantity"),
}
_LOOKUP = {name: f for f, names in SYNONYMS.items() for name in names}
_HINT = re.compile(r"[（(][^）)]*[）)]")  # 楼号（如10） → 楼号


def normalize_header(value: Any) -> str:
    text = fold(cell_text(value)).strip().lower()
    text = re.sub(r"\s+", " ", text)
    if text in _LOOKUP:
        return text
    return _HINT.sub("", text).strip()


def field_for(header: Any) -> str | None:
    return _LOOKUP.get(normalize_header(header))


@dataclass(frozen=True)
class Layout:
    """One known export layout (an entry of resources/layouts.json)."""

    id: str
    label: str  # 快团团 · 普通团
    packed_field: str | None = None  # the field whose cell packs every item, one a line
    quantity_marks: str = ""
    by_member_time: bool = False  # no order number: one member at one time is one order


LAYOUTS = LAYOUT_TABLE["layouts"]


@dataclass
class HeaderMatch:
    row_index: int  # 0-based index into the table's rows
    headers: list[str]
    mapping: dict[str, int] = field(default_factory=dict)  # field → column
    layout: Layout | None = None

    @property
    def signature(self) -> str:
        """Identifies 'the same headers' so a corrected mapping can be remembered."""
        joined = "\x1f".join(normalize_header(h) for h in self.headers)
        return hashlib.sha1(joined.encode()).hexdigest()[:16]


def detect_header(rows: list[list[Any]], scan: int = 30) -> HeaderMatch | None:
    """The first row among the top `scan` with the most recognised headers (at least 2)."""
    best: HeaderMatch | None = None
    best_score = 1
    for index, row in enumerate(rows[:scan]):
        mapping: dict[str, int] = {}
        for column, cell in enumerate(row):
            f = field_for(cell)
            if f and f not in mapping:
                mapping[f] = column
        if len(mapping) > best_score:
            best_score = len(mapping)
            best = HeaderMatch(index, [cell_text(c) for c in row], mapping)
    if best is not None:
        _prefer_receiver_as_name(best)
        best.layout = detect_layout(best)
    return best


def detect_layout(match: HeaderMatch) -> Layout | None:
    """The first entry of the layout table whose conditions hold for these headers."""
    names = {normalize_header(h) for h in match.headers if h}
    fields = set(match.mapping)
    for entry in LAYOUTS:
        when = entry.get("when", {})
        if not set(when.get("fields", ())) <= fields:
            continue
        if set(when.get("no_fields", ())) & fields:
            continue
        if not set(when.get("headers", ())) <= names:
            continue
        if when.get("any_headers") and not set(when["any_headers"]) & names:
            continue
        label = " · ".join(p for p in (entry.get("platform"), entry.get("variant")) if p)
        return Layout(
            entry["id"],
            label,
            entry.get("packed_field") if entry.get("items") == "packed" else None,
            entry.get("quantity_marks", ""),
            entry.get("orders_by") == "member_time",
        )
    return None


def _prefer_receiver_as_name(match: HeaderMatch) -> None:
    """快团团 has 下单人 (a nickname) and 收货人 (the real name); with only one, it is the name."""
    if "name" not in match.mapping and "nickname" in match.mapping:
        match.mapping["name"] = match.mapping["nickname"]


def detect_kind(mapping: dict[str, int], layout: Layout | None = None) -> str | None:
    has = mapping.__contains__
    if layout is not None and layout.packed_field and has(layout.packed_field):
        return "orders"
    if has("product") and has("quantity") and (has("mobile") or has("name") or has("order_no")):
        return "orders"
    if has("product") and not has("mobile"):
        return "products"
    if has("mobile") and (has("name") or has("nickname")) and not has("product"):
        return "members"
    return None
