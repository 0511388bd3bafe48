"""Arrival check (到货核对): what really arrived, who receives less, and what the leader owes.

`plan()` works out the result without writing anything (the dialog's preview, `--dry-run`);
`arrive()` applies the same plan in one transaction: order lines are reduced (the ordered
quantity is kept in `ordered_qty`), one refund per affected order (reduced quantity × unit
price), an order left with nothing becomes refunded, a surplus becomes stock on hand, and the
campaign becomes arrived. Undo replays the change log, so it restores every line exactly.

Received quantities come in per product (`{product_id: qty}`), whoever supplies them: the
leader's count, or later a delivery note HQ sends.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from leader_app.errors import ConflictError, ValidationError
from leader_app.i18n import QT_TRANSLATE_NOOP
from storage import arrival_sql, campaigns_sql
from storage.db import Store
from storage.tx import Tx, new_id

RULES = ("latest-first", "proportional", "by-hand")
RULE_LABELS = {
    "latest-first": QT_TRANSLATE_NOOP("arrival", "Latest orders first"),
    "proportional": QT_TRANSLATE_NOOP("arrival", "Proportional"),
    "by-hand": QT_TRANSLATE_NOOP("arrival", "By hand"),
}
ARRIVABLE = ("open", "closed", "arrived")


@dataclass
class Plan:
    campaign_id: str
    rule: str
    received: dict[str, int]
    products: list[dict[str, Any]]  # every campaign product: ordered, received, short, surplus
    changes: list[dict[str, Any]] = field(default_factory=list)  # one per reduced line
    refunds: dict[str, int] = field(default_factory=dict)  # order_id → fen
    emptied: list[str] = field(default_factory=list)  # order ids left with nothing
    tx_id: str = ""

    @property
    def shortages(self) -> list[dict[str, Any]]:
        return [p for p in self.products if p["short"] > 0]

    @property
    def surplus(self) -> list[dict[str, Any]]:
        return [p for p in self.products if p["surplus"] > 0]

    @property
    def refund_total_fen(self) -> int:
        return sum(self.refunds.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "campaign_id": self.campaign_id,
            "shortages": [
                {
                    "product": p["name"],
                    "spec": p["spec"],
                    "ordered": p["ordered"],
                    "received": p["received"],
                    "short": p["short"],
                }
                for p in self.shortages
            ],
            "orders_changed": len(self.refunds),
            "orders_refunded": len(self.emptied),
            "refund_total_fen": self.refund_total_fen,
            "changes": [
                {
                    "order_no": c["order_no"],
                    "product": c["name"],
                    "from": c["from"],
                    "to": c["to"],
                    "refund_fen": c["refund_fen"],
                }
                for c in self.changes
            ],
        }


# -- the three rules: each returns {line_id: quantity kept} for one product's lines ----------
def latest_first(lines: list[dict[str, Any]], received: int) -> dict[str, int]:
    """First come, first served: the latest order gives up all it can before an earlier one
    loses anything. Lines come oldest first. Goods already handed over are never taken back."""
    keep = {x["id"]: x["quantity"] for x in lines}
    short = sum(keep.values()) - received
    for line in reversed(lines):
        if short <= 0:
            break
        cut = min(short, line["quantity"] - line["picked_qty"])
        keep[line["id"]] -= cut
        short -= cut
    return keep


def proportional(lines: list[dict[str, Any]], received: int) -> dict[str, int]:
    """Everyone gets the same share, in whole units: largest remainder (Hamilton), ties to the
    earlier order. Units already handed over count as kept."""
    handed = sum(x["picked_qty"] for x in lines)
    pool = max(received - handed, 0)
    room = [x["quantity"] - x["picked_qty"] for x in lines]
    total = sum(room)
    if total == 0:
        return {x["id"]: x["quantity"] for x in lines}
    floors = [r * pool // total for r in room]
    left = pool - sum(floors)
    by_remainder = sorted(range(len(lines)), key=lambda i: (-(room[i] * pool % total), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return {x["id"]: x["picked_qty"] + f for x, f in zip(lines, floors, strict=True)}


# -- planning and applying -------------------------------------------------------------------
def plan(
    conn: Any,
    campaign_id: str,
    received: dict[str, int],
    rule: str = "latest-first",
    by_hand: dict[str, int] | None = None,
) -> Plan:
    """What an arrival check would do. `received` maps product id → units that arrived in a
    usable state (products not named arrived in full); `by_hand` maps line id → units kept,
    for the by-hand rule."""
    if rule not in RULES:
        raise ValidationError("arrival_rule_unknown", rule=rule)
    products = arrival_sql.products(conn, campaign_id)
    known = {p["product_id"] for p in products}
    for product_id, qty in received.items():
        if product_id not in known:
            raise ValidationError("product_not_in_campaign", name=product_id)
        if not isinstance(qty, int) or qty < 0:
            raise ValidationError("quantity_invalid", value=qty)
    all_lines = arrival_sql.lines(conn, campaign_id)
    by_product: dict[str, list[dict[str, Any]]] = {}
    for line in all_lines:
        by_product.setdefault(line["product_id"], []).append(line)
    result = Plan(campaign_id, rule, dict(received), [])
    keep_all: dict[str, int] = {}
    for p in products:
        got = received.get(p["product_id"], p["ordered"])
        entry = {
            **p,
            "received": got,
            "short": max(p["ordered"] - got, 0),
            "surplus": max(got - p["ordered"], 0),
        }
        result.products.append(entry)
        if not entry["short"]:
            continue
        mine = by_product.get(p["product_id"], [])
        handed = sum(x["picked_qty"] for x in mine)
        if got < handed:
            raise ConflictError("arrival_below_handed", name=p["name"], received=got, handed=handed)
        if rule == "latest-first":
            keep = latest_first(mine, got)
        elif rule == "proportional":
            keep = proportional(mine, got)
        else:
            keep = _by_hand(mine, got, by_hand or {}, p["name"])
        keep_all.update(keep)
    _changes(result, all_lines, keep_all)
    return result


def _by_hand(
    lines: list[dict[str, Any]], received: int, wanted: dict[str, int], name: str
) -> dict[str, int]:
    keep = {}
    for line in lines:
        qty = wanted.get(line["id"], line["quantity"])
        if not isinstance(qty, int) or not line["picked_qty"] <= qty <= line["quantity"]:
            raise ValidationError("quantity_invalid", value=qty)
        keep[line["id"]] = qty
    if sum(keep.values()) != received:
        raise ValidationError(
            "arrival_hand_mismatch", name=name, allocated=sum(keep.values()), received=received
        )
    return keep


def _changes(result: Plan, lines: list[dict[str, Any]], keep: dict[str, int]) -> None:
    names = {p["product_id"]: p for p in result.products}
    left: dict[str, int] = {}
    for line in lines:
        to = keep.get(line["id"], line["quantity"])
        left[line["order_id"]] = left.get(line["order_id"], 0) + to
        if to == line["quantity"]:
            continue
        refund = (line["quantity"] - to) * line["unit_price_fen"]
        product = names[line["product_id"]]
        result.changes.append(
            {
                "line_id": line["id"],
                "order_id": line["order_id"],
                "order_no": line["order_no"],
                "member_name": line["member_name"],
                "product_id": line["product_id"],
                "name": product["name"],
                "spec": product["spec"],
                "from": line["quantity"],
                "to": to,
                "unit_price_fen": line["unit_price_fen"],
                "refund_fen": refund,
            }
        )
        result.refunds[line["order_id"]] = result.refunds.get(line["order_id"], 0) + refund
    result.emptied = [o for o in result.refunds if left[o] == 0]


class ArrivalService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def plan(
        self,
        campaign_id: str,
        received: dict[str, int],
        rule: str = "latest-first",
        by_hand: dict[str, int] | None = None,
    ) -> Plan:
        self._check_campaign(self.store.conn, campaign_id)
        return plan(self.store.conn, campaign_id, received, rule, by_hand)

    def candidates(self) -> list[dict[str, Any]]:
        return arrival_sql.candidates(self.store.conn)

    def products(self, campaign_id: str) -> list[dict[str, Any]]:
        return arrival_sql.products(self.store.conn, campaign_id)

    def lines(self, campaign_id: str) -> list[dict[str, Any]]:
        return arrival_sql.lines(self.store.conn, campaign_id)

    def stock(self, campaign_id: str) -> list[dict[str, Any]]:
        """Surplus kept as stock on hand (for the leftovers notice)."""
        return arrival_sql.stock(self.store.conn, campaign_id)

    def last(self, campaign_id: str) -> dict[str, Any] | None:
        return arrival_sql.arrival(self.store.conn, campaign_id)

    def arrive(
        self,
        campaign_id: str,
        received: dict[str, int],
        rule: str = "latest-first",
        by_hand: dict[str, int] | None = None,
    ) -> Plan:
        """Apply the plan in one transaction (it is worked out again inside it, so a pickup
        made meanwhile on another desk cannot be overtaken)."""
        with self.store.atomic("campaign.arrive") as tx:
            campaign = self._check_campaign(tx.conn, campaign_id)
            result = plan(tx.conn, campaign_id, received, rule, by_hand)
            self._apply(tx, campaign, result)
        result.tx_id = tx.tx_id
        return result

    @staticmethod
    def _check_campaign(conn: Any, campaign_id: str) -> dict[str, Any]:
        campaign = campaigns_sql.get(conn, campaign_id)
        if campaign is None:
            from leader_app.errors import NotFoundError

            raise NotFoundError("not_found", entity="campaign", id=campaign_id)
        if campaign["status"] not in ARRIVABLE:
            raise ConflictError(
                "campaign_status_step", from_status=campaign["status"], to_status="arrived"
            )
        if arrival_sql.arrival(conn, campaign_id):
            raise ConflictError("arrival_done_already", title=campaign["title"])
        return campaign

    @staticmethod
    def _apply(tx: Tx, campaign: dict[str, Any], result: Plan) -> None:
        arrival_id = new_id()
        tx.insert(
            "arrivals",
            {
                "id": arrival_id,
                "campaign_id": campaign["id"],
                "rule": result.rule,
                "received": json.dumps(
                    [
                        {
                            "product_id": p["product_id"],
                            "ordered": p["ordered"],
                            "received": p["received"],
                        }
                        for p in result.products
                    ],
                    ensure_ascii=False,
                ),
                "created_at": tx.at,
                "updated_at": tx.at,
            },
        )
        emptied = set(result.emptied)
        details: dict[str, list[dict[str, Any]]] = {}
        for c in result.changes:
            details.setdefault(c["order_id"], []).append(
                {k: c[k] for k in ("line_id", "product_id", "name", "spec", "from", "to")}
                | {"unit_price_fen": c["unit_price_fen"]}
            )
            if c["order_id"] in emptied:
                continue  # its lines stay as ordered: the refunded order is the record
            if c["to"] == 0:
                tx.delete("order_lines", c["line_id"])
            else:
                line = tx.get("order_lines", c["line_id"])
                tx.update(
                    "order_lines",
                    c["line_id"],
                    {"quantity": c["to"], "ordered_qty": line["ordered_qty"] or c["from"]},
                )
        for order_id, amount in result.refunds.items():
            order = tx.get("orders", order_id)
            values: dict[str, Any] = {"updated_at": tx.at}
            if order_id in emptied:
                values["status"] = "refunded"
            else:
                values["amount_fen"] = order["amount_fen"] - amount
            tx.update("orders", order_id, values)
            tx.insert(
                "refunds",
                {
                    "id": new_id(),
                    "order_id": order_id,
                    "arrival_id": arrival_id,
                    "amount_fen": amount,
                    "reason": "shortage",
                    "detail": json.dumps(details[order_id], ensure_ascii=False),
                    "created_at": tx.at,
                    "done_at": None,
                    "updated_at": tx.at,
                    "deleted_at": None,
                },
            )
        for p in result.surplus:
            tx.insert(
                "stock_on_hand",
                {
                    "id": new_id(),
                    "campaign_id": campaign["id"],
                    "product_id": p["product_id"],
                    "arrival_id": arrival_id,
                    "quantity": p["surplus"],
                    "created_at": tx.at,
                    "updated_at": tx.at,
                    "deleted_at": None,
                },
            )
        if campaign["status"] != "arrived":
            tx.update("campaigns", campaign["id"], {"status": "arrived", "updated_at": tx.at})


def resolve_products(products: list[dict[str, Any]], named: dict[str, int]) -> dict[str, int]:
    """`名称` or `名称|规格` → product id, for the command line. An ambiguous name lists its
    specs."""
    out: dict[str, int] = {}
    for text, qty in named.items():
        name, _, spec = text.partition("|")
        found = [
            p
            for p in products
            if p["name"] == name.strip() and (not _ or p["spec"] == spec.strip())
        ]
        if not found:
            raise ValidationError("product_not_in_campaign", name=text)
        if len(found) > 1:
            raise ValidationError(
                "arrival_product_ambiguous",
                name=text,
                specs=", ".join(f"{p['name']}|{p['spec']}" for p in found),
            )
        out[found[0]["product_id"]] = qty
    return out
