"""Members: validation, create/update/delete, referrals and merging duplicates."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from leader_app import pinyin
from leader_app.clock import parse_date
from leader_app.errors import ConflictError, NotFoundError, ValidationError
from leader_app.normalize import clean_text, fold, normalize_mobile, parse_money
from storage import members_sql
from storage.db import Store
from storage.tx import Tx, new_id

_TAG_SPLIT = re.compile(r"[,，;；、/|\s]+")
EDITABLE = (
    "name",
    "mobile",
    "nickname",
    "building",
    "unit",
    "room",
    "tags",
    "tier",
    "tier_fee_fen",
    "tier_expires_on",
    "referrer_id",
    "notes",
)


def parse_tags(value: object) -> list[str]:
    if value is None or value == "":
        return []
    items = value if isinstance(value, list | tuple) else _TAG_SPLIT.split(fold(str(value)))
    seen: list[str] = []
    for item in items:
        tag = str(item).strip()
        if tag and tag not in seen:
            seen.append(tag[:20])
    return seen


def validate(data: dict[str, Any]) -> dict[str, Any]:
    """Raw form or file values → clean column values. Only the keys given are returned."""
    out: dict[str, Any] = {}
    if "name" in data:
        name = clean_text(data["name"], "name", 40)
        if not name:
            raise ValidationError("name_required").with_field("name")
        out["name"] = name
    if "mobile" in data:
        try:
            out["mobile"] = normalize_mobile(data["mobile"])
        except ValidationError as exc:
            raise exc.with_field("mobile") from None
    for key, limit in (
        ("nickname", 60),
        ("building", 20),
        ("unit", 20),
        ("room", 20),
        ("tier", 20),
        ("notes", 2000),
    ):
        if key in data:
            out[key] = clean_text(
                fold(str(data[key] or "")) if key in ("building", "unit", "room") else data[key],
                key,
                limit,
            )
    if "tags" in data:
        out["tags"] = json.dumps(parse_tags(data["tags"]), ensure_ascii=False)
    if "tier_fee_fen" in data:
        fee = data["tier_fee_fen"]
        try:
            out["tier_fee_fen"] = fee if isinstance(fee, int) else parse_money(fee or 0)
        except ValidationError as exc:
            raise exc.with_field("tier_fee_fen") from None
    if "tier_expires_on" in data:
        value = data["tier_expires_on"]
        try:
            out["tier_expires_on"] = parse_date(value) if value else None
        except ValidationError as exc:
            raise exc.with_field("tier_expires_on") from None
    if "referrer_id" in data:
        out["referrer_id"] = data["referrer_id"] or None
    return out


def search_key(row: dict[str, Any]) -> str:
    """What the member finders match: name, nickname, their pinyin, mobile and address."""
    address = "-".join(p for p in (row["building"], row["unit"], row["room"]) if p)
    return pinyin.search_text(row["name"], row["nickname"], row["mobile"] or "", address)


class MemberService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, member_id: str) -> dict[str, Any]:
        row = members_sql.get(self.store.conn, member_id)
        if row is None:
            raise NotFoundError("not_found", entity="member", id=member_id)
        return row

    def create(self, data: dict[str, Any], tx: Tx | None = None) -> dict[str, Any]:
        if tx is None:
            with self.store.atomic("member.create") as own:
                return self.create(data, own)
        data = self._resolve_referrer(tx, data)
        values = validate(
            {
                "name": data.get("name"),
                "mobile": data.get("mobile"),
                **{k: v for k, v in data.items() if k in EDITABLE},
            }
        )
        self._check_mobile_free(tx, values["mobile"], None)
        if values.get("referrer_id"):
            self._require_member(tx, values["referrer_id"])
        row = {
            "id": new_id(),
            "member_no": members_sql.next_member_no(tx.conn),
            "nickname": "",
            "building": "",
            "unit": "",
            "room": "",
            "tags": "[]",
            "tier": "",
            "tier_fee_fen": 0,
            "tier_expires_on": None,
            "referrer_id": None,
            "notes": "",
            **values,
            "created_at": tx.at,
            "updated_at": tx.at,
            "deleted_at": None,
            "merged_into": None,
        }
        row["search"] = search_key(row)
        return self._write(tx.insert, "members", row)

    def update(self, member_id: str, data: dict[str, Any]) -> dict[str, Any]:
        with self.store.atomic("member.update") as tx:
            values = validate(
                {k: v for k, v in self._resolve_referrer(tx, data).items() if k in EDITABLE}
            )
            current = self._require_member(tx, member_id)
            if "mobile" in values:
                self._check_mobile_free(tx, values["mobile"], member_id)
            if values.get("referrer_id"):
                self._check_referrer(tx, member_id, values["referrer_id"])
            merged = {**current, **values}
            values["search"] = search_key(merged)
            values["updated_at"] = tx.at
            return self._write(tx.update, "members", member_id, values)

    def delete(self, member_id: str) -> None:
        """Soft delete: orders keep pointing at the member, and sync sends an update."""
        with self.store.atomic("member.delete") as tx:
            self._require_member(tx, member_id)
            tx.update("members", member_id, {"deleted_at": tx.at, "updated_at": tx.at})

    def merge(self, keep_id: str, drop_id: str) -> dict[str, Any]:
        """Two records of one person: the kept one takes the other's orders, referrals and tags,
        and fills its empty fields; the other is soft-deleted and points at the kept one."""
        if keep_id == drop_id:
            raise ValidationError("member_merge_self")
        self.store.backups.make("pre-merge")  # a merge rewrites many rows: keep a way back
        with self.store.atomic("member.merge") as tx:
            keep = self._require_member(tx, keep_id)
            drop = self._require_member(tx, drop_id)
            for order_id in members_sql.order_ids(tx.conn, drop_id):
                tx.update("orders", order_id, {"member_id": keep_id, "updated_at": tx.at})
            for member_id in members_sql.referred_ids(tx.conn, drop_id):
                new_ref = None if member_id == keep_id else keep_id
                tx.update("members", member_id, {"referrer_id": new_ref, "updated_at": tx.at})
            keep = tx.get("members", keep_id)
            tags = parse_tags(json.loads(keep["tags"]) + json.loads(drop["tags"]))
            fill = {
                k: drop[k]
                for k in ("nickname", "building", "unit", "room", "tier", "notes")
                if not keep[k] and drop[k]
            }
            if not keep["referrer_id"] and drop["referrer_id"] not in (None, keep_id):
                fill["referrer_id"] = drop["referrer_id"]
            tx.update(
                "members",
                drop_id,
                {
                    "deleted_at": tx.at,
                    "merged_into": keep_id,
                    "updated_at": tx.at,
                    "referrer_id": None,
                },
            )
            values = {**fill, "tags": json.dumps(tags, ensure_ascii=False), "updated_at": tx.at}
            values["search"] = search_key({**keep, **values})
            return tx.update("members", keep_id, values)

    # -- helpers ----------------------------------------------------------------------------
    @staticmethod
    def _resolve_referrer(tx: Tx, data: dict[str, Any]) -> dict[str, Any]:
        """`referrer_mobile` (as typed, or from a member list) becomes `referrer_id`."""
        if "referrer_mobile" not in data:
            return data
        out = {k: v for k, v in data.items() if k != "referrer_mobile"}
        raw = data["referrer_mobile"]
        if raw in (None, ""):
            out["referrer_id"] = None
            return out
        try:
            mobile = normalize_mobile(raw)
        except ValidationError as exc:
            raise exc.with_field("referrer_id") from None
        referrer = members_sql.by_mobile(tx.conn, mobile)
        if referrer is None:
            raise NotFoundError("not_found", entity="member", id=mobile).with_field("referrer_id")
        out["referrer_id"] = referrer["id"]
        return out

    def _require_member(self, tx: Tx, member_id: str) -> dict[str, Any]:
        row = tx.get("members", member_id)
        if row is None:
            raise NotFoundError("not_found", entity="member", id=member_id)
        if row["deleted_at"]:
            raise ConflictError("member_deleted", name=row["name"])
        return row

    def _check_mobile_free(self, tx: Tx, mobile: str, own_id: str | None) -> None:
        other = members_sql.by_mobile(tx.conn, mobile)
        if other and other["id"] != own_id:
            raise ConflictError(
                "mobile_duplicate", mobile=mobile, name=other["name"], member_id=other["id"]
            ).with_field("mobile")

    def _check_referrer(self, tx: Tx, member_id: str, referrer_id: str) -> None:
        if referrer_id == member_id:
            raise ValidationError("referrer_self").with_field("referrer_id")
        self._require_member(tx, referrer_id)
        if member_id in members_sql.referrer_chain(tx.conn, referrer_id):
            referrer = tx.get("members", referrer_id)
            raise ConflictError("referrer_cycle", name=referrer["name"]).with_field("referrer_id")

    @staticmethod
    def _write(fn: Any, *args: Any) -> dict[str, Any]:
        try:
            return fn(*args)
        except sqlite3.IntegrityError as exc:  # the unique index backs the check above
            if "mobile" in str(exc):
                raise ConflictError("mobile_duplicate", mobile="", name="?") from exc
            raise
