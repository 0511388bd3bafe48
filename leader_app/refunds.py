"""The refund list (退款清单): money the leader owes members after a shortage. The platform
holds the money, so the leader refunds there and ticks the row off here."""

from __future__ import annotations

import json
from typing import Any

from leader_app.errors import NotFoundError
from leader_app.i18n import QT_TRANSLATE_NOOP
from leader_app.normalize import mask_mobile
from storage import arrival_sql
from storage.db import Store

REASONS = {"shortage": QT_TRANSLATE_NOOP("refunds", "Short delivery")}


def items_text(detail: str) -> str:
    """ "丹东草莓 500g/盒 2→1" for each reduced line."""
    parts = []
    for d in json.loads(detail or "[]"):
        parts.append(f"{d['name']} {d['spec']} {d['from']}→{d['to']}".replace("  ", " "))
    return "; ".join(parts)


class RefundService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def list(self, campaign_id: str | None = None) -> list[dict[str, Any]]:
        rows = arrival_sql.refunds(self.store.conn, campaign_id)
        for r in rows:
            r["items"] = items_text(r["detail"])
            r["done"] = r["done_at"] is not None
        return rows

    def as_json(self, campaign_id: str) -> list[dict[str, Any]]:
        """The CLI's stable keys."""
        return [
            {
                "order_no": r["order_no"],
                "platform_order_no": r["external_no"],
                "member": r["member"],
                "mobile": r["mobile"],
                "amount_fen": r["amount_fen"],
                "reason": r["reason"],
                "done": r["done"],
            }
            for r in self.list(campaign_id)
        ]

    def totals(self, campaign_id: str) -> dict[str, int]:
        return arrival_sql.refund_totals(self.store.conn, campaign_id)

    def set_done(self, refund_id: str, done: bool = True) -> dict[str, Any]:
        """Tick a refund off once it was paid back on the platform (or untick a mistake)."""
        with self.store.atomic("refund.done" if done else "refund.undone") as tx:
            row = tx.get("refunds", refund_id)
            if row is None or row["deleted_at"]:
                raise NotFoundError("not_found", entity="refund", id=refund_id)
            if (row["done_at"] is not None) == done:
                return row
            return tx.update(
                "refunds", refund_id, {"done_at": tx.at if done else None, "updated_at": tx.at}
            )

    def masked(self, campaign_id: str) -> list[dict[str, Any]]:
        rows = self.list(campaign_id)
        for r in rows:
            r["masked_mobile"] = mask_mobile(r["mobile"] or "")
        return rows


def export(service: RefundService, campaign_id: str, path: Any) -> Any:
    """The refund list as a spreadsheet (xlsx or csv), for the books or the platform."""
    from leader_app import exporting
    from leader_app.exporting import Col, Sheet

    sheet = Sheet(
        "退款清单",
        [
            Col("订单号", lambda r: r["order_no"], "code"),
            Col("跟团号", lambda r: r["external_no"], "code"),
            Col("团员", lambda r: r["member"]),
            Col("手机号", lambda r: r["mobile"] or "", "code"),
            Col("金额", lambda r: r["amount_fen"], "money", total=True),
            Col("原因", lambda r: "缺货" if r["reason"] == "shortage" else r["reason"]),
            Col("明细", lambda r: r["items"]),
            Col("已退", lambda r: "是" if r["done"] else "否"),
        ],
        service.list(campaign_id),
    )
    return exporting.write(path, [sheet])
