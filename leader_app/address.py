"""Building / unit / room (楼栋 / 单元 / 房号) from the ways leaders and platforms write them."""

from __future__ import annotations

import re

from leader_app.normalize import fold

_PATTERNS = [
    # 16栋4单元401, 16幢4单元401室, 16号楼4单元401
    re.compile(r"(\d+)\s*(?:栋|幢|号楼|#)\s*(\d+)\s*单元\s*(\d+)\s*(?:室|号)?"),
    # 3-2-501, 3－2－501 (folded), 3/2/501
    re.compile(r"(?<![\d-])(\d{1,3})\s*[-/]\s*(\d{1,2})\s*[-/]\s*(\d{2,5})(?![\d-])"),
    # 5栋302 (no unit)
    re.compile(r"(\d+)\s*(?:栋|幢|号楼|#)\s*()(\d{2,5})\s*(?:室|号)?"),
]


def parse_address(text: str) -> tuple[str, str, str] | None:
    """('16', '4', '401') or None when no building/room can be read."""
    folded = fold(text or "")
    for pattern in _PATTERNS:
        m = pattern.search(folded)
        if m:
            building, unit, room = m.groups()
            return str(int(building)), str(int(unit)) if unit else "", str(int(room))
    return None


def find_address(text: str) -> tuple[tuple[str, str, str], int, int] | None:
    """Like parse_address, with where the address stands in the (folded) text."""
    folded = fold(text or "")
    for pattern in _PATTERNS:
        m = pattern.search(folded)
        if m:
            building, unit, room = m.groups()
            return (
                (str(int(building)), str(int(unit)) if unit else "", str(int(room))),
                m.start(),
                m.end(),
            )
    return None


def cell_text(value: object) -> str:
    """A cell as text; Excel's 15.0 for a building number becomes '15'."""
    if value is None:
        return ""
    if type(value) is str:  # the common case, first
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
