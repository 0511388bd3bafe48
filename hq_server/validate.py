"""What HQ accepts: pushed records (a refusal parks one record, never the batch), what it
publishes, and JSON bodies. A desk's record is a flat object of strings, integers and nulls
(one SQLite row), so anything else is refused before it can be stored."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache
from typing import Any

ENTITIES = {
    "members",
    "products",
    "campaigns",
    "campaign_items",
    "orders",
    "order_lines",
    "pickup_points",
    "settings",
}
MAX_FIELD = 10_000  # characters in any one field of a record
MAX_KEY = 64  # characters in a field name
MAX_PRICE_FEN = 5_000_000  # ¥50,000: HQ refuses implausible prices (a poison record)
MAX_AMOUNT_FEN = 1_000_000_000  # ¥10,000,000 for one order
MAX_QUANTITY = 100_000
INT64 = 2**63 - 1
MAX_DEPTH = 32  # nesting of a request body; a batch is about 4 deep
# Characters that cannot be stored as text (PostgreSQL refuses NUL; lone surrogates are not
# UTF-8). Refused in ids and other columns of their own.
BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
SURROGATE = re.compile("[\ud800-\udfff]")  # in values: NUL is stored escaped, harmlessly
SECRET_WORDS = ("secret", "password", "passwd", "token", "privatekey", "apikey")

# Integer fields per entity: (lowest, highest, may be null, refusal code).
PRICE = (0, MAX_PRICE_FEN, False, "price_out_of_range")
RATE = (0, 10_000, False, "bad_value")
INTEGER_FIELDS: dict[str, dict[str, tuple[int, int, bool, str]]] = {
    "products": {"price_fen": PRICE, "list_price_fen": PRICE, "commission_bp": RATE},
    "campaign_items": {
        "price_fen": PRICE,
        "commission_bp": RATE,
        "stock_cap": (0, MAX_QUANTITY * 100, True, "quantity_out_of_range"),
        "member_limit": (1, MAX_QUANTITY, True, "quantity_out_of_range"),
    },
    "orders": {
        "amount_fen": (0, MAX_AMOUNT_FEN, False, "amount_out_of_range"),
        "paid": (0, 1, False, "bad_value"),
        "seq": (0, INT64, False, "bad_value"),
    },
    "order_lines": {
        "quantity": (1, MAX_QUANTITY, False, "quantity_out_of_range"),
        "picked_qty": (0, MAX_QUANTITY, False, "quantity_out_of_range"),
        "unit_price_fen": PRICE,
    },
    "members": {"tier_fee_fen": PRICE, "member_no": (0, INT64, False, "bad_value")},
}
MESSAGES = {
    "price_out_of_range": "price outside what HQ accepts (0 to ¥50,000)",
    "amount_out_of_range": "amount outside what HQ accepts (0 to ¥10,000,000)",
    "quantity_out_of_range": "quantity outside what HQ accepts",
    "bad_value": "a field has a value HQ does not accept",
}


def normalised_key(text: str) -> str:
    """'shop_SECRET', ' Shop Secret ', 'ｓｈｏｐ＿ｓｅｃｒｅｔ' → 'shopsecret'."""
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKC", text).casefold())


@lru_cache(maxsize=4096)
def _secret(text: str) -> bool:
    return any(w in normalised_key(text) for w in SECRET_WORDS)


def is_secret_name(text: Any) -> bool:
    return isinstance(text, str) and _secret(text)


@lru_cache(maxsize=4096)
def _key_problem(key: str) -> str:
    """Field names repeat on every record of a table: checked once each."""
    if not 0 < len(key) <= MAX_KEY or BAD_TEXT.search(key):
        return "bad_value"
    return "secret" if _secret(key) else ""


def _value_problem(value: Any) -> str:
    """'' when one value of a flat record is acceptable, else a refusal code. Hot: every field
    of every pushed record passes here."""
    kind = type(value)
    if value is None:
        return ""
    if kind is str:
        if len(value) > MAX_FIELD:
            return "field_too_long"
        return "" if value.isascii() or not SURROGATE.search(value) else "bad_value"
    if kind is int:
        return "" if -INT64 <= value <= INT64 else "bad_value"
    if kind is float:
        return "" if math.isfinite(value) and abs(value) <= INT64 else "bad_value"
    return "bad_value"  # bool, and nested values, which would also slip past the field limit


def refusal(change: dict[str, Any]) -> tuple[str, str]:
    """(code, message) for a change HQ will not take (it goes to the dead-letter table), or
    ('', ''). Desks show the code in their own language; the message is for HQ's staff."""
    entity = change.get("entity")
    if entity not in ENTITIES:
        return "unknown_entity", f"unknown entity {str(entity)[:40]!r}"
    if change.get("op") not in ("insert", "update", "delete"):
        return "unknown_operation", "unknown operation"
    data = change.get("data")
    if change["op"] == "delete":
        return "", ""  # a tombstone: only the id counts, whatever data came with it
    if not isinstance(data, dict):
        return "no_data", "no data"
    if entity == "settings" and (
        is_secret_name(change.get("entity_id")) or is_secret_name(data.get("key"))
    ):
        return "secret", "secrets are never accepted"
    fields = INTEGER_FIELDS.get(entity, {})
    for key, value in data.items():
        code = _key_problem(key) if isinstance(key, str) else "bad_value"
        if code == "secret":
            return "secret", "secrets are never accepted"
        if not code and key not in fields:  # a typed field is checked below, with its range
            code = _value_problem(value)
        if not code:
            continue
        name = safe_text(str(key), 40)
        if code == "field_too_long":
            return code, f"field {name} is too long"
        if code:
            return code, f"field {name}: {MESSAGES[code]}"
    if entity == "products" and "price_fen" not in data:
        return "price_out_of_range", MESSAGES["price_out_of_range"]
    for name, (low, high, nullable, code) in fields.items():
        if name not in data or (nullable and data[name] is None):
            continue
        value = data[name]
        if type(value) is not int or not low <= value <= high:
            return code, f"field {name}: {MESSAGES[code]}"
    picked, quantity = data.get("picked_qty"), data.get("quantity")
    if type(picked) is int and type(quantity) is int and picked > quantity:
        return "quantity_out_of_range", "picked_qty: more picked up than ordered"
    return "", ""


