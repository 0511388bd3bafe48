"""What the mapping screen shows before an import: the sheet, the header row found, the kind
guessed, and the 接龙 text. The rows read for it are what the import then parses."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from leader_app.address import cell_text
from leader_app.errors import ValidationError
from leader_app.importing.headers import HeaderMatch, detect_header, detect_kind, detect_layout
from leader_app.importing.readers import Table, read_small_text, read_tables
from leader_app.jobs import CancelToken, Progress, no_progress
from storage import import_sql
from storage.db import Store

_JIELONG_HINT = re.compile(r"#\s*(接龙|group note)", re.IGNORECASE)
_ENTRY_LINE = re.compile(r"^\s*\d{1,4}\s*[.．、]\s*\S", re.MULTILINE)


@dataclass
class Preview:
    """What the mapping screen shows: the table, the header row found, the guessed kind."""

    path: Path
    table: Table | None
    match: HeaderMatch | None
    kind: str | None
    text: str | None = None  # for 接龙 text files
    title: str | None = None  # the sheet's title row, above the header
    read_as: str | None = None  # the kind asked for when it was read
    stamp: tuple[int, int] | None = None  # the file's size and mtime when it was read

    @property
    def layout_label(self) -> str:
        """The platform layout recognised, e.g. 快团团 · 普通团 ('' for none)."""
        return self.match.layout.label if self.match and self.match.layout else ""

    @property
    def sheet(self) -> str:
        return self.table.name if self.table else ""

    def reusable(self, path: Path, kind: str | None) -> bool:
        """Read from this very file, unchanged since, for the same kind: its rows can be parsed
        without reading the file again (the desk shows the preview, then imports it)."""
        return (
            self.table is not None
            and self.table.stream is not None
            and self.match is not None
            and self.path == Path(path)
            and self.read_as == kind
            and self.stamp is not None
            and self.stamp == _stamp(self.path)
        )

    def fork(self) -> Preview:
        """A copy to parse from: its own mapping and table, sharing the rows read."""
        match = replace(self.match, mapping=dict(self.match.mapping))
        return replace(self, table=replace(self.table), match=match)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


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
    stamp = _stamp(path)  # before reading: a change while it is read makes it stale
    view = _preview(store, path, kind, cancel, progress)
    view.read_as, view.stamp = kind, stamp
    return view


def _preview(
    store: Store,
    path: Path,
    kind: str | None,
    cancel: CancelToken | None,
    progress: Progress,
) -> Preview:
    if path.suffix.lower() in (".txt", "") and kind in (None, "jielong"):
        text = read_small_text(path)
        if text is not None and (
            kind == "jielong" or (looks_like_jielong(text) and detect_header(_rows(text)) is None)
        ):
            return Preview(path, None, None, "jielong", text)
    tables = read_tables(path, cancel, progress)
    found = []
    for table in tables:
        match = detect_header(table.rows)
        if match is not None:
            _apply_saved(store, match)
            found.append(
                Preview(path, table, match, kind or detect_kind(match.mapping, match.layout))
            )
    # A workbook may open on a product summary (商品汇总): the sheet of the wanted kind wins,
    # orders when nothing is asked for.
    for view in found:
        if view.kind == (kind or "orders"):
            view.title = _title(view)
            return view
    if found:
        found[0].title = _title(found[0])
        return found[0]
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
        match.layout = detect_layout(match)


def _title(view: Preview) -> str | None:
    """The title row above the header (快团团 puts the campaign's name there)."""
    for row in view.table.rows[: view.match.row_index]:
        texts = [cell_text(c) for c in row if cell_text(c)]
        if len(texts) == 1:
            return texts[0][:80]
    return None


def _rows(text: str) -> list[list[str]]:
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    return [line.split(delimiter) for line in text.splitlines()[:30]]
