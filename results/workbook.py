"""The results workbook of one event: its template, and reading an upload into plain rows.

Four sheets, Vietnamese headers in the first row of each:
- "Thông tin": the event's id and name (a file of another event is refused);
- "Gian hàng": booth code, zone, booth type, producer tax code or name, products (";" between);
- "Khách tham quan": day, gate, hour (0–23, or empty for the whole day), people in, people out;
- "Doanh thu": booth code, day, revenue (đồng), customers, then pairs of product and units.

Reading is CPU work (unzipping, XML): callers run `read` in a worker thread. openpyxl reads
with data_only=False, so a formula arrives as its text ('=SUM(...)') and is refused by the plan,
never calculated. The caps (file size, unpacked size, rows, text length) stop a file that would
take the server's memory or time.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from events.models import Event
from ocopfair.errors import BadRequest
from ocopfair.i18n import gettext as _
from ocopfair.text import fold

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED = 60 * 1024 * 1024
MAX_ROWS = 20_000  # per sheet; a year's fair has 1,500 sales rows and ~500 visitor rows
MAX_TEXT = 500  # characters in one cell
PRODUCT_PAIRS = 5

INFO, BOOTHS, VISITORS, SALES = "Thông tin", "Gian hàng", "Khách tham quan", "Doanh thu"
EVENT_ID_LABEL, EVENT_NAME_LABEL = "Mã sự kiện", "Tên sự kiện"
COLUMNS: dict[str, list[tuple[str, str]]] = {
    BOOTHS: [
        ("code", "Mã gian hàng"),
        ("zone", "Khu"),
        ("booth_type", "Loại gian"),
        ("tax_code", "Mã số thuế"),
        ("producer", "Tên chủ thể"),
        ("products", "Sản phẩm"),
    ],
    VISITORS: [
        ("day", "Ngày"),
        ("gate", "Cổng"),
        ("hour", "Giờ"),
        ("people_in", "Lượt vào"),
        ("people_out", "Lượt ra"),
    ],
    SALES: [
        ("code", "Mã gian hàng"),
        ("day", "Ngày"),
        ("revenue", "Doanh thu (đồng)"),
        ("customers", "Số khách"),
        *[
            pair
            for n in range(1, PRODUCT_PAIRS + 1)
            for pair in ((f"product_{n}", f"Sản phẩm {n}"), (f"units_{n}", f"Số lượng {n}"))
        ],
    ],
}
HEADER_OF = {(sheet, key): header for sheet, cols in COLUMNS.items() for key, header in cols}


@dataclass
class Row:
    number: int  # the spreadsheet's row number
    cells: dict[str, Any]  # column key -> the cell's value (text, number, date or None)


@dataclass
class ResultsFile:
    event_id: Any
    event_name: str
    sheets: dict[str, list[Row]] = field(default_factory=dict)


def template(event: Event) -> bytes:
    """An empty workbook for this event, with example-free headers and its id filled in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    info = book.active
    assert info is not None
    info.title = INFO
    info.append([EVENT_ID_LABEL, event.id])
    info.append([EVENT_NAME_LABEL, event.name])
    info.append(["Từ ngày", event.start_date.strftime("%d/%m/%Y")])
    info.append(["Đến ngày", event.end_date.strftime("%d/%m/%Y")])
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 48
    for sheet, columns in COLUMNS.items():
        ws = book.create_sheet(sheet)
        ws.append([header for _key, header in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            ws.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _open(data: bytes) -> Any:
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise BadRequest(
            message=_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
            raise BadRequest(message=_("The workbook is too large once unpacked."))
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except BadRequest:
        raise
    except Exception:  # a damaged zip or XML: openpyxl raises many kinds
        raise BadRequest(
            message=_(
                "This file cannot be read as an Excel workbook (.xlsx): it may be damaged. "
                "Download the template again and copy the figures into it."
            )
        ) from None


def _broken(sheet: str) -> BadRequest:
    return BadRequest(
        message=_(
            "The sheet “%(sheet)s” is missing or its first row is not the template's headers. "
            "Download the template again and copy the figures into it."
        )
        % {"sheet": sheet}
    )


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if len(value) > MAX_TEXT:
            value = value[:MAX_TEXT]
        return value or None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    return value


def _read_sheet(book: Any, sheet: str) -> list[Row]:
    if sheet not in book.sheetnames:
        raise _broken(sheet)
    columns = COLUMNS[sheet]
    rows: list[Row] = []
    for number, values in enumerate(book[sheet].iter_rows(values_only=True), start=1):
        if number == 1:
            headers = [fold(str(v or "")) for v in values[: len(columns)]]
            if headers != [fold(h) for _k, h in columns]:
                raise _broken(sheet)
            continue
        cells = {key: _cell(v) for (key, _h), v in zip(columns, values, strict=False)}
        if not any(v is not None for v in cells.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise BadRequest(
                message=_("The sheet “%(sheet)s” has more than %(max)s rows.")
                % {"sheet": sheet, "max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        rows.append(Row(number, cells))
    return rows


def read(data: bytes) -> ResultsFile:
    """Every sheet's rows; refused as a whole when the file is not this template's shape."""
    book = _open(data)
    try:
        if INFO not in book.sheetnames:
            raise _broken(INFO)
        info = {
            fold(str(row[0] or "")): row[1] if len(row) > 1 else None
            for row in book[INFO].iter_rows(min_row=1, max_row=10, values_only=True)
            if row
        }
        result = ResultsFile(
            event_id=info.get(fold(EVENT_ID_LABEL)),
            event_name=str(info.get(fold(EVENT_NAME_LABEL)) or ""),
        )
        for sheet in (BOOTHS, VISITORS, SALES):
            result.sheets[sheet] = _read_sheet(book, sheet)
    except BadRequest:
        raise
    except Exception:  # broken XML inside a valid zip shows up while iterating
        raise _broken(INFO) from None
    finally:
        book.close()
    return result
