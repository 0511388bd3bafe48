"""The catalog: products and pickup points."""

from __future__ import annotations

from typing import Any

from leader_app.errors import ConflictError, NotFoundError, ValidationError
from leader_app.normalize import clean_text, parse_money, parse_rate_bp
from storage import catalog_sql
from storage.db import Store
from storage.tx import Tx, new_id

EDITABLE = ("name", "spec", "unit", "price_fen", "list_price_fen", "sku", "commission_bp")


def _money(value: Any, field: str) -> int:
    try:
        return (
            value if isinstance(value, int) and not isinstance(value, bool) else parse_money(value)
        )
    except ValidationError as exc:
        raise exc.with_field(field) from None


def validate(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in data:
        out["name"] = clean_text(data["name"], "name", 60)
        if not out["name"]:
            raise ValidationError("name_required").with_field("name")
    for key, limit in (("spec", 40), ("unit", 10), ("sku", 40)):
        if key in data:
            out[key] = clean_text(data[key], key, limit)
    for key in ("price_fen", "list_price_fen"):
        if key in data:
            out[key] = _money(data[key] if data[key] not in (None, "") else 0, key)
    if "commission_bp" in data:
        value = data["commission_bp"]
        try:
            out["commission_bp"] = value if isinstance(value, int) else parse_rate_bp(value)
        except ValidationError as exc:
            raise exc.with_field("commission_bp") from None
    return out


class CatalogService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, product_id: str) -> dict[str, Any]:
        row = catalog_sql.get(self.store.conn, product_id)
        if row is None:
            raise NotFoundError("not_found", entity="product", id=product_id)
        return row

    def create(self, data: dict[str, Any], tx: Tx | None = None) -> dict[str, Any]:
        if tx is None:
            with self.store.atomic("product.create") as own:
                return self.create(data, own)
        values = validate(
            {
                "name": data.get("name"),
                "price_fen": data.get("price_fen"),
                **{k: v for k, v in data.items() if k in EDITABLE},
            }
        )
        self._check_unique(tx, values["name"], values.get("spec", ""), None)
        row = {
            "id": new_id(),
            "spec": "",
            "unit": "",
            "list_price_fen": 0,
            "sku": "",
            "commission_bp": 0,
            **values,
            "withdrawn": 0,
            "created_at": tx.at,
            "updated_at": tx.at,
            "deleted_at": None,
        }
        return tx.insert("products", row)

    def update(self, product_id: str, data: dict[str, Any]) -> dict[str, Any]:
        values = validate({k: v for k, v in data.items() if k in EDITABLE})
        with self.store.atomic("product.update") as tx:
            current = tx.get("products", product_id)
            if current is None or current["deleted_at"]:
                raise NotFoundError("not_found", entity="product", id=product_id)
            merged = {**current, **values}
            self._check_unique(tx, merged["name"], merged["spec"], product_id)
            return tx.update("products", product_id, {**values, "updated_at": tx.at})

    def delete(self, product_id: str) -> None:
        """A product that campaigns use is only withdrawn, so old orders keep their names."""
        with self.store.atomic("product.delete") as tx:
            current = tx.get("products", product_id)
            if current is None:
                raise NotFoundError("not_found", entity="product", id=product_id)
            if catalog_sql.is_used(tx.conn, product_id):
                tx.update("products", product_id, {"withdrawn": 1, "updated_at": tx.at})
            else:
                tx.update("products", product_id, {"deleted_at": tx.at, "updated_at": tx.at})

    def create_pickup_point(
        self, name: str, address: str = "", tx: Tx | None = None
    ) -> dict[str, Any]:
        if tx is None:
            with self.store.atomic("pickup_point.create") as own:
                return self.create_pickup_point(name, address, own)
        clean = clean_text(name, "name", 40)
        if not clean:
            raise ValidationError("name_required").with_field("name")
        return tx.insert(
            "pickup_points",
            {
                "id": new_id(),
                "name": clean,
                "address": clean_text(address, "address", 200),
                "created_at": tx.at,
                "updated_at": tx.at,
                "deleted_at": None,
            },
        )

    def pickup_points(self) -> list[dict[str, Any]]:
        return catalog_sql.pickup_points(self.store.conn)

    @staticmethod
    def _check_unique(tx: Tx, name: str, spec: str, own_id: str | None) -> None:
        other = catalog_sql.by_name_spec(tx.conn, name, spec)
        if other and other["id"] != own_id:
            raise ConflictError("product_duplicate", name=name, spec=spec).with_field("name")
