"""Orders from platform exports: new orders in bulk, known ones brought in line (reexport.py),
the same file into a second campaign refused unless confirmed."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from leader_app.clock import parse_local_datetime
from leader_app.errors import ValidationError
from leader_app.importing.prices import infer_prices
from leader_app.importing.records import OrderRecord, RowError, header_text
from leader_app.importing.reexport import same_member, sync_order
from storage import campaigns_sql, import_sql


def placed_at(cell: Any, now: str) -> tuple[str | None, str | None]:
    """When the member ordered, from the export's 支付时间 / 下单时间 cell, as UTC ISO: what
    the orders page, the export and 会员洞察 (new, active, weekly) count by. None when the
    cell is empty, unreadable or later than the import (a clock or a typo); then also why,
    as the code of the warning the import gives (None for an empty cell)."""
    if cell is None or cell == "":
        return None, None
    when = _utc(cell)
    if when is None:
        return None, "import_time_unreadable"
    return (when, None) if when <= now else (None, "import_time_future")


@lru_cache(maxsize=20_000)
def _utc(cell: Any) -> str | None:
    """Cached: an export's times repeat (one per order, on each of its lines)."""
    try:
        return parse_local_datetime(cell)
    except (ValidationError, TypeError, ValueError, OverflowError):
        return None


# Orders built before they go to the store in one batch. The first batches are smaller, so the
# writer thread starts soon after the parse.
BATCH = 5000
FIRST_BATCHES = 1000
SAMPLE = 200  # orders looked up in other campaigns before a file is taken for theirs
BULK_ORDERS = 5000  # from this many orders on, an import may rebuild an index (pause_index)


