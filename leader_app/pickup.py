"""The pickup desk's rules: verify a scanned or typed code offline, hand goods over, refuse
forged, foreign, reused, cancelled and too-early codes with a reason."""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from typing import Any

from leader_app import pickup_codes
from leader_app.clock import format_local
from leader_app.errors import ConflictError
from leader_app.i18n import QT_TRANSLATE_NOOP
from leader_app.normalize import mask_mobile
from storage import pickup_sql
from storage.db import Store

REASONS = {
    "bad_code": QT_TRANSLATE_NOOP("pickup", "This is not a pickup code of this shop."),
    "bad_signature": QT_TRANSLATE_NOOP(
        "pickup",
        "The code's signature is wrong: it was altered or made up. Do not hand anything over.",
    ),
    "other_shop": QT_TRANSLATE_NOOP("pickup", "This code belongs to another shop."),
    "not_found": QT_TRANSLATE_NOOP("pickup", "No order has this code."),
    "cancelled": QT_TRANSLATE_NOOP("pickup", "Order {order_no} was cancelled."),
    "refunded": QT_TRANSLATE_NOOP("pickup", "Order {order_no} was refunded."),
    "not_arrived": QT_TRANSLATE_NOOP(
        "pickup", "The goods of “{campaign}” have not arrived yet (status: {status})."
    ),
    "already_picked_up": QT_TRANSLATE_NOOP(
        "pickup", "Already picked up at {time} (checked off by {by})."
    ),
    "nothing_due": QT_TRANSLATE_NOOP("pickup", "Nothing is waiting for {name}."),
    "locked_out": QT_TRANSLATE_NOOP(
        "pickup",
        "Too many wrong codes: typed codes are refused for {seconds} s. Scan the QR code, "
        "or look the member up by name or mobile.",
    ),
}

# Typed short codes carry 15 check bits: enough against typos, not against guessing. After
# MISSES wrong ones within WINDOW seconds this device refuses typed codes for LOCKOUT seconds
# (kept in the store, so a restart does not reset it). QR codes carry a full MAC and are
# never refused.
MISSES, WINDOW, LOCKOUT = 10, 60.0, 60.0


@dataclass
class Check:
    """The answer to one scan: ok, already_picked_up or invalid, with what to hand over."""

    result: str
    reason: str = ""
    args: dict[str, Any] = field(default_factory=dict)
    order: dict[str, Any] | None = None
    lines: list[dict[str, Any]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)  # a member's due orders
    member_level: bool = False  # one handover for everything due to the member

    @property
    def ok(self) -> bool:
        return self.result == "ok"

    def message(self) -> str:
        return REASONS[self.reason].format(**self.args) if self.reason else ""

    def as_json(self) -> dict[str, Any]:
        o = self.order or {}
        data = {
            "result": self.result,
            "reason": self.reason,
            "message": self.message(),
            "order_no": o.get("order_no"),
            "member": {
                "name": o.get("member_name"),
                "mobile": mask_mobile(o.get("mobile") or ""),
                "address": "-".join(str(o[k]) for k in ("building", "unit", "room") if o.get(k)),
            }
            if o
            else None,
            "items": [
                {
                    "product": x["name"],
                    "spec": x["spec"],
                    "quantity": x["quantity"],
                    "picked": x["picked_qty"],
                }
                for x in self.lines
            ],
        }
        if self.member_level:
            data["order_no"] = None
            data["orders"] = [x["order_no"] for x in self.orders]
        return data


