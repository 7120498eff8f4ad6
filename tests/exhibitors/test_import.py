"""Import and export: preview, all-or-nothing confirm, exact round trip, every kind of bad file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from exhibitors import importing
from exhibitors.models import Exhibitor, ImportBatch, Product
from exhibitors.sheet import HEADERS
from ocopfair.models import AuditEntry
from tests.factories import make_exhibitor, make_product, make_user
from tests.login import login

ROW = {
    "Tên chủ thể": "HTX Miến dong Bình Liêu",
    "Loại hình": "Hợp tác xã",
    "Mã số thuế": "5701234567",
    "Địa phương": "Bình Liêu",
    "Địa chỉ": "Xã Đồng Văn",
    "Người liên hệ": "Hoàng Thị Liên",
    "Điện thoại": "0912345678",
    "Email": "lien@htx.vn",
    "Dân tộc thiểu số": "Có",
    "Vùng sâu vùng xa": "Có",
    "Hải đảo": "",
    "Trạng thái": "Đang hoạt động",
    "Tên sản phẩm": "Miến dong Bình Liêu",
    "Nhóm sản phẩm": "Thực phẩm",
    "Số sao": "4",
    "Số quyết định": "1234/QĐ-UBND",
    "Ngày quyết định": "15/03/2024",
    "Ngày hết hạn": "",
    "Truy xuất nguồn gốc": "https://qn.check.net.vn/mien-dong",
}


def row(**changes) -> dict[str, str]:
    return {**ROW, **{k.replace("_", " "): v for k, v in changes.items()}}


def xlsx(rows: list[dict[str, str]], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for r in rows:
        sheet.append([r.get(h, "") for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict[str, str]], delimiter: str = ",", bom: bool = True) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADERS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


async def upload(client, data: bytes, name: str = "chu-the.xlsx"):
    return await client.post("/exhibitors/import", files={"file": (name, data)})


async def preview_of(client, data: bytes, name: str = "chu-the.xlsx"):
    response = await upload(client, data, name)
    assert response.status_code == 303, response.text[:2000]
    batch_id = int(response.headers["location"].rsplit("/", 1)[1])
    return batch_id, await client.get(f"/exhibitors/import/{batch_id}")


async def confirm(client, batch_id: int):
    return await client.post(f"/exhibitors/import/{batch_id}/confirm")


async def counts() -> tuple[int, int]:
    return await Exhibitor.all().count(), await Product.all().count()


async def test_upload_preview_confirm_creates_everything_in_one_go(organizer_client, places):
    client = organizer_client
    rows = [
        row(),
        row(Tên_sản_phẩm="Bánh cuốn dong", Số_sao="3"),
        row(
            Tên_chủ_thể="Hộ Đào Văn Lâm",
            Loại_hình="Hộ kinh doanh",
            Mã_số_thuế="",
            Địa_phương="Cô Tô",
            Hải_đảo="Có",
            Tên_sản_phẩm="Mực khô",
            Số_sao="5",
        ),
    ]
    batch_id, page = await preview_of(client, xlsx(rows))
    assert page.status_code == 200
    assert await counts() == (0, 0), "nothing is saved before the confirm"
    assert "Mực khô" in page.text and page.text.count("action-create") == 3
    done = await confirm(client, batch_id)
    assert done.status_code == 303
    assert await counts() == (2, 3)
    producer = await Exhibitor.get(tax_code="5701234567").select_related("locality")
    assert producer.locality.name == "Bình Liêu"
    assert producer.ethnic_minority and not producer.island
    product = await Product.get(name="Miến dong Bình Liêu")
    assert product.stars == 4 and product.certificate_expiry == dt.date(2027, 3, 15)
    assert product.name_search == "mien dong binh lieu"
    audit = await AuditEntry.get(action="import")
    assert audit.after["products_created"] == 3
    again = await confirm(client, batch_id)
    assert again.status_code == 303 and await counts() == (2, 3), "a second confirm does nothing"


async def test_export_then_import_round_trips_and_changes_nothing(organizer_client, places):
    client = organizer_client
    a = await make_exhibitor(
        "HTX Chè Đường Hoa",
        places["BL"],
        tax_code="5700000001",
        phone="0987654321",
        email="che@x.vn",
        ethnic_minority=True,
        address='Thôn "Khe Tiền", xã Đường Hoa',
    )
    await make_product(a, "Chè Hải Hà", stars=4)
    await make_product(a, "=SUM(A1:A9) chè", stars=3, traceability_url="https://x.vn/a?b=1;c")
    b = await make_exhibitor("Hộ Nguyễn Văn A", None, phone="+84912345678")
    await make_product(
        b,
        "Bánh gai <script>alert(1)</script>",
        stars=5,
        certificate_date=None,
        certificate_expiry=None,
        certificate_number="",
    )
    await make_exhibitor("HTX Chưa có sản phẩm", places["CT"], island=True)
    before = [
        await Exhibitor.all().order_by("id").values(),
        await Product.all()
        .order_by("id")
        .values(
            "id",
            "name",
            "stars",
            "certificate_date",
            "certificate_expiry",
            "certificate_number",
            "traceability_url",
            "group",
            "exhibitor_id",
        ),
    ]
    for fmt in ("xlsx", "csv"):
        exported = await client.get(f"/exhibitors/export.{fmt}")
        assert exported.status_code == 200
        batch_id, page = await preview_of(client, exported.content, f"export.{fmt}")
        assert "action-create" not in page.text and "action-update" not in page.text, fmt
        assert "row-error" not in page.text, fmt
        assert page.text.count("row-unchanged") == 4, fmt
        after = [
            await Exhibitor.all().order_by("id").values(),
            await Product.all()
            .order_by("id")
            .values(
                "id",
                "name",
                "stars",
                "certificate_date",
                "certificate_expiry",
                "certificate_number",
                "traceability_url",
                "group",
                "exhibitor_id",
            ),
        ]
        assert after == before, fmt


async def test_exported_files_never_carry_live_formulas(organizer_client, places):
    producer = await make_exhibitor('=HYPERLINK("http://evil")', places["HL"], phone="+84912345678")
    await make_product(producer, "@SUM(1)", stars=3)
    workbook = load_workbook(
        io.BytesIO((await organizer_client.get("/exhibitors/export.xlsx")).content)
    )
    cells = list(workbook.active.iter_rows(min_row=2))[0]
    assert all(cell.data_type != "f" for cell in cells)
    assert cells[0].value == '=HYPERLINK("http://evil")' and cells[0].data_type == "s"
    text = (await organizer_client.get("/exhibitors/export.csv")).content.decode("utf-8-sig")
    data = next(csv.reader(io.StringIO(text[text.index("\n") + 1 :])))
    assert data[0] == '\'=HYPERLINK("http://evil")' and data[6] == "'+84912345678"
    assert data[12] == "'@SUM(1)"


async def test_a_changed_row_updates_the_match_instead_of_duplicating(organizer_client, places):
    client = organizer_client
    producer = await make_exhibitor("HTX Miến dong Bình Liêu", places["BL"], tax_code="5701234567")
    await make_product(producer, "Miến dong Bình Liêu", stars=3)
    by_name = await make_exhibitor("Hộ Đào Văn Lâm", places["CT"])
    rows = [
        row(Số_sao="4"),  # matched by tax code
        row(
            Tên_chủ_thể="Hộ Đào Văn Lâm",
            Mã_số_thuế="",
            Địa_phương="co to",
            Loại_hình="Hộ kinh doanh",
            Tên_sản_phẩm="Mực khô",
            Số_sao="3",
        ),
    ]
    batch_id, page = await preview_of(client, xlsx(rows))
    assert page.text.count("action-update") == 1 and page.text.count("action-create") == 1
    assert (await confirm(client, batch_id)).status_code == 303
    assert await counts() == (2, 2)
    assert (await Product.get(name="Miến dong Bình Liêu")).stars == 4
    assert (await Exhibitor.get(id=by_name.id)).kind == "household"
    assert await Product.filter(exhibitor_id=by_name.id, name="Mực khô").exists()


BAD_ROWS = [
    ({"Số sao": "6"}, "Số sao", "3, 4 hoặc 5"),
    ({"Ngày hết hạn": "01/01/2024"}, "Ngày hết hạn", "sau ngày quyết định"),
    ({"Email": "không-phải-email"}, "Email", "thư điện tử"),
    ({"Điện thoại": "12345"}, "Điện thoại", "số điện thoại"),
    ({"Mã số thuế": "57-abc"}, "Mã số thuế", "10 chữ số"),
    ({"Loại hình": "Tập đoàn"}, "Loại hình", "danh sách"),
    ({"Địa phương": "Hà Nội"}, "Địa phương", "địa phương"),
    ({"Tên chủ thể": "x" * 300}, "Tên chủ thể", "255"),
    ({"Ngày quyết định": "31/02/2024"}, "Ngày quyết định", "ngày có thật"),
]


@pytest.mark.parametrize("changes, column, words", BAD_ROWS)
async def test_bad_rows_get_a_message_and_nothing_is_imported(
    organizer_client, places, changes, column, words
):
    client = organizer_client
    good = row(Tên_sản_phẩm="Sản phẩm tốt", Mã_số_thuế="5709999999", Tên_chủ_thể="HTX Tốt")
    batch_id, page = await preview_of(client, xlsx([good, {**ROW, **changes}]))
    assert "row-error" in page.text and column in page.text
    assert words.lower() in page.text.lower(), page.text[page.text.index("row-error") :][:1500]
    assert "/confirm" not in page.text
    refused = await confirm(client, batch_id)
    assert refused.status_code == 303
    assert await counts() == (0, 0)


async def test_a_tax_code_used_by_two_producers_in_the_file_is_refused(organizer_client, places):
    rows = [row(), row(Tên_chủ_thể="Công ty khác hẳn", Tên_sản_phẩm="Rượu")]
    batch_id, page = await preview_of(organizer_client, xlsx(rows))
    assert "5701234567" in page.text and "dòng 2" in page.text
    await confirm(organizer_client, batch_id)
    assert await counts() == (0, 0)


async def test_a_tax_code_clash_with_the_registry_is_refused(organizer_client, places):
    await make_exhibitor("HTX Miến dong Bình Liêu", places["BL"], tax_code="5700000009")
    batch_id, page = await preview_of(organizer_client, xlsx([row()]))
    assert "5700000009" in page.text and "row-error" in page.text


async def test_formulas_and_html_are_stored_as_text_and_shown_escaped(organizer_client, places):
    client = organizer_client
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    values = [ROW.get(h, "") for h in HEADERS]
    values[0] = "<script>alert('x')</script>"
    values[HEADERS.index("Tên sản phẩm")] = "=1+2"
    sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch_id, page = await preview_of(client, buffer.getvalue())
    assert "<script>alert('x')</script>" not in page.text
    assert "&lt;script&gt;" in page.text and "không tính" in page.text
    await confirm(client, batch_id)
    product = await Product.get().select_related("exhibitor")
    assert product.name == "=1+2" and product.exhibitor.name == "<script>alert('x')</script>"
    listing = (await client.get("/exhibitors")).text
    assert "<script>alert('x')</script>" not in listing and "&lt;script&gt;" in listing


async def test_csv_with_semicolons_and_without_bom(organizer_client, places):
    batch_id, page = await preview_of(
        organizer_client, csv_bytes([row()], delimiter=";", bom=False), "x.csv"
    )
    assert "action-create" in page.text and "row-error" not in page.text
    await confirm(organizer_client, batch_id)
    assert await counts() == (1, 1)


FILE_ERRORS = [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "không phải là bảng tính"),
    (b"%PDF-1.4\n\x01\x02\x03binary", "không phải là bảng tính"),
    (b"", "trống"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    (b"PK\x03\x04not really a zip", "hỏng"),
    ("Tên chủ thể,Số sao\nHTX A,4\n".encode(), "Loại hình"),
    ("Họ tên,Tuổi\nAn,3\n".encode(), "dòng tiêu đề"),
    ("Tên,Sao\nA,4\n".encode("utf-16"), "không phải là bảng tính"),
    ("Tên,Cà phê\nà,ê\n".encode("cp1252"), "UTF-8"),
]


@pytest.mark.parametrize("data, words", FILE_ERRORS)
async def test_files_that_cannot_be_read_get_a_clear_message(organizer_client, data, words):
    response = await upload(organizer_client, data, "chu-the.xlsx")
    assert response.status_code in (400, 422)
    shown = re.findall(r'class="error"[^<]*>[^<]*', response.text)
    assert words.lower() in response.text.lower(), shown
    assert await ImportBatch.all().count() == 0


async def test_50000_rows_are_refused_quickly_with_a_message(organizer_client, places):
    lines = [",".join(HEADERS)] + [
        f"HTX {i},Hợp tác xã,,Bình Liêu,,,,,,,,,SP {i},Thực phẩm,3,,,," for i in range(50_000)
    ]
    data = "\n".join(lines).encode()
    assert len(data) < 5 * 1024 * 1024
    response = await upload(organizer_client, data, "lon.csv")
    assert response.status_code == 400
    assert "20.000" in response.text and "dòng" in response.text
    assert await counts() == (0, 0)


async def test_files_over_the_size_cap_are_refused(organizer_client, places):
    data = ("Tên chủ thể\n" + "x" * (5 * 1024 * 1024 + 10)).encode()
    response = await upload(organizer_client, data, "to.csv")
    assert response.status_code == 413 and "5 MB" in response.text


async def test_a_failure_while_writing_leaves_nothing_behind(db, places, monkeypatch):
    original = importing._save_products

    async def explode(*args, **kwargs):
        await original(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "_save_products", explode)
    with pytest.raises(RuntimeError):
        await importing.import_bytes(None, xlsx([row(), row(Tên_sản_phẩm="Khác")]))
    assert await counts() == (0, 0)


async def test_a_preview_belongs_to_its_uploader(organizer_client, other_client, places):
    batch_id, _page = await preview_of(organizer_client, xlsx([row()]))
    await make_user("organizer", "organizer2")
    await login(other_client, "organizer2")
    assert (await other_client.get(f"/exhibitors/import/{batch_id}")).status_code == 403
    assert (await other_client.post(f"/exhibitors/import/{batch_id}/confirm")).status_code == 403
    assert await counts() == (0, 0)
    await make_user("exhibitor", "ex", exhibitor_id=(await make_exhibitor("HTX X")).id)
    await login(other_client, "ex")
    assert (await other_client.get("/exhibitors/import")).status_code == 403


async def test_import_queries_do_not_grow_with_rows(db, places):
    from tests.queries import count_queries

    async def queries(n: int, start: int) -> int:
        rows = [
            row(
                Tên_chủ_thể=f"HTX {start + i // 2}",
                Mã_số_thuế=f"57{start + i // 2:08d}",
                Tên_sản_phẩm=f"SP {start + i}",
            )
            for i in range(n)
        ]
        with count_queries() as counter:
            summary = await importing.import_bytes(None, xlsx(rows))
        assert summary["products_created"] == n
        return counter.count

    assert await queries(20, 0) == await queries(200, 1000)


def test_the_xlsx_reader_handles_what_excel_writes():
    """Shared strings, rich text, sparse cells, numbers, booleans, custom date formats."""
    import zipfile

    from exhibitors.xlsx_reader import iter_rows

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tên", "Ngày", "Số", "Có?", "Công thức"])
    sheet.append(["Miến dong", dt.date(2024, 3, 15), 5701234567, True, "=A1&B1"])
    sheet["B2"].number_format = "d/m/yyyy"
    sheet["G3"] = "xa"
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = list(iter_rows(zipfile.ZipFile(buffer)))
    assert rows[0] == ["Tên", "Ngày", "Số", "Có?", "Công thức"]
    assert rows[1] == ["Miến dong", dt.date(2024, 3, 15), 5701234567, True, "=A1&B1"]
    assert rows[2] == [None] * 6 + ["xa"]


async def test_a_producer_named_again_after_its_row_was_refused_gets_a_message(
    organizer_client, places
):
    """Row 1 is refused (the registry knows this producer under another tax code); row 2 names
    it again without a tax code: a message on that row, not a server error."""
    await make_exhibitor("HTX Miến dong Bình Liêu", places["BL"], tax_code="5700000009")
    rows = [row(), row(Mã_số_thuế="", Tên_sản_phẩm="Rượu")]
    batch_id, page = await preview_of(organizer_client, xlsx(rows))
    assert page.text.count("row-error") == 2 and "dòng 2" in page.text.lower()
    await confirm(organizer_client, batch_id)
    assert await counts() == (1, 0)
