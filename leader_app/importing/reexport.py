"""A later export of a campaign already imported: bring each order in line with the platform.

The platform is the truth for what it sells: a refund, a cancellation, a changed quantity or a
refund amount in a later export is applied to the order. Goods already handed over are not
taken back silently: such an order is left as it is, flagged on its note and in the report.
"""

from __future__ import annotations

from typing import Any

from leader_app.importing.records import OrderRecord, RowError
from leader_app.normalize import format_money
from leader_app.orders import line_row

ACTIVE = ("placed", "picked_up")
STATUS_WORDS = {
    "placed": "已下单",
    "cancelled": "已取消",
    "refunded": "已退款",
    "picked_up": "已提货",
}
QUANTITY_WORD = "数量有变"


def flag_text(word: str) -> str:
    """Stored on the order's leader note (data, in Chinese like the platforms' own words)."""
    return f"【平台：{word}；本单已提货，未改动】"


def same_member(found: dict[str, Any], record: OrderRecord) -> bool:
    """Is the file's order (matched by its platform number) the same member's as ours?"""
    mobile = found["member_mobile"]
    if record.mobile and mobile:
        return record.mobile == mobile
    if record.mobile_tail and mobile:
        return mobile.endswith(record.mobile_tail)
    names = {found["member_name"], found["member_nickname"]} - {""}
    return not names or bool({record.name, record.nickname} & names)


def sync_order(
    importer: Any,
    found: dict[str, Any],
    record: OrderRecord,
    wanted: list[tuple[dict, int, int | None, int]],
) -> None:
    tx, report = importer.tx, importer.report
    new: dict[str, list] = {}  # campaign item → [item, quantity, unit price]
    for item, qty, price, _row in wanted:
        if item["id"] in new:
            new[item["id"]][1] += qty
        else:
            new[item["id"]] = [item, qty, price]
    old = found["lines"]
    status = found["status"]
    target = status
    if record.status in ("cancelled", "refunded") and status != record.status:
        target = record.status
    elif record.status == "picked_up" and status == "placed":
        target = "picked_up"
    quantities = {k: v[1] for k, v in new.items()} != {k: ln["quantity"] for k, ln in old.items()}
    picked = status == "picked_up" or any(ln["picked_qty"] for ln in old.values())
    base = {"order_no": found["order_no"], "external_no": found["external_no"]}
    changes: list[dict[str, Any]] = []
    # Goods handed over (all or some) are not taken back silently: a changed quantity, or a
    # status other than picked up, is flagged instead of applied. (A quantity change on an
    # order we had marked picked up was applied, picked quantities and all.)
    away = target not in (status, "picked_up")
    flagged = picked and (quantities or away)
    if flagged:
        word = _what_changed(found, record, new, target if away else None)
        flag = flag_text(word)
        if flag not in found["leader_note"]:
            note = f"{found['leader_note']} {flag}".strip()
            tx.update("orders", found["id"], {"leader_note": note, "updated_at": tx.at})
            found["leader_note"] = note
        report.orders_flagged += 1
        report.changes.append({**base, "what": "flagged", "before": status, "after": word})
        report.warnings.append(
            RowError(
                record.first_row,
                "",
                "import_picked_up_changed",
                {"order_no": found["order_no"], "change": word},
                record.external_no,
            )
        )
        return  # left as it is, refund and payment included: the note says what changed
    if quantities and target in ACTIVE:
        more = [
            (item, qty - (old[k]["quantity"] if k in old else 0), price, record.first_row)
            for k, (item, qty, price) in new.items()
            if qty > (old[k]["quantity"] if k in old else 0)
        ]
        if status not in ACTIVE:  # not counted yet: the whole order must fit
            more = [(i, q, p, record.first_row) for i, q, p in new.values()]
        if more and not importer.within_caps(more, found["member_id"]):
            return
    values: dict[str, Any] = {}
    if target != status:
        values["status"] = target
        changes.append({**base, "what": "status", "before": status, "after": target})
        if target == "picked_up":
            values["picked_up_at"] = tx.at
    if bool(record.paid) != bool(found["paid"]):
        values["paid"] = int(record.paid)
        changes.append({**base, "what": "paid", "before": found["paid"], "after": values["paid"]})
    if record.refund_fen != found["platform_refund_fen"]:
        values["platform_refund_fen"] = record.refund_fen
        changes.append(
            {
                **base,
                "what": "platform_refund_fen",
                "before": found["platform_refund_fen"],
                "after": record.refund_fen,
            }
        )
    if quantities:
        changes += _lines(importer, found, new, target == "picked_up")
        values["amount_fen"] = sum(
            ln["quantity"] * ln["unit_price_fen"] for ln in found["lines"].values()
        )
    elif target == "picked_up":
        for ln in old.values():
            if ln["picked_qty"] != ln["quantity"]:
                tx.update("order_lines", ln["id"], {"picked_qty": ln["quantity"]})
    if not values:
        report.orders_skipped_duplicate += not flagged
        return
    values["updated_at"] = tx.at
    tx.update("orders", found["id"], values)
    _count_stock(importer, found, status, target, old)
    report.orders_updated += 1
    report.orders_cancelled += target == "cancelled" and status != target
    report.orders_refunded += target == "refunded" and status != target
    report.changes += changes


