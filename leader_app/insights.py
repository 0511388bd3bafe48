"""The member pool (流量池): segments, health figures, communities, referrals and tier care.

Everything is counted from active orders (placed or picked up) made before the end of the
as-of day, in local time, so a given store and as-of day always give the same figures. The sums
are SQL aggregates (storage/insights_sql.py) over one per-member aggregate of the orders.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from leader_app.clock import parse_date, to_utc_iso
from leader_app.errors import ValidationError
from leader_app.i18n import QT_TRANSLATE_NOOP
from storage import insights_sql
from storage.db import Store

SEGMENTS = insights_sql.SEGMENTS
SETTING_PREFIX = "insights."
WEEKS = 12

SEGMENT_LABELS = {
    "new": QT_TRANSLATE_NOOP("insights", "New"),
    "active": QT_TRANSLATE_NOOP("insights", "Active"),
    "loyal": QT_TRANSLATE_NOOP("insights", "Loyal"),
    "at_risk": QT_TRANSLATE_NOOP("insights", "At risk"),
    "dormant": QT_TRANSLATE_NOOP("insights", "Dormant"),
    "never": QT_TRANSLATE_NOOP("insights", "Never ordered"),
}
# Each definition in words, filled with the thresholds (format_message placeholders).
SEGMENT_DEFINITIONS = {
    "new": QT_TRANSLATE_NOOP("insights", "First order in the last {new_days} days."),
    "active": QT_TRANSLATE_NOOP("insights", "Ordered in the last {active_days} days."),
    "loyal": QT_TRANSLATE_NOOP(
        "insights", "Ordered in at least {loyal_campaigns} campaigns in the last {loyal_days} days."
    ),
    "at_risk": QT_TRANSLATE_NOOP(
        "insights",
        "Ordered before, but not in the last {active_days} days; last order within "
        "{dormant_days} days.",
    ),
    "dormant": QT_TRANSLATE_NOOP("insights", "No order for more than {dormant_days} days."),
    "never": QT_TRANSLATE_NOOP("insights", "No order at all."),
}
HEALTH_DEFINITIONS = {
    "repeat_rate": QT_TRANSLATE_NOOP(
        "insights", "Members who ordered in at least 2 campaigns, of all who ever ordered."
    ),
    "aov_fen": QT_TRANSLATE_NOOP("insights", "Sales divided by orders, all time."),
    "orders_per_active": QT_TRANSLATE_NOOP(
        "insights", "Orders in the last 30 days per active member."
    ),
    "new_per_month": QT_TRANSLATE_NOOP(
        "insights", "Members whose first order fell in the last 30 days."
    ),
}
THRESHOLD_LABELS = {
    "new_days": QT_TRANSLATE_NOOP("insights", "New: first order within (days)"),
    "active_days": QT_TRANSLATE_NOOP("insights", "Active: ordered within (days)"),
    "loyal_campaigns": QT_TRANSLATE_NOOP("insights", "Loyal: at least (campaigns)"),
    "loyal_days": QT_TRANSLATE_NOOP("insights", "Loyal: within (days)"),
    "dormant_days": QT_TRANSLATE_NOOP("insights", "Dormant: nothing for more than (days)"),
}


@dataclass(frozen=True)
class Thresholds:
    new_days: int = 14
    active_days: int = 30
    loyal_campaigns: int = 4
    loyal_days: int = 90
    dormant_days: int = 60

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def thresholds(conn: Any) -> Thresholds:
    """The leader's thresholds (settings `insights.*`); a missing or unreadable one is the
    default."""
    saved = insights_sql.setting_values(conn, SETTING_PREFIX)
    values = Thresholds().as_dict()
    for key in values:
        try:
            values[key] = int(saved[key])
        except (KeyError, ValueError):
            pass
    try:
        return _checked(values)
    except ValidationError:
        return Thresholds()


def _checked(values: dict[str, Any]) -> Thresholds:
    out = {}
    for key, default in Thresholds().as_dict().items():
        raw = values.get(key, default)
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise ValidationError("insights_threshold", value=str(raw)).with_field(key) from None
        if not 1 <= number <= 3650:
            raise ValidationError("insights_threshold", value=str(raw)).with_field(key)
        out[key] = number
    if out["dormant_days"] <= out["active_days"]:
        raise ValidationError(
            "insights_dormant_order", dormant=out["dormant_days"], active=out["active_days"]
        ).with_field("dormant_days")
    return Thresholds(**out)


def save_thresholds(store: Store, values: dict[str, Any]) -> Thresholds:
    """One transaction through the logged write path (so it syncs and shows in history)."""
    checked = _checked(values)
    with store.atomic("insights.thresholds") as tx:
        for key, value in checked.as_dict().items():
            tx.put_setting(SETTING_PREFIX + key, str(value))
    return checked


def parse_as_of(text: str | None) -> date:
    if not text:
        return date.today()
    return date.fromisoformat(parse_date(text))


def _day_end(as_of: date) -> datetime:
    """The start of the next local day: the exclusive end of the as-of day."""
    return datetime.combine(as_of + timedelta(days=1), time(0)).astimezone()


def bounds(as_of: date, t: Thresholds) -> dict[str, Any]:
    end = _day_end(as_of)

    def back(days: int) -> str:
        return to_utc_iso(end - timedelta(days=days))

    return {
        "end": to_utc_iso(end),
        "new_from": back(t.new_days),
        "active_from": back(t.active_days),
        "prev_from": back(2 * t.active_days),
        "loyal_from": back(t.loyal_days),
        "dormant_from": back(t.dormant_days),
        "loyal_campaigns": t.loyal_campaigns,
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _per(part: int, whole: int) -> float:
    return round(part / whole, 2) if whole else 0.0


class Insights:
    """One look at the pool as of a day. The per-member aggregate is built once (a temp table
    on this connection); every figure and segment list then reads it, so the counts and the
    lists always agree."""

    def __init__(self, conn: Any, as_of: date | None = None) -> None:
        self.conn = conn
        self.as_of = as_of or date.today()
        self.thresholds = thresholds(conn)
        self.bounds = bounds(self.as_of, self.thresholds)
        insights_sql.build_pool(conn, self.bounds)
        self._overview: dict[str, Any] | None = None

    # -- figures --------------------------------------------------------------------------
    def overview(self) -> dict[str, Any]:
        if self._overview is not None:
            return self._overview
        row = insights_sql.overview(self.conn, self.bounds["active_from"])
        totals = insights_sql.order_totals(self.conn)
        members = row["members"]
        scale = 30 / self.thresholds.active_days
        segments = {
            s: {
                "count": row[s],
                "share": _share(row[s], members),
                "sales_fen": row[f"{s}_sales_fen"],
                "sales_share": _share(row[f"{s}_sales_fen"], totals["sales_fen"]),
            }
            for s in SEGMENTS
        }
        orders, sales = totals["orders"], totals["sales_fen"]
        self._overview = {
            "as_of": self.as_of.isoformat(),
            "members": members,
            "in_several": row["in_several"],
            "segments": segments,
            "orders": orders,
            "sales_fen": sales,
            "buyers": row["buyers"],
            "repeat_rate": _share(row["repeaters"], row["buyers"]),
            "aov_fen": (2 * sales + orders) // (2 * orders) if orders else 0,
            "orders_per_active": _per(round(row["orders_recent"] * scale), row["active"]),
            "new_per_month": round(row["first_orders_recent"] * scale),
        }
        return self._overview

    def segment(self, name: str) -> list[dict[str, Any]]:
        if name not in SEGMENTS:
            raise ValidationError("insights_segment", name=name, known=", ".join(SEGMENTS))
        return insights_sql.segment_members(self.conn, name)

    def tags(self) -> list[dict[str, Any]]:
        return [_trend(r) for r in insights_sql.communities_by_tag(self.conn)]

    def buildings(self) -> list[dict[str, Any]]:
        return [_trend(r) for r in insights_sql.communities_by_building(self.conn)]

    def referrers(self) -> list[dict[str, Any]]:
        return insights_sql.referrers(self.conn)

    def weekly(self) -> list[dict[str, Any]]:
        """The last 12 seven-day windows ending with the as-of day, oldest first; `week` is
        the window's first day."""
        end = _day_end(self.as_of)
        windows = [
            (
                back,
                to_utc_iso(end - timedelta(days=7 * back + 7)),
                to_utc_iso(end - timedelta(days=7 * back)),
            )
            for back in range(WEEKS)
        ]
        found = {r["back"]: r for r in insights_sql.weekly(self.conn, windows)}
        out = []
        for back in range(WEEKS - 1, -1, -1):
            r = found.get(back, {})
            out.append(
                {
                    "week": (self.as_of - timedelta(days=7 * back + 6)).isoformat(),
                    "orders": r.get("orders", 0),
                    "sales_fen": r.get("sales_fen", 0),
                    "active_members": r.get("active_members", 0),
                }
            )
        return out

    def tier_care(self) -> dict[str, Any]:
        last = self.as_of + timedelta(days=30)
        rows = insights_sql.tiers_expiring(self.conn, self.as_of.isoformat(), last.isoformat())
        return {"members": rows, "fees_due_fen": sum(r["tier_fee_fen"] for r in rows)}

    def as_json(self) -> dict[str, Any]:
        """`leader-app insights --json`: the keys the issue fixes, in stable English."""
        o = self.overview()
        return {
            "segments": {s: o["segments"][s]["count"] for s in SEGMENTS},
            "members": o["members"],
            "repeat_rate": o["repeat_rate"],
            "aov_fen": o["aov_fen"],
            "weekly": self.weekly(),
            "referrers": [
                {
                    "member_no": r["member_no"],
                    "name": r["name"],
                    "referrals": r["referrals"],
                    "referred_orders": r["referred_orders"],
                    "referred_sales_fen": r["referred_sales_fen"],
                }
                for r in self.referrers()
            ],
            "tags": [
                {k: r[k] for k in ("tag", "members", "active", "sales_fen")} for r in self.tags()
            ],
            "tiers_expiring": [
                {
                    "member_no": r["member_no"],
                    "name": r["name"],
                    "tier": r["tier"],
                    "expires_on": r["tier_expires_on"],
                }
                for r in self.tier_care()["members"]
            ],
        }


