"""Import a file (or pasted 接龙 text) into the store: one transaction, a report per row.

Reading and parsing happen before the transaction opens; the writes happen in one
`Store.atomic`, so a bad file, a refused row set, a cancel or a killed process leaves the store
exactly as it was. A dry run does all the same work and rolls back.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from leader_app.clock import parse_date, parse_local_datetime
from leader_app.errors import ValidationError
from leader_app.importing import jielong, order_rows, records
from leader_app.importing.apply import Importer
from leader_app.importing.headers import detect_kind, detect_layout
from leader_app.importing.preview import Preview, preview
from leader_app.importing.report import ImportReport
from leader_app.jobs import CancelToken, Progress, no_progress
from storage import campaigns_sql, changelog_sql, import_sql
from storage.backup import BackgroundBackup
from storage.db import Store


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@contextmanager
def bulk_objects() -> Iterator[None]:
    """Reading, parsing and writing a big file make a few million small objects that live until
    the import ends. Python's cyclic collector walks all of them again and again as they pile
    up (0.7 s of a 100,000-line import) and finds nothing: records hold no cycles, and
    reference counting frees everything as usual. So it pauses for the import, and what the
    import made then goes straight to the oldest generation (freeze, unfreeze): the first young
    collection after it would otherwise walk it all once more."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


@dataclass
class Prepared:
    """A file read and parsed, not yet written: what the leader confirms before the write.
    The desk parses once, asks, then writes these records (no dry run first)."""

    path: Path
    kind: str
    view: Preview
    parsed: list[Any]
    errors: list[Any]
    rows: int
    mapping: dict[str, int] | None
    new_products: list[str]
    deadline_at: str | None = None

    @property
    def layout(self) -> str:
        return self.view.layout_label

    @property
    def title(self) -> str:
        return self.view.title or self.path.stem