def _what_changed(
    found: dict[str, Any], record: OrderRecord, new: dict[str, list], status: str | None
) -> str:
    """What the platform now says of an order already handed over, for its note and the
    report: the status and the refund amount (已退款 ¥137.70), or the quantities that
    changed (数量有变：鲜牛奶 5→2), so the leader knows what to settle with the member."""
    if status is not None:
        word = STATUS_WORDS[status]
        refund = record.refund_fen
        if refund and refund != found["platform_refund_fen"]:
            word = f"{word} {format_money(refund)}"
        return word
    old = found["lines"]
    changed = []
    for key in list(old) + [k for k in new if k not in old]:
        before = old[key]["quantity"] if key in old else 0
        after = new[key][1] if key in new else 0
        if before != after:
            item = new[key][0] if key in new else None
            name = f"{item['name']} {item['spec']}".strip() if item else old[key].get("name", "")
            changed.append(f"{name} {before}→{after}")
    return f"{QUANTITY_WORD}：{'，'.join(changed)}" if changed else QUANTITY_WORD


def _lines(
    importer: Any, found: dict[str, Any], new: dict[str, list], picked: bool
) -> list[dict[str, Any]]:
    """Lines to the file's quantities; found['lines'] ends as the order's lines now."""
    tx = importer.tx
    base = {"order_no": found["order_no"], "external_no": found["external_no"]}
    old = found["lines"]
    changes: list[dict[str, Any]] = []
    now: dict[str, dict[str, Any]] = {}
    position = max((ln["position"] for ln in old.values()), default=-1) + 1
    for key, (item, qty, price) in new.items():
        line = old.get(key)
        what = {**base, "what": "quantity", "product": f"{item['name']} {item['spec']}".strip()}
        if line is None:
            row = line_row(
                found["id"],
                item,
                qty,
                item["price_fen"] if price is None else price,
                picked,
                position,
            )
            position += 1
            tx.insert("order_lines", row)
            now[key] = row
            changes.append({**what, "before": 0, "after": qty})
            continue
        if line["quantity"] != qty or picked:
            values = {
                "quantity": qty,
                "picked_qty": qty if picked else min(line["picked_qty"], qty),
            }
            tx.update("order_lines", line["id"], values)
            if line["quantity"] != qty:
                changes.append({**what, "before": line["quantity"], "after": qty})
            line = {**line, **values}
        now[key] = line
    for key, line in old.items():
        if key not in new:
            tx.delete("order_lines", line["id"])
            changes.append(
                {
                    **base,
                    "what": "quantity",
                    "product": line.get("name", ""),
                    "before": line["quantity"],
                    "after": 0,
                }
            )
    found["old_lines"], found["lines"] = old, now
    return changes


def _count_stock(
    importer: Any, found: dict[str, Any], status: str, target: str, old: dict[str, Any]
) -> None:
    """Keep the importer's stock and per-member tallies right for the orders after this one."""
    before = {k: ln["quantity"] for k, ln in old.items()} if status in ACTIVE else {}
    after = {k: ln["quantity"] for k, ln in found["lines"].items()} if target in ACTIVE else {}
    for key in set(before) | set(after):
        delta = after.get(key, 0) - before.get(key, 0)
        if delta:
            importer.count_taken(key, found["member_id"], delta)
