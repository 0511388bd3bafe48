"""Order rows → order records: one row per line, or one packed cell per order (快团团 普通团,
群接龙 商品合计), orders keyed by platform number or, without one, by member and time."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from leader_app.address import cell_text, parse_address
from leader_app.errors import LeaderError, ValidationError
from leader_app.importing.headers import LAYOUT_TABLE, HeaderMatch
from leader_app.importing.records import (
    Cells,
    Line,
    OrderRecord,
    RowError,
    _col,
    _data_rows,
    _money,
    _TooLong,
    _txt,
    mobile_cached,
    quantity_cached,
)
from leader_app.jobs import CancelToken
from leader_app.normalize import fold, is_blank

# Platform statuses → (our status, paid), from resources/layouts.json
STATUSES: dict[str, tuple[str, bool]] = {
    word: (status, bool(paid)) for word, (status, paid) in LAYOUT_TABLE["statuses"].items()
}
ORDER_FIELDS = (
    "order_no",
    "name",
    "nickname",
    "mobile",
    "address",
    "status",
    "member_note",
    "leader_note",
    "order_amount",
    "paid_at",
    "pickup_point",
    "building",
    "unit",
    "room",
    "refund",
    "items",
)
_MASKED = re.compile(r"^\s*(\d{3})[*＊xX]{4}(\d{4})\s*$")


def parse_orders(
    rows: Iterable[list[Any]], match: HeaderMatch, cancel: CancelToken | None = None
) -> tuple[list[OrderRecord], list[RowError], int]:
    errors: list[RowError] = []
    orders: dict[str, OrderRecord] = {}
    parse_line = _OrderLines(match, orders, errors)
    seen = 0
    for row_no, row in _data_rows(rows, match):
        seen += 1
        if cancel is not None and seen % 20_000 == 0:
            cancel.check()
        try:
            parse_line(row_no, row)
        except _TooLong as exc:
            header = match.headers[exc.column] if exc.column < len(match.headers) else ""
            error = ValidationError("field_too_long", field=header, max=exc.limit)
            value = cell_text(row[exc.column])
            errors.append(RowError(row_no, header, error.code, error.args_map, value))
            if parse_line.key is not None:  # no order imports with half its lines
                orders.setdefault(
                    parse_line.key, OrderRecord(parse_line.key, parse_line.external, row_no)
                ).bad = True
    return list(orders.values()), errors, seen


class _OrderLines:
    """Reads order lines one row at a time, starting or extending their orders. The layout
    says whether one cell packs all of an order's items, and what makes an order when the
    file has no order number (one member at one time)."""

    def __init__(
        self, match: HeaderMatch, orders: dict[str, OrderRecord], errors: list[RowError]
    ) -> None:
        self.match, self.orders, self.errors = match, orders, errors
        self.order_columns = [c for n in ORDER_FIELDS if (c := _col(match, n)) is not None]
        self.c_product, self.c_spec, self.c_sku, self.c_no = (
            _col(match, n) for n in ("product", "spec", "sku", "order_no")
        )
        self.c_qty, self.c_price, self.c_line = (
            _col(match, n) for n in ("quantity", "unit_price", "line_amount")
        )
        self.c_line_status, self.c_refund_qty = (
            _col(match, n) for n in ("line_status", "refund_qty")
        )
        layout = match.layout
        self.packed = layout.packed_field if layout and layout.packed_field else None
        self.c_packed = _col(match, self.packed) if self.packed else None
        self.marks = layout.quantity_marks if layout else ""
        self.by_time = bool(layout and layout.by_member_time) and self.c_no is None
        self.c_identity = [
            c
            for n in ("name", "nickname", "mobile", "paid_at")
            if (c := _col(match, n)) is not None
        ]
        self.mobile_required = "name" not in match.mapping
        self.fields = {name: _col(match, name) for name in _FILL_FIELDS}
        self.carried: list[Any] | None = None
        self.key: str | None = None
        self.external = ""

    def _carry(self, row: list[Any]) -> list[Any]:
        """Merged order cells arrive empty on an order's later lines: carry them down."""
        carried = self.carried
        row = list(row) + [None] * max(len(carried) - len(row), 0)
        for column in self.order_columns:
            if column < len(row) and column < len(carried) and row[column] in (None, ""):
                row[column] = carried[column]
        return row

    def __call__(self, row_no: int, row: list[Any]) -> None:
        match, errors = self.match, self.errors
        self.key = None
        identity = ""
        if self.by_time:
            starts = any(c < len(row) and row[c] not in (None, "") for c in self.c_identity)
            if starts or self.carried is None:
                self.carried = row
            else:
                row = self._carry(row)
            identity = "\x1f".join(
                cell_text(row[c]) if c < len(row) else "" for c in self.c_identity
            )
            external = ""
        else:
            external = _txt(row, self.c_no, 60)
            if external.endswith(".0") and external[:-2].isdigit():
                external = external[:-2]  # an order number stored as a number
            if external or self.carried is None:
                self.carried = row
            else:
                row = self._carry(row)
                external = _txt(row, self.c_no, 60)
        self.external = external
        self.key = key = external or (f"t:{identity}" if identity else f"row-{row_no}")
        if self.packed:
            self._packed_row(row_no, row, key, external, identity, self.packed, self.marks)
            return
        raw = (
            row[self.c_product]
            if self.c_product is not None and self.c_product < len(row)
            else None
        )
        if isinstance(raw, str) and (
            "\n" in raw or ("+" in raw and (raw.rstrip().endswith(";") or self.c_qty is None))
        ):
            # a packed cell in a layout the table does not know yet: read it as packed
            marks = "+＋" if "+" in raw or "＋" in raw else "*＊xX×"
            self._packed_row(row_no, row, key, external, identity, "product", marks)
            return
        product = _txt(row, self.c_product, 60)
        if not product:
            c = Cells(match, row_no, row, errors)
            c.fail("product", ValidationError("field_required", field=c.header("product")), "")
            return
        spec, sku = _txt(row, self.c_spec, 40), _txt(row, self.c_sku, 40)
        order = self.orders.get(key) or self._start(row_no, row, key, external, identity)
        c_qty = self.c_qty
        qty_raw = row[c_qty] if c_qty is not None and c_qty < len(row) else None
        try:
            qty = quantity_cached(qty_raw) if isinstance(qty_raw, str | int | float) else None
        except LeaderError:
            qty = None
        unit_price = line_amount = None
        if self.c_price is not None or self.c_line is not None or qty is None:
            c = Cells(match, row_no, row, errors)
            before = len(errors)
            if qty is None:
                qty = c.parse("quantity", quantity_cached, required=True)
            unit_price = c.parse("unit_price", _money)
            line_amount = c.parse("line_amount", _money)
            if len(errors) > before or qty is None:
                order.bad = True
                order.bad_lines += 1  # not among its lines: counted when it is held back
                return
        if unit_price is None and line_amount is not None and qty:
            unit_price = (line_amount + qty // 2) // qty
        if self.c_line_status is not None or self.c_refund_qty is not None:
            qty = self._less_refunded(row_no, row, order, qty)
            if not qty:
                return
        order.lines.append(Line(row_no, product, spec, sku, qty, unit_price))

    def _start(
        self, row_no: int, row: list[Any], key: str, external: str, identity: str
    ) -> OrderRecord:
        order = OrderRecord(key=key, external_no=external, first_row=row_no, identity=identity)
        self.orders[key] = order
        try:
            _fill_order_fast(self.fields, row, order, self.mobile_required)
            return order
        except (_TooLong, _Slow, LeaderError):
            # A cell needs the careful path below, which says what is wrong with it; it
            # starts again from a fresh record.
            order = OrderRecord(key=key, external_no=external, first_row=row_no, identity=identity)
            self.orders[key] = order
        c = Cells(self.match, row_no, row, self.errors)
        before = len(self.errors)
        raw = c.raw("mobile")
        masked = _MASKED.match(raw) if isinstance(raw, str) else None
        if masked:  # 138****1234: never stored as a number; matched by name and tail
            mobile = None
            order.mobile_tail = masked.group(2)
        else:
            mobile = c.parse("mobile", mobile_cached, required=self.mobile_required)
        _fill_order(c, order, mobile)
        order.bad = len(self.errors) > before
        return order

    def _packed_row(
        self,
        row_no: int,
        row: list[Any],
        key: str,
        external: str,
        identity: str,
        packed: str,
        marks: str,
    ) -> None:
        c = Cells(self.match, row_no, row, self.errors)
        cell = c.raw(packed)
        text = cell_text(cell) if cell is not None else ""
        if not text:
            c.fail(packed, ValidationError("field_required", field=c.header(packed)), "")
            return
        order = self.orders.get(key) or self._start(row_no, row, key, external, identity)
        for item in unpack_items(text, marks):
            if isinstance(item, str):
                c.fail(packed, ValidationError("packed_item_invalid", item=item), text)
                order.bad = True
                continue
            name, spec, qty = item
            if len(name) > 60 or len(spec) > 40:
                c.fail(
                    packed,
                    ValidationError("field_too_long", field=c.header(packed), max=60),
                    text,
                )
                order.bad = True
                continue
            order.lines.append(Line(row_no, name, spec, "", qty, None))

    def _less_refunded(self, row_no: int, row: list[Any], order: OrderRecord, qty: int) -> int:
        """A line the export marks refunded is left out; a refunded quantity reduces it."""
        status = _txt(row, self.c_line_status, 20)
        if status and STATUSES.get(status, ("placed",))[0] in ("refunded", "cancelled"):
            return 0
        c = Cells(self.match, row_no, row, self.errors)
        refunded = c.parse("refund_qty", lambda v: 0 if v in (0, "0") else quantity_cached(v))
        return max(qty - (refunded or 0), 0)


_PACK_SPLIT = re.compile(r"[\n\r;；]+")
_SPEC_BRACKETS = re.compile(r"^(.*?)\s*[（(【\[]\s*(.+?)\s*[）)】\]]\s*$")


@lru_cache(maxsize=20_000)
def unpack_items(text: str, marks: str) -> tuple[tuple[str, str, int] | str, ...]:
    """`阳光玫瑰葡萄 2斤装+2;` / `纯牛奶整箱（250ml*24）*1` lines → (name, spec, quantity).
    The quantity follows the LAST quantity mark, so a spec may contain one (250ml*24). An
    entry without a quantity comes back as its text, for an error on its row."""
    out: list[tuple[str, str, int] | str] = []
    for raw in _PACK_SPLIT.split(fold(text)):
        entry = raw.strip().rstrip(",，")
        if not entry:
            continue
        cut = max(entry.rfind(m) for m in fold(marks)) if marks else -1
        qty_text = entry[cut + 1 :].strip() if cut >= 0 else ""
        if cut <= 0 or not qty_text.isdigit() or int(qty_text) <= 0:
            out.append(entry)
            continue
        head = entry[:cut].strip()
        bracket = _SPEC_BRACKETS.match(head)
        if bracket and bracket.group(1):
            name, spec = bracket.group(1).strip(), bracket.group(2).strip()
        else:
            name, _, spec = head.partition(" ")
            name, spec = name.strip(), spec.strip()
        out.append((name, spec, int(qty_text)))
    return tuple(out)


_FILL_FIELDS = (
    "mobile",
    "name",
    "nickname",
    "address",
    "building",
    "unit",
    "room",
    "status",
    "paid_at",
    "member_note",
    "leader_note",
    "order_amount",
    "refund",
)


class _Slow(Exception):
    """The fast path met a cell it leaves to the careful one (a masked or missing mobile)."""


def _fill_order_fast(
    cols: dict[str, int | None], row: list[Any], order: OrderRecord, mobile_required: bool
) -> None:
    """_start and _fill_order for the common row, without a Cells per order: the same
    values, read by column. Anything unusual raises, and the caller does it all again the
    careful way, which records the error against the cell (a 100,000-line export spent a
    third of its parse in the careful way's per-field bookkeeping)."""
    mobile = _at(row, cols["mobile"])
    if is_blank(mobile) or (isinstance(mobile, str) and "*" in mobile):
        raise _Slow  # masked, or missing: the careful path decides
    if isinstance(mobile, str) and _MASKED.match(mobile):
        raise _Slow
    order.mobile = mobile_cached(mobile)
    order.nickname = nickname = _txt(row, cols["nickname"], 60)
    order.name = name = _txt(row, cols["name"], 40) or nickname
    if len(name) > 40:  # a nickname standing in for the name: the careful way says why
        raise _TooLong(cols["nickname"] or 0, 40)
    if _at(row, cols["address"]):
        address = _address(_txt(row, cols["address"]))
        if address:
            order.building, order.unit, order.room = address
    for part in ("building", "unit", "room"):
        if _at(row, cols[part]) not in (None, ""):
            setattr(order, part, fold(_txt(row, cols[part], 20)))
    status_text = _txt(row, cols["status"], 20)
    paid_at = _at(row, cols["paid_at"])
    if status_text:
        order.status, order.paid = STATUSES.get(status_text) or _unknown(order, status_text)
    else:
        order.paid = bool(paid_at)
    order.paid_at = paid_at
    order.member_note = _txt(row, cols["member_note"], 500)
    order.leader_note = _txt(row, cols["leader_note"], 500)
    order.order_amount_fen = _amount(_at(row, cols["order_amount"]))
    order.refund_fen = _amount(_at(row, cols["refund"])) or 0


def _unknown(order: OrderRecord, status_text: str) -> tuple[str, bool]:
    """A status word the layout table does not know: placed and unpaid, with a warning (the
    import reports it), rather than a guess."""
    order.unknown_status = status_text
    return "placed", False


def _at(row: list[Any], column: int | None) -> Any:
    return row[column] if column is not None and column < len(row) else None


def _amount(value: Any) -> int | None:
    """An amount cell in fen; None when empty."""
    return None if is_blank(value) else _money(value)


# Addresses repeat: one per member, on each of their orders.
_address = lru_cache(maxsize=20_000)(parse_address)


def _fill_order(c: Cells, order: OrderRecord, mobile: str | None) -> None:
    order.name = c.text("name", 40) or c.text("nickname", 40)
    order.nickname = c.text("nickname", 60)
    order.mobile = mobile
    address = _address(c.text("address")) if c.raw("address") else None
    if address:
        order.building, order.unit, order.room = address
    for part in ("building", "unit", "room"):
        if c.raw(part) not in (None, ""):
            setattr(order, part, fold(c.text(part, 20)))
    status_text = c.text("status", 20)
    if status_text:
        order.status, order.paid = STATUSES.get(status_text) or _unknown(order, status_text)
    else:
        order.paid = bool(c.raw("paid_at"))
    order.paid_at = c.raw("paid_at")
    order.member_note = c.text("member_note", 500)
    order.leader_note = c.text("leader_note", 500)
    order.order_amount_fen = c.parse("order_amount", _money)
    order.refund_fen = c.parse("refund", _money) or 0
