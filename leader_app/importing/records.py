"""Rows → normalised records, with an error per bad cell that names its row and column."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from leader_app.address import cell_text, parse_address
from leader_app.errors import MESSAGES, LeaderError, ValidationError, format_message
from leader_app.importing.headers import HeaderMatch
from leader_app.members import parse_tags
from leader_app.normalize import (
    clean_text,
    is_blank,
    normalize_mobile,
    parse_money,
    parse_quantity,
    parse_rate_bp,
)

_TOTALS = re.compile(r"^(合计|总计|小计|total)", re.IGNORECASE)


@dataclass
class RowError:
    row: int
    column: str
    code: str
    args: dict[str, Any]
    value: str

    @property
    def message(self) -> str:
        return format_message(MESSAGES[self.code], self.args)

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "value": self.value,
            "code": self.code,
        }


@dataclass
class Line:
    row: int
    product: str
    spec: str
    sku: str
    quantity: int
    unit_price_fen: int | None


@dataclass
class OrderRecord:
    key: str
    external_no: str
    first_row: int
    name: str = ""
    nickname: str = ""
    mobile: str | None = None
    building: str = ""
    unit: str = ""
    room: str = ""
    status: str = "placed"
    paid: bool = False
    member_note: str = ""
    leader_note: str = ""
    order_amount_fen: int | None = None
    refund_fen: int = 0  # 退款金额: what the platform refunded (in full or in part)
    mobile_tail: str = ""  # the last 4 digits of a masked mobile (138****1234)
    paid_at: Any = None  # the raw 支付时间 / 下单时间 cell
    identity: str = ""  # for files without order numbers: member and time
    lines: list[Line] = field(default_factory=list)
    bad: bool = False
    unknown_status: str = ""  # a status word not in the layout table: imported as placed
    bad_lines: int = 0  # lines refused for a cell of their own (quantity, price)


@dataclass
class MemberRecord:
    row: int
    values: dict[str, Any]
    referrer_mobile: str | None = None


@dataclass
class ProductRecord:
    row: int
    values: dict[str, Any]
    stock_cap: int | None = None
    member_limit: int | None = None


def header_text(match: HeaderMatch, name: str) -> str:
    """A field's header as the file spells it (联系电话), or the field's name if unmapped."""
    column = match.mapping.get(name)
    return match.headers[column] if column is not None else name


class Cells:
    """Access to one row by field name, recording errors against the file's header text."""

    def __init__(
        self, match: HeaderMatch, row_no: int, row: list[Any], errors: list[RowError]
    ) -> None:
        self.match, self.row_no, self.row, self.errors = match, row_no, row, errors

    def raw(self, name: str) -> Any:
        column = self.match.mapping.get(name)
        if column is None or column >= len(self.row):
            return None
        return self.row[column]

    def text(self, name: str, limit: int = 200) -> str:
        """The cell as clean text; a cell too long for its field is an error on this row."""
        try:
            return _txt(self.row, self.match.mapping.get(name), limit)
        except _TooLong:
            error = ValidationError("field_too_long", field=self.header(name), max=limit)
            self.fail(name, error, self.raw(name))
            return ""

    def parse(self, name: str, fn: Any, *, required: bool = False) -> Any:
        value = self.raw(name)
        if is_blank(value):
            if required:
                self.fail(name, ValidationError("field_required", field=self.header(name)), value)
            return None
        try:
            return fn(value)
        except LeaderError as exc:
            self.fail(name, exc, value)
            return None

    def header(self, name: str) -> str:
        return header_text(self.match, name)

    def fail(self, name: str, exc: LeaderError, value: Any) -> None:
        self.errors.append(
            RowError(self.row_no, self.header(name), exc.code, exc.args_map, cell_text(value))
        )


mobile_cached = lru_cache(maxsize=200_000)(normalize_mobile)
quantity_cached = lru_cache(maxsize=10_000)(parse_quantity)


# Prices and amounts repeat down a sheet. typed: True and 1 are different cells (a bool is
# refused, a 1 is ¥1.00).
_money = lru_cache(maxsize=50_000, typed=True)(parse_money)


