"""Exporting the registry in exactly the shape the import reads (exhibitors.sheet).

Text cells are always written as text: in XLSX with an explicit string type, in CSV with a
leading apostrophe before = + - @, so no spreadsheet ever runs a value as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

from tortoise.expressions import Subquery

from exhibitors import search
from exhibitors.models import ProductListing
from exhibitors.sheet import COLUMNS, FORMULA_PREFIXES, HEADERS
from exhibitors.validation import GROUP_WORDS, KIND_WORDS, PRODUCER_FIELDS, STATUS_WORDS
from ocopfair.models import Locality

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PRODUCER_COLUMNS = ("id", *PRODUCER_FIELDS)
_PRODUCT_COLUMNS = (
    "id",
    "exhibitor_id",
    "name",
    "group",
    "stars",
    "certificate_number",
    "certificate_date",
    "certificate_expiry",
    "traceability_url",
)


def _producer_cells(p: dict[str, Any], localities: dict[int, str]) -> dict[str, Any]:
    return {
        "name": p["name"],
        "kind": KIND_WORDS[p["kind"]],
        "tax_code": p["tax_code"] or "",
        "locality_id": localities.get(p["locality_id"], ""),
        "address": p["address"],
        "contact_person": p["contact_person"],
        "phone": p["phone"],
        "email": p["email"],
        "ethnic_minority": "Có" if p["ethnic_minority"] else "",
        "remote_area": "Có" if p["remote_area"] else "",
        "island": "Có" if p["island"] else "",
        "status": STATUS_WORDS[p["status"]],
    }


def _product_cells(
    p: dict[str, Any] | None, listings: dict[int, dict[str, list[str]]]
) -> dict[str, Any]:
    if p is None:
        return {}
    links = {
        "listing_" + floor: "\n".join(found) for floor, found in listings.get(p["id"], {}).items()
    }
    return {
        **links,
        "product_name": p["name"],
        "group": GROUP_WORDS[p["group"]],
        "stars": p["stars"],
        "certificate_number": p["certificate_number"],
        "certificate_date": p["certificate_date"],
        "certificate_expiry": p["certificate_expiry"],
        "traceability_url": p["traceability_url"],
    }


async def export_rows(f: search.Filters) -> list[list[Any]]:
    """One row per product (producer columns repeated), plus a row per producer without one.

    Four queries, whatever the size of the registry.
    """
    localities = dict(await Locality.all().values_list("id", "name"))
    producers = (
        await search.producers_matching(f).order_by("name_search", "id").values(*_PRODUCER_COLUMNS)
    )
    products = (
        await search.products_matching(f).order_by("name_search", "id").values(*_PRODUCT_COLUMNS)
    )
    listings = await _listings(f)
    by_producer: dict[int, list[dict[str, Any] | None]] = {}
    for row in products:
        by_producer.setdefault(row["exhibitor_id"], []).append(row)
    keys = [key for _h, key, _w, _r in COLUMNS]
    rows: list[list[Any]] = []
    for producer in producers:
        cells = _producer_cells(producer, localities)
        for product in by_producer.get(producer["id"]) or [None]:
            if product is None and f.product_level:
                continue
            merged = {**cells, **_product_cells(product, listings)}
            rows.append([merged.get(key, "") for key in keys])
    return rows


async def _listings(f: search.Filters) -> dict[int, dict[str, list[str]]]:
    """The exported products' links per floor (one per line in their cell), in one query."""
    rows = (
        await ProductListing.filter(
            product_id__in=Subquery(search.products_matching(f).values("id"))
        )
        .order_by("id")
        .values("product_id", "floor", "link")
    )
    found: dict[int, dict[str, list[str]]] = {}
    for row in rows:
        floor = getattr(row["floor"], "value", row["floor"])
        found.setdefault(row["product_id"], {}).setdefault(floor, []).append(row["link"])
    return found


# Columns whose digits are an identifier, not a quantity (see exhibitors.sheet's CSV notes).
IDENTIFIER_KEYS = {"tax_code", "phone"}
_DIGITS = re.compile(r"[0-9]+")


def _csv_safe(value: Any, identifier: bool = False) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()  # yyyy-mm-dd: no spreadsheet swaps day and month
    text = "" if value is None else str(value)
    if identifier and _DIGITS.fullmatch(text):
        return f'="{text}"'  # shown as this text, leading zero kept, never a number
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def to_csv(rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with a BOM, so Excel shows the Vietnamese letters when it opens the file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    identifiers = [key in IDENTIFIER_KEYS for _h, key, _w, _r in COLUMNS]
    for row in rows:
        writer.writerow([_csv_safe(v, i) for v, i in zip(row, identifiers, strict=False)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Chủ thể OCOP")
    widths = {"A": 40, "B": 16, "C": 16, "D": 16, "E": 30, "M": 36, "N": 20, "S": 30}
    widths |= dict.fromkeys("TUVWXYZ", 30)  # the listing columns
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, str):
                cell.data_type = "s"  # text stays text: '=…' is never a formula, '0…' keeps its 0
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(extension: str, today: dt.date) -> str:
    return f"chu-the-ocop-{today:%Y%m%d}.{extension}"