class PickupService:
    def __init__(self, store: Store, secret: str, orders: Any) -> None:
        self.store = store
        self.secret = secret
        self.orders = orders

    def check(self, text: str) -> Check:
        """Verify without changing any order (also the CLI's --dry-run); a wrong typed code
        is counted towards the lockout."""
        parsed = pickup_codes.parse(self.secret, text)
        if parsed is None:
            return Check("invalid", "bad_code")
        if parsed.kind == "member_qr":
            return self._check_member_code(parsed)
        if parsed.kind in ("short", "member_short"):  # typed: guessing is limited
            wait = self._locked_for()
            if wait:
                return Check("invalid", "locked_out", {"seconds": wait})
            if parsed.kind == "member_short":
                verdict = self._check_member_code(parsed)
            else:
                verdict = self._check_short(parsed)
            if verdict.reason in ("bad_signature", "not_found"):
                self._miss()
            return verdict
        if parsed.foreign:
            return Check("invalid", "other_shop")
        if not parsed.valid_mac:
            return Check("invalid", "bad_signature")
        order = pickup_sql.order(self.store.conn, parsed.order_id)
        if order is None:
            return Check("invalid", "not_found")
        return self._judge(order)

    def _check_short(self, parsed: Any) -> Check:
        conn = self.store.conn
        candidates = [
            o
            for o in pickup_sql.orders_by_no(conn, parsed.order_no)
            if pickup_codes.short_matches(self.secret, o["order_no"], o["id"], parsed.tag)
        ]
        if not candidates and pickup_sql.orders_by_no(conn, parsed.order_no):
            return Check("invalid", "bad_signature")
        return self._judge(candidates[0]) if candidates else Check("invalid", "not_found")

    def _guard(self) -> tuple[list[float], float]:
        try:
            data = json.loads(pickup_sql.guard(self.store.conn) or "{}")
            return [float(t) for t in data.get("misses", [])], float(data.get("until", 0))
        except (ValueError, TypeError, AttributeError):
            return [], 0.0

    def _locked_for(self) -> int:
        _misses, until = self._guard()
        left = until - time.time()
        return math.ceil(left) if left > 0 else 0

    def _miss(self) -> None:
        now = time.time()
        misses, until = self._guard()
        misses = [t for t in misses if now - WINDOW < t <= now] + [now]
        if len(misses) >= MISSES:
            misses, until = [], now + LOCKOUT
        with self.store.local():
            pickup_sql.save_guard(self.store.conn, json.dumps({"misses": misses, "until": until}))

    def check_order(self, order_id: str) -> Check:
        """The same verdict for an order picked from a lookup list."""
        order = pickup_sql.order(self.store.conn, order_id)
        return self._judge(order) if order else Check("invalid", "not_found")

    def _judge(self, order: dict[str, Any]) -> Check:
        lines = pickup_sql.lines(self.store.conn, order["id"])
        args = {"order_no": order["order_no"]}
        if order["status"] in ("cancelled", "refunded"):
            return Check("invalid", order["status"], args, order, lines)
        if order["status"] == "picked_up":
            return Check(
                "already_picked_up",
                "already_picked_up",
                {
                    **args,
                    "time": format_local(order["picked_up_at"], "%H:%M"),
                    "by": order["picked_up_by"] or "—",
                },
                order,
                lines,
            )
        if order["campaign_status"] not in ("arrived", "done"):
            return Check(
                "invalid",
                "not_arrived",
                {**args, "campaign": order["campaign_title"], "status": order["campaign_status"]},
                order,
                lines,
            )
        return Check("ok", "", args, order, lines)

    def confirm(self, order_id: str, by: str, quantities: dict[str, int] | None = None) -> Check:
        """Hand over (all, or `quantities` per line) and record who did it, in one transaction.
        The check is repeated inside it, so two desks cannot hand the same order over twice."""
        with self.store.atomic("order.pick_up") as tx:
            order = pickup_sql.order(tx.conn, order_id)
            if order is None:
                return Check("invalid", "not_found")
            verdict = self._judge(order)
            if not verdict.ok:
                return verdict
            if not self._hand_over(tx, order_id, verdict.lines, by, quantities):
                raise ConflictError("pickup_nothing_selected")
            lines = pickup_sql.lines(tx.conn, order_id)
        final = pickup_sql.order(self.store.conn, order_id)
        check = Check("ok", "", {"order_no": final["order_no"]}, final, lines)
        check.args["tx_id"] = tx.tx_id
        return check

    @staticmethod
    def _hand_over(
        tx: Any, order_id: str, lines: list[dict[str, Any]], by: str, quantities: dict | None
    ) -> int:
        handed = 0
        for line in lines:
            left = line["quantity"] - line["picked_qty"]
            more = left if quantities is None else max(0, min(quantities.get(line["id"], 0), left))
            if more:
                handed += more
                tx.update("order_lines", line["id"], {"picked_qty": line["picked_qty"] + more})
        if not handed:
            return 0
        done = all(x["picked_qty"] == x["quantity"] for x in pickup_sql.lines(tx.conn, order_id))
        tx.update(
            "orders",
            order_id,
            {
                "status": "picked_up" if done else "placed",
                "picked_up_at": tx.at if done else None,
                "picked_up_by": by if done else "",
                "updated_at": tx.at,
            },
        )
        return handed

    # -- one handover per member ----------------------------------------------------------------
    def _check_member_code(self, parsed: pickup_codes.Parsed) -> Check:
        conn = self.store.conn
        if parsed.kind == "member_qr":
            if parsed.foreign:
                return Check("invalid", "other_shop", member_level=True)
            if not parsed.valid_mac:
                return Check("invalid", "bad_signature", member_level=True)
            member_id = parsed.member_id
        else:
            member = pickup_sql.member_by_no(conn, parsed.member_no)
            if member is None:
                return Check("invalid", "not_found", member_level=True)
            if not pickup_codes.member_short_matches(
                self.secret, member["member_no"], member["id"], parsed.tag
            ):
                return Check("invalid", "bad_signature", member_level=True)
            member_id = member["id"]
        return self.check_member(member_id)

    def check_member(self, member_id: str) -> Check:
        """Everything due to a member across arrived campaigns, as one handover."""
        conn = self.store.conn
        member = pickup_sql.member(conn, member_id)
        if member is None:
            return Check("invalid", "not_found", member_level=True)
        due = pickup_sql.due_orders(conn, member_id)
        if due:
            lines = pickup_sql.lines_of(conn, [o["id"] for o in due])
            return Check("ok", "", {}, due[0], lines, due, True)
        last = pickup_sql.last_pickup(conn, member_id)
        if last is not None:
            verdict = self._judge(last)
            verdict.member_level = True
            return verdict
        return Check("invalid", "nothing_due", {"name": member["name"]}, member_level=True)

    def for_desk(self, text: str) -> Check:
        """The desk's answer to a scan: a good order code opens all its member has waiting."""
        verdict = self.check(text)
        if verdict.ok and not verdict.member_level:
            return self.check_member(verdict.order["member_id"])
        return verdict

    def confirm_member(
        self, member_id: str, by: str, quantities: dict[str, int] | None = None
    ) -> Check:
        """Hand over everything due to a member (or `quantities` per line) in one transaction,
        so one undo takes the whole handover back."""
        with self.store.atomic("member.pick_up") as tx:
            due = pickup_sql.due_orders(tx.conn, member_id)
            handed_orders = []
            for order in due:
                lines = pickup_sql.lines(tx.conn, order["id"])
                if self._hand_over(tx, order["id"], lines, by, quantities):
                    handed_orders.append(order["id"])
            if not due:
                return self.check_member(member_id)
            if not handed_orders:
                raise ConflictError("pickup_nothing_selected")
        conn = self.store.conn
        orders = [pickup_sql.order(conn, x) for x in handed_orders]
        check = Check(
            "ok", "", {"tx_id": tx.tx_id}, orders[0], pickup_sql.lines_of(conn, handed_orders)
        )
        check.orders, check.member_level = orders, True
        return check

    def scan(self, text: str, by: str) -> Check:
        """Check, then hand everything over if the code is good (the CLI's `pickup CODE`)."""
        verdict = self.check(text)
        if not verdict.ok:
            return verdict
        if verdict.member_level:
            return self.confirm_member(verdict.order["member_id"], by)
        return self.confirm(verdict.order["id"], by)

    def lookup(self, text: str, campaign_id: str | None = None) -> list[dict[str, Any]]:
        return pickup_sql.pending_for_lookup(self.store.conn, text.strip(), campaign_id=campaign_id)

    def codes(self, campaign_id: str) -> list[dict[str, str]]:
        return [
            {
                "order_no": r["order_no"],
                "short_code": pickup_codes.short_code(self.secret, r["order_no"], r["id"]),
                "qr_payload": pickup_codes.qr_payload(self.secret, r["id"]),
            }
            for r in pickup_sql.codes(self.store.conn, campaign_id)
        ]

    def member_codes(self, campaign_id: str) -> list[dict[str, Any]]:
        return [
            {
                "member": r["name"],
                "mobile_tail": (r["mobile"] or "")[-4:],
                "short_code": pickup_codes.member_short_code(self.secret, r["member_no"], r["id"]),
                "qr_payload": pickup_codes.member_qr_payload(self.secret, r["id"]),
                "orders": r["order_nos"].split(" "),
            }
            for r in pickup_sql.member_codes(self.store.conn, campaign_id)
        ]