def _first_text(row: list[Any]) -> str:
    for cell in row:
        if cell is not None and cell != "":
            text = cell_text(cell)
            if text:
                return text
    return ""


def _data_rows(rows: Iterable[list[Any]], match: HeaderMatch):
    """Rows below the header, without blank rows and totals rows (合计, 总计, …)."""
    start = match.row_index
    for index, row in enumerate(rows):
        if index <= start:
            continue
        lead = row[0] if row else None
        if lead.__class__ is float or lead.__class__ is int:  # 跟团号 1.0: data, not totals
            yield index + 1, row
            continue
        first = _first_text(row)
        if first and not _TOTALS.match(first):
            yield index + 1, row  # the row number the leader sees in Excel


def _col(match: HeaderMatch, name: str) -> int | None:
    return match.mapping.get(name)


class _TooLong(Exception):
    """A cell longer than its field allows; the caller records it against the row."""

    def __init__(self, column: int, limit: int) -> None:
        self.column, self.limit = column, limit


def _txt(row: list[Any], column: int | None, limit: int = 200) -> str:
    """A cell as clean text (control characters dropped), on the hot path: most cells are
    already clean strings. Raises _TooLong rather than cutting a value short."""
    if column is None or column >= len(row):
        return ""
    value = row[column]
    if value.__class__ is str:
        text = value.strip()
        if len(text) <= limit and text.isprintable():
            return text  # the common cell: one test each, no more (743,000 calls in 100,000 rows)
    elif value is None:
        return ""
    else:
        text = cell_text(value)
    if not text.isprintable():
        text = clean_text(text, "", len(text))
    if len(text) > limit:
        raise _TooLong(column, limit)
    return text


def parse_members(
    rows: list[list[Any]], match: HeaderMatch
) -> tuple[list[MemberRecord], list[RowError], int]:
    errors: list[RowError] = []
    out: list[MemberRecord] = []
    seen = 0
    for row_no, row in _data_rows(rows, match):
        seen += 1
        c = Cells(match, row_no, row, errors)
        before = len(errors)
        mobile = c.parse("mobile", normalize_mobile, required=True)
        name = c.text("name", 40) or c.text("nickname", 40)
        if not name:
            c.fail("name", ValidationError("name_required"), "")
        referrer = c.parse("referrer_mobile", normalize_mobile)
        if len(errors) > before:
            continue
        values = {
            "name": name,
            "mobile": mobile,
            "nickname": c.text("nickname", 60),
            "building": c.text("building", 20),
            "unit": c.text("unit", 20),
            "room": c.text("room", 20),
            "tags": parse_tags(c.text("tags")),
            "tier": c.text("tier", 20),
        }
        if not values["building"] and c.raw("address"):
            address = parse_address(c.text("address"))
            if address:
                values["building"], values["unit"], values["room"] = address
        out.append(MemberRecord(row_no, values, referrer))
    return out, errors, seen


def parse_products(
    rows: list[list[Any]], match: HeaderMatch
) -> tuple[list[ProductRecord], list[RowError], int]:
    errors: list[RowError] = []
    out: list[ProductRecord] = []
    seen = 0
    for row_no, row in _data_rows(rows, match):
        seen += 1
        c = Cells(match, row_no, row, errors)
        before = len(errors)
        name = c.text("product", 60)
        if not name:
            c.fail("product", ValidationError("name_required"), "")
        price = c.parse("unit_price", _money, required=True)
        list_price = c.parse("list_price", _money)
        rate = c.parse("commission", parse_rate_bp)
        cap = c.parse("stock_cap", parse_quantity)
        limit = c.parse("member_limit", parse_quantity)
        if len(errors) > before:
            continue
        out.append(
            ProductRecord(
                row_no,
                {
                    "name": name,
                    "spec": c.text("spec", 40),
                    "unit": c.text("unit_name", 10),
                    "price_fen": price,
                    "list_price_fen": list_price or 0,
                    "sku": c.text("sku", 40),
                    "commission_bp": rate or 0,
                },
                cap,
                limit,
            )
        )
    return out, errors, seen
