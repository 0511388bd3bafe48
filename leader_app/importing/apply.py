"""Write parsed records into the store, in bulk, inside the import's one transaction.

Bulk because a 100,000-line export must import in seconds: rows are built in Python and go in
with Tx.insert_many (executemany plus the change log), not one service call per order. The
rules are the services' rules: members by mobile, products by name and spec, stock caps.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from leader_app.campaigns import order_prefix
from leader_app.errors import ConflictError
from leader_app.importing import jielong
from leader_app.importing.apply_lists import ListImports
from leader_app.importing.apply_orders import BATCH, FIRST_BATCHES, FileOrders
from leader_app.importing.headers import HeaderMatch
from leader_app.importing.records import RowError
from leader_app.importing.report import ImportReport
from leader_app.jobs import CancelToken
from leader_app.members import search_key
from leader_app.orders import line_row
from storage import campaigns_sql, import_sql, members_sql
from storage.tx import Tx, new_id, new_ids

ACTIVE = ("placed", "picked_up")


class Importer(FileOrders, ListImports):
    def __init__(self, tx: Tx, report: ImportReport, cancel: CancelToken | None = None) -> None:
        self.tx = tx
        self.report = report
        self.cancel = cancel or CancelToken()
        self._next_member_no = members_sql.next_member_no(tx.conn)
        self._matched: set[str] = set()
        self._pending_members: list[dict[str, Any]] = []
        self._member_names: dict[str, str] = {}
        self._ids: Iterator[str] = iter(())
        self._campaign: dict[str, Any] = {}  # the campaign _begin_orders loaded
        self._prefix = ""  # and its order numbers' prefix
        self.match: HeaderMatch | None = None  # the file's headers, for warnings

    def make_ids(self, count: int) -> None:
        """Make the ids of `count` rows ahead, in one go (new_ids): an import knows how many
        orders and lines it may add. What is left over is never used; past it, ids are
        made one at a time."""
        self._ids = iter(new_ids(count))

    def _id(self) -> str:
        return next(self._ids, None) or new_id()

    def _matched_member(self, member: dict[str, Any]) -> dict[str, Any]:
        if member["id"] not in self._matched:
            self._matched.add(member["id"])
            self.report.members_matched += 1
        return member

    # -- members ----------------------------------------------------------------------------
    def new_member(self, values: dict[str, Any]) -> dict[str, Any]:
        row = {
            "id": new_id(),
            "member_no": self._next_member_no,
            "name": values["name"],
            "mobile": values.get("mobile"),
            "nickname": values.get("nickname", ""),
            "building": values.get("building", ""),
            "unit": values.get("unit", ""),
            "room": values.get("room", ""),
            "tags": json.dumps(values.get("tags", []), ensure_ascii=False),
            "tier": values.get("tier", ""),
            "tier_fee_fen": 0,
            "tier_expires_on": None,
            "referrer_id": None,
            "notes": "",
            "search": "",
            "created_at": self.tx.at,
            "updated_at": self.tx.at,
            "deleted_at": None,
            "merged_into": None,
        }
        row["search"] = search_key(row)
        self._next_member_no += 1
        self.report.members_created += 1
        self._pending_members.append(row)
        return row

    def _new_product(self, values: dict[str, Any]) -> dict[str, Any]:
        row = {
            "id": new_id(),
            "name": values["name"],
            "spec": values.get("spec", ""),
            "unit": values.get("unit", ""),
            "price_fen": values.get("price_fen") or 0,
            "list_price_fen": values.get("list_price_fen") or 0,
            "sku": values.get("sku", ""),
            "commission_bp": values.get("commission_bp") or 0,
            "withdrawn": 0,
            "created_at": self.tx.at,
            "updated_at": self.tx.at,
            "deleted_at": None,
        }
        self.tx.insert("products", row)
        self.report.products_created += 1
        self.report.new_products.append(f"{row['name']} {row['spec']}".strip())
        return row

    def _new_item(
        self,
        campaign_id: str,
        product: dict[str, Any],
        position: int,
        fields: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        row = {
            "id": new_id(),
            "campaign_id": campaign_id,
            "product_id": product["id"],
            "price_fen": product["price_fen"],
            "commission_bp": product["commission_bp"],
            "stock_cap": None,
            "member_limit": None,
            "position": position,
            **(fields or {}),
        }
        self.tx.insert("campaign_items", row)
        self.report.items_added += 1
        return {**row, "name": product["name"], "spec": product["spec"]}

    # -- orders from 接龙 text --------------------------------------------------------------
    def import_jielong(self, entries: list[jielong.Entry], campaign_id: str) -> None:
        products = campaigns_sql.items(self.tx.conn, campaign_id)
        by_nick = import_sql.members_by_nickname(self.tx.conn)
        new_members: dict[tuple, dict[str, Any]] = {}
        orders, lines = [], []
        for entry in entries:
            wanted, problems = [], list(entry.problems)
            for item in entry.items:
                product, choices = jielong.match_product(item.query, products)
                if product is None:
                    code = "ambiguous_product" if choices else "unknown_product"
                    problems.append((code, {"name": item.query, "choices": "、".join(choices)}))
                else:
                    wanted.append((product, item.quantity, None, entry.line))
            problems = [p for p in problems if p[0] != "no_address"] if wanted else problems
            if problems or not wanted:
                for code, args in problems or [("no_items", {})]:
                    self.report.errors.append(
                        RowError(
                            entry.line,
                            f"#{entry.number}",
                            "jielong_entry",
                            {
                                "number": entry.number,
                                "problem": jielong.PROBLEMS[code].format(**args),
                                "problem_code": code,
                                "problem_args": args,
                            },
                            entry.raw,
                        )
                    )
                continue
            place = (entry.building, entry.unit, entry.room)
            key = (entry.nickname, *place)
            member = new_members.get(key)
            if member is None:
                known = by_nick.get(entry.nickname, [])
                same_room = [m for m in known if (m["building"], m["unit"], m["room"]) == place]
                member = (same_room or known)[0] if len(same_room or known) == 1 else None
                if member is None:
                    member = new_members[key] = self.new_member(
                        {
                            "name": entry.nickname,
                            "nickname": entry.nickname,
                            "building": entry.building,
                            "unit": entry.unit,
                            "room": entry.room,
                        }
                    )
                else:
                    self._matched_member(member)
            self._add_order(
                campaign_id,
                member,
                "placed",
                False,
                wanted,
                "",
                entry.fingerprint(),
                f"jielong:{entry.number}",
                "jielong",
                "",
                "",
                orders,
                lines,
            )
        self._flush(orders, lines)

    # -- shared order building --------------------------------------------------------------
    def _begin_orders(self, campaign_id: str) -> None:
        if self._campaign.get("id") == campaign_id:
            return
        self._campaign = campaigns_sql.get(self.tx.conn, campaign_id)
        self._prefix = self._campaign["order_prefix"] or order_prefix(None, self.tx.at)
        self._seq = campaigns_sql.next_order_seq(self.tx.conn, campaign_id)
        self._external, self._prints = import_sql.order_keys(self.tx.conn, campaign_id)
        self._taken = import_sql.item_totals(self.tx.conn, campaign_id)
        self._member_taken: dict[tuple[str, str], int] | None = None

    def _add_order(
        self,
        campaign_id: str,
        member: dict[str, Any],
        status: str,
        paid: bool,
        wanted: list[tuple[dict, int, int | None, int]],
        external_no: str,
        fingerprint: str,
        source_ref: str,
        source: str,
        member_note: str,
        leader_note: str,
        orders: list,
        lines: list,
        refund_fen: int = 0,
        placed_at: str | None = None,
    ) -> None:
        """`placed_at`: when the member ordered, by the platform's clock (UTC ISO); the
        import's time when the file does not say."""
        self._begin_orders(campaign_id)
        report = self.report
        if (external_no and external_no in self._external) or (
            fingerprint and fingerprint in self._prints
        ):
            report.orders_skipped_duplicate += 1
            return
        member_id = member["id"]
        self._member_names[member_id] = member["name"]
        if status in ACTIVE and not self.within_caps(wanted, member_id):
            return
        if external_no:
            self._external.add(external_no)
        if fingerprint:
            self._prints.add(fingerprint)
        make_id = self._id
        order_id = make_id()
        amount = 0
        picked = status == "picked_up"
        for position, (item, qty, price, _row) in enumerate(wanted):
            unit_price = item["price_fen"] if price is None else price
            amount += qty * unit_price
            lines.append(line_row(order_id, item, qty, unit_price, picked, position, make_id()))
        seq, at = self._seq, self.tx.at
        orders.append(
            {
                "id": order_id,
                "campaign_id": campaign_id,
                "member_id": member_id,
                "seq": seq,
                "order_no": f"{self._prefix}-{seq:04d}",
                "status": status,
                "paid": int(paid),
                "amount_fen": amount,
                "member_note": member_note,
                "leader_note": leader_note,
                "source": source,
                "source_ref": source_ref,
                "external_no": external_no,
                "fingerprint": fingerprint,
                "pickup_point_id": None,
                "created_at": placed_at or at,
                "updated_at": at,
                "picked_up_at": at if picked else None,
                "platform_refund_fen": refund_fen,
            }
        )
        self._seq = seq + 1
        report.orders_imported += 1
        report.lines += len(wanted)
        if len(orders) >= (BATCH if report.orders_imported > BATCH else FIRST_BATCHES):
            self._flush(orders, lines)
            self.cancel.check()

    def within_caps(self, wanted: list[tuple[dict, int, int | None, int]], member_id: str) -> bool:
        """The order entry's rules: stock caps (限购总量) and per-member limits (每人限购).
        Only items with a cap or a limit are counted: the counts are read for nothing else,
        and most items of most campaigns have neither."""
        wanted = [
            w
            for w in wanted
            if w[0].get("stock_cap") is not None or w[0].get("member_limit") is not None
        ]
        if not wanted:
            return True
        for item, qty, _price, row in wanted:
            cap = item.get("stock_cap")
            used = self._taken.get(item["id"], 0)
            if cap is not None and used + qty > cap:
                exc = ConflictError(
                    "stock_cap_exceeded",
                    name=item["name"],
                    cap=cap,
                    left=max(cap - used, 0),
                    wanted=qty,
                )
                self.report.errors.append(
                    RowError(row, "quantity", exc.code, exc.args_map, str(qty))
                )
                return False
            limit = item.get("member_limit")
            if limit is not None:
                mine = self._mine().get((member_id, item["id"]), 0)
                if mine + qty > limit:
                    name = self._member_names.get(member_id, "")
                    exc = ConflictError(
                        "member_limit_exceeded",
                        member=name,
                        name=item["name"],
                        limit=limit,
                        total=mine + qty,
                    )
                    self.report.errors.append(
                        RowError(row, "quantity", exc.code, exc.args_map, str(qty))
                    )
                    return False
        for item, qty, _price, _row in wanted:
            self.count_taken(item["id"], member_id, qty)
        return True

    def count_taken(self, item_id: str, member_id: str, qty: int) -> None:
        self._taken[item_id] = self._taken.get(item_id, 0) + qty
        if self._member_taken is not None:
            key = (member_id, item_id)
            self._member_taken[key] = self._member_taken.get(key, 0) + qty

    def _mine(self) -> dict[tuple[str, str], int]:
        """Quantities per (member, item), loaded once, only for campaigns with limits."""
        if self._member_taken is None:
            self._member_taken = import_sql.member_item_totals(self.tx.conn, self._campaign["id"])
        return self._member_taken

    def _flush_members(self) -> None:
        self.tx.insert_many("members", self._pending_members)
        self._pending_members = []

    def _flush(self, orders: list, lines: list) -> None:
        """Members first: the orders point at them."""
        self._flush_members()
        self.tx.insert_many("orders", orders)
        self.tx.insert_many("order_lines", lines)
        orders.clear()
        lines.clear()