def _scrub(value: Any, redact: bool, depth: int = 0) -> Any:
    if isinstance(value, dict):
        if depth > 3:
            return "[nested]"
        return {
            safe_text(str(k), MAX_KEY): _scrub(v, redact, depth + 1)
            for k, v in list(value.items())[:200]
        }
    if isinstance(value, list):
        return "[nested]" if depth > 3 else [_scrub(v, redact, depth + 1) for v in value[:20]]
    if redact and value is not None:
        return "[redacted]"
    if isinstance(value, str):
        value = BAD_TEXT.sub("\ufffd", value)
        return value if len(value) <= 200 else value[:200] + f"…[{len(value)} characters]"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT64:
        return f"[integer of {len(str(abs(value)))} digits]"
    return value


def dead_letter(change: dict[str, Any], code: str) -> str:
    """What the dead-letter table keeps of a refused change: enough to see what it was, never
    a secret's value nor megabytes of garbage, and always valid JSON."""
    kept = dict(change)
    kept["data"] = _scrub(change.get("data"), redact=code == "secret", depth=0)
    return json.dumps(_scrub(kept, False, -1), ensure_ascii=False, allow_nan=False)


def safe_text(text: str, limit: int = 200) -> str:
    return BAD_TEXT.sub("\ufffd", text)[:limit]


# -- request bodies -------------------------------------------------------------------------
def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Iterative, so a hostile body cannot exhaust the stack here."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            items = item.values()
        elif isinstance(item, list):
            items = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((v, depth + 1) for v in items if isinstance(v, (dict, list)))
    return False


# -- what HQ publishes ------------------------------------------------------------------------
class PublishError(ValueError):
    pass


def _text(item: dict[str, Any], key: str, limit: int, required: bool = False) -> None:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or BAD_TEXT.search(value) or len(value.strip()) > limit:
        raise PublishError(f"{key}: text of at most {limit} characters")
    if required and not value.strip():
        raise PublishError(f"{key} is required")


def _fen(value: Any, key: str, required: bool = False) -> None:
    if value is None and not required:
        return
    if type(value) is not int or not 0 <= value <= MAX_PRICE_FEN:
        raise PublishError(f"{key}: a price in fen from 0 to {MAX_PRICE_FEN} (¥50,000)")


def check_id(value: Any) -> None:
    if not isinstance(value, str) or not 0 < len(value) <= 80 or BAD_TEXT.search(value):
        raise PublishError("id: 1 to 80 characters")


def check_product(item: dict[str, Any]) -> None:
    """The same rules the desk applies to a product (leader_app/catalog.validate), so that
    nothing HQ publishes can be refused by every desk."""
    _text(item, "name", 60, required=True)
    for key, limit in (("spec", 40), ("unit", 10), ("sku", 40)):
        _text(item, key, limit)
    _fen(item.get("price_fen"), "price_fen", required=True)
    _fen(item.get("list_price_fen"), "list_price_fen")
    rate = item.get("commission_bp", 0)
    if type(rate) is not int or not 0 <= rate <= 10_000:
        raise PublishError("commission_bp: 0 to 10000 basis points")


def check_suggestion(item: dict[str, Any]) -> None:
    """A suggested campaign: a title, and products by HQ id with a price each."""
    title = item.get("title")
    if not isinstance(title, str) or not 0 < len(title.strip()) <= 60 or BAD_TEXT.search(title):
        raise PublishError("a suggested campaign needs a title (1–60 characters)")
    _text(item, "note", 500)
    items = item.get("items")
    if not isinstance(items, list) or not items:
        raise PublishError("a suggested campaign needs at least one product")
    for entry in items:
        price = entry.get("price_fen") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not isinstance(entry.get("product_id"), str):
            raise PublishError("each product needs its HQ product_id")
        if not entry["product_id"].strip() or BAD_TEXT.search(entry["product_id"]):
            raise PublishError("each product needs its HQ product_id")
        if type(price) is not int or not 0 <= price <= MAX_PRICE_FEN:
            raise PublishError("each product needs a price in fen (0 to ¥50,000)")
    try:
        if item.get("deadline"):
            datetime.fromisoformat(str(item["deadline"]).replace("Z", "+00:00"))
        if item.get("pickup_date"):
            date.fromisoformat(str(item["pickup_date"]))
    except ValueError:
        raise PublishError("deadline is ISO-8601 UTC and pickup_date is YYYY-MM-DD") from None
