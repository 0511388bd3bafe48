"""Workbooks laid out as the platforms' real exports are, written from the descriptions in issue 9
and shared/PRODUCT.md (not by our own exporter). Every builder writes literal rows; the counts
the tests expect are worked out by hand from these rows and written in the tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

FIXTURES = Path(__file__).resolve().parent

KTT_NORMAL_HEADER = [
    "跟团号",
    "下单人",
    "团员备注",
    "支付时间",
    "团长备注",
    "商品",
    "订单金额",
    "退款金额",
    "订单状态",
    "自提点",
    "收货人",
    "联系电话",
    "详细地址",
    "帮卖团长",
]


def _save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def ktt_normal(path: Path) -> Path:
    """快团团 普通团: a 商品汇总 sheet first, then the orders with packed 商品 cells."""
    wb = Workbook()
    summary = wb.active
    summary.title = "商品汇总"
    summary.append(["商品名称", "规格", "数量", "金额"])
    summary.append(["阳光玫瑰葡萄", "2斤装", 4, 159.6])
    summary.append(["丹东草莓", "500g/盒", 6, 179.4])
    ws = wb.create_sheet("订单明细")
    ws.append(["【11月28日】阳光水果团 跟团订单"])
    ws.append(KTT_NORMAL_HEADER)
    rows = [
        # 跟团号 1: 葡萄 ×2 + 草莓 ×1 = 79.80 + 29.90
        [
            1,
            "小雨妈妈",
            "放门口",
            datetime(2026, 11, 27, 9, 10),
            "",
            "阳光玫瑰葡萄 2斤装+2;\n丹东草莓 500g/盒+1;",
            "¥109.70",
            "",
            "已支付",
            "北门",
            "王小雨",
            "13800000001",
            "3栋2单元501",
            "",
        ],
        [
            2,
            "李姐",
            "",
            datetime(2026, 11, 27, 9, 30),
            "",
            "阳光玫瑰葡萄 2斤装+1;",
            39.9,
            0,
            "已支付",
            "北门",
            "李红",
            "139-0000-0002",
            "5栋1单元302",
            "帮卖·老陈",
        ],
        # refunded in full: not counted
        [
            3,
            "Amy",
            "",
            "2026-11-27 10:00:00",
            "",
            "丹东草莓 500g/盒+3;\n赣南脐橙 5斤装+1;",
            "124.70",
            "124.70",
            "已退款",
            "北门",
            "艾米",
            "13600000003",
            "",
            "",
        ],
        # cancelled: not counted
        [
            4,
            "王阿姨",
            "",
            "2026-11-27 10:05:00",
            "",
            "赣南脐橙 5斤装+2;",
            70,
            "",
            "已取消",
            "北门",
            "王芳",
            "13500000004",
            "",
            "",
        ],
        # a partial refund of ¥39.90: still counted, the refund is recorded on the order
        [
            5,
            "张三",
            "",
            "2026-11-27 11:00:00",
            "",
            "纯牛奶整箱 250ml*24+1;\n阳光玫瑰葡萄 2斤装+1;",
            "¥98.90",
            "¥39.90",
            "已支付",
            "北门",
            "张三",
            "＋86 138 0000 0005",
            "",
            "",
        ],
        # the same member as 跟团号 1, a second order
        [
            6,
            "小雨妈妈",
            "",
            datetime(2026, 11, 28, 8, 0),
            "",
            "丹东草莓 500g/盒+2;",
            "59.80",
            "",
            "已支付",
            "北门",
            "王小雨",
            13800000001,
            "3栋2单元501",
            "",
        ],
        # a masked mobile: a new member with no mobile, never 138****1234 stored as a number
        [
            7,
            "赵六",
            "",
            "2026-11-28 20:15:00",
            "",
            "赣南脐橙 5斤装+1;",
            "35",
            "",
            "待提货",
            "北门",
            "赵六",
            "138****1234",
            "",
            "帮卖·老陈",
        ],
    ]
    for r in rows:
        ws.append(r)
    ws.append(["合计", "", "", "", "", "", 537.6])
    return _save(wb, path)


# Hand count, 快团团 普通团 (orders 1, 2, 5, 6, 7 are active):
#   阳光玫瑰葡萄 2斤装: 2 (#1) + 1 (#2) + 1 (#5) = 4
#   丹东草莓 500g/盒: 1 (#1) + 2 (#6) = 3
#   赣南脐橙 5斤装: 1 (#7)
#   纯牛奶整箱 250ml*24: 1 (#5)


def qjl_summary(path: Path) -> Path:
    """群接龙: 接龙号, 微信昵称, a 商品合计 cell of `名称（规格）*数量` / `名称*数量` lines."""
    wb = Workbook()
    ws = wb.active
    ws.title = "接龙订单"
    ws.append(["群接龙 · 周末水果团 订单导出"])
    ws.append([])
    ws.append(
        [
            "接龙号",
            "微信昵称",
            "收货人",
            "联系电话",
            "商品合计",
            "订单总金额",
            "下单时间",
            "订单状态",
            "收货地址",
            "团长ID",
        ]
    )
    rows = [
        [
            1,
            "小雨妈妈",
            "王小雨",
            "13800000001",
            "丹东草莓（500g/盒）*2\n纯牛奶整箱（250ml*24）*1",
            "118.80",
            "2026-11-27 09:00",
            "已支付",
            "3-2-501",
            "L1",
        ],
        [
            2,
            "李姐",
            "李红",
            "13900000002",
            "赣南脐橙*3",
            105,
            "2026-11-27 09:05",
            "已支付",
            "5栋1单元302",
            "L1",
        ],
        [
            3,
            "大客户",
            "周总",
            "+86 137-0000-0003",
            "纯牛奶整箱（250ml*24）*20\n丹东草莓（500g/盒）*5",
            "¥1,329.50",
            datetime(2026, 11, 27, 12, 0),
            "已支付",
            "",
            "L1",
        ],
        [
            4,
            "Amy",
            "艾米",
            "13600000004",
            "赣南脐橙*1",
            "35.00",
            "2026-11-27 13:00",
            "已取消",
            "",
            "L1",
        ],
        [
            5,
            "老王",
            "王强",
            "13500000005",
            "丹东草莓（500g/盒）*1\n赣南脐橙*2",
            "99.90",
            "2026-11-27 14:00",
            "已退款",
            "",
            "L1",
        ],
    ]
    for r in rows:
        ws.append(r)
    return _save(wb, path)


# Hand count, 群接龙 (orders 1, 2, 3 are active):
#   丹东草莓 500g/盒: 2 (#1) + 5 (#3) = 7
#   纯牛奶整箱 250ml*24: 1 (#1) + 20 (#3) = 21
#   赣南脐橙 (no spec): 3 (#2)


def ktt_community(path: Path) -> Path:
    """快团团 小区团购: one line per item, no order number, form fields as columns."""
    wb = Workbook()
    ws = wb.active
    ws.title = "小区团购订单"
    ws.append(
        [
            "下单人",
            "收货人",
            "联系电话",
            "服务小区",
            "楼号（如10）",
            "房号（如606）",
            "弄号（如168）",
            "商品",
            "规格",
            "数量",
            "单价",
            "订单状态",
            "下单时间",
            "自提点",
        ]
    )
    wang, li, chen = "13800000011", "13800000012", "13800000013"
    rows = [
        [
            "王阿姨",
            "王芳",
            wang,
            "幸福里",
            10,
            606,
            168,
            "丹东草莓",
            "500g/盒",
            1,
            "¥29.90",
            "已支付",
            datetime(2026, 11, 27, 8, 0),
        ],
        [
            "王阿姨",
            "王芳",
            wang,
            "幸福里",
            10,
            606,
            168,
            "赣南脐橙",
            "5斤装",
            2,
            "¥35.00",
            "已支付",
            datetime(2026, 11, 27, 8, 0),
        ],
        # the same member and product again, later: a second order, not a duplicate
        [
            "王阿姨",
            "王芳",
            wang,
            "幸福里",
            10,
            606,
            168,
            "丹东草莓",
            "500g/盒",
            1,
            "¥29.90",
            "已支付",
            datetime(2026, 11, 27, 19, 30),
        ],
        [
            "李叔",
            "李强",
            li,
            "幸福里",
            12,
            1201,
            168,
            "丹东草莓",
            "500g/盒",
            2,
            "¥29.90",
            "已支付",
            "2026-11-27 09:00:00",
        ],
        [
            "陈姐",
            "陈静",
            chen,
            "幸福里",
            3,
            302,
            170,
            "赣南脐橙",
            "5斤装",
            1,
            "¥35.00",
            "已取消",
            "2026-11-27 10:00:00",
        ],
        [
            "陈姐",
            "陈静",
            chen,
            "幸福里",
            3,
            302,
            170,
            "散养土鸡蛋",
            "30枚",
            1,
            "¥35.80",
            "已取消",
            "2026-11-27 10:00:00",
        ],
        [
            "陈姐",
            "陈静",
            chen,
            "幸福里",
            3,
            302,
            170,
            "散养土鸡蛋",
            "30枚",
            2,
            "¥35.80",
            "已支付",
            "2026-11-27 11:00:00",
        ],
    ]
    for r in rows:
        ws.append([*r, "幸福里东门"])
    return _save(wb, path)


# Hand count, 快团团 小区团购: orders 王阿姨@08:00 (草莓1 脐橙2), 王阿姨@19:30 (草莓1), 李叔 (草莓2),
# 陈姐@10:00 (cancelled), 陈姐@11:00 (鸡蛋2): 5 orders, 4 active.
#   丹东草莓 500g/盒: 1 + 1 + 2 = 4;  赣南脐橙 5斤装: 2;  散养土鸡蛋 30枚: 2


def ktt_merged(path: Path) -> Path:
    """快团团 line export with the order columns merged over the order's item rows, real date
    cells, masked mobiles and a 帮卖团长 column."""
    wb = Workbook()
    ws = wb.active
    ws.title = "订单"
    ws.append(
        [
            "跟团号",
            "下单人",
            "支付时间",
            "商品",
            "规格",
            "数量",
            "订单金额",
            "订单状态",
            "收货人",
            "联系电话",
            "帮卖团长",
        ]
    )
    orders = [
        (
            101,
            "赵六",
            datetime(2026, 11, 27, 8, 1),
            [("丹东草莓", "500g/盒", 2), ("赣南脐橙", "5斤装", 1)],
            "¥94.80",
            "已支付",
            "赵六",
            "138****1234",
            "老陈",
        ),
        (
            102,
            "钱七",
            datetime(2026, 11, 27, 8, 2),
            [("散养土鸡蛋", "30枚", 1), ("丹东草莓", "500g/盒", 1), ("鲜牛奶", "950ml", 3)],
            "¥103.20",
            "已支付",
            "钱七",
            "13700000007",
            "",
        ),
        (
            103,
            "孙八",
            datetime(2026, 11, 27, 8, 3),
            [("鲜牛奶", "950ml", 2)],
            "25.00",
            "已退款",
            "孙八",
            "13700000008",
            "",
        ),
        (
            104,
            "赵六",
            datetime(2026, 11, 27, 8, 4),
            [("赣南脐橙", "5斤装", 4)],
            "140",
            "待提货",
            "赵六",
            "138****1234",
            "老陈",
        ),
    ]
    row = 2
    for no, nick, at, items, amount, status, name, mobile, helper in orders:
        first = row
        for product, spec, qty in items:
            ws.cell(row, 4, product)
            ws.cell(row, 5, spec)
            ws.cell(row, 6, qty)
            row += 1
        for col, value in (
            (1, no),
            (2, nick),
            (3, at),
            (7, amount),
            (8, status),
            (9, name),
            (10, mobile),
            (11, helper),
        ):
            ws.cell(first, col, value)
            if row - 1 > first:
                ws.merge_cells(start_row=first, start_column=col, end_row=row - 1, end_column=col)
    return _save(wb, path)


# Hand count, merged (orders 101, 102, 104 active; 赵六 is one member known as 13800001234):
#   丹东草莓 500g/盒: 2 + 1 = 3;  赣南脐橙 5斤装: 1 + 4 = 5;  散养土鸡蛋 30枚: 1;  鲜牛奶 950ml: 3


def ktt_versions(path: Path, version: int) -> Path:
    """Two exports of one 快团团 普通团 campaign, a day apart."""
    wb = Workbook()
    ws = wb.active
    ws.title = "订单"
    ws.append(
        [
            "跟团号",
            "下单人",
            "支付时间",
            "商品",
            "订单金额",
            "退款金额",
            "订单状态",
            "收货人",
            "联系电话",
        ]
    )
    grape, berry = "阳光玫瑰葡萄 2斤装", "丹东草莓 500g/盒"
    v1 = [
        [1, "A", "2026-11-27 08:00", f"{grape}+1;", "39.90", "", "已支付", "安安", "13800000031"],
        [2, "B", "2026-11-27 08:10", f"{berry}+2;", "59.80", "", "已支付", "贝贝", "13800000032"],
        [
            3,
            "C",
            "2026-11-27 08:20",
            f"{grape}+1;\n{berry}+1;",
            "69.80",
            "",
            "已支付",
            "晨晨",
            "13800000033",
        ],
        [4, "D", "2026-11-27 08:30", f"{berry}+1;", "29.90", "", "已支付", "丁丁", "13800000034"],
        [6, "F", "2026-11-27 08:40", f"{berry}+1;", "29.90", "", "已支付", "芳芳", "13800000036"],
    ]
    v2 = [
        [1, "A", "2026-11-27 08:00", f"{grape}+1;", "39.90", "", "已支付", "安安", "13800000031"],
        [
            2,
            "B",
            "2026-11-27 08:10",
            f"{berry}+2;",
            "59.80",
            "59.80",
            "已退款",
            "贝贝",
            "13800000032",
        ],
        [
            3,
            "C",
            "2026-11-27 08:20",
            f"{grape}+3;\n{berry}+1;",
            "149.60",
            "",
            "已支付",
            "晨晨",
            "13800000033",
        ],
        [4, "D", "2026-11-27 08:30", f"{berry}+1;", "29.90", "", "已取消", "丁丁", "13800000034"],
        [
            6,
            "F",
            "2026-11-27 08:40",
            f"{berry}+1;",
            "29.90",
            "10.00",
            "已支付",
            "芳芳",
            "13800000036",
        ],
        [5, "E", "2026-11-28 07:50", f"{grape}+2;", "79.80", "", "已支付", "恩恩", "13800000035"],
    ]
    for r in v1 if version == 1 else v2:
        ws.append(r)
    return _save(wb, path)


# Hand count, v2 (orders 1, 3, 5, 6 active):
#   阳光玫瑰葡萄 2斤装: 1 (#1) + 3 (#3) + 2 (#5) = 6;  丹东草莓 500g/盒: 1 (#3) + 1 (#6) = 2

KTT_XLS = FIXTURES / "ktt_old.xls"


def write_ktt_xls(path: Path = KTT_XLS) -> Path:  # pragma: no cover - run by hand with xlwt
    """The committed binary .xls fixture (BIFF8), made with xlwt: `python -m
    tests.layouts.builders` rewrites it."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    header = ["跟团号", "下单人", "支付时间", "商品", "订单金额", "订单状态", "收货人", "联系电话"]
    rows = [
        [
            1,
            "一号",
            "2026-11-20 09:00:00",
            "丹东草莓 500g/盒+2;\n赣南脐橙 5斤装+1;",
            94.8,
            "已支付",
            "一号",
            "13800000021",
        ],
        [
            2,
            "二号",
            "2026-11-20 09:10:00",
            "赣南脐橙 5斤装+1;",
            35,
            "已支付",
            "二号",
            "13800000022",
        ],
        [
            3,
            "三号",
            "2026-11-20 09:20:00",
            "丹东草莓 500g/盒+1;",
            29.9,
            "已取消",
            "三号",
            "13800000023",
        ],
    ]
    for c, value in enumerate(header):
        ws.write(0, c, value)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    wb.save(str(path))
    return path


# Hand count, .xls (orders 1, 2 active): 丹东草莓 500g/盒: 2;  赣南脐橙 5斤装: 1 + 1 = 2

if __name__ == "__main__":  # pragma: no cover
    write_ktt_xls()