@bulk_objects()
def prepare(
    store: Store,
    path: Path | str,
    *,
    kind: str | None = None,
    mapping: dict[str, int] | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    view: Preview | None = None,
) -> Prepared:
    """Read and parse the whole file, outside any transaction. `view`: the preview the leader
    was shown; when it was read from this file as it still is, its rows are parsed, and the
    file is not read a second time."""
    path = Path(path)
    token = cancel or CancelToken()

    def reading(done: int, total: int) -> None:  # reading and parsing: 0–85 %
        progress(85 * done // max(total, 1), 100)

    if view is not None and view.reusable(path, kind):
        view = view.fork()
    else:
        view = preview(store, path, kind, token, reading)
    if view.kind == "jielong" and view.text is not None:
        return Prepared(path, "jielong", view, [], [], 0, None, [])
    if mapping:
        view.match.mapping = dict(mapping)
        view.match.layout = detect_layout(view.match)
        view.kind = kind or detect_kind(mapping, view.match.layout)
    if not view.match.mapping:
        raise ValidationError("no_header", path=path.name)
    if view.kind not in ("orders", "members", "products"):
        raise ValidationError("import_kind_unknown", path=path.name)
    rows = view.table.iter_rows()
    if view.kind == "orders":
        parsed, errors, count = order_rows.parse_orders(rows, view.match, token)
        usable = any(not r.bad and r.lines for r in parsed)
    elif view.kind == "members":
        parsed, errors, count = records.parse_members(rows, view.match)
        usable = bool(parsed)
    else:
        parsed, errors, count = records.parse_products(rows, view.match)
        usable = bool(parsed)
    del rows  # parsed: let the raw cells go before the writes (peak memory)
    view.table.rows, view.table.stream = view.table.rows[: view.match.row_index + 21], None
    if not usable:
        raise ValidationError("nothing_to_import", path=path.name, errors=errors)
    prepared = Prepared(path, view.kind, view, parsed, errors, count, mapping, [])
    prepared.new_products = _new_products(store, prepared)
    if view.kind == "orders":
        prepared.deadline_at = latest_time(r.paid_at for r in parsed)
    progress(88, 100)
    return prepared


def _new_products(store: Store, prepared: Prepared) -> list[str]:
    """Products the write would add to the catalog, for the leader to confirm first."""
    if prepared.kind == "orders":
        keys = (
            (ln.product, ln.spec)
            for r in prepared.parsed
            if not r.bad and r.lines
            for ln in r.lines
        )
    elif prepared.kind == "products":
        keys = ((p.values["name"], p.values["spec"]) for p in prepared.parsed)
    else:
        return []
    known = import_sql.product_keys(store.conn)
    return [f"{n} {s}".strip() for n, s in dict.fromkeys(keys) if (n, s) not in known]


@bulk_objects()
def write(
    store: Store,
    prepared: Prepared,
    *,
    campaign_id: str | None = None,
    new_campaign: str | None = None,
    dry_run: bool = False,
    again: bool = False,
    pickup_date: str | None = None,
    auto_title: bool = False,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    backup: BackgroundBackup | None = None,
) -> ImportReport:
    """Write what `prepare` parsed, in one transaction. May be called again (with `again`)
    after a refusal: the parsed records are not consumed. `backup`: the pre-import copy, if
    one is already being made (else it is made here, before the write)."""
    path, view, parsed = prepared.path, prepared.view, prepared.parsed
    if pickup_date:
        pickup_date = parse_date(pickup_date)
    if prepared.kind == "jielong":
        return import_jielong(
            store,
            view.text,
            campaign_id=campaign_id,
            new_campaign=new_campaign,
            source=path.name,
            dry_run=dry_run,
            backup=backup,
        )
    if auto_title and not (campaign_id or new_campaign):
        new_campaign = prepared.title
    if prepared.kind == "orders" and not (campaign_id or new_campaign):
        raise ValidationError("import_needs_campaign")
    report = ImportReport(str(path), prepared.kind, dry_run=dry_run, rows=prepared.rows)
    report.layout, report.sheet = view.layout_label, view.sheet
    report.errors.extend(prepared.errors)
    progress(90, 100)
    fields: dict[str, Any] = {"pickup_on": pickup_date, "deadline_at": prepared.deadline_at}
    mapping = prepared.mapping

    def write_rows(importer: Importer, target: str | None) -> None:
        if prepared.kind == "orders":
            importer.match = view.match
            importer.import_orders(parsed, target, path.name, again=again)
        elif prepared.kind == "members":
            importer.import_members(parsed)
        else:
            importer.import_products(parsed, target)
        if mapping:
            importer.tx.put_local(f"import.mapping.{view.match.signature}", json.dumps(mapping))

    _run(
        store,
        report,
        campaign_id,
        new_campaign,
        write_rows,
        cancel or CancelToken(),
        fields,
        backup,
    )
    progress(100, 100)
    return report


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
    again: bool = False,
    pickup_date: str | None = None,
    auto_title: bool = False,
) -> ImportReport:
    """Read, parse and write in one go (the CLI). `auto_title`: with no campaign given, make
    one named after the sheet's title row, or the file. `again`: import even when another
    campaign already holds this file's orders."""
    if pickup_date:
        pickup_date = parse_date(pickup_date)  # a typo is refused before the file is read
    # The copy of the store before the import is made while calamine reads the file
    # (readers.read_ahead), when this thread only waits: made later, beside the parse, it
    # slowed the parse by a fifth in a 100,000-order store (docs/bulk-import.md).
    backup = None
    if not dry_run and Path(path).is_file():  # a missing file is refused without a copy
        backup = start_backup(store, Path(path).name)
    try:
        prepared = prepare(
            store, path, kind=kind, mapping=mapping, progress=progress, cancel=cancel
        )
        return write(
            store,
            prepared,
            campaign_id=campaign_id,
            new_campaign=new_campaign,
            dry_run=dry_run,
            again=again,
            pickup_date=pickup_date,
            auto_title=auto_title,
            progress=progress,
            cancel=cancel,
            backup=backup,
        )
    except BaseException:
        if backup is not None:
            backup.discard()  # nothing was written: the store is the copy
        raise


def start_backup(store: Store, source: str) -> BackgroundBackup:
    """The pre-import copy, made on its own thread and connection (storage/backup.py). Checked
    with quick_check: restoring it checks it in full first."""
    return BackgroundBackup(store.path, store.backup_dir, "pre-import", source, "quick_check")


