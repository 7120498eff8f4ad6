"""A product's listings in the registry import and export: one column per floor, an exact round
trip, bad links refused with a sentence on their cell and nothing saved, a fixed query count."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from exhibitors.models import ListingFloor, Product, ProductListing
from exhibitors.sheet import HEADERS
from ocopfair.models import AuditEntry
from tests.exhibitors.test_import import ROW, confirm, counts, csv_bytes, preview_of, row, xlsx
from tests.factories import make_exhibitor, make_product
from tests.queries import count_queries


async def listings() -> list[tuple[str, str, str]]:
    rows = await ProductListing.all().values_list("product__name", "floor", "link")
    return sorted((name, getattr(floor, "value", floor), link) for name, floor, link in rows)


async def add(product: Product, floor: ListingFloor, link: str) -> None:
    await ProductListing.create(product=product, floor=floor, link=link)


async def test_export_has_a_column_per_floor_and_imports_back_unchanged(organizer_client, places):
    client = organizer_client
    a = await make_exhibitor("HTX Chè Đường Hoa", places["BL"], tax_code="5700000001")
    tea = await make_product(a, "Chè Hải Hà", stars=4)
    await add(tea, ListingFloor.SHOPEE, "https://shopee.vn/che-hai-ha")
    await add(tea, ListingFloor.SHOPEE, "https://shopee.vn/che-hai-ha-500g")
    await add(tea, ListingFloor.PROVINCE_FLOOR, "https://postmart.vn/che?id=1;2")
    await add(tea, ListingFloor.OWN_SHOP, "https://chehaiha.vn/")
    await make_product(a, "Trà hoa vàng", stars=3)
    before = await listings()
    workbook = load_workbook(io.BytesIO((await client.get("/exhibitors/export.xlsx")).content))
    header = [c.value for c in next(workbook.active.iter_rows(max_row=1))]
    for title in ("Sàn OCOP của tỉnh", "Sàn OCOP quốc gia", "Shopee", "Tiki", "Gian hàng khác"):
        assert title in header
    first = list(workbook.active.iter_rows(min_row=2))[0]
    cells = {h: c.value for h, c in zip(header, first, strict=False)}
    assert cells["Tên sản phẩm"] == "Chè Hải Hà"
    assert cells["Shopee"].split() == [
        "https://shopee.vn/che-hai-ha",
        "https://shopee.vn/che-hai-ha-500g",
    ]
    for fmt in ("xlsx", "csv"):
        exported = await client.get(f"/exhibitors/export.{fmt}")
        batch_id, page = await preview_of(client, exported.content, f"export.{fmt}")
        assert "row-error" not in page.text, fmt
        assert "action-update" not in page.text and "action-create" not in page.text, fmt
        assert page.text.count("row-unchanged") == 2, fmt
        await confirm(client, batch_id)
        assert await listings() == before, fmt


async def test_import_adds_and_replaces_listings_of_the_floors_in_the_file(
    organizer_client, places
):
    client = organizer_client
    producer = await make_exhibitor("HTX Miến dong Bình Liêu", places["BL"], tax_code="5701234567")
    product = await make_product(producer, "Miến dong Bình Liêu", stars=4)
    await add(product, ListingFloor.SHOPEE, "https://shopee.vn/cu")
    await add(product, ListingFloor.TIKI, "https://tiki.vn/mien")
    headers = [h for h in ROW] + ["Shopee", "Lazada"]
    rows = [
        row(Shopee="https://shopee.vn/moi", Lazada="https://lazada.vn/a\nhttps://lazada.vn/b"),
        row(Tên_sản_phẩm="Bánh cuốn dong", Số_sao="3", Shopee="https://shopee.vn/banh"),
    ]
    batch_id, page = await preview_of(client, xlsx(rows, headers))
    assert "row-error" not in page.text
    assert page.text.count("action-update") >= 1 and page.text.count("action-create") >= 1
    assert await ProductListing.all().count() == 2, "nothing is saved before the confirm"
    assert (await confirm(client, batch_id)).status_code == 303
    assert await listings() == [
        ("Bánh cuốn dong", "shopee", "https://shopee.vn/banh"),
        ("Miến dong Bình Liêu", "lazada", "https://lazada.vn/a"),
        ("Miến dong Bình Liêu", "lazada", "https://lazada.vn/b"),
        ("Miến dong Bình Liêu", "shopee", "https://shopee.vn/moi"),
        ("Miến dong Bình Liêu", "tiki", "https://tiki.vn/mien"),  # no Tiki column: kept
    ]
    audit = await AuditEntry.get(action="import")
    assert audit.after["listings_changed"] == 2
    # The same file again changes nothing; an empty cell then removes that floor's links.
    batch_id, page = await preview_of(client, xlsx(rows, headers))
    assert page.text.count("row-unchanged") == 2
    cleared = [row(Shopee="", Lazada=""), rows[1]]
    batch_id, page = await preview_of(client, xlsx(cleared, headers), "again.xlsx")
    await confirm(client, batch_id)
    assert [x[1] for x in await listings() if x[0] == "Miến dong Bình Liêu"] == ["tiki"]


BAD_LINKS = [
    ("Shopee", "http://shopee.vn/mat-ong", "https://"),
    ("Shopee", "https://lazada.vn/mat-ong", "không thuộc Shopee"),
    ("Sàn OCOP của tỉnh", "https://shopee.vn/x", "postmart.vn"),
    ("Tiki", "https://tiki.vn/a https://evil.vn/b", "tiki.vn"),
    ("Gian hàng khác", "javascript:alert(1)", "https://"),
]


@pytest.mark.parametrize("column, link, words", BAD_LINKS)
async def test_a_bad_link_is_an_error_on_its_cell_and_nothing_is_saved(
    organizer_client, places, column, link, words
):
    client = organizer_client
    good = row(Tên_sản_phẩm="Sản phẩm tốt", Mã_số_thuế="5709999999", Tên_chủ_thể="HTX Tốt")
    bad = {**ROW, column: link}
    for data in (xlsx([good, bad], HEADERS), csv_bytes([good, bad])):
        batch_id, page = await preview_of(client, data)
        error_part = page.text[page.text.index("row-error") :][:3000]
        assert column in error_part and words in error_part, error_part
        assert "/confirm" not in page.text
        await confirm(client, batch_id)
        assert await counts() == (0, 0)
        assert await ProductListing.all().count() == 0


async def test_a_listing_on_a_row_without_a_product_is_refused(organizer_client, places):
    lone = {**ROW, "Tên sản phẩm": "", "Nhóm sản phẩm": "", "Số sao": "", "Số quyết định": ""}
    lone |= {"Ngày quyết định": "", "Truy xuất nguồn gốc": "", "Tiki": "https://tiki.vn/a"}
    batch_id, page = await preview_of(organizer_client, xlsx([lone]))
    error_part = page.text[page.text.index("row-error") :][:3000]
    assert "Tiki" in error_part and "sản phẩm" in error_part
    await confirm(organizer_client, batch_id)
    assert await counts() == (0, 0)


async def test_export_queries_do_not_grow_with_products(organizer_client, places):
    made = 0

    async def queries(n: int, fmt: str) -> int:
        nonlocal made
        for _ in range(n):
            made += 1
            producer = await make_exhibitor(f"HTX {made}", places["BL"], tax_code=f"57{made:08d}")
            product = await make_product(producer, f"SP {made}")
            await add(product, ListingFloor.SHOPEE, f"https://shopee.vn/{made}")
            await add(product, ListingFloor.TIKI, f"https://tiki.vn/{made}")
        with count_queries() as counter:
            response = await organizer_client.get(f"/exhibitors/export.{fmt}")
        assert response.status_code == 200
        assert f"https://tiki.vn/{made}" in (
            response.content.decode("utf-8-sig") if fmt == "csv" else _xlsx_text(response.content)
        )
        return counter.count

    for fmt in ("csv", "xlsx"):
        assert await queries(2, fmt) == await queries(25, fmt), fmt
    # A filtered export (its products found through their producer) keeps only their links.
    text = (await organizer_client.get("/exhibitors/export.csv?q=htx 7&stars=3")).text
    found = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["Tên chủ thể"], r["Shopee"], r["Tiki"]) for r in found] == [
        ("HTX 7", "https://shopee.vn/7", "https://tiki.vn/7")
    ]


def _xlsx_text(data: bytes) -> str:
    sheet = load_workbook(io.BytesIO(data)).active
    return "\n".join(str(c.value) for r in sheet.iter_rows() for c in r if c.value)


async def test_in_chromium_a_bad_shopee_link_shows_its_sentence(db, page, live_server, places):
    """The help lists the floor columns; a bad link's sentence is on the preview, at 390 px."""
    import os

    from playwright.async_api import expect

    from tests.exhibitors.test_photo_browser import _sign_in
    from tests.factories import make_user

    shots = os.environ.get("OCOPFAIR_SHOTS", "")
    await make_user("organizer", "btc")
    await _sign_in(page, live_server.url, "btc")
    await page.goto(live_server.url + "/exhibitors/import")
    await expect(page.get_by_text("Cửa hàng của chủ thể", exact=False)).to_be_visible()
    if shots:
        await page.screenshot(path=f"{shots}/import-help-390.png", full_page=True)
    data = xlsx([{**ROW, "Shopee": "http://shopee.vn/mien-dong"}])
    await page.set_input_files(
        "#f-file",
        files=[{"name": "san.xlsx", "mimeType": "application/octet-stream", "buffer": data}],
    )
    await page.get_by_role("button", name="Kiểm tra tệp").click()
    await expect(page.get_by_text("Địa chỉ phải bắt đầu bằng https://.")).to_be_visible()
    if shots:
        await page.screenshot(path=f"{shots}/import-listing-error-390.png", full_page=True)
        await page.set_viewport_size({"width": 1280, "height": 800})
        await page.screenshot(path=f"{shots}/import-listing-error-1280.png", full_page=True)


