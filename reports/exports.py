"""A report as an Excel workbook (one sheet per section) or a CSV file that Excel opens right.

Numbers stay numbers (VND with a '₫' number format, counts with thousands separators), dates
stay dates, every sheet's header row is frozen and its columns sized to their content. The CSV
starts with a UTF-8 byte order mark, without which Excel reads Vietnamese as mojibake.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ocopfair import province
from ocopfair.i18n import format_date
from ocopfair.i18n import gettext as _
from ocopfair.tables import sheet_name
from reports.sections import DATE, INT, PCT, TEXT, VND, Report, Section

FORMATS = {INT: "#,##0", VND: '#,##0 "₫"', PCT: '0.0" %"', DATE: "dd/mm/yyyy"}
HEADER_FILL = PatternFill("solid", fgColor="E3F4E9")
BOLD = Font(bold=True)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, int | float):
        return len(f"{value:,.1f}") + 2
    return len(str(value))


def _write_table(
    sheet: Any, headers: list[str], rows: list[tuple[list[Any], list[str]]], bold_last: bool = False
) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values, kinds in rows:
        sheet.append(list(values))
        for cell, kind in zip(sheet[sheet.max_row], kinds, strict=True):
            if kind in FORMATS and cell.value is not None:
                cell.number_format = FORMATS[kind]
    if bold_last and rows:
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
    sheet.freeze_panes = "A2"
    widths = [len(h) for h in headers]
    for values, _kinds in rows:
        widths = [max(w, _width(v)) for w, v in zip(widths, values, strict=True)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)


def _section_rows(section: Section) -> list[tuple[list[Any], list[str]]]:
    rows = [
        (row, [section.kind_of(c, i) for c in section.columns])
        for i, row in enumerate(section.rows)
    ]
    if section.total is not None:
        rows.append((section.total, [section.kind_of(c, None) for c in section.columns]))
    return rows


def to_xlsx(report: Report) -> bytes:
    book = Workbook()
    summary = book.active
    taken: set[str] = set()
    summary.title = sheet_name(_("Summary"), taken)
    has_previous = any(h.previous is not None for h in report.headlines)
    headers = [_("Figure"), _("Value")] + ([_("Previous edition")] if has_previous else [])
    rows = []
    for h in report.headlines:
        kind = h.kind if h.kind != TEXT else TEXT
        values = [h.title, h.value] + ([h.previous] if has_previous else [])
        rows.append((values, [TEXT, kind] + ([kind] if has_previous else [])))
    _write_table(summary, headers, rows)
    summary.append([])
    summary.append([_("Report"), report.title])
    summary.append([_("Period"), report.subtitle])
    profile = province.current()
    if profile.agency:
        summary.append([_("Issued by"), f"{profile.agency} · {profile.title}"])
    for section in report.sections:
        sheet = book.create_sheet(sheet_name(section.title, taken))
        _write_table(
            sheet,
            [c.title for c in section.columns],
            _section_rows(section),
            bold_last=section.total is not None,
        )
    book.properties.title = report.title
    book.properties.creator = province.current().title
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    return value


def to_csv(report: Report) -> bytes:
    """All sections one after another: a title line, the header, the rows, a blank line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([report.title, report.subtitle])
    writer.writerow([])
    writer.writerow([_("Summary")])
    writer.writerow([_("Figure"), _("Value")])
    for h in report.headlines:
        writer.writerow([h.title, _csv_value(h.value)])
    for section in report.sections:
        writer.writerow([])
        writer.writerow([section.title])
        writer.writerow([c.title for c in section.columns])
        for row in section.rows:
            writer.writerow([_csv_value(v) for v in row])
        if section.total is not None:
            writer.writerow([_csv_value(v) for v in section.total])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def filename(stem: str, extension: str) -> str:
    """An ASCII file name safe in a Content-Disposition header."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "report"
    return f"{safe}.{extension}"
