"""Read spreadsheets and text files into rows, refusing bad files with one clear reason.

Spreadsheets go through python-calamine (about 70,000 rows/s here against openpyxl's 5,500).
Before calamine sees an .xlsx, the zip directory is checked: a zip bomb or a file that is not a
workbook at all is refused without being unpacked.
"""

from __future__ import annotations

import codecs
import csv
import io
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from leader_app.errors import ValidationError
from leader_app.i18n import QT_TRANSLATE_NOOP
from leader_app.jobs import CancelToken, Progress, no_progress

MAX_UNPACKED = 1_500_000_000  # 1.5 GB of XML is far beyond any real export
MAX_RATIO = 200  # compressed → unpacked; real xlsx files stay under ~30
MAX_COLUMNS = 500
SPREADSHEET = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT = {".csv", ".txt", ".tsv"}

REASONS = {
    "empty": QT_TRANSLATE_NOOP("import", "the file is empty"),
    "not_found": QT_TRANSLATE_NOOP("import", "the file does not exist"),
    "unsupported": QT_TRANSLATE_NOOP("import", "this kind of file cannot be imported ({suffix})"),
    "truncated": QT_TRANSLATE_NOOP("import", "the workbook is damaged or incomplete"),
    "not_workbook": QT_TRANSLATE_NOOP("import", "it is not a real Excel workbook ({looks_like})"),
    "encrypted": QT_TRANSLATE_NOOP(
        "import",
        "the workbook is password-protected; save a copy without a password and import that",
    ),
    "bomb": QT_TRANSLATE_NOOP("import", "the workbook unpacks to an implausible size"),
    "no_sheet": QT_TRANSLATE_NOOP("import", "the workbook has no sheet with data"),
    "encoding": QT_TRANSLATE_NOOP("import", "the text is in no known encoding"),
    "unreadable": QT_TRANSLATE_NOOP("import", "the file cannot be read: {detail}"),
}


class BadFile(ValidationError):
    """The whole file is refused; nothing is imported."""

    def __init__(self, path: Path, reason: str, **args: Any) -> None:
        self.reason = reason
        self.reason_args = args
        super().__init__(
            "file_unreadable",
            path=path.name,
            reason=reason_text(reason, args),
            reason_code=reason,
            reason_args=args,
        )


def reason_text(reason: str, args: dict[str, Any]) -> str:
    try:
        return REASONS[reason].format(**args)
    except (KeyError, IndexError):
        return REASONS.get(reason, reason)


HEAD_ROWS = 60  # what the preview and header detection look at
# A text file's first bytes, read for its encoding; a file no longer than this is counted at
# once, a longer one only as it imports.
SAMPLE_BYTES = 1_000_000


@dataclass
class Table:
    """One sheet: the first rows (for header detection and the preview) and a stream of all
    rows, so a 200 MB export is never held in memory as Python objects at once."""

    name: str
    rows: list[list[Any]]
    stream: Callable[[], Iterator[list[Any]]] | None = None
    total: int | None = None  # rows in the sheet, title rows included; None: not known yet

    def iter_rows(self) -> Iterator[list[Any]]:
        return self.stream() if self.stream is not None else iter(self.rows)


