"""The audit log as an Excel workbook for an inspection: one row per change of a field (an
entry without field changes is one row), in the words of the page. Pure: runs in the worker
process (`ocopfair.offload.run_in_process`)."""

from __future__ import annotations

from typing import Any

from ocopfair.i18n import format_datetime
from ocopfair.i18n import gettext as _
from ocopfair.tables import sheet_name

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 20_000  # entries; an inspection asks for a period, not for years


def to_xlsx(rows: list[Any]) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name(_("Audit log"), set()))
    headers = [
        _("When"),
        _("Who"),
        _("Action"),
        _("Kind of object"),
        _("Object"),
        _("Field"),
        _("Before"),
        _("After"),
        _("Reason"),
    ]
    sheet.column_dimensions["A"].width = 17
    for letter in "BCDEFGH":
        sheet.column_dimensions[letter].width = 24
    sheet.column_dimensions["I"].width = 40
    sheet.freeze_panes = "A2"
    from openpyxl.cell import WriteOnlyCell

    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        start = [format_datetime(row.at), row.who, row.action, row.kind, row.name]
        for change in row.changes or [None]:
            field = [change.label, change.before, change.after] if change else ["", "", ""]
            sheet.append([*start, *field, row.reason])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
