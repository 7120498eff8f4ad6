"""Small tables uploaded by offices (localities, venues): CSV or XLSX bytes to rows of text.

For lists of tens to a few thousand rows. The kind of file is told by its content, never by
its name; a header row (found among the first rows) names the columns, matched without
diacritics or case through the caller's `headers` map. Parsing is CPU work: call
`read_table_off_loop` from a request handler.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ocopfair import offload
from ocopfair.errors import BadRequest
from ocopfair.i18n import gettext as _
from ocopfair.text import fold

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_UNZIPPED = 50 * 1024 * 1024  # a zip bomb dressed as a workbook stops here
HEADER_SEARCH_ROWS = 10


@dataclass
class Table:
    columns: list[str]  # the keys the header named, in file order
    rows: list[dict[str, Any]]  # {"_n": line number, key: text}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = " ".join(str(value).split())
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]  # an export's guard against formulas
    return text


def _rows_to_table(raw_rows: Iterable[Any], headers: dict[str, str], required: str) -> Table:
    mapping: dict[int, str] | None = None
    rows: list[dict[str, Any]] = []
    for number, raw in enumerate(raw_rows, start=1):
        cells = [_cell(v) for v in raw]
        if mapping is None:
            candidate = {
                i: headers[fold(c).rstrip(" :*")]
                for i, c in enumerate(cells)
                if fold(c).rstrip(" :*") in headers
            }
            if required in candidate.values():
                mapping = candidate
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if any(cells):
            if len(rows) >= MAX_ROWS:
                raise BadRequest(message=_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
            row: dict[str, Any] = {"_n": number}
            for index, key in mapping.items():
                row[key] = cells[index] if index < len(cells) else ""
            rows.append(row)
    if mapping is None:
        raise BadRequest(message=_("No header row was found. The first row must name the columns."))
    return Table(list(dict.fromkeys(mapping.values())), rows)


def _xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    archive = zipfile.ZipFile(io.BytesIO(data))
    if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
        raise BadRequest(message=_("The workbook is too large once unpacked."))
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return list(book.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 20))
    finally:
        book.close()


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadRequest(
            message=_("The CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8”.")
        ) from None
    if any(ord(c) < 9 or 13 < ord(c) < 32 for c in content[:4096]):
        raise BadRequest(message=_("This file is not a spreadsheet. Upload an .xlsx or .csv file."))
    first_line = content.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return list(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter))


def read_table(data: bytes, headers: dict[str, str], required: str) -> Table:
    """The rows of an upload. `headers` maps folded header texts to keys; the header row is
    the first that names the `required` key."""
    if not data:
        raise BadRequest(message=_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise BadRequest(message=_("The file is larger than 2 MB."))
    try:
        raw = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    except BadRequest:
        raise
    except Exception:  # a broken zip or XML, a malformed CSV: all "cannot be read"
        raise BadRequest(message=_("The file is damaged and cannot be read.")) from None
    return _rows_to_table(raw, headers, required)


async def read_table_off_loop(data: bytes, headers: dict[str, str], required: str) -> Table:
    """read_table() in the offload worker process: openpyxl is pure Python, and in a thread it
    would still hold the interpreter (and so every other request) while it parses."""
    return await offload.run_in_process(read_table, data, headers, required)


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31  # Excel's limit


def _shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary (with "…") rather than mid-word."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;.-–") + "…"


def sheet_name(title: str, taken: set[str]) -> str:
    """An Excel sheet name for `title`: without the characters Excel forbids, at most 31
    characters cut on a word boundary, unique within the workbook (`taken`, lower-cased names
    already used, is updated)."""
    base = " ".join(_SHEET_FORBIDDEN.sub(" ", title).split()) or "Sheet"
    name, n = _shorten(base, SHEET_NAME_MAX), 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = _shorten(base, SHEET_NAME_MAX - len(suffix)) + suffix, n + 1
    taken.add(name.lower())
    return name