def _trend(row: dict[str, Any]) -> dict[str, Any]:
    """Sales of the last 30 days against the 30 before: a share of change, or None when
    there was nothing before to compare with."""
    prev = row["sales_prev_fen"]
    trend = round((row["sales_fen"] - prev) / prev, 4) if prev else None
    return {**row, "trend": trend}


def segment_json(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "member_no": r["member_no"],
            "name": r["name"],
            "mobile": r["mobile"],
            "last_order_at": r["last_at"],
            "orders": r["orders"],
            "sales_fen": r["sales_fen"],
        }
        for r in rows
    ]


def member_history(conn: Any, member_id: str) -> dict[str, Any]:
    """A member's own page: campaigns, orders, sales, last pickup, and their referrals two
    levels deep."""
    campaigns = insights_sql.member_campaigns(conn, member_id)
    tree = insights_sql.referral_tree(conn, member_id)
    pickups = [c["picked_up_at"] for c in campaigns if c["picked_up_at"]]
    return {
        "campaigns": campaigns,
        "orders": sum(c["orders"] for c in campaigns),
        "sales_fen": sum(c["sales_fen"] for c in campaigns),
        "last_pickup_at": max(pickups) if pickups else None,
        "referrals": [r for r in tree if r["level"] == 1],
        "tree": tree,
    }
