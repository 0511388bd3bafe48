"""Typed errors. The core raises a code plus arguments; the UI and CLI turn them into text.

Every code has an English template here (marked for translation); ui/ shows the zh_CN one.
"""

from __future__ import annotations

from typing import Any

from leader_app.i18n import QT_TRANSLATE_NOOP

MESSAGES: dict[str, str] = {
    "mobile_required": QT_TRANSLATE_NOOP("errors", "A mobile number is required."),
    "mobile_invalid": QT_TRANSLATE_NOOP(
        "errors", "“{value}” is not a mainland mobile number (11 digits starting 13–19)."
    ),
    "mobile_duplicate": QT_TRANSLATE_NOOP(
        "errors", "Mobile {mobile} already belongs to member {name}."
    ),
    "name_required": QT_TRANSLATE_NOOP("errors", "A name is required."),
    "field_required": QT_TRANSLATE_NOOP("errors", "{field} is empty."),
    "field_too_long": QT_TRANSLATE_NOOP(
        "errors", "{field} is too long (at most {max} characters)."
    ),
    "money_invalid": QT_TRANSLATE_NOOP("errors", "“{value}” is not an amount of money."),
    "money_negative": QT_TRANSLATE_NOOP("errors", "An amount cannot be negative: “{value}”."),
    "quantity_invalid": QT_TRANSLATE_NOOP("errors", "“{value}” is not a quantity."),
    "quantity_not_positive": QT_TRANSLATE_NOOP(
        "errors", "A quantity must be at least 1, not {value}."
    ),
    "rate_invalid": QT_TRANSLATE_NOOP(
        "errors", "“{value}” is not a commission rate between 0 and 100%."
    ),
    "date_invalid": QT_TRANSLATE_NOOP("errors", "“{value}” is not a date or time."),
    "not_found": QT_TRANSLATE_NOOP("errors", "{entity} {id} was not found."),
    "member_deleted": QT_TRANSLATE_NOOP("errors", "Member {name} has been deleted."),
    "member_merge_self": QT_TRANSLATE_NOOP("errors", "A member cannot be merged into itself."),
    "referrer_self": QT_TRANSLATE_NOOP("errors", "A member cannot refer themselves."),
    "referrer_cycle": QT_TRANSLATE_NOOP(
        "errors", "{name} was already invited by this member; that would be a loop."
    ),
    "product_duplicate": QT_TRANSLATE_NOOP(
        "errors", "Product {name} {spec} is already in the catalog."
    ),
    "product_in_use": QT_TRANSLATE_NOOP(
        "errors", "Product {name} is used by orders and cannot be deleted."
    ),
    "campaign_title_required": QT_TRANSLATE_NOOP("errors", "A campaign needs a title."),
    "suggestion_no_products": QT_TRANSLATE_NOOP(
        "errors",
        "None of the products HQ suggests for {title} is in your catalog yet. Sync, then try "
        "again.",
    ),
    "campaign_status_step": QT_TRANSLATE_NOOP(
        "errors", "A campaign cannot go from {from_status} to {to_status}."
    ),
    "campaign_not_open": QT_TRANSLATE_NOOP(
        "errors", "Campaign “{title}” is {status}; orders can only be taken while it is open."
    ),
    "campaign_product_duplicate": QT_TRANSLATE_NOOP(
        "errors", "{name} is already in this campaign."
    ),
    "campaign_item_in_use": QT_TRANSLATE_NOOP(
        "errors", "{name} has orders in this campaign and cannot be removed."
    ),
    "product_not_in_campaign": QT_TRANSLATE_NOOP(
        "errors", "{name} is not on this campaign's product list."
    ),
    "order_empty": QT_TRANSLATE_NOOP("errors", "An order needs at least one product."),
    "order_member_required": QT_TRANSLATE_NOOP(
        "errors", "Choose the member who is ordering first."
    ),
    "order_campaign_required": QT_TRANSLATE_NOOP(
        "errors", "There is no open campaign to take orders for."
    ),
    "stock_cap_exceeded": QT_TRANSLATE_NOOP(
        "errors", "Only {left} of {name} are left (cap {cap}); {wanted} were asked for."
    ),
    "member_limit_exceeded": QT_TRANSLATE_NOOP(
        "errors", "{member} may order at most {limit} of {name}; this would make {total}."
    ),
    "order_status_step": QT_TRANSLATE_NOOP(
        "errors", "Order {order_no} is {from_status} and cannot become {to_status}."
    ),
    "order_locked": QT_TRANSLATE_NOOP(
        "errors", "Order {order_no} is {status} and can no longer be changed."
    ),
    "nothing_to_undo": QT_TRANSLATE_NOOP("errors", "There is nothing to undo."),
    "undo_already_done": QT_TRANSLATE_NOOP("errors", "This change was already undone."),
    "undo_of_undo": QT_TRANSLATE_NOOP(
        "errors", "An undo cannot be undone. Make the change again instead."
    ),
    "undo_too_old": QT_TRANSLATE_NOOP(
        "errors",
        "This change is too old to undo: HQ has it and only its summary is kept. "
        "Change the records by hand instead.",
    ),
    "pickup_nothing_selected": QT_TRANSLATE_NOOP(
        "errors", "Choose at least one item to hand over."
    ),
    "undo_conflict": QT_TRANSLATE_NOOP(
        "errors", "This change cannot be undone: {entity} was changed again since."
    ),
    "store_in_use": QT_TRANSLATE_NOOP(
        "errors", "The data file {path} is in use by another Leader Desk window."
    ),
    "import_time_unreadable": QT_TRANSLATE_NOOP(
        "errors",
        "“{value}” is not a date and time: the order was imported with the import's time "
        "instead. Check it: a shortage is shared out latest orders first.",
    ),
    "import_time_future": QT_TRANSLATE_NOOP(
        "errors",
        "“{value}” is later than now: the order was imported with the import's time instead. "
        "Check it: a shortage is shared out latest orders first.",
    ),
    "import_status_unknown": QT_TRANSLATE_NOOP(
        "errors",
        "The status “{value}” is not one this desk knows: the order was imported as placed and "
        "unpaid. Check it on the platform.",
    ),
    "store_busy": QT_TRANSLATE_NOOP(
        "errors",
        "The data file {path} is busy: another program (the desk, or a command-line import) "
        "is writing to it. Try again in a moment.",
    ),
    "store_write_busy": QT_TRANSLATE_NOOP(
        "errors",
        "Another program (the desk, or a command-line import) is writing to the data file, "
        "so this was not saved and nothing was changed. Try again in a moment.",
    ),
    "store_unreadable": QT_TRANSLATE_NOOP(
        "errors", "The data file {path} cannot be opened: {reason}"
    ),
    "store_too_new": QT_TRANSLATE_NOOP(
        "errors",
        "The data file was made by a newer Leader Desk (schema {found}, this one knows {known}).",
    ),
    "store_corrupt": QT_TRANSLATE_NOOP(
        "errors",
        "The data file {path} is damaged ({detail}). It was not opened, so nothing "
        "more can go wrong; restore the newest good backup.",
    ),
    "store_disk_full": QT_TRANSLATE_NOOP(
        "errors",
        "The disk is full, so this was not saved and nothing was changed. Free some "
        "space and try again.",
    ),
    "store_read_only": QT_TRANSLATE_NOOP(
        "errors", "The data folder is read-only, so this was not saved and nothing was changed."
    ),
    "store_write_failed": QT_TRANSLATE_NOOP(
        "errors", "Saving failed and nothing was changed: {reason}"
    ),
    "store_empty": QT_TRANSLATE_NOOP(
        "errors",
        "The data file {path} is empty (0 bytes), but there are backups of this shop beside "
        "it; the newest good one is from {backup_at}. Restore it (leader-app restore "
        "{backup}); to start a new shop instead, delete the empty file.",
    ),
    "backup_no_space": QT_TRANSLATE_NOOP(
        "errors",
        "There is not enough free space in {folder} for a backup ({need_mb} MB needed, "
        "{free_mb} MB free), so nothing was done. Free some space and try again.",
    ),
    "repair_failed": QT_TRANSLATE_NOOP(
        "errors", "The data file {path} could not be repaired ({reason}); restore a backup."
    ),
    "backup_invalid": QT_TRANSLATE_NOOP(
        "errors", "{path} is not a valid Leader Desk backup: {reason}"
    ),
    "file_not_found": QT_TRANSLATE_NOOP("errors", "The file {path} does not exist."),
    "file_unreadable": QT_TRANSLATE_NOOP("errors", "{path} cannot be imported: {reason}."),
    "no_header": QT_TRANSLATE_NOOP(
        "errors",
        "{path}: no header row was recognised (looked for columns such as 商品, 数量, "
        "手机号, 收货人).",
    ),
    "export_format": QT_TRANSLATE_NOOP("errors", "{path}: export to .xlsx or .csv."),
    "export_write_failed": QT_TRANSLATE_NOOP(
        "errors",
        "{path} cannot be written ({reason}). If it is open in Excel or WPS, close it and "
        "export again.",
    ),
    "price_unknown": QT_TRANSLATE_NOOP(
        "errors", "No price for {name} in the file or the catalog; it was added at ¥0.00."
    ),
    "jielong_entry": QT_TRANSLATE_NOOP("errors", "Entry {number}: {problem}."),
    "nothing_to_import": QT_TRANSLATE_NOOP("errors", "{path}: no row could be imported."),
    "import_kind_unknown": QT_TRANSLATE_NOOP(
        "errors", "{path}: cannot tell whether this is an order, member or product list."
    ),
    "import_needs_campaign": QT_TRANSLATE_NOOP(
        "errors", "Choose the campaign to import into, or name a new one."
    ),
    "jielong_needs_campaign": QT_TRANSLATE_NOOP(
        "errors",
        "接龙 entries name products by short names, so they go into a campaign that already "
        "has its products: import the campaign's product list first, then the 接龙 text into "
        "that campaign.",
    ),
    "packed_item_invalid": QT_TRANSLATE_NOOP(
        "errors", "“{item}” has no quantity (expected like 名称 规格+2 or 名称（规格）*2)."
    ),
    "import_elsewhere": QT_TRANSLATE_NOOP(
        "errors",
        "{path}: its orders were already imported into campaign “{campaign}”. "
        "Import it there, or confirm to import it again.",
    ),
    "import_order_no_taken": QT_TRANSLATE_NOOP(
        "errors",
        "Platform order {external_no} is order {order_no} of {member} in this campaign, not "
        "this member's; is the file another campaign's export?",
    ),
    "import_picked_up_changed": QT_TRANSLATE_NOOP(
        "errors",
        "Order {order_no} was already picked up, but the platform now says {change}; "
        "it was not changed.",
    ),
    "arrival_rule_unknown": QT_TRANSLATE_NOOP(
        "errors", "“{rule}” is not a rule: use latest-first, proportional or by-hand."
    ),
    "arrival_below_handed": QT_TRANSLATE_NOOP(
        "errors", "{handed} of {name} were already handed over; {received} cannot have arrived."
    ),
    "arrival_hand_mismatch": QT_TRANSLATE_NOOP(
        "errors", "{name}: the orders keep {allocated} but {received} arrived."
    ),
    "arrival_done_already": QT_TRANSLATE_NOOP(
        "errors",
        "The arrival of “{title}” was already checked. Undo that check to do it again.",
    ),
    "arrival_product_ambiguous": QT_TRANSLATE_NOOP(
        "errors", "“{name}” names several products: {specs}. Write name|spec."
    ),
    "insights_threshold": QT_TRANSLATE_NOOP(
        "errors", "“{value}” is not a number of days or campaigns between 1 and 3650."
    ),
    "insights_dormant_order": QT_TRANSLATE_NOOP(
        "errors",
        "Dormant ({dormant} days) must be longer than active ({active} days).",
    ),
    "insights_segment": QT_TRANSLATE_NOOP(
        "errors", "There is no segment “{name}”; the segments are {known}."
    ),
}


