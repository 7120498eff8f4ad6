"""CSV exports keep identifiers as text for spreadsheets, and imports refuse dates that read
both ways unless the file's date order is stated (issue 17, item 8)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from exhibitors.models import Product
from tests.exhibitors.test_import import csv_bytes, preview_of, row, upload
from tests.factories import make_exhibitor, make_product

_NUMBER = re.compile(r"[+-]?[0-9]+([.,][0-9]+)?")
_TEXT_FORMULA = re.compile(r'="(.*)"')


def as_a_spreadsheet_reads_it(cell: str) -> object:
    """What Excel, LibreOffice or Google Sheets make of a CSV cell by default: a number when it
    looks like one (leading zeros lost), the text of a ="…" formula, otherwise the text."""
    if kept := _TEXT_FORMULA.fullmatch(cell):
        return kept.group(1)
    if _NUMBER.fullmatch(cell):
        return int(cell) if cell.lstrip("+-").isdigit() else float(cell.replace(",", "."))
    return cell


def test_the_spreadsheet_model_loses_leading_zeros() -> None:
    assert as_a_spreadsheet_reads_it("0976818982") == 976818982  # the complaint


async def test_identifiers_stay_text_when_a_spreadsheet_opens_the_csv(
    organizer_client, places
) -> None:
    producer = await make_exhibitor(
        "HTX Chè Đường Hoa", places["HL"], phone="0976818982", tax_code="0101234567"
    )
    await make_product(producer, "Chè", stars=4)
    text = (await organizer_client.get("/exhibitors/export.csv")).content.decode("utf-8-sig")
    header, first = list(csv.reader(io.StringIO(text)))[:2]
    cells = dict(zip(header, first, strict=True))
    seen = {k: as_a_spreadsheet_reads_it(v) for k, v in cells.items()}
    assert seen["Điện thoại"] == "0976818982"
    assert seen["Mã số thuế"] == "0101234567"
    assert seen["Ngày quyết định"] == cells["Ngày quyết định"]  # yyyy-mm-dd: no swap possible
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", cells["Ngày quyết định"])


async def test_month_day_dates_are_refused_unless_stated(organizer_client, places) -> None:
    data = csv_bytes([row(Ngày_quyết_định="03/25/2024")])
    refused = await upload(organizer_client, data, "us.csv")
    assert refused.status_code == 400
    assert "tháng/ngày/năm" in refused.text
    stated = await organizer_client.post(
        "/exhibitors/import",
        data={"date_order": "mdy"},
        files={"file": ("us.csv", data)},
    )
    assert stated.status_code == 303


async def test_a_date_that_reads_both_ways_needs_the_order(organizer_client, places) -> None:
    data = csv_bytes([row(Ngày_quyết_định="03/05/2024")])
    refused = await upload(organizer_client, data, "a.csv")
    assert refused.status_code == 400
    assert "03/05/2024" in refused.text and "hai cách" in refused.text
    for order, expected in (("dmy", dt.date(2024, 5, 3)), ("mdy", dt.date(2024, 3, 5))):
        answer = await organizer_client.post(
            "/exhibitors/import",
            data={"date_order": order},
            files={"file": ("a.csv", data)},
        )
        assert answer.status_code == 303
        batch = int(answer.headers["location"].rsplit("/", 1)[1])
        assert (await organizer_client.post(f"/exhibitors/import/{batch}/confirm")).status_code in (
            200,
            303,
        )
        product = await Product.get(name=row()["Tên sản phẩm"])
        assert product.certificate_date == expected, order
        await Product.filter(id=product.id).update(certificate_date=None)


async def test_a_file_that_proves_day_month_is_read_so(organizer_client, places) -> None:
    data = csv_bytes(
        [row(Ngày_quyết_định="25/03/2024"), row(Tên_sản_phẩm="B", Ngày_quyết_định="03/05/2024")]
    )
    _batch, page = await preview_of(organizer_client, data, "vn.csv")
    assert page.status_code == 200 and "row-error" not in page.text


async def test_mixed_orders_are_refused(organizer_client, places) -> None:
    data = csv_bytes(
        [row(Ngày_quyết_định="25/03/2024"), row(Tên_sản_phẩm="B", Ngày_quyết_định="03/25/2024")]
    )
    refused = await upload(organizer_client, data, "mix.csv")
    assert refused.status_code == 400 and "hai thứ tự" in refused.text
