"""WeChat 接龙 (solitaire) messages → entries of nickname, address and items.

    1. 小雨妈妈 3-2-501 草莓2 橙子1
    2. 李姐 5栋1单元302 橙子x2
    3. 🌸Amy 12-1-1201 草莓两盒
        橙子1

Entries start `N. ` and may run over several lines; the `例` line is an example. Items name a
product by a short name and a quantity in digits, x2 / ×2 / *2 or Chinese numerals.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from leader_app.address import find_address
from leader_app.errors import ValidationError
from leader_app.i18n import QT_TRANSLATE_NOOP
from leader_app.normalize import CN_NUMERAL_CHARS, fold, parse_quantity

_ENTRY = re.compile(r"^\s*(\d{1,4})\s*[.．、)）]\s*(.*)$")
_EXAMPLE = re.compile(r"^\s*例")
_UNITS = "份盒箱袋斤个瓶只包件罐提桶块条支"
_ITEM = re.compile(
    rf"^(?P<name>.+?)\s*(?:[xX×*]\s*)?(?P<qty>\d+|[{CN_NUMERAL_CHARS}]+)(?P<unit>[{_UNITS}]?)$"
)
_GLUED = re.compile(rf"[^\d\s]+?\s*[xX×*]?\s*\d+[{_UNITS}]?")
_SPLIT = re.compile(r"[\s,，、;；/+]+")
# Short names leaders use that are not substrings of the catalogue name.
SYNONYMS = {
    "排骨": "肋排",
    "橙子": "橙",
    "鸡蛋": "蛋",
    "西红柿": "番茄",
    "苹果": "苹果",
    "牛奶": "奶",
    "大米": "米",
    "虾": "虾",
    "羊肉": "羊",
    "饺子": "饺",
}

PROBLEMS = {
    "no_address": QT_TRANSLATE_NOOP("jielong", "no building-unit-room found"),
    "no_items": QT_TRANSLATE_NOOP("jielong", "no product found in the entry"),
    "unknown_product": QT_TRANSLATE_NOOP("jielong", "“{name}” matches no product of the campaign"),
    "ambiguous_product": QT_TRANSLATE_NOOP("jielong", "“{name}” could be {choices}"),
    "bad_quantity": QT_TRANSLATE_NOOP("jielong", "“{text}” has no readable quantity"),
}


@dataclass
class Item:
    text: str
    query: str
    quantity: int


@dataclass
class Entry:
    number: int
    line: int  # 1-based line of the text where the entry starts
    raw: str
    nickname: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""
    items: list[Item] = field(default_factory=list)
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def fingerprint(self) -> str:
        """Same entry pasted again → same fingerprint, so re-imports add nothing."""
        text = f"jielong|{self.number}|{self.nickname}|{self.building}-{self.unit}-{self.room}|"
        text += "|".join(f"{i.query}:{i.quantity}" for i in self.items)
        return hashlib.sha1(text.encode()).hexdigest()

    def problem_texts(self) -> list[str]:
        return [PROBLEMS[code].format(**args) for code, args in self.problems]


def _clean(line: str) -> str:
    """Drop control characters (kept: emoji and CJK), fold full-width forms."""
    return "".join(ch for ch in line if unicodedata.category(ch)[0] != "C" or ch == "\t")


def parse(text: str) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = _clean(raw_line)
        if not line.strip() or _EXAMPLE.match(line):
            if _EXAMPLE.match(line):
                current = None
            continue
        m = _ENTRY.match(line)
        if m:
            current = Entry(int(m.group(1)), number, m.group(2).strip())
            entries.append(current)
        elif current is not None and not line.lstrip().startswith("#"):
            current.raw += " " + line.strip()  # a continuation line of the entry
    for entry in entries:
        _read_entry(entry)
    return entries


def _read_entry(entry: Entry) -> None:
    text = fold(entry.raw)
    found = find_address(text)
    if found:
        (entry.building, entry.unit, entry.room), start, end = found
        entry.nickname = text[:start].strip()
        rest = text[end:]
    else:
        head, _, rest = text.partition(" ")
        entry.nickname = head.strip()
        entry.problems.append(("no_address", {}))
    for token in _tokens(rest):
        m = _ITEM.match(token)
        if not m:
            entry.items.append(Item(token, token, 1))
            continue
        try:
            qty = parse_quantity(m.group("qty"))
        except ValidationError:
            entry.problems.append(("bad_quantity", {"text": token}))
            continue
        entry.items.append(Item(token, m.group("name").strip(), qty))
    if not entry.items:
        entry.problems.append(("no_items", {}))


def _tokens(text: str) -> list[str]:
    out = []
    for token in _SPLIT.split(text.strip()):
        if not token:
            continue
        glued = _GLUED.findall(token)
        if len(glued) > 1 and "".join(glued).replace(" ", "") == token.replace(" ", ""):
            out.extend(g.strip() for g in glued)  # 草莓2橙子1 → 草莓2, 橙子1
        else:
            out.append(token)
    return out


def match_product(query: str, products: list[dict[str, Any]]) -> tuple[dict | None, list[str]]:
    """The campaign product a short name means: (product, []) or (None, the candidates)."""
    q = fold(query).strip().lower()
    if not q:
        return None, []
    names = [(p, fold(p["name"]).lower()) for p in products]
    for test in (lambda n: n == q, lambda n: q in n, lambda n: SYNONYMS.get(q, "\0") in n):
        hits = [p for p, n in names if test(n)]
        if len(hits) == 1:
            return hits[0], []
        if len(hits) > 1:
            return None, [h["name"] for h in hits]
    scored = [(sum(ch in n for ch in set(q)), p) for p, n in names]
    best = max((s for s, _ in scored), default=0)
    if best < 2:  # one shared character is a guess (榴莲 is not 蒙自石榴)
        return None, []
    hits = [p for s, p in scored if s == best]
    return (hits[0], []) if len(hits) == 1 else (None, [h["name"] for h in hits])