# Argument values that are codes, with display labels (the UI translates these too).
ENTITY_LABELS: dict[str, str] = {
    "member": QT_TRANSLATE_NOOP("entities", "Member"),
    "members": QT_TRANSLATE_NOOP("entities", "Member"),
    "product": QT_TRANSLATE_NOOP("entities", "Product"),
    "products": QT_TRANSLATE_NOOP("entities", "Product"),
    "campaign": QT_TRANSLATE_NOOP("entities", "Campaign"),
    "campaigns": QT_TRANSLATE_NOOP("entities", "Campaign"),
    "campaign item": QT_TRANSLATE_NOOP("entities", "Campaign product"),
    "campaign_items": QT_TRANSLATE_NOOP("entities", "Campaign product"),
    "order": QT_TRANSLATE_NOOP("entities", "Order"),
    "orders": QT_TRANSLATE_NOOP("entities", "Order"),
    "order_lines": QT_TRANSLATE_NOOP("entities", "Order line"),
    "change": QT_TRANSLATE_NOOP("entities", "Change"),
}
FIELD_LABELS: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("fields", "Name"),
    "nickname": QT_TRANSLATE_NOOP("fields", "Nickname"),
    "building": QT_TRANSLATE_NOOP("fields", "Building"),
    "unit": QT_TRANSLATE_NOOP("fields", "Unit"),
    "room": QT_TRANSLATE_NOOP("fields", "Room"),
    "tier": QT_TRANSLATE_NOOP("fields", "Tier"),
    "notes": QT_TRANSLATE_NOOP("fields", "Notes"),
    "title": QT_TRANSLATE_NOOP("fields", "Title"),
    "spec": QT_TRANSLATE_NOOP("fields", "Spec"),
    "unit_name": QT_TRANSLATE_NOOP("fields", "Unit"),
    "sku": QT_TRANSLATE_NOOP("fields", "SKU code"),
    "member_note": QT_TRANSLATE_NOOP("fields", "Member's note"),
    "leader_note": QT_TRANSLATE_NOOP("fields", "Leader's note"),
    "address": QT_TRANSLATE_NOOP("fields", "Address"),
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
