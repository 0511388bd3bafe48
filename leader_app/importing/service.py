"""Import a file (or pasted 接龙 text) into the store: one transaction, a report per row.

Reading and parsing happen before the transaction opens; the writes happen in one
`Store.atomic`, so a bad file, a refused row set, a cancel or a killed process leaves the store
exactly as it was. A dry run does all the same work and rolls back.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leader_app.address import cell_text
from leader_app.errors import LeaderError, ValidationError
from leader_app.importing import jielong, records
from leader_app.importing.apply import Importer
from leader_app.importing.headers import HeaderMatch, detect_header, detect_kind
from leader_app.importing.readers import Table, read_small_text, read_tables
from leader_app.importing.report import ImportReport
from leader_app.jobs import CancelToken, Progress, no_progress
from storage import campaigns_sql, import_sql
from storage.db import Store

_JIELONG_HINT = re.compile(r"#\s*(接龙|group note)", re.IGNORECASE)
_ENTRY_LINE = re.compile(r"^\s*\d{1,4}\s*[.．、]\s*\S", re.MULTILINE)


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass
class Preview:
    """What the mapping screen shows: the table, the header row found, the guessed kind."""

    path: Path
    table: Table | None
    match: HeaderMatch | None
    kind: str | None
    text: str | None = None  # for 接龙 text files


def looks_like_jielong(text: str) -> bool:
    return bool(_JIELONG_HINT.search(text)) or len(_ENTRY_LINE.findall(text)) >= 2


def preview(
    store: Store,
    path: Path,
    kind: str | None = None,
    cancel: CancelToken | None = None,
    progress: Progress = no_progress,
) -> Preview:
    path = Path(path)
    if path.suffix.lower() in (".txt", "") and kind in (None, "jielong"):
        text = read_small_text(path)
        if text is not None and (
            kind == "jielong" or (looks_like_jielong(text) and detect_header(_rows(text)) is None)
        ):
            return Preview(path, None, None, "jielong", text)
    tables = read_tables(path, cancel, progress)
    for table in tables:
        match = detect_header(table.rows)
        if match is not None:
            _apply_saved(store, match)
            return Preview(path, table, match, kind or detect_kind(match.mapping))
    # No header recognised: offer the first filled row as the header for a manual mapping.
    table = tables[0]
    first = next((i for i, r in enumerate(table.rows) if any(cell_text(c) for c in r)), None)
    if first is None:  # nothing in the rows a header could be in
        raise ValidationError("no_header", path=path.name)
    match = HeaderMatch(first, [cell_text(c) for c in table.rows[first]], {})
    _apply_saved(store, match)
    return Preview(path, table, match, kind or detect_kind(match.mapping))


def _apply_saved(store: Store, match: HeaderMatch) -> None:
    saved = import_sql.saved_mapping(store.conn, match.signature)
    if saved:
        match.mapping = {k: int(v) for k, v in json.loads(saved).items()}


def _rows(text: str) -> list[list[str]]:
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    return [line.split(delimiter) for line in text.splitlines()[:30]]


def import_file(
    store: Store,
    path: Path | str,
    *,
    campaign_id: str | None = None,
    new_campaign: str | None = None,
    kind: str | None = None,
    dry_run: bool = False,
    mapping: dict[str, int] | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportReport:
    path = Path(path)
    token = cancel or CancelToken()

    def reading(done: int, total: int) -> None:  # reading and parsing: 0–85 %
        progress(85 * done // max(total, 1), 100)

    view = preview(store, path, kind, token, reading)
    if view.kind == "jielong" and view.text is not None:
        return import_jielong(
            store,
            view.text,
            campaign_id=campaign_id,
            new_campaign=new_campaign,
            source=path.name,
            dry_run=dry_run,
        )
    if mapping:
        view.match.mapping = dict(mapping)
        view.kind = kind or detect_kind(mapping)
    if not view.match.mapping:
        raise ValidationError("no_header", path=path.name)
    if view.kind not in ("orders", "members", "products"):
        raise ValidationError("import_kind_unknown", path=path.name)
    report = ImportReport(str(path), view.kind, dry_run=dry_run)
    rows = view.table.iter_rows()
    if view.kind == "orders":
        parsed, errors, report.rows = records.parse_orders(rows, view.match, token)
        usable = any(not r.bad and r.lines for r in parsed)
    elif view.kind == "members":
        parsed, errors, report.rows = records.parse_members(rows, view.match)
        usable = bool(parsed)
    else:
        parsed, errors, report.rows = records.parse_products(rows, view.match)
        usable = bool(parsed)
    report.errors.extend(errors)
    del rows  # parsed: let the raw cells go before the writes (peak memory)
    view.table.rows, view.table.stream = [], None
    if not usable:
        raise ValidationError("nothing_to_import", path=path.name, errors=report.errors)
    if view.kind == "orders" and not (campaign_id or new_campaign):
        raise ValidationError("import_needs_campaign")
    progress(90, 100)

    def write(importer: Importer, target: str | None) -> None:
        if view.kind == "orders":
            importer.import_orders(parsed, target, path.name)
        elif view.kind == "members":
            importer.import_members(parsed)
        else:
            importer.import_products(parsed, target)
        if mapping:
            importer.tx.put_local(f"import.mapping.{view.match.signature}", json.dumps(mapping))

    _run(store, report, campaign_id, new_campaign, write, token)
    progress(100, 100)
    return report


def import_jielong(
    store: Store,
    text: str,
    *,
    campaign_id: str | None = None,
    new_campaign: str | None = None,
    source: str = "接龙",
    dry_run: bool = False,
) -> ImportReport:
    entries = jielong.parse(text)
    report = ImportReport(source, "jielong", dry_run=dry_run, rows=len(entries))
    if not entries:
        raise ValidationError("nothing_to_import", path=source)
    if not campaign_id:
        raise ValidationError("import_needs_campaign")  # short names need a product list
    _run(
        store,
        report,
        campaign_id,
        new_campaign,
        lambda importer, target: importer.import_jielong(entries, target),
        None,
    )
    return report


def _run(
    store: Store,
    report: ImportReport,
    campaign_id: str | None,
    new_campaign: str | None,
    write: Any,
    cancel: CancelToken | None,
) -> None:
    made = None if report.dry_run else store.backups.make("pre-import", Path(report.path).name)
    try:
        _write(store, report, campaign_id, new_campaign, write, cancel)
    except LeaderError as exc:
        if made is not None and exc.code in ("store_disk_full", "store_write_failed"):
            store.backups.discard(made)  # rolled back: the store equals the backup
        raise


def _write(
    store: Store,
    report: ImportReport,
    campaign_id: str | None,
    new_campaign: str | None,
    write: Any,
    cancel: CancelToken | None,
) -> None:
    try:
        with store.atomic(f"import.{report.kind}") as tx:
            report.tx_id = tx.tx_id
            target = campaign_id
            if campaign_id and campaigns_sql.get(tx.conn, campaign_id) is None:
                raise ValidationError("not_found", entity="campaign", id=campaign_id)
            if not campaign_id and new_campaign:
                from leader_app.campaigns import CampaignService

                campaign = CampaignService(store).create({"title": new_campaign}, tx=tx)
                tx.update("campaigns", campaign["id"], {"status": "open"})
                target = campaign["id"]
            report.campaign_id = target
            write(Importer(tx, report, cancel), target)
            if (
                report.kind != "members"
                and not report.imported_anything
                and not report.orders_skipped_duplicate
            ):
                raise ValidationError(
                    "nothing_to_import", path=Path(report.path).name, errors=report.errors
                )
            if report.dry_run:
                raise _DryRun()
    except _DryRun:
        report.tx_id = None