async def test_import_queries_with_listings_do_not_grow_with_rows(db, places):
    from exhibitors import importing

    async def queries(n: int, start: int) -> int:
        rows = [
            row(
                Tên_chủ_thể=f"HTX {start + i // 2}",
                Mã_số_thuế=f"57{start + i // 2:08d}",
                Tên_sản_phẩm=f"SP {start + i}",
                Shopee=f"https://shopee.vn/{start + i}",
                Tiki=f"https://tiki.vn/{start + i}\nhttps://tiki.vn/{start + i}-2",
            )
            for i in range(n)
        ]
        with count_queries() as counter:
            summary = await importing.import_bytes(None, xlsx(rows))
        assert summary["listings_changed"] == n
        return counter.count

    assert await queries(10, 0) == await queries(120, 1000)
    assert await ProductListing.all().count() == 3 * 130


def test_a_column_named_after_the_province_still_reads_as_its_floor(monkeypatch):
    """Earlier exports titled the provincial floor's column with the province's name."""
    from exhibitors import sheet
    from ocopfair import province

    monkeypatch.setattr(province, "current", lambda: province.Province(name="Lạng Sơn"))
    mapping, ignored = sheet._map_header(["Tên chủ thể", "Sàn OCOP Lạng Sơn", "Sàn OCOP Hà Giang"])
    assert mapping == {0: "name", 1: "listing_province_floor"}
    assert ignored == ["Sàn OCOP Hà Giang"]
