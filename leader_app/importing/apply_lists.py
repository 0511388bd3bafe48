"""Member and product lists: the part of the importer that writes no orders."""

from __future__ import annotations

import json
from typing import Any

from leader_app.importing.records import MemberRecord, ProductRecord, RowError
from leader_app.members import search_key
from storage import campaigns_sql, import_sql


class ListImports:
    """Mixed into Importer, which provides tx, report, new_member, _new_product and
    _new_item."""

    def import_members(self, records: list[MemberRecord]) -> None:
        existing = import_sql.members_by_mobile(self.tx.conn)
        new_rows: dict[str, dict[str, Any]] = {}
        for record in records:
            mobile = record.values["mobile"]
            if mobile in existing:
                self._merge_into(existing[mobile], record.values)
                self.report.members_matched += 1
            elif mobile in new_rows:
                self.report.warnings.append(
                    RowError(
                        record.row,
                        "mobile",
                        "mobile_duplicate",
                        {"mobile": mobile, "name": new_rows[mobile]["name"]},
                        mobile,
                    )
                )
            else:
                new_rows[mobile] = self.new_member(record.values)
        ids = {m: r["id"] for m, r in existing.items()} | {m: r["id"] for m, r in new_rows.items()}
        links: list[tuple[str, str]] = []  # known members' new referrers, once those exist
        for record in records:
            if not record.referrer_mobile:
                continue
            row = new_rows.get(record.values["mobile"])
            referrer = ids.get(record.referrer_mobile)
            if referrer is None or record.referrer_mobile == record.values["mobile"]:
                self.report.warnings.append(
                    RowError(
                        record.row,
                        "",
                        "not_found",
                        {"entity": "member", "id": record.referrer_mobile},
                        record.referrer_mobile,
                    )
                )
            elif row is not None:
                row["referrer_id"] = referrer
            elif not existing[record.values["mobile"]]["referrer_id"]:
                links.append((existing[record.values["mobile"]]["id"], referrer))
        self._flush_members()  # first: a known member's referrer may be new in this list
        for member_id, referrer in links:
            self.tx.update(
                "members", member_id, {"referrer_id": referrer, "updated_at": self.tx.at}
            )

    def _merge_into(self, member: dict[str, Any], values: dict[str, Any]) -> None:
        """A known member: fill empty fields and add tags, never overwrite what is there."""
        changes = {
            k: values[k]
            for k in ("nickname", "building", "unit", "room", "tier")
            if values.get(k) and not member[k]
        }
        tags = json.loads(member["tags"])
        added = [t for t in values.get("tags", []) if t not in tags]
        if added:
            changes["tags"] = json.dumps(tags + added, ensure_ascii=False)
        if changes:
            changes["search"] = search_key({**member, **changes})
            self.tx.update("members", member["id"], {**changes, "updated_at": self.tx.at})

    # -- products ---------------------------------------------------------------------------
    def import_products(self, records: list[ProductRecord], campaign_id: str | None) -> None:
        catalog = import_sql.products_by_name_spec(self.tx.conn)
        items = (
            {i["product_id"]: i for i in campaigns_sql.items(self.tx.conn, campaign_id)}
            if campaign_id
            else {}
        )
        for record in records:
            v = record.values
            product = catalog.get((v["name"], v["spec"]))
            if product is None:
                product = self._new_product(v)
                catalog[(v["name"], v["spec"])] = product
            else:
                self.report.products_updated += 1
                self.tx.update(
                    "products",
                    product["id"],
                    {
                        k: v[k]
                        for k in ("price_fen", "list_price_fen", "commission_bp", "unit", "sku")
                        if v.get(k) and v[k] != product[k]
                    }
                    | {"updated_at": self.tx.at},
                )
            if campaign_id:
                fields = {
                    "price_fen": v["price_fen"],
                    "stock_cap": record.stock_cap,
                    "member_limit": record.member_limit,
                    "commission_bp": v["commission_bp"],
                }
                if product["id"] in items:
                    self.tx.update("campaign_items", items[product["id"]]["id"], fields)
                else:
                    items[product["id"]] = self._new_item(campaign_id, product, len(items), fields)
