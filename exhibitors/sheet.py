"""The spreadsheet shape of the registry, and reading it from XLSX or CSV bytes.

The format (the same for import and export, so an export imports back unchanged):

- one header row with the Vietnamese column names below (their order does not matter; a title
  row or two above the header is skipped; headers are matched without diacritics or case);
- one row per product, with its producer's columns repeated on each of its products' rows;
  a producer without products has one row whose product columns are empty;
- "Loại hình": Doanh nghiệp | Hợp tác xã | Tổ hợp tác | Hộ kinh doanh;
  "Nhóm sản phẩm": the six OCOP groups in Vietnamese; "Số sao": 3, 4 or 5;
  flags: "Có" or empty; dates: date cells, yyyy-mm-dd, or dd/mm/yyyy (text dates that read
  both ways need the file's date order, see exhibitors.date_order); "Địa phương": name or code;
- a column left out of the file leaves that field as it is; an empty cell clears it (except the
  tax code, which identifies the producer and is never cleared by an import);
- CSV: UTF-8 with or without BOM, comma or semicolon separated. Text that starts with = + - @
  is written with a leading apostrophe (so no spreadsheet runs it as a formula), and the
  apostrophe is removed again on import. Identifiers made of digits (phone numbers, tax codes)
  are written ="0976818982": a spreadsheet opening the CSV shows that text, leading zero
  included, where it would otherwise turn it into the number 976818982; the import unwraps it.
  Dates are written yyyy-mm-dd, which no spreadsheet reads in the wrong order.
- the product's listings: one column per e-commerce floor ("Sàn OCOP của tỉnh", "Sàn OCOP
  quốc gia", "Shopee", "Lazada", "Tiki", "Cửa hàng của chủ thể", "Gian hàng khác"), each cell
  the https addresses of the product on that floor, one per line (or separated by spaces); a
  floor's column, when present, replaces that floor's listings of the product (empty: none).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from exhibitors import date_order as date_order_rules
from ocopfair import offload, province
from ocopfair.errors import BadRequest, TooLarge
from ocopfair.i18n import gettext as _
from ocopfair.text import fold

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_UNZIPPED = 100 * 1024 * 1024  # a zip bomb dressed as a workbook stops here
HEADER_SEARCH_ROWS = 10
FORMULA_PREFIXES = ("=", "+", "-", "@")
KEPT_AS_TEXT = re.compile(r'="([0-9 .+-]*)"')  # ="0976818982" in a CSV: that text, as is

# (header, field key, whose field, required column)
COLUMNS: list[tuple[str, str, str, bool]] = [
    ("Tên chủ thể", "name", "producer", True),
    ("Loại hình", "kind", "producer", True),
    ("Mã số thuế", "tax_code", "producer", False),
    ("Địa phương", "locality_id", "producer", True),
    ("Địa chỉ", "address", "producer", False),
    ("Người liên hệ", "contact_person", "producer", False),
    ("Điện thoại", "phone", "producer", False),
    ("Email", "email", "producer", False),
    ("Dân tộc thiểu số", "ethnic_minority", "producer", False),
    ("Vùng sâu vùng xa", "remote_area", "producer", False),
    ("Hải đảo", "island", "producer", False),
    ("Trạng thái", "status", "producer", False),
    ("Tên sản phẩm", "product_name", "product", True),
    ("Nhóm sản phẩm", "group", "product", True),
    ("Số sao", "stars", "product", True),
    ("Số quyết định", "certificate_number", "product", False),
    ("Ngày quyết định", "certificate_date", "product", False),
    ("Ngày hết hạn", "certificate_expiry", "product", False),
    ("Truy xuất nguồn gốc", "traceability_url", "product", False),
    # The product's listings, one column per floor (key "listing_" + ListingFloor value).
    ("Sàn OCOP của tỉnh", "listing_province_floor", "listing", False),
    ("Sàn OCOP quốc gia", "listing_ocop_national", "listing", False),
    ("Shopee", "listing_shopee", "listing", False),
    ("Lazada", "listing_lazada", "listing", False),
    ("Tiki", "listing_tiki", "listing", False),
    ("Cửa hàng của chủ thể", "listing_own_shop", "listing", False),
    ("Gian hàng khác", "listing_other", "listing", False),
]
LISTING_KEYS = [key for _h, key, whose, _r in COLUMNS if whose == "listing"]
HEADERS = [c[0] for c in COLUMNS]
HEADER_OF = {c[1]: c[0] for c in COLUMNS}
_ALIASES = {
    "mst": "tax_code",
    "ma so doanh nghiep": "tax_code",
    "so dien thoai": "phone",
    "sdt": "phone",
    "dien thoai lien he": "phone",
    "e-mail": "email",
    "thu dien tu": "email",
    "hang sao": "stars",
    "xep hang": "stars",
    "so sao ocop": "stars",
    "ten chu the ocop": "name",
    "chu the": "name",
    "loai hinh chu the": "kind",
    "nhom": "group",
    "huyen": "locality_id",
    "dia ban": "locality_id",
    "so quyet dinh cong nhan": "certificate_number",
    "ngay cong nhan": "certificate_date",
    "ngay het han chung nhan": "certificate_expiry",
    "truy xuat": "traceability_url",
    "duong dan truy xuat": "traceability_url",
    "san pham": "product_name",
    "vung sau, vung xa": "remote_area",
    "vung sau vung xa, mien nui": "remote_area",
    "dan toc": "ethnic_minority",
    "postmart": "listing_province_floor",
    "san ocop cua tinh (postmart.vn)": "listing_province_floor",
    "san ocop quoc gia (ocop.gov.vn)": "listing_ocop_national",
    "cua hang truc tuyen cua chu the": "listing_own_shop",
    "website cua chu the": "listing_own_shop",
    "khac": "listing_other",
}
_KEY_OF = {fold(header): key for header, key, _w, _r in COLUMNS} | _ALIASES


@dataclass
class ParsedSheet:
    """The rows of an upload as text, keyed by field, with the spreadsheet's row numbers."""

    columns: list[str]  # field keys present in the file
    rows: list[dict[str, Any]]  # {"_n": row number, key: text, ...}
    ignored_headers: list[str] = field(default_factory=list)


