"""Typed errors. The core raises a code plus arguments; the UI and CLI turn them into text.

Every code has an English template here (marked for translation); ui/ shows the zh_CN one.
"""

from __future__ import annotations

from typing import Any

from leader_app.i18n import QT_TRANSLATE_NOOP as _N

CONTEXT = "errors"

MESSAGES: dict[str, str] = {
    "mobile_required": _N("errors", "A mobile number is required."),
    "mobile_invalid": _N(
        "errors", "“{value}” is not a mainland mobile number (11 digits starting 13–19)."
    ),
    "mobile_duplicate": _N("errors", "Mobile {mobile} already belongs to member {name}."),
    "name_required": _N("errors", "A name is required."),
    "field_too_long": _N("errors", "{field} is too long (at most {max} characters)."),
    "money_invalid": _N("errors", "“{value}” is not an amount of money."),
    "money_negative": _N("errors", "An amount cannot be negative: “{value}”."),
    "quantity_invalid": _N("errors", "“{value}” is not a quantity."),
    "quantity_not_positive": _N("errors", "A quantity must be at least 1, not {value}."),
    "rate_invalid": _N("errors", "“{value}” is not a commission rate between 0 and 100%."),
    "date_invalid": _N("errors", "“{value}” is not a date or time."),
    "not_found": _N("errors", "{entity} {id} was not found."),
    "member_deleted": _N("errors", "Member {name} has been deleted."),
    "member_merge_self": _N("errors", "A member cannot be merged into itself."),
    "referrer_self": _N("errors", "A member cannot refer themselves."),
    "referrer_cycle": _N(
        "errors", "{name} was already invited by this member; that would be a loop."
    ),
    "product_duplicate": _N("errors", "Product {name} {spec} is already in the catalog."),
    "product_in_use": _N("errors", "Product {name} is used by orders and cannot be deleted."),
    "campaign_title_required": _N("errors", "A campaign needs a title."),
    "campaign_status_step": _N("errors", "A campaign cannot go from {from_status} to {to_status}."),
    "campaign_not_open": _N(
        "errors", "Campaign “{title}” is {status}; orders can only be taken while it is open."
    ),
    "campaign_product_duplicate": _N("errors", "{name} is already in this campaign."),
    "campaign_item_in_use": _N(
        "errors", "{name} has orders in this campaign and cannot be removed."
    ),
    "product_not_in_campaign": _N("errors", "{name} is not on this campaign's product list."),
    "order_empty": _N("errors", "An order needs at least one product."),
    "stock_cap_exceeded": _N(
        "errors", "Only {left} of {name} are left (cap {cap}); {wanted} were asked for."
    ),
    "member_limit_exceeded": _N(
        "errors", "{member} may order at most {limit} of {name}; this would make {total}."
    ),
    "order_status_step": _N(
        "errors", "Order {order_no} is {from_status} and cannot become {to_status}."
    ),
    "order_locked": _N("errors", "Order {order_no} is {status} and can no longer be changed."),
    "nothing_to_undo": _N("errors", "There is nothing to undo."),
    "undo_conflict": _N(
        "errors", "This change cannot be undone: {entity} was changed again since."
    ),
    "store_in_use": _N("errors", "The data file {path} is in use by another Leader Desk window."),
    "store_unreadable": _N("errors", "The data file {path} cannot be opened: {reason}"),
    "store_too_new": _N(
        "errors",
        "The data file was made by a newer Leader Desk (schema {found}, this one knows {known}).",
    ),
    "store_write_failed": _N("errors", "Saving failed and nothing was changed: {reason}"),
    "backup_invalid": _N("errors", "{path} is not a valid Leader Desk backup: {reason}"),
    "file_not_found": _N("errors", "The file {path} does not exist."),
}


class LeaderError(Exception):
    """A refusal the user can act on. `code` selects the message; `args` fill it."""

    def __init__(self, code: str, **args: Any) -> None:
        if code not in MESSAGES:
            raise KeyError(f"unknown error code {code!r}")
        self.code = code
        self.args_map = args
        super().__init__(self.english())

    def english(self) -> str:
        return format_message(MESSAGES[self.code], self.args_map)

    def with_field(self, field: str) -> LeaderError:
        """Tag the error with the form field it concerns, so dialogs can point at it."""
        self.args_map.setdefault("field", field)
        return self


class ValidationError(LeaderError):
    """Input that cannot be accepted as typed."""


class NotFoundError(LeaderError):
    pass


class ConflictError(LeaderError):
    """The input is well-formed but clashes with what is stored (duplicates, caps, states)."""


class StoreError(LeaderError):
    """The data file itself cannot be used."""


def format_message(template: str, args: dict[str, Any]) -> str:
    safe = {k: v for k, v in args.items()}
    try:
        return template.format(**safe)
    except (KeyError, IndexError):
        return template
