"""Header rows: find them below title rows, map synonyms to fields, guess the file's kind."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from leader_app.address import cell_text
from leader_app.i18n import QT_TRANSLATE_NOOP
from leader_app.normalize import fold

# field → header names seen on 快团团, 群接龙, WPS/Excel member lists and in English.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "order_no": (
        "跟团号",
        "下单序号",
        "订单号",
        "订单编号",
        "商城订单号",
        "订单号(勿删)",
        "单号",
        "order no",
        "order number",
        "order id",
    ),
    "name": ("收货人", "收件人", "收件人姓名", "姓名", "客户姓名", "name", "consignee"),
    "nickname": ("下单人", "昵称", "微信昵称", "微信名", "团员", "nickname", "wechat"),
    "mobile": (
        "联系电话",
        "联系方式",
        "手机号",
        "手机号码",
        "电话",
        "收件人手机号码",
        "手机",
        "收货人电话",
        "mobile",
        "phone",
        "tel",
    ),
    "product": ("商品", "商品名称", "sku名称", "品名", "商品名", "product", "product name", "item"),
    "spec": ("规格", "sku规格", "规格名称", "spec", "specification"),
    "quantity": ("数量", "sku数量", "件数", "购买数量", "qty", "quantity"),
    "sku": ("商品编码", "sku编号", "sku编码", "sku", "sku code"),
    "address": ("详细地址", "收货地址", "完整地址", "地址", "address"),
    "status": ("订单状态", "状态", "status"),
    "member_note": ("团员备注", "买家备注", "用户备注", "备注", "note", "remark"),
    "leader_note": ("团长备注", "商家备注", "leader note"),
    "order_amount": ("订单金额", "订单总金额", "实付金额", "order amount", "total"),
    "line_amount": ("商品金额", "小计", "商品总价", "line amount", "subtotal"),
    "unit_price": ("单价", "团购价", "价格", "售价", "price", "unit price"),
    "list_price": ("划线价", "原价", "list price"),
    "paid_at": ("支付时间", "下单时间", "付款时间", "paid at", "order time"),
    "refund": ("退款金额", "refund"),
    "pickup_point": ("自提点", "提货点", "pickup point"),
    "building": ("楼栋", "楼号", "栋", "楼", "building"),
    "unit": ("单元", "单元号", "unit"),
    "room": ("房号", "门牌号", "房间号", "室", "room"),
    "tags": ("标签", "tags", "tag"),
    "referrer_mobile": (
        "推荐人手机号",
        "推荐人电话",
        "推荐人手机",
        "推荐人",
        "referrer",
        "referrer mobile",
    ),
    "tier": ("会员等级", "等级", "tier"),
    "unit_name": ("单位", "计量单位"),
    "stock_cap": ("限购", "限购总量", "库存", "stock cap"),
    "member_limit": ("每人限购", "单人限购", "per member"),
    "commission": ("佣金比例", "佣金", "commission"),
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


@dataclass
class HeaderMatch:
    row_index: int  # 0-based index into the table's rows
    headers: list[str]
    mapping: dict[str, int] = field(default_factory=dict)  # field → column

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
    return best


def _prefer_receiver_as_name(match: HeaderMatch) -> None:
    """快团团 has 下单人 (a nickname) and 收货人 (the real name); with only one, it is the name."""
    if "name" not in match.mapping and "nickname" in match.mapping:
        match.mapping["name"] = match.mapping["nickname"]


def detect_kind(mapping: dict[str, int]) -> str | None:
    has = mapping.__contains__
    if has("product") and has("quantity") and (has("mobile") or has("name") or has("order_no")):
        return "orders"
    if has("product") and not has("mobile"):
        return "products"
    if has("mobile") and (has("name") or has("nickname")) and not has("product"):
        return "members"
    return None
