"""What HQ says it delivered for a campaign: the arrival check starts from these quantities
and the leader confirms or corrects them."""

from __future__ import annotations

from typing import Any

from storage import deliveries_sql


def delivered_quantities(app: Any, campaign_id: str) -> dict[str, int]:
    """{local product_id: quantity} from HQ's deliveries for this campaign (empty when HQ has
    recorded none). Products HQ names that this desk does not have are left out."""
    conn = app.store.conn
    rows = deliveries_sql.for_campaign(conn, campaign_id)
    named = [str(i.get("product_id")) for r in rows for i in r["items"] if isinstance(i, dict)]
    local = deliveries_sql.local_product_ids(conn, named)
    out: dict[str, int] = {}
    for row in rows:
        for item in row["items"]:
            qty = item.get("quantity") if isinstance(item, dict) else None
            pid = local.get(str(item.get("product_id"))) if isinstance(item, dict) else None
            if pid and isinstance(qty, int) and not isinstance(qty, bool) and qty >= 0:
                out[pid] = out.get(pid, 0) + qty
    return out
