"""Export lists to .xlsx (XlsxWriter) and .csv (UTF-8 with BOM, for Excel and WPS).

Every sheet gets a bold frozen header, widths that fit the text (CJK counts double), money as
¥ with two decimals, mobiles and order numbers as text, and a totals row with SUM formulas.
Text that Excel would take for a formula (=, +, -, @ …) is written as text: a string cell in
xlsx, a leading apostrophe in csv. In csv, mobiles and order numbers get a leading tab (as the
platforms' own exports do) so Excel keeps them as text.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import os
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any

from leader_app.clock import format_local
from leader_app.errors import ValidationError
from leader_app.normalize import commission_fen, format_rate

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
MONEY_FORMAT = '"¥"#,##0.00'
LISTS = ("orders", "pickup-list", "purchase-list", "members", "summary")


@dataclass
class Col:
    header: str
    value: Callable[[dict[str, Any]], Any]
    kind: str = "text"  # text | int | money | code (mobile, order no: text, never a number)
    total: bool = False


@dataclass
class Sheet:
    title: str
    columns: list[Col]
    rows: list[dict[str, Any]] = field(default_factory=list)


def safe_text(value: str) -> str:
    """For csv: Excel evaluates =, +, -, @ at the start of a cell; an apostrophe stops it."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(col: Col, row: dict[str, Any]) -> Any:
    value = col.value(row)
    if value is not None and col.kind == "int" and not isinstance(value, int):
        return str(value)
    if col.kind == "money":
        return Decimal(value or 0) / 100
    if col.kind == "int":
        return int(value or 0)
    return "" if value is None else str(value)


def write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    from leader_app.export_xlsx import write_xlsx as write_workbook

    write_workbook(path, sheets)


def write_csv(path: Path, sheet: Sheet) -> None:
    with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.header for c in sheet.columns])
        for row in sheet.rows:
            out = []
            for col in sheet.columns:
                value = _cell(col, row)
                if col.kind == "money":
                    out.append(f"{value:.2f}")
                elif col.kind == "code" and value:
                    out.append("\t" + value)  # Excel/WPS keep it as text, not 1.39E+10
                elif isinstance(value, str):
                    out.append(safe_text(value))
                else:
                    out.append(value)
            writer.writerow(out)


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """Write beside `path`, then put the file in place: a failed export (a full disk, the old
    file open in Excel or WPS, a folder that is gone) leaves no half-written file and ends in
    a message, never a traceback."""
    partial = path.with_name(f"{path.stem}.partial{path.suffix}")
    try:
        yield partial
        os.replace(partial, path)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else exc
        if not isinstance(cause, OSError):  # XlsxWriter's FileCreateError wraps the OSError
            raise
        reason = cause.strerror or str(cause)
        raise ValidationError("export_write_failed", path=str(path), reason=reason) from exc


def write(path: Path, sheets: list[Sheet]) -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError("export_format", path=path.name)
    with _replacing(path) as partial:
        if suffix == ".xlsx":
            write_xlsx(partial, sheets)
        else:
            write_csv(partial, sheets[0])
    return path


# -- the lists ------------------------------------------------------------------------------
STATUS_ZH = {"placed": "已下单", "cancelled": "已取消", "refunded": "已退款", "picked_up": "已提货"}


def _address(r: dict[str, Any]) -> str:
    return "-".join(str(r[k]) for k in ("building", "unit", "room") if r[k])


