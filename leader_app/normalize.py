"""Normalise what leaders type or paste: mobiles, money, quantities, rates.

Everything here is pure and raises ValidationError with the raw value, so an importer can report
file, row and field around it.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from leader_app.errors import ValidationError

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—()（）.·]")


def fold(text: str) -> str:
    """NFKC: full-width digits, letters and punctuation to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def is_blank(value: object) -> bool:
    """An empty cell: None, or text that is only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def normalize_mobile(value: object) -> str:
    """Return the 11-digit mainland mobile, accepting +86, 0086, spaces, dashes, full width and
    numbers that Excel stored as floats (13800138000.0)."""
    if is_blank(value):
        raise ValidationError("mobile_required")
    if isinstance(value, bool):
        raise ValidationError("mobile_invalid", value=str(value))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError("mobile_invalid", value=repr(value))
        value = int(value)
    raw = str(value)
    text = fold(raw).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    text = _SEPARATORS.sub("", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    if not _MOBILE_RE.match(text):
        raise ValidationError("mobile_invalid", value=raw)
    return text


def mask_mobile(mobile: str) -> str:
    """138****1234, as printed on labels and lists."""
    if len(mobile) != 11:
        return mobile
    return f"{mobile[:3]}****{mobile[-4:]}"


_MONEY_STRIP = re.compile(r"[¥￥,，\s]|元|RMB|CNY", re.IGNORECASE)
_FEN = Decimal(100)


def parse_money(value: object) -> int:
    """Parse ¥29.9, 29.90元, '1,299', or a numeric cell into integer fen. Never goes via float
    arithmetic: a float cell is read through its shortest repr and must be whole fen."""
    if isinstance(value, bool) or value is None:
        raise ValidationError("money_invalid", value=str(value))
    if isinstance(value, int):
        amount = Decimal(value)
    else:
        raw = repr(value) if isinstance(value, float) else fold(str(value))
        text = _MONEY_STRIP.sub("", raw)
        if text.endswith("/"):  # "¥29.9/" left from "¥29.9/盒" style text
            text = text[:-1]
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError("money_invalid", value=str(value)) from None
        if not amount.is_finite():
            raise ValidationError("money_invalid", value=str(value))
    fen = amount * _FEN
    if isinstance(value, float):
        fen = fen.quantize(Decimal(1))  # Excel float noise such as 29.900000000000002
    if fen != fen.to_integral_value():
        raise ValidationError("money_invalid", value=str(value))
    if fen < 0:
        raise ValidationError("money_negative", value=str(value))
    return int(fen)


def format_money(fen: int, symbol: str = "¥") -> str:
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{symbol}{fen // 100:,}.{fen % 100:02d}"


def format_fen_plain(fen: int) -> str:
    """29.90, for editable fields."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS)


def parse_chinese_numeral(text: str) -> int:
    """一 → 1, 两 → 2, 十二 → 12, 二十 → 20, 一百零五 → 105. Raises ValueError."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        raise ValueError(text)
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            unit = _CN_UNITS[ch]
            total += (1 if digit is None else digit) * unit
            digit = None
    if digit is not None:
        total += digit
    return total


_QTY_RE = re.compile(
    rf"^(?:[xX×*]\s*)?(?P<num>\d+(?:\.0+)?|[{CN_NUMERAL_CHARS}]+)\s*(?P<unit>[^\d\s.半{CN_NUMERAL_CHARS}]{{0,3}})$"
)


def parse_quantity(value: object) -> int:
    """2, '2份', 'x2', '×2', '*2', '两盒', 2.0 → a positive integer."""
    if isinstance(value, bool) or value is None:
        raise ValidationError("quantity_invalid", value=str(value))
    if isinstance(value, int):
        qty = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValidationError("quantity_invalid", value=repr(value))
        qty = int(value)
    else:
        text = fold(str(value)).strip()
        if text.startswith("-") and text[1:].isdigit():
            raise ValidationError("quantity_not_positive", value=text)
        m = _QTY_RE.match(text)
        if not m:
            raise ValidationError("quantity_invalid", value=str(value))
        num = m.group("num")
        qty = int(float(num)) if num[0].isdigit() else parse_chinese_numeral(num)
    if qty <= 0:
        raise ValidationError("quantity_not_positive", value=str(qty))
    if qty > 100_000:
        raise ValidationError("quantity_invalid", value=str(value))
    return qty


def parse_rate_bp(value: object) -> int:
    """A commission rate in basis points (1/10,000): '10%' → 1000, '0.1' → 1000, '8' → 800."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValidationError("rate_invalid", value=str(value))
    text = fold(str(value)).strip()
    percent = text.endswith("%")
    text = text.rstrip("%").strip()
    try:
        number = Decimal(repr(value) if isinstance(value, float) else text)
    except InvalidOperation:
        raise ValidationError("rate_invalid", value=str(value)) from None
    if not number.is_finite():
        raise ValidationError("rate_invalid", value=str(value))
    if not percent and number < 1 and number != 0:
        number *= 100  # a fraction such as 0.1
    bp = (number * 100).quantize(Decimal(1))
    if bp < 0 or bp > 10_000:
        raise ValidationError("rate_invalid", value=str(value))
    return int(bp)


def format_rate(bp: int) -> str:
    whole, frac = divmod(bp, 100)
    return f"{whole}%" if frac == 0 else f"{whole}.{frac:02d}".rstrip("0") + "%"


def commission_fen(amount_fen: int, bp: int) -> int:
    """Round half up to the fen, in integers."""
    return (amount_fen * bp + 5_000) // 10_000


def clean_text(value: object, field: str, max_len: int = 200) -> str:
    text = "" if value is None else str(value).strip()
    if not text.isprintable():  # rare: only then pay for a per-character scan
        text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")
    if len(text) > max_len:
        raise ValidationError("field_too_long", field=field, max=max_len)
    return text