class FileOrders:
    """Mixed into Importer, which provides tx, report, new_member, _matched_member,
    _new_product, _new_item, _begin_orders, _add_order and _flush."""

    # -- orders from platform exports -------------------------------------------------------
    def import_orders(
        self, records: list[OrderRecord], campaign_id: str, source: str, again: bool = False
    ) -> None:
        good = [r for r in records if not r.bad and r.lines]
        refused = [r for r in records if r.bad]
        self.report.orders_refused += len(refused)
        self.report.lines_refused += sum(len(r.lines) + r.bad_lines for r in refused)
        # The first orders' fingerprints now, for the check below; the rest as the orders are
        # written, once the writer thread is busy (see _add_order's batches).
        prints = [self._fingerprint(r, source) for r in good[:SAMPLE]]
        if not again:
            self._refuse_if_elsewhere(good, prints, campaign_id, source)
        items = self._items_for(campaign_id, good)
        self._begin_orders(campaign_id)
        existing = import_sql.existing_orders(self.tx.conn, campaign_id) if self._seq > 1 else {}
        if len(good) >= BULK_ORDERS and len(good) >= import_sql.order_count(self.tx.conn):
            # Orders land in ix_orders_member_activity at random (by member): for a file as big
            # as the store, building it again at the end is cheaper. Into a store that holds
            # more, keeping both up to date on the writer thread is (docs/bulk-import.md):
            # 57,255 orders into an empty store, 2.49 s against 2.62 s; into one of 100,000
            # orders, 2.96 s against 2.75 s (whole process, medians of five alternated runs).
            self.tx.pause_index("ix_orders_member_activity")
            self.tx.pause_index("ix_orders_created_activity")
        by_mobile = import_sql.members_by_mobile(self.tx.conn)
        by_nick = import_sql.members_by_nickname(self.tx.conn)
        new_members: dict[str, dict[str, Any]] = {}
        orders, lines = [], []
        for index, record in enumerate(good):
            if index % BATCH == 0:  # the ids of the next batch's orders and lines, at once
                self.make_ids(sum(len(r.lines) + 1 for r in good[index : index + BATCH]))
            fingerprint = (
                prints[index] if index < len(prints) else self._fingerprint(record, source)
            )
            wanted = [
                (items[(ln.product, ln.spec)], ln.quantity, ln.unit_price_fen, ln.row)
                for ln in record.lines
            ]
            found = None
            if existing:  # a campaign's first import has none to look up
                found = existing.get(("x", record.external_no)) if record.external_no else None
                if found is None and fingerprint:
                    found = existing.get(("f", fingerprint))
            if found is not None and not same_member(found, record):
                self.report.errors.append(  # 跟团号 restart per campaign: another one's export?
                    RowError(
                        record.first_row,
                        "",
                        "import_order_no_taken",
                        {
                            "external_no": record.external_no,
                            "order_no": found["order_no"],
                            "member": found["member_name"],
                        },
                        record.external_no,
                    )
                )
                continue
            if found is not None:  # a later export of an order we have
                sync_order(self, found, record, wanted)
                continue
            member = self._member_for(record, by_mobile, by_nick, new_members)
            at, wrong = placed_at(record.paid_at, self.tx.at)
            if wrong:
                self._warn(record, "paid_at", wrong, record.paid_at)
            if record.unknown_status:
                self._warn(record, "status", "import_status_unknown", record.unknown_status)
            self._add_order(
                campaign_id,
                member,
                record.status,
                record.paid,
                wanted,
                record.external_no,
                fingerprint,
                f"{source}:{record.first_row}",
                "file",
                record.member_note,
                record.leader_note,
                orders,
                lines,
                record.refund_fen,
                at,
            )
        self._flush(orders, lines)

    def _warn(self, record: OrderRecord, field: str, code: str, value: Any) -> None:
        """Imported, but not as the file says: the leader should look at it."""
        text = str(value)
        column = header_text(self.match, field) if self.match else field
        self.report.warnings.append(RowError(record.first_row, column, code, {"value": text}, text))

    @staticmethod
    def _fingerprint(record: OrderRecord, source: str) -> str:
        """What identifies an order without a platform number in a later export: its member and
        time where the layout has them, else its content in this file. An order with a
        platform number (跟团号) is known by that number, and gets none: every look-up tries
        the number first, and a fingerprint made with the number in it could only ever find
        the same order again (57,255 of them took 0.2-0.3 s to hash)."""
        if record.external_no:
            return ""
        if record.identity:
            return hashlib.sha1(f"t|{record.identity}".encode()).hexdigest()
        return hashlib.sha1(
            f"{source}||{record.mobile}|".encode()
            + "|".join([f"{ln.product}|{ln.spec}:{ln.quantity}" for ln in record.lines]).encode()
        ).hexdigest()

    def _member_for(
        self,
        record: OrderRecord,
        by_mobile: dict[str, dict[str, Any]],
        by_nick: dict[str, list[dict[str, Any]]],
        new_members: dict[str, dict[str, Any]],
    ) -> dict[str, Any]:
        name = record.nickname or record.name
        if record.mobile:
            key = record.mobile
            member = by_mobile.get(record.mobile)
        elif record.mobile_tail:  # masked: the same name with the same last 4 digits
            key = f"{record.name}|*{record.mobile_tail}"
            known = {
                m["id"]: m
                for n in {record.name, record.nickname}
                if n
                for m in by_nick.get(n, [])
                if (m["mobile"] or "").endswith(record.mobile_tail)
            }
            member = next(iter(known.values())) if len(known) == 1 else None
        else:
            key = f"{name}|{record.room}"
            found = by_nick.get(name, [])
            member = found[0] if len(found) == 1 else None
        if member is not None:
            return self._matched_member(member)
        member = new_members.get(key)
        if member is None:
            member = new_members[key] = self.new_member(
                {
                    "name": record.name or record.nickname,
                    "mobile": record.mobile,
                    "nickname": record.nickname,
                    "building": record.building,
                    "unit": record.unit,
                    "room": record.room,
                }
            )
        return member

    def _refuse_if_elsewhere(
        self, records: list[OrderRecord], prints: list[str], campaign_id: str, source: str
    ) -> None:
        """The same file into a second campaign is refused, naming the first, unless confirmed:
        a second click on Import must not double every order."""
        if not records:
            return
        sample = [(r.external_no, p) for r, p in zip(records[:SAMPLE], prints, strict=False)]
        holders = import_sql.campaigns_holding(
            self.tx.conn,
            [e for e, _p in sample if e],
            [p for e, p in sample if not e],
            campaign_id,
        )
        every = prints  # the sample's; the rest only if another campaign holds the sample
        for other, count in holders.items():
            # A newer export of that campaign (orders refunded, changed or added since) is
            # caught too: most of its orders are there, by platform number and member.
            if count < len(sample) * ELSEWHERE_SHARE:
                continue
            held = import_sql.existing_orders(self.tx.conn, other)
            if len(every) < len(records):  # all of them now, made once, kept local
                every = prints + [self._fingerprint(r, source) for r in records[len(prints) :]]
            found = [
                (held.get(("x", r.external_no) if r.external_no else ("f", p)), r)
                for r, p in zip(records, every, strict=True)
            ]
            there = [(f, r) for f, r in found if f is not None]
            if len(there) >= len(records) * ELSEWHERE_SHARE and all(
                same_member(f, r) if r.external_no else _same_order(f, r) for f, r in there
            ):
                campaign = campaigns_sql.get(self.tx.conn, other)
                raise ValidationError(
                    "import_elsewhere", path=source, campaign=campaign["title"], campaign_id=other
                )

    def _items_for(self, campaign_id: str, records: list[OrderRecord]) -> dict[tuple, dict]:
        """Campaign items for every (product, spec) in the file, creating what is missing.
        A missing price comes from the file, the catalogue, or single-line orders."""
        items = {(i["name"], i["spec"]): i for i in campaigns_sql.items(self.tx.conn, campaign_id)}
        catalog = import_sql.products_by_name_spec(self.tx.conn)
        prices = infer_prices(
            records,
            {k: i["price_fen"] for k, i in items.items()}
            | {k: p["price_fen"] for k, p in catalog.items() if k not in items},
        )
        for record in records:
            for ln in record.lines:
                key = (ln.product, ln.spec)
                if key in items:
                    continue
                product = catalog.get(key)
                price = prices.get(key)
                if product is None:
                    if price is None:
                        self.report.warnings.append(
                            RowError(ln.row, "", "price_unknown", {"name": ln.product}, ln.product)
                        )
                    product = self._new_product(
                        {
                            "name": ln.product,
                            "spec": ln.spec,
                            "sku": ln.sku,
                            "price_fen": price or 0,
                        }
                    )
                    catalog[key] = product
                fields = {"price_fen": price} if price is not None else {}
                items[key] = self._new_item(campaign_id, product, len(items), fields)
        return items


# The share of a file's orders that must already be in another campaign (same platform number
# and member) before the file is taken for that campaign's export, original or newer.
ELSEWHERE_SHARE = 0.8


def _same_order(found: dict[str, Any] | None, record: OrderRecord) -> bool:
    """Same platform number, same member and the same items: the same order (跟团号 alone
    restart at 1 in every campaign)."""
    if found is None or not same_member(found, record):
        return False
    ours: dict[str, int] = {}
    for ln in found["lines"].values():
        ours[ln["name"].strip()] = ours.get(ln["name"].strip(), 0) + ln["quantity"]
    theirs: dict[str, int] = {}
    for ln in record.lines:
        key = f"{ln.product} {ln.spec}".strip()
        theirs[key] = theirs.get(key, 0) + ln.quantity
    return ours == theirs
