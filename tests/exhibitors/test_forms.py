"""Organizers' forms: producers and products, with the same rules and messages as the import."""

from __future__ import annotations

from exhibitors.models import Exhibitor, Product
from ocopfair.models import AuditEntry
from tests.factories import make_exhibitor, make_product, png_bytes

PNG = png_bytes()


async def test_organizer_adds_a_producer_and_a_product_with_a_photo(organizer_client, places):
    client = organizer_client
    created = await client.post(
        "/exhibitors/new",
        data={
            "name": "HTX Nông sản Cô Tô",
            "kind": "cooperative",
            "tax_code": "5701234567-001",
            "locality_id": str(places["CT"].id),
            "phone": "0203 3888 999",
            "island": "1",
            "status": "active",
        },
    )
    assert created.status_code == 303
    producer = await Exhibitor.get(tax_code="5701234567-001")
    assert producer.island and not producer.remote_area and producer.phone == "02033888999"
    assert producer.name_search == "htx nong san co to"
    added = await client.post(
        f"/exhibitors/{producer.id}/products/new",
        data={
            "name": "Mực ống Cô Tô",
            "group": "food",
            "stars": "4",
            "certificate_date": "2025-01-10",
        },
        files={"photo": ("muc.png", PNG, "image/png")},
    )
    assert added.status_code == 303
    product = await Product.get(name="Mực ống Cô Tô")
    # Stored re-encoded (upright, without metadata, small): a JPEG whatever was sent.
    assert product.photo_type == "image/jpeg" and str(product.certificate_expiry) == "2028-01-10"
    photo = await client.get(f"/exhibitors/products/{product.id}/photo")
    assert (
        photo.content.startswith(b"\xff\xd8\xff") and photo.headers["content-type"] == "image/jpeg"
    )
    assert await AuditEntry.filter(action="create", object_type="Product").exists()


async def test_form_errors_are_shown_next_to_the_fields(organizer_client, places):
    client = organizer_client
    await make_exhibitor("HTX Có mã", places["HL"], tax_code="5700000001")
    response = await client.post(
        "/exhibitors/new",
        data={
            "name": "<img src=x onerror=alert(1)>",
            "kind": "",
            "tax_code": "5700000001",
            "email": "sai",
            "phone": "0912",
        },
    )
    assert response.status_code == 422
    assert "<img src=x" not in response.text and "&lt;img src=x" in response.text
    for words in ("bắt buộc", "thư điện tử", "số điện thoại"):
        assert words in response.text
    producer = await make_exhibitor("HTX B", places["HL"])
    product = await make_product(producer, "Rượu mơ", stars=3)
    bad = await client.post(
        f"/exhibitors/products/{product.id}/edit",
        data={
            "name": "Rượu mơ",
            "group": "drinks",
            "stars": "6",
            "certificate_date": "2025-05-01",
            "certificate_expiry": "2025-01-01",
        },
        files={"photo": ("x.gif", b"GIF89a...", "image/gif")},
    )
    assert (
        bad.status_code == 422
        and "3, 4 hoặc 5 sao" in bad.text
        and "JPEG, PNG, WebP hoặc HEIC" in bad.text
    )
    assert (await Product.get(id=product.id)).stars == 3
    assert await Exhibitor.filter(name__contains="img").count() == 0