def orders_sheet(rows: list[dict[str, Any]]) -> Sheet:
    # itemgetter and a memo of the local times: this sheet runs to 100,000 rows and more
    local = functools.lru_cache(maxsize=65536)(format_local)
    return Sheet(
        "订单明细",
        [
            Col("订单号", itemgetter("order_no"), "code"),
            Col("平台单号", itemgetter("external_no"), "code"),
            Col("团购活动", itemgetter("campaign")),
            Col("会员编号", itemgetter("member_no"), "int"),
            Col("姓名", itemgetter("name")),
            Col("昵称", itemgetter("nickname")),
            Col("手机号", itemgetter("mobile"), "code"),
            Col("楼栋单元房号", _address),
            Col("商品", itemgetter("product")),
            Col("规格", itemgetter("spec")),
            Col("数量", itemgetter("quantity"), "int", total=True),
            Col("单价", itemgetter("unit_price_fen"), "money"),
            Col("金额", itemgetter("line_fen"), "money", total=True),
            Col("平台退款", itemgetter("platform_refund_fen"), "money", total=True),
            Col("状态", lambda r: STATUS_ZH.get(r["status"], r["status"])),
            Col("已付款", lambda r: "是" if r["paid"] else "否"),
            Col("已提数量", itemgetter("picked_qty"), "int"),
            Col("团员备注", itemgetter("member_note")),
            Col("团长备注", itemgetter("leader_note")),
            Col("下单时间", lambda r: local(r["created_at"])),
        ],
        rows,
    )


def pickup_sheet(rows: list[dict[str, Any]]) -> Sheet:
    from leader_app.normalize import mask_mobile

    return Sheet(
        "提货清单",
        [
            Col("楼栋", lambda r: r["building"], "code"),
            Col("单元", lambda r: r["unit"], "code"),
            Col("房号", lambda r: r["room"], "code"),
            Col("会员编号", lambda r: r["member_no"], "int"),
            Col("姓名", lambda r: r["name"]),
            Col("昵称", lambda r: r["nickname"]),
            Col("手机号", lambda r: mask_mobile(r["mobile"] or ""), "code"),
            Col("商品", lambda r: r["items"]),
            Col("件数", lambda r: r["pieces"], "int", total=True),
            Col("金额", lambda r: r["amount_fen"], "money", total=True),
            Col("订单号", lambda r: r["order_nos"], "code"),
            Col("已提货", lambda r: "✔" if r["picked_up"] else "☐"),
        ],
        rows,
    )


def purchase_sheet(rows: list[dict[str, Any]]) -> Sheet:
    return Sheet(
        "采购清单",
        [
            Col("商品", lambda r: r["product"]),
            Col("规格", lambda r: r["spec"]),
            Col("单位", lambda r: r["unit"]),
            Col("数量", lambda r: r["quantity"], "int", total=True),
            Col("金额", lambda r: r["amount_fen"], "money", total=True),
        ],
        rows,
    )


def members_sheet(rows: list[dict[str, Any]]) -> Sheet:
    return Sheet(
        "会员",
        [
            Col("会员编号", lambda r: r["member_no"], "int"),
            Col("姓名", lambda r: r["name"]),
            Col("手机号", lambda r: r["mobile"], "code"),
            Col("微信昵称", lambda r: r["nickname"]),
            Col("楼栋", lambda r: r["building"], "code"),
            Col("单元", lambda r: r["unit"], "code"),
            Col("房号", lambda r: r["room"], "code"),
            Col("标签", lambda r: "、".join(json.loads(r["tags"] or "[]"))),
            Col("会员等级", lambda r: r["tier"]),
            Col("会费", lambda r: r["tier_fee_fen"], "money", total=True),
            Col("到期日", lambda r: r["tier_expires_on"] or ""),
            Col("推荐人手机号", lambda r: r["referrer_mobile"], "code"),
            Col("推荐人数", lambda r: r["referrals"], "int", total=True),
            Col("加入时间", lambda r: format_local(r["created_at"])),
        ],
        rows,
    )


def summary_sheet(summary: dict[str, Any]) -> Sheet:
    lines = [{**x, "rate": format_rate(x["commission_bp"])} for x in summary["lines"]]
    for line in lines:
        line["commission_fen"] = commission_fen(line["amount_fen"], line["commission_bp"])
    return Sheet(
        "活动汇总",
        [
            Col("商品", lambda r: r["name"]),
            Col("规格", lambda r: r["spec"]),
            Col("数量", lambda r: r["quantity"], "int", total=True),
            Col("已提", lambda r: r["picked"], "int", total=True),
            Col("销售额", lambda r: r["amount_fen"], "money", total=True),
            Col("佣金比例", lambda r: r["rate"]),
            Col("佣金", lambda r: r["commission_fen"], "money", total=True),
        ],
        lines,
    )


