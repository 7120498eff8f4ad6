"""A small, fast, streaming reader of the first worksheet of an XLSX file.

openpyxl's read-only mode builds an object per cell (and a rich-text tree per inline string),
which makes a 5,000-row file take seconds. Offices' files need only values: text, numbers,
booleans and dates. This reads the XML with the C parser, one row at a time, and yields lists
of Python values. Formulas are returned as their text ('=SUM(A1:A3)'), never evaluated.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any
from xml.etree.ElementTree import iterparse

_BUILTIN_DATE_FORMATS = (
    set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_COLUMN = re.compile(r"[A-Z]+")

# What a workbook may hold before it is refused. A 280 KB file can unzip to 99 MB of 5 million
# one-character strings (48 s of parsing); a registry of 20,000 rows × some 20 columns needs
# far less. Checked while reading, so a hostile file stops within a fraction of a second.
MAX_SHARED_STRINGS = 500_000
MAX_CELLS = 1_000_000
MAX_CHARACTERS = 20_000_000


class TooLarge(Exception):
    """The workbook holds more strings, cells or characters than the limits above."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse(handle: IO[bytes]) -> Iterator[tuple[str, Any]]:
    for _event, element in iterparse(handle, events=("end",)):
        yield _local(element.tag), element


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    characters = 0
    with archive.open("xl/sharedStrings.xml") as handle:
        for tag, element in _parse(handle):
            if tag == "si":
                # Rich text keeps its runs in <r><t>; phonetic hints (<rPh>) are not the text.
                text = "".join(
                    t.text or ""
                    for t in element.iter()
                    if _local(t.tag) == "t" and not _in_phonetic(element, t)
                )
                strings.append(text)
                characters += len(text)
                element.clear()
                if len(strings) > MAX_SHARED_STRINGS or characters > MAX_CHARACTERS:
                    raise TooLarge
    return strings


def _in_phonetic(si: Any, target: Any) -> bool:
    for child in si:
        if _local(child.tag) == "rPh" and any(t is target for t in child.iter()):
            return True
    return False


def _is_date_format(code: str) -> bool:
    cleaned = _QUOTED.sub("", code).lower()
    return any(ch in cleaned for ch in "dy") or (
        "m" in cleaned and "h" not in cleaned and "s" not in cleaned
    )


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles whose number format shows a date."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    custom: dict[int, str] = {}
    date_styles: set[int] = set()
    with archive.open("xl/styles.xml") as handle:
        for tag, element in _parse(handle):
            if tag == "numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif tag == "cellXfs":
                for index, xf in enumerate(x for x in element if _local(x.tag) == "xf"):
                    fmt = int(xf.get("numFmtId", "0"))
                    if fmt in _BUILTIN_DATE_FORMATS or (
                        fmt in custom and _is_date_format(custom[fmt])
                    ):
                        date_styles.add(index)
    return date_styles


def _first_sheet(archive: zipfile.ZipFile) -> tuple[str, bool]:
    """The first worksheet's part name, and whether the workbook counts days from 1904."""
    relation, date1904 = None, False
    with archive.open("xl/workbook.xml") as handle:
        for tag, element in _parse(handle):
            if tag == "workbookPr":
                date1904 = element.get("date1904", "0") in ("1", "true")
            elif tag == "sheet" and relation is None:
                relation = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
    target = "worksheets/sheet1.xml"
    if relation and "xl/_rels/workbook.xml.rels" in archive.namelist():
        with archive.open("xl/_rels/workbook.xml.rels") as handle:
            for tag, element in _parse(handle):
                if tag == "Relationship" and element.get("Id") == relation:
                    target = element.get("Target", target)
    target = target.lstrip("/")
    return (target if target.startswith("xl/") else "xl/" + target), date1904


def _column_index(reference: str) -> int:
    letters = _COLUMN.match(reference)
    index = 0
    for ch in letters.group(0) if letters else "A":
        index = index * 26 + ord(ch) - 64
    return index - 1


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def iter_rows(archive: zipfile.ZipFile) -> Iterator[list[Any]]:
    """Each row of the first worksheet as a list of values (None for empty cells)."""
    strings = _shared_strings(archive)
    date_styles = _date_styles(archive)
    sheet, date1904 = _first_sheet(archive)
    epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
    cells = 0
    with archive.open(sheet) as handle:
        row: list[Any] = []
        for tag, element in _parse(handle):
            if tag == "c":
                cells += 1
                if cells > MAX_CELLS:
                    raise TooLarge
                position = _column_index(element.get("r", "")) if element.get("r") else len(row)
                value = _cell_value(element, strings, date_styles, epoch)
                if value is not None:
                    row.extend([None] * (position - len(row) + 1))
                    row[position] = value
            elif tag == "row":
                yield row
                row = []
                element.clear()


def _cell_value(cell: Any, strings: list[str], date_styles: set[int], epoch: dt.datetime) -> Any:
    kind = cell.get("t", "n")
    value_text, formula, inline = _cell_parts(cell)
    if formula:
        return "=" + formula  # shown as written, never calculated
    if kind == "inlineStr":
        return inline
    if value_text is None:
        return None
    if kind == "s":
        index = int(value_text)
        return strings[index] if 0 <= index < len(strings) else ""
    if kind in ("str", "e"):
        return value_text
    if kind == "b":
        return value_text == "1"
    return _numeric_value(value_text, int(cell.get("s", "0")) in date_styles, epoch)


def _cell_parts(cell: Any) -> tuple[str | None, str | None, str | None]:
    """A cell element's stored value, formula and inline text (each None when absent)."""
    value_text = formula = inline = None
    for child in cell:
        name = _local(child.tag)
        if name == "v":
            value_text = child.text
        elif name == "f":
            formula = child.text
        elif name == "is":
            inline = "".join(t.text or "" for t in child.iter() if _local(t.tag) == "t")
    return value_text, formula, inline


def _numeric_value(value_text: str, date_styled: bool, epoch: dt.datetime) -> Any:
    """A number, or a date when the cell's style is a date format (serial days since epoch)."""
    try:
        number = _number(value_text)
    except ValueError:
        return value_text
    if date_styled and 0 < number < 2958466:
        return (epoch + dt.timedelta(days=float(number))).date()
    return number
