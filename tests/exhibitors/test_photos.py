"""Photos as phones take them (issue 16, item 5): JPEG, PNG, WebP and HEIC up to 15 MB, decoded
whole, upright, without EXIF or GPS, at most 1,600 px and about 300 KB, with a thumbnail;
anything else refused with a sentence next to the field and nothing stored."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from exhibitors import photos
from exhibitors.models import ChangeStatus, Product, ProductChange
from ocopfair.errors import Invalid, TooLarge
from tests import photo_samples as samples
from tests.factories import make_exhibitor, make_product, make_user
from tests.login import login

PRODUCT = {"name": "Miến dong", "group": "food", "stars": "3", "certificate_date": "10/01/2025"}


def _decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_rotated_phone_photo_comes_out_upright_without_exif_or_gps():
    stored = photos.prepare(samples.rotated_jpeg_with_gps())
    image = _decoded(stored.data)
    assert image.size == (100, 200)  # turned as its EXIF said: portrait
    assert image.getpixel((50, 5))[2] < 100  # the yellow band is now on top
    assert not image.getexif() and "exif" not in image.info
    assert b"PhoneMaker" not in stored.data and b"GPS" not in stored.data


def test_a_6_mb_phone_photo_is_stored_small_with_a_thumbnail():
    raw = samples.phone_jpeg(6.0)
    assert len(raw) >= 6 * 1024 * 1024
    stored = photos.prepare(raw)
    image = _decoded(stored.data)
    assert image.format == "JPEG" and image.width <= 1600 and max(image.size) <= 1600
    assert len(stored.data) <= 310 * 1024
    assert max(_decoded(stored.thumbnail).size) <= photos.THUMB_SIDE


@pytest.mark.parametrize("sample", [samples.heic, samples.webp])
def test_heic_and_webp_are_accepted(sample):
    stored = photos.prepare(sample())
    assert _decoded(stored.data).format == "JPEG"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>", "bị hỏng"),
        (samples.phone_jpeg(6.0)[:200_000], "bị hỏng"),  # a truncated JPEG
        (samples.png_bomb(), "điểm ảnh"),
        (b"%PDF-1.7 not a photo at all", "JPEG, PNG, WebP hoặc HEIC"),
        (b"GIF89a" + b"0" * 100, "JPEG, PNG, WebP hoặc HEIC"),
    ],
)
def test_what_does_not_decode_as_a_photo_is_refused(data, words):
    with pytest.raises(Invalid) as refused:
        photos.prepare(data)
    assert words in refused.value.fields["photo"]
    assert not isinstance(refused.value, TooLarge)


def test_over_15_mb_is_too_large():
    with pytest.raises(TooLarge):
        photos.prepare(b"\xff\xd8\xff" + b"\0" * photos.MAX_BYTES)


async def _post(client, path: str, data: bytes, name: str = "anh.jpg"):
    return await client.post(path, data=PRODUCT, files={"photo": (name, data, "image/jpeg")})


HOSTILE = [
    b"\x89PNG\r\n\x1a\n<html><script>alert(document.cookie)</script></html>",
    samples.png_bomb(),
    b"just some text, not an image",
]


@pytest.mark.parametrize("data", HOSTILE)
async def test_a_refused_photo_says_why_next_to_the_field_and_stores_nothing(
    organizer_client, places, data
):
    exhibitor = await make_exhibitor("HTX A", places["HL"])
    answer = await _post(organizer_client, f"/exhibitors/{exhibitor.id}/products/new", data)
    assert answer.status_code == 422
    assert 'id="e-photo"' in answer.text and "Ảnh" in answer.text.split('id="e-photo"')[1][:300]
    assert await Product.filter(exhibitor_id=exhibitor.id).count() == 0


async def test_a_truncated_jpeg_is_refused_and_the_old_photo_kept(organizer_client, places):
    product = await make_product(await make_exhibitor("HTX A", places["HL"]))
    kept = photos.prepare(samples.webp())
    await Product.filter(id=product.id).update(photo=kept.data, photo_type=kept.content_type)
    cut = samples.phone_jpeg(6.0)[:300_000]
    answer = await _post(organizer_client, f"/exhibitors/products/{product.id}/edit", cut)
    assert answer.status_code == 422 and "bị hỏng" in answer.text
    assert bytes((await Product.get(id=product.id)).photo) == kept.data


async def test_a_40_mb_upload_is_refused_with_a_sentence(organizer_client, places):
    exhibitor = await make_exhibitor("HTX A", places["HL"])
    huge = b"\xff\xd8\xff" + b"\0" * (40 * 1024 * 1024)
    answer = await _post(organizer_client, f"/exhibitors/{exhibitor.id}/products/new", huge)
    assert answer.status_code == 413
    assert "lớn hơn 15 MB" in answer.text
    assert await Product.filter(exhibitor_id=exhibitor.id).count() == 0


async def test_only_the_photo_forms_take_a_large_body(organizer_client):
    # 12 MB passes the photo forms' limit but not the app's (10 MB) on any other form.
    answer = await organizer_client.post(
        "/exhibitors/import", files={"file": ("x.csv", b"a" * (12 * 1024 * 1024), "text/csv")}
    )
    assert answer.status_code == 413


async def test_an_exhibitors_new_product_keeps_its_6_mb_photo_until_approved(
    client, other_client, places
):
    exhibitor = await make_exhibitor("HTX A", places["HL"])
    await make_user("exhibitor", "htx", exhibitor_id=exhibitor.id)
    await login(client, "htx")
    answer = await _post(client, f"/exhibitors/{exhibitor.id}/products/new", samples.phone_jpeg())
    assert answer.status_code == 303
    change = await ProductChange.get(exhibitor_id=exhibitor.id, status=ChangeStatus.PENDING)
    assert change.photo and len(change.photo) <= 310 * 1024
    # The producer cannot fetch the waiting photo by its change; the organizer sees it first.
    assert (await client.get(f"/exhibitors/changes/{change.id}/photo")).status_code == 403
    await make_user("organizer")
    await login(other_client, "organizer")
    waiting = await other_client.get("/exhibitors/changes")
    assert f"/exhibitors/changes/{change.id}/photo?size=thumb" in waiting.text
    shown = await other_client.get(
        f"/exhibitors/changes/{change.id}/photo", params={"size": "thumb"}
    )
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/jpeg"
    assert max(_decoded(shown.content).size) <= photos.THUMB_SIDE
    decided = await other_client.post(f"/exhibitors/changes/{change.id}/approve", data={})
    assert decided.status_code in (200, 303)
    product = await Product.get(exhibitor_id=exhibitor.id)
    assert _decoded(bytes(product.photo)).width <= 1600 and product.photo_type == "image/jpeg"
    thumb = await client.get(f"/exhibitors/products/{product.id}/photo", params={"size": "thumb"})
    assert thumb.status_code == 200 and max(_decoded(thumb.content).size) <= photos.THUMB_SIDE