def refunds_sheet(rows: list[dict[str, Any]]) -> Sheet:
    """What the platform refunded (退款金额 of an imported export), order by order."""
    return Sheet(
        "平台退款",
        [
            Col("订单号", lambda r: r["order_no"], "code"),
            Col("平台单号", lambda r: r["external_no"], "code"),
            Col("姓名", lambda r: r["name"]),
            Col("状态", lambda r: STATUS_ZH.get(r["status"], r["status"])),
            Col("订单金额", lambda r: r["amount_fen"], "money", total=True),
            Col("平台退款", lambda r: r["platform_refund_fen"], "money", total=True),
        ],
        rows,
    )


def build(app: Any, name: str, campaign_id: str | None) -> list[Sheet]:
    """The sheets of one list. Lists per campaign need `campaign_id`."""
    from storage import export_sql, members_sql

    conn = app.store.conn
    if name in ("pickup-list", "purchase-list", "summary") and not campaign_id:
        raise ValidationError("import_needs_campaign")
    if campaign_id:
        app.campaigns.get(campaign_id)  # a clear not-found instead of an empty file
    if name == "orders":
        return [orders_sheet(export_sql.order_lines(conn, campaign_id))]
    if name == "pickup-list":
        return [pickup_sheet(export_sql.pickup_list(conn, campaign_id))]
    if name == "purchase-list":
        return [purchase_sheet(export_sql.purchase_list(conn, campaign_id))]
    if name == "members":
        return [members_sheet(members_sql.all_active(conn))]
    if name == "summary":
        summary = app.campaigns.summary(campaign_id)
        return [
            summary_sheet(summary),
            purchase_sheet(export_sql.purchase_list(conn, campaign_id)),
            pickup_sheet(export_sql.pickup_list(conn, campaign_id)),
            refunds_sheet(export_sql.platform_refunds(conn, campaign_id)),
        ]
    raise ValidationError("export_format", path=name)


def errors_sheet(errors: list[Any]) -> Sheet:
    """The import report, so a leader can fix the rows in Excel and import them again."""
    return Sheet(
        "导入问题",
        [
            Col("行", lambda e: e.row, "int"),
            Col("列", lambda e: e.column),
            Col("问题", lambda e: e.message),
            Col("原始值", lambda e: e.value),
        ],
        list(errors),
    )


def everything(conn: Any) -> list[Sheet]:
    """Every table of the store as it is, one sheet each (secrets left out)."""
    from storage import export_sql

    sheets = []
    for table, rows in export_sql.all_tables(conn):
        columns = list(rows[0]) if rows else export_sql.columns(conn, table)
        cols = [
            Col(c, (lambda r, c=c: r[c]), "int" if rows and isinstance(rows[0][c], int) else "text")
            for c in columns
        ]
        sheets.append(Sheet(table, cols, rows))
    return sheets


def write_everything(path: Path, sheets: list[Sheet]) -> Path:
    """One workbook (.xlsx) or a ZIP of CSV files (.zip)."""
    import io
    import zipfile

    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        with _replacing(path) as partial:
            write_xlsx(partial, sheets)
        return path
    if path.suffix.lower() != ".zip":
        raise ValidationError("export_format", path=path.name)
    with (
        _replacing(path) as partial,
        zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for sheet in sheets:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow([c.header for c in sheet.columns])
            for row in sheet.rows:
                writer.writerow(
                    [
                        ""
                        if row[c.header] is None
                        else safe_text(str(row[c.header]))
                        if isinstance(row[c.header], str)
                        else row[c.header]
                        for c in sheet.columns
                    ]
                )
            archive.writestr(f"{sheet.title}.csv", "\ufeff" + buffer.getvalue())
    return path
