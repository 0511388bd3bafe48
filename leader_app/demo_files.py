"""Realistic platform exports for demos, tests and benchmarks (快团团 layout: one row per line,
order columns repeated, a title row above the header)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from leader_app.demo import PRODUCTS, _person

HEADER = [
    "跟团号",
    "下单人",
    "团员备注",
    "支付时间",
    "团长备注",
    "商品",
    "规格",
    "数量",
    "订单金额",
    "退款金额",
    "订单状态",
    "自提点",
    "收货人",
    "联系电话",
    "详细地址",
]
STATUSES = ["已支付"] * 90 + ["待支付"] * 3 + ["已送达"] * 4 + ["已取消"] * 2 + ["已退款"]


def ktt_rows(lines: int, seed: int = 1, members: int = 3000):
    rng = random.Random(seed)
    people = []
    for _ in range(members):
        p = _person(rng)
        mobile = rng.choice(("138", "139", "158", "186")) + f"{rng.randrange(10**8):08d}"
        address = f"阳光花园{rng.randint(1, 18)}栋{rng.randint(1, 4)}单元{rng.randint(1, 33)}0{rng.randint(1, 4)}"
        people.append((p["nickname"], p["name"], mobile, address))
    order_no, made = 0, 0
    while made < lines:
        order_no += 1
        nick, name, mobile, address = rng.choice(people)
        chosen = rng.sample(PRODUCTS, min(rng.choice((1, 1, 2, 3)), lines - made))
        qtys = [rng.choice((1, 1, 2, 3)) for _ in chosen]
        amount = sum(q * p[3] for q, p in zip(qtys, chosen, strict=True))
        status = rng.choice(STATUSES)
        paid = f"2026-11-24 {rng.randint(8, 23):02d}:{rng.randint(0, 59):02d}:00"
        for (pname, spec, _u, _price, _lp, _c), qty in zip(chosen, qtys, strict=True):
            made += 1
            yield [
                order_no,
                nick,
                "",
                paid,
                "",
                pname,
                spec,
                qty,
                f"{amount / 100:.2f}",
                f"{amount / 100:.2f}" if status == "已退款" else "0",
                status,
                "北门快递柜",
                name,
                mobile,
                address,
            ]


def write_ktt_csv(path: Path, lines: int, seed: int = 1) -> Path:
    with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["快团团订单导出"])
        writer.writerow(HEADER)
        writer.writerows(ktt_rows(lines, seed))
    return Path(path)


def write_ktt_xlsx(path: Path, lines: int, seed: int = 1) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("订单")
    sheet.append(["快团团订单导出"])
    sheet.append(HEADER)
    for row in ktt_rows(lines, seed):
        sheet.append(row)
    workbook.save(path)
    return Path(path)