def latest_time(values: Any) -> str | None:
    """The latest of a column of times (real date cells or text) as UTC ISO, or None. Only the
    latest of each kind is parsed: text times in one file share one format, so they sort."""
    latest_dt = latest_text = None
    for value in values:
        if isinstance(value, datetime):
            if latest_dt is None or value > latest_dt:
                latest_dt = value
        elif isinstance(value, str) and value and (latest_text is None or value > latest_text):
            latest_text = value
    found = []
    for value in (latest_dt, latest_text):
        if value is not None:
            try:
                found.append(parse_local_datetime(value))
            except ValidationError:
                continue
    return max(found) if found else None


def import_jielong(
    store: Store,
    text: str,
    *,
    campaign_id: str | None = None,
    new_campaign: str | None = None,
    source: str = "接龙",
    dry_run: bool = False,
    backup: BackgroundBackup | None = None,
) -> ImportReport:
    entries = jielong.parse(text)
    report = ImportReport(source, "jielong", dry_run=dry_run, rows=len(entries))
    if not entries:
        raise ValidationError("nothing_to_import", path=source)
    if not campaign_id:
        # 接龙 entries name products by short names, which only a campaign's product list
        # resolves: a new, empty campaign cannot take them.
        raise ValidationError("jielong_needs_campaign")
    _run(
        store,
        report,
        campaign_id,
        new_campaign,
        lambda importer, target: importer.import_jielong(entries, target),
        None,
        None,
        backup,
    )
    return report


def _run(
    store: Store,
    report: ImportReport,
    campaign_id: str | None,
    new_campaign: str | None,
    write: Any,
    cancel: CancelToken | None,
    fields: dict[str, Any] | None = None,
    backup: BackgroundBackup | None = None,
) -> None:
    if backup is not None:
        made = backup.wait()  # the copy is complete before the write begins
    elif report.dry_run:
        made = None
    else:
        made = store.backups.make("pre-import", Path(report.path).name, "quick_check")
    try:
        _write(store, report, campaign_id, new_campaign, write, cancel, fields)
    except BaseException:
        # Refused, failed or cancelled: rolled back, so the store equals the copy, which
        # would only fill the backups folder. (Kept if the import did commit, and something
        # after the commit failed.)
        committed = report.tx_id and changelog_sql.tx(store.conn, report.tx_id) is not None
        if made is not None and not committed:
            store.backups.discard(made)
        elif backup is not None:
            backup.keep()
        raise
    if made is not None and not report.changed_store:
        # A re-import that found every order already there changed nothing: its copy is
        # the store as it is, and each one is a whole store (146 MB for 100,000 orders).
        store.backups.discard(made)
    elif backup is not None:
        backup.keep()  # the import's copy from now on: a later failure must not remove it


def _write(
    store: Store,
    report: ImportReport,
    campaign_id: str | None,
    new_campaign: str | None,
    write: Any,
    cancel: CancelToken | None,
    fields: dict[str, Any] | None = None,
) -> None:
    try:
        # bulk: references are checked once per parent at the end, not row by row (a list
        # may also name a referrer further down). One still dangling then fails the whole
        # import, and nothing is written.
        with store.atomic(f"import.{report.kind}", bulk=True) as tx:
            report.tx_id = tx.tx_id
            target = campaign_id
            if campaign_id and campaigns_sql.get(tx.conn, campaign_id) is None:
                raise ValidationError("not_found", entity="campaign", id=campaign_id)
            if not campaign_id and new_campaign:
                from leader_app.campaigns import CampaignService

                values = {"title": new_campaign, **{k: v for k, v in (fields or {}).items() if v}}
                campaign = CampaignService(store).create(values, tx=tx)
                tx.update("campaigns", campaign["id"], {"status": "open"})
                target = campaign["id"]
            report.campaign_id = target
            write(Importer(tx, report, cancel), target)
            if (
                report.kind != "members"
                and not report.imported_anything
                and not report.orders_skipped_duplicate
                and not report.orders_updated
            ):
                raise ValidationError(
                    "nothing_to_import", path=Path(report.path).name, errors=report.errors
                )
            if report.dry_run:
                raise _DryRun()
        report.changed_store = bool(tx.changes.ids)
        if not report.changed_store:
            report.tx_id = None  # nothing to undo: `undo` of it said "nothing to undo"
    except _DryRun:
        report.tx_id = None
