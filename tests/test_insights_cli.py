"""`leader-app insights`, `segment` and `export segment` in a real subprocess, on the store of
tests/test_insights.py (its docstring has the values worked out by hand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from leader_app.app import LeaderApp
from tests.test_cli import cli
from tests.test_insights import build_store

AS_OF = "2031-12-01"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("insights") / "shop.db"
    with LeaderApp.open(path) as app:
        build_store(app)
    return path


def test_insights_json_has_the_issues_keys_and_hand_worked_values(store: Path) -> None:
    data = json.loads(cli("insights", "--as-of", AS_OF, "--json", db=store, check=True).stdout)
    assert list(data) == [
        "segments",
        "members",
        "repeat_rate",
        "aov_fen",
        "weekly",
        "referrers",
        "tags",
        "tiers_expiring",
    ]
    assert data["segments"] == {
        "new": 1,
        "active": 2,
        "loyal": 1,
        "at_risk": 1,
        "dormant": 1,
        "never": 3,
    }
    assert (data["members"], data["repeat_rate"], data["aov_fen"]) == (7, 0.5, 3125)
    assert len(data["weekly"]) == 12
    assert data["weekly"][-1] == {
        "week": "2031-11-25",
        "orders": 2,
        "sales_fen": 9000,
        "active_members": 2,
    }
    assert data["referrers"] == [
        {
            "member_no": 1,
            "name": "阿安",
            "referrals": 2,
            "referred_orders": 1,
            "referred_sales_fen": 5000,
        },
        {
            "member_no": 2,
            "name": "白冰",
            "referrals": 2,
            "referred_orders": 2,
            "referred_sales_fen": 4000,
        },
    ]
    assert {"tag": "宝妈", "members": 2, "active": 2, "sales_fen": 9000} in data["tags"]
    assert data["tiers_expiring"] == [
        {"member_no": 1, "name": "阿安", "tier": "金卡", "expires_on": "2031-12-15"},
        {"member_no": 4, "name": "邓迪", "tier": "银卡", "expires_on": "2031-12-31"},
    ]
    members = json.loads(cli("members", "--json", db=store, check=True).stdout)
    counts = {m["member_no"]: m["referrals"] for m in members}
    assert all(counts[r["member_no"]] == r["referrals"] for r in data["referrers"])
    assert sum(r["referrals"] for r in data["referrers"]) == sum(counts.values())
    again = json.loads(cli("insights", "--as-of", AS_OF, "--json", db=store, check=True).stdout)
    assert again == data  # --as-of: the same store and day give the same figures


@pytest.mark.parametrize(
    ("segment", "names"),
    [("never", {"鄂尔", "方芳", "郭果"}), ("active", {"阿安", "白冰"}), ("at_risk", {"陈晨"})],
)
def test_segment_lists(store: Path, segment: str, names: set[str]) -> None:
    rows = json.loads(
        cli("segment", segment, "--as-of", AS_OF, "--json", db=store, check=True).stdout
    )
    assert {r["name"] for r in rows} == names
    assert set(rows[0]) == {"member_no", "name", "mobile", "last_order_at", "orders", "sales_fen"}


def test_export_segment_to_xlsx(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "流失风险.xlsx"
    cli("export", "segment", "at_risk", "--as-of", AS_OF, "-o", str(out), db=store, check=True)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("会员编号", "姓名", "微信昵称", "手机号")
    assert rows[1][1] == "陈晨" and rows[1][3] == "13800000003" and rows[1][6] == 2
    assert rows[-1][0] == "合计" and len(rows) == 3


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("segment", "sleepy"), "no segment"),
        (("insights", "--as-of", "2031-02-30"), "not a date"),
        (("export", "segment", "never"), "-o FILE"),
    ],
)
def test_bad_input_is_one_line(store: Path, args: tuple[str, ...], words: str) -> None:
    result = cli(*args, db=store)
    assert result.returncode == 1 and words in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
