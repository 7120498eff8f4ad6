"""Uploads are verified by decoding; a file that fails is refused with a sentence, and an
oversize one answers 413 (issue 17, item 7)."""

from __future__ import annotations

from exhibitors.models import Product
from tests.factories import make_exhibitor, make_product, png_bytes

PRODUCT = {"name": "Miến dong", "group": "food", "stars": "3", "certificate_date": "2025-01-10"}


async def _post_photo(client, product_id: int, data: bytes):
    return await client.post(
        f"/exhibitors/products/{product_id}/edit",
        data=PRODUCT,
        files={"photo": ("anh.png", data, "image/png")},
    )


async def test_a_png_signature_in_front_of_html_is_refused(organizer_client, places) -> None:
    product = await make_product(await make_exhibitor("HTX A", places["HL"]))
    hostile = b"\x89PNG\r\n\x1a\n<html><script>alert(document.cookie)</script></html>"
    answer = await _post_photo(organizer_client, product.id, hostile)
    assert answer.status_code == 422
    assert "bị hỏng hoặc không thật sự là ảnh" in answer.text
    assert (await Product.get(id=product.id)).photo is None


async def test_a_real_photo_is_kept(organizer_client, places) -> None:
    product = await make_product(await make_exhibitor("HTX A", places["HL"]))
    answer = await _post_photo(organizer_client, product.id, png_bytes(40, 30))
    assert answer.status_code == 303
    stored = await Product.get(id=product.id)
    assert stored.photo and stored.photo_type == "image/jpeg"  # re-encoded, never as sent


async def test_an_oversize_photo_answers_413_with_a_sentence(organizer_client, places) -> None:
    product = await make_product(await make_exhibitor("HTX A", places["HL"]))
    answer = await _post_photo(organizer_client, product.id, png_bytes() + b"\0" * 16_000_000)
    assert answer.status_code == 413
    assert "lớn hơn 15 MB" in answer.text
    assert (await Product.get(id=product.id)).photo is None


async def test_an_oversize_spreadsheet_answers_413_with_a_sentence(organizer_client) -> None:
    answer = await organizer_client.post(
        "/exhibitors/import",
        files={"file": ("lon.csv", b"Ten chu the;x\n" + b"a;b\n" * 1_600_000, "text/csv")},
    )
    assert answer.status_code == 413
    assert "lớn hơn 5 MB" in answer.text


async def test_a_body_over_the_app_limit_answers_413(organizer_client) -> None:
    answer = await organizer_client.post(
        "/exhibitors/import",
        files={"file": ("rat-lon.csv", b"a" * (11 * 1024 * 1024), "text/csv")},
    )
    assert answer.status_code == 413
