"""One product matcher for order entry and the campaign editor: a name, a part of it, pinyin
initials (`cm` for 草莓) or a SKU, optionally followed by a quantity (`草莓2`, `cm x3`)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from leader_app import pinyin
from leader_app.normalize import fold, parse_quantity
from ui.formatting import money

_QTY_SUFFIX = re.compile(r"^(?P<query>.*?)[\s]*(?:[xX×*]\s*)?(?P<qty>\d+)$")


def split_query(text: str) -> tuple[str, int]:
    """'草莓2' → ('草莓', 2); 'cm x3' → ('cm', 3); '鸡蛋' → ('鸡蛋', 1)."""
    text = fold(text).strip()
    m = _QTY_SUFFIX.match(text)
    if m and m.group("query").strip():
        return m.group("query").strip(), parse_quantity(m.group("qty"))
    return text, 1


def add_keys(products: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each product (or campaign item) the text a query is matched against."""
    for p in products:
        p["keys"] = f"{p['name']} {pinyin.keys(p['name'])} {p.get('sku') or ''}".lower()
    return products


def matches(products: list[dict[str, Any]], text: str, limit: int = 8) -> list[dict[str, Any]]:
    query = split_query(text)[0].lower() if text.strip() else ""
    if not query:
        return []
    return [p for p in products if query in p["keys"]][:limit]


def show_candidates(
    results: QListWidget, products: list[dict[str, Any]], text: str
) -> list[dict[str, Any]]:
    """List what `text` matches under the field, the first one highlighted (Enter takes it);
    the list hides when nothing matches. Returns the matches."""
    results.clear()
    found = matches(products, text)
    for p in found:
        entry = QListWidgetItem(f"{p['name']} {p['spec']}  {money(p['price_fen'])}")
        entry.setData(Qt.ItemDataRole.UserRole, p)
        results.addItem(entry)
    results.setVisible(bool(found))
    if found:
        results.setCurrentRow(0)
    return found
