"""Times are stored as UTC ISO-8601 and shown in local time."""

from __future__ import annotations

from datetime import UTC, date, datetime

from leader_app.errors import ValidationError
from leader_app.normalize import fold


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.astimezone()  # naive means local wall time
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_utc_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def to_local(text: str | None) -> datetime | None:
    return None if not text else from_utc_iso(text).astimezone()


def format_local(text: str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    moment = to_local(text)
    return moment.strftime(fmt) if moment else ""


_DT_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
)


def parse_local_datetime(value: object) -> str:
    """Local wall time typed or read from a file → UTC ISO. Accepts datetimes and ISO strings
    with an offset too."""
    if isinstance(value, datetime):
        return to_utc_iso(value)
    if isinstance(value, date):
        return to_utc_iso(datetime(value.year, value.month, value.day))
    text = fold(str(value or "")).strip()
    if not text:
        raise ValidationError("date_invalid", value=str(value))
    if text.endswith("Z") or "+" in text[10:]:
        try:
            return to_utc_iso(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
    for fmt in _DT_FORMATS:
        try:
            return to_utc_iso(datetime.strptime(text, fmt))
        except ValueError:
            continue
    raise ValidationError("date_invalid", value=str(value))


def parse_date(value: object) -> str:
    """A calendar date (pickup day) as YYYY-MM-DD; no time zone applies to it."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = fold(str(value or "")).strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValidationError("date_invalid", value=str(value))
