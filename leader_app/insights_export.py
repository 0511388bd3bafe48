"""A segment's members as a spreadsheet (the same writer as every other export)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leader_app.clock import format_local
from leader_app.exporting import Col, Sheet, write

# Sheet titles, in Chinese like every exported header (leaders share these files as they are).
SEGMENT_TITLES = {
    "new": "新会员",
    "active": "活跃",
    "loyal": "忠实",
    "at_risk": "流失风险",
    "dormant": "沉睡",
    "never": "从未下单",
}


def _address(r: dict[str, Any]) -> str:
    return "-".join(str(r[k]) for k in ("building", "unit", "room") if r.get(k))


def segment_sheet(segment: str, rows: list[dict[str, Any]]) -> Sheet:
    return Sheet(
        SEGMENT_TITLES.get(segment, segment),
        [
            Col("会员编号", lambda r: r["member_no"], "int"),
            Col("姓名", lambda r: r["name"]),
            Col("微信昵称", lambda r: r["nickname"]),
            Col("手机号", lambda r: r["mobile"], "code"),
            Col("楼栋单元房号", _address),
            Col("最近下单", lambda r: format_local(r["last_at"])),
            Col("订单数", lambda r: r["orders"], "int", total=True),
            Col("参与团数", lambda r: r["campaigns"], "int"),
            Col("消费金额", lambda r: r["sales_fen"], "money", total=True),
        ],
        rows,
    )


def write_segment(path: Path, segment: str, rows: list[dict[str, Any]]) -> Path:
    return write(Path(path), [segment_sheet(segment, rows)])