def cell_text(value: Any) -> str:
    """A cell as the text a person would read in it (dates dd/mm/yyyy, 5.0 as 5)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()  # a date cell is no ambiguous text: yyyy-mm-dd
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "Có" if value else ""
    return str(value).strip()


def _map_header(cells: list[str]) -> tuple[dict[int, str], list[str]]:
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    # Earlier exports named the provincial floor's column after the province ("Sàn OCOP"
    # + the profile's name); such files still import.
    own_floor = fold(f"Sàn OCOP {province.current().name}")
    for index, header in enumerate(cells):
        folded = fold(header).rstrip(" :*")
        key = _KEY_OF.get(folded) or ("listing_province_floor" if folded == own_floor else None)
        if key and key not in mapping.values():
            mapping[index] = key
        elif header.strip():
            ignored.append(header.strip())
    return mapping, ignored


def _read_rows(rows: Any, *, from_csv: bool) -> ParsedSheet:
    header_map: dict[int, str] | None = None
    ignored: list[str] = []
    parsed: list[dict[str, Any]] = []
    for number, raw in enumerate(rows, start=1):
        cells = [cell_text(v) for v in raw]
        if header_map is None:
            candidate, skipped = _map_header(cells)
            if "name" in candidate.values() or "product_name" in candidate.values():
                header_map, ignored = candidate, skipped
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if any(cells):
            _check_row_count(len(parsed))
            parsed.append(_row(number, cells, header_map, from_csv=from_csv))
    present = _check_columns(header_map)
    return ParsedSheet(present, parsed, ignored)


def _check_row_count(rows_so_far: int) -> None:
    if rows_so_far >= MAX_ROWS:
        raise BadRequest(
            message=_(
                "The file has more than %(max)s rows. Split it into files of at most "
                "%(max)s rows and import them one by one."
            )
            % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
        )


def _row(
    number: int, cells: list[str], header_map: dict[int, str], *, from_csv: bool
) -> dict[str, Any]:
    """One data row as {column key: text}, with its line number under "_n"."""
    row: dict[str, Any] = {"_n": number}
    for index, key in header_map.items():
        value = cells[index] if index < len(cells) else ""
        if from_csv and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
            value = value[1:]  # our own export's guard against formula injection
        elif from_csv and (kept := KEPT_AS_TEXT.fullmatch(value)):
            value = kept.group(1)  # our own export's ="0976818982" (see the top)
        row[key] = value
    return row


def _check_columns(header_map: dict[int, str] | None) -> list[str]:
    """The column keys the header names; refused when there is no header or one is missing."""
    if header_map is None:
        raise BadRequest(
            message=_(
                "No header row was found. The first row must name the columns, for example "
                "“Tên chủ thể”, “Loại hình”, “Tên sản phẩm”, “Số sao”."
            )
        )
    present = list(header_map.values())
    missing = [header for header, key, _w, required in COLUMNS if required and key not in present]
    if missing:
        raise BadRequest(
            message=_("These required columns are missing: %(columns)s.")
            % {"columns": ", ".join(f"“{m}”" for m in missing)}
        )
    return present


def _read_xlsx(data: bytes) -> ParsedSheet:
    from exhibitors.xlsx_reader import TooLarge, iter_rows

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "xl/workbook.xml" not in archive.namelist():
            raise BadRequest(message=_("This file is not an Excel workbook (.xlsx)."))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
            raise BadRequest(message=_("The workbook is too large once unpacked."))
        # A streaming read of values only; formulas come back as their text, never run.
        return _read_rows(iter_rows(archive), from_csv=False)
    except BadRequest:
        raise
    except TooLarge:
        raise BadRequest(
            message=_(
                "The workbook holds far more cells or text than a registry needs. Copy only "
                "the registry's columns into a new workbook and upload that."
            )
        ) from None
    except Exception:  # a broken zip, broken XML, a missing part: all "cannot be read"
        raise BadRequest(message=_("The Excel file is damaged and cannot be read.")) from None


def _read_csv(data: bytes) -> ParsedSheet:
    head = data[:4096]
    if any(b < 9 or 13 < b < 27 or 27 < b < 32 for b in head):  # control bytes: not text
        raise BadRequest(message=_("This file is not a spreadsheet. Upload an .xlsx or .csv file."))
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadRequest(
            message=_("The CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8”.")
        ) from None
    first_line = content.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        return _read_rows(reader, from_csv=True)
    except csv.Error:
        raise BadRequest(message=_("The CSV file is malformed and cannot be read.")) from None


async def parse_off_loop(data: bytes, date_order: str | None = None) -> ParsedSheet:
    """`parse` in the worker process: parsing is pure-Python CPU work, and a large file must
    not stop every other request of this app worker while it runs."""
    return await offload.run_in_process(parse, data, date_order)


def parse(data: bytes, date_order: str | None = None) -> ParsedSheet:
    """Rows of an uploaded file, recognised by its content (never by its name), with its text
    dates read in a known order (exhibitors.date_order)."""
    parsed = _parse_bytes(data)
    date_order_rules.settle(parsed.rows, date_order)
    return parsed


def _parse_bytes(data: bytes) -> ParsedSheet:
    if not data:
        raise BadRequest(message=_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise TooLarge(
            message=_("The file is larger than %(mb)s MB. Split it into smaller files.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadRequest(
            message=_("This is an old Excel file (.xls). Open it in Excel and save it as .xlsx.")
        )
    return _read_csv(data)