def _sniff(head: bytes) -> str:
    if head.startswith(b"PK"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head[:8] == b"\x89PNG\r\n\x1a\n" or head[:3] == b"\xff\xd8\xff" or head[:4] == b"GIF8":
        return "image"
    if head[:4] == b"%PDF":
        return "pdf"
    return "text"


def read_tables(
    path: Path, cancel: CancelToken | None = None, progress: Progress = no_progress
) -> list[Table]:
    path = Path(path)
    if not path.is_file():
        raise BadFile(path, "not_found")
    size = path.stat().st_size
    if size == 0:
        raise BadFile(path, "empty")
    with path.open("rb") as fh:
        head = fh.read(8)
    kind = _sniff(head)
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET or kind in ("zip", "ole"):
        return _read_workbook(path, kind, suffix, cancel, progress)
    if suffix in TEXT or suffix == "" or kind == "text":
        if kind != "text":
            raise BadFile(path, "unsupported", suffix=suffix or kind)
        return [_text_table(path, cancel, progress)]
    raise BadFile(path, "unsupported", suffix=suffix)


def _read_workbook(
    path: Path, kind: str, suffix: str, cancel: CancelToken | None, progress: Progress
) -> list[Table]:
    if kind == "ole":
        if suffix in (".xlsx", ".xlsm") or _is_encrypted_ole(path):
            raise BadFile(path, "encrypted")
    elif kind == "zip":
        _check_zip(path)
    else:
        looks = {"text": "CSV/text", "image": "image", "pdf": "PDF"}.get(kind, kind)
        raise BadFile(path, "not_workbook", looks_like=looks)
    try:
        tables = []
        for name, sheet in _take_ahead(path) or _parse_sheets(path):
            if sheet.start is None:
                continue  # an empty sheet
            table = Table(name, [], partial(_sheet_rows, sheet), total=sheet.end[0] + 1)
            table.rows = list(islice(table.iter_rows(), HEAD_ROWS))
            tables.append(table)
        progress(1, 1)
    except BadFile:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise BadFile(
            path, "truncated" if kind == "zip" else "unreadable", detail=str(exc)[:200]
        ) from exc
    if not tables:
        raise BadFile(path, "no_sheet")
    return tables


def _parse_sheets(path: Path) -> list[tuple[str, Any]]:
    """Every sheet of a workbook, parsed by calamine (in Rust, without the GIL)."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    return [(name, workbook.get_sheet_by_name(name)) for name in workbook.sheet_names]


_ahead: dict[tuple[str, int, int], tuple[threading.Thread, list]] = {}


def read_ahead(path: Path) -> None:
    """Start parsing a workbook on a thread, before it is asked for. calamine's parse of a
    100,000-line export (~1.9 s) runs without the GIL, so the CLI's own imports, the store's
    opening and pypinyin's loading happen meanwhile. Only a workbook that passes the checks
    that come before calamine (the zip's directory) is read ahead; anything else is read, and
    refused, as usual."""
    try:
        with path.open("rb") as fh:
            if _sniff(fh.read(8)) != "zip":
                return
        _check_zip(path)
        key = _ahead_key(path)
    except (OSError, ValidationError):
        return
    result: list = []

    def parse() -> None:
        try:
            result.append(_parse_sheets(path))
        except Exception:  # noqa: BLE001 -- read again in _read_workbook, which says why
            result.append(None)

    thread = threading.Thread(target=parse, name="read-ahead", daemon=True)
    _ahead[key] = (thread, result)
    thread.start()


def _take_ahead(path: Path) -> list[tuple[str, Any]] | None:
    """The sheets read ahead from this file as it still is, or None."""
    try:
        entry = _ahead.pop(_ahead_key(path), None)
    except OSError:
        return None
    if entry is None:
        return None
    thread, result = entry
    thread.join()
    return result[0] if result else None


def _ahead_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def _sheet_rows(sheet: Any) -> Iterator[list[Any]]:
    """A sheet's rows as Excel numbers them, from A1, converted to Python one row at a time.
    calamine keeps the sheet compactly in Rust; to_python() on a 100,000-line export built
    1.5 million Python objects at once. iter_rows() starts at row 1 but at the first used
    column, so the columns before it are put back."""
    lead = [""] * sheet.start[1]
    for row in sheet.iter_rows():
        yield (lead + row)[:MAX_COLUMNS] if lead else row[:MAX_COLUMNS]


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadFile(path, "truncated") from exc
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise BadFile(path, "not_workbook", looks_like="zip")
    unpacked = sum(i.file_size for i in infos)
    packed = max(sum(i.compress_size for i in infos), 1)
    if unpacked > MAX_UNPACKED or (unpacked > 50_000_000 and unpacked / packed > MAX_RATIO):
        raise BadFile(path, "bomb")


def _is_encrypted_ole(path: Path) -> bool:
    with path.open("rb") as fh:
        data = fh.read(200_000)
    return "EncryptedPackage".encode("utf-16-le") in data


ENCODINGS = ("utf-8-sig", "gb18030")
TICK = 20_000  # rows between progress reports and cancel checks


def _text_table(path: Path, cancel: CancelToken | None, progress: Progress) -> Table:
    """CSV/TSV/TXT, streamed: UTF-8 (with or without BOM) or GB18030, comma or tab."""
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
        whole = not fh.read(1)  # the sample is the whole file: it can be counted at once
    encoding = None
    for candidate in ENCODINGS:
        try:
            # incremental: a multi-byte character cut at the end of the sample is not an error
            codecs.getincrementaldecoder(candidate)().decode(sample, final=False)
            encoding = candidate
            break
        except UnicodeDecodeError:
            continue
    if encoding is None or b"\x00" in sample[:4096]:
        raise BadFile(path, "encoding")
    text = sample[:200_000].decode(encoding, errors="ignore")
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    total = max(path.stat().st_size, 1)

    def rows() -> Iterator[list[Any]]:
        done = 0

        def lines() -> Iterator[str]:
            nonlocal done
            with path.open("rb") as fh:
                for raw in fh:
                    done += len(raw)
                    try:
                        yield raw.decode(encoding)
                    except UnicodeDecodeError as exc:
                        raise BadFile(path, "encoding") from exc

        try:
            for index, row in enumerate(csv.reader(lines(), delimiter=delimiter)):
                if index % TICK == 0:
                    progress(done, total)
                    if cancel is not None:
                        cancel.check()
                yield row[:MAX_COLUMNS]
        except csv.Error as exc:
            raise BadFile(path, "unreadable", detail=str(exc)) from exc

    head = []
    for row in rows():
        head.append(row)
        if len(head) >= HEAD_ROWS:
            break
    if len(head) < HEAD_ROWS:
        return Table(path.stem, head, rows, total=len(head))
    # A big file is counted as it is imported, not read twice for the preview; one that fit in
    # the sample is counted from it, so the preview can say how long it is.
    return Table(
        path.stem, head, rows, total=_count_rows(sample, encoding, delimiter) if whole else None
    )


def _count_rows(sample: bytes, encoding: str, delimiter: str) -> int | None:
    """The rows of a whole file already in memory, as the stream would yield them; None if it
    does not parse (the import itself then says what is wrong, with its row)."""
    try:
        return sum(1 for _ in csv.reader(io.StringIO(sample.decode(encoding)), delimiter=delimiter))
    except (UnicodeDecodeError, csv.Error):
        return None


def read_small_text(path: Path, limit: int = 5_000_000) -> str | None:
    """A whole small text file (pasted 接龙 saved as .txt), in the first encoding that fits."""
    if not path.is_file() or path.stat().st_size > limit:
        return None
    raw = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
