"""Reading the figures back out of a report page, workbook and CSV file."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

from openpyxl import load_workbook


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.kpis: dict[str, str] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._kpi: str | None = None
        self._in_value = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and "data-section" in attributes:
            self._table = attributes["data-section"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "div" and "data-key" in attributes:
            self._kpi = attributes["data-key"]
        elif tag == "span" and attributes.get("class") == "rp-value" and self._kpi:
            self._in_value = True
            self.kpis[self._kpi] = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            # Collapse layout whitespace only: the no-break space before ₫ is part of the figure.
            self._row.append(re.sub(r"[ \t\r\n]+", " ", "".join(self._cell)).strip(" "))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "span" and self._in_value:
            self._in_value = False
            self._kpi = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._in_value and self._kpi:
            self.kpis[self._kpi] += data.strip()


def html_tables(html: str) -> tuple[dict[str, list[list[str]]], dict[str, str]]:
    """{section key: rows of cell texts (header row first, totals last)}, {headline: text}."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables, parser.kpis


def xlsx_sheets(body: bytes) -> list[tuple[str, list[list[object]], object]]:
    """[(sheet title, rows of values, frozen pane)] in workbook order."""
    book = load_workbook(io.BytesIO(body))
    return [
        (sheet.title, [list(r) for r in sheet.iter_rows(values_only=True)], sheet.freeze_panes)
        for sheet in book.worksheets
    ]


def csv_blocks(body: bytes) -> dict[str, list[list[str]]]:
    """{section title: rows (header first)} from the stacked CSV (BOM checked by the caller)."""
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    blocks: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for row in rows[2:]:
        if not row:
            current = None
        elif current is None:
            current = blocks.setdefault(row[0], [])
        else:
            current.append(row)
    return blocks


VND = "\u00a0₫"


def vnd(amount: int) -> str:
    """How the Vietnamese page writes an amount: 7.650.000 ₫."""
    return f"{amount:,}".replace(",", ".") + VND


def num(value: int) -> str:
    return f"{value:,}".replace(",", ".")
