"""Issue 16's journey steps that rest on 16a's work (phone photos, the audit log as a
register), kept apart so the other journeys stay green without it: an exhibitor adds a product
with a 6 MB phone photo; an official reads one audit entry in Vietnamese. Same rules as
test_journeys.py: the login page, then clicks and typing only; axe-core on every page."""

from __future__ import annotations

import io
import os

from PIL import Image

from booths import applications
from events.models import AllocationMode
from exhibitors.models import ChangeStatus, Product, ProductChange
from ocopfair.i18n import local_today
from tests.browser import watched_page
from tests.factories import make_event, make_producer, make_user
from tests.journeys.walk import Walk

SIX_MB = 6 * 1024 * 1024


def phone_photo(size: int = SIX_MB) -> bytes:
    """A JPEG as a phone takes it: 4032×3024 of noise (noise does not compress), ≥ `size`."""
    width, height = 4032, 3024
    for quality in (95, 98, 100):
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        if out.tell() >= size:
            return out.getvalue()
    raise AssertionError("could not make a photo that large")


async def test_exhibitor_adds_a_product_with_a_6_mb_phone_photo(db, browser, live_server, tmp_path):
    exhibitor, _products = await make_producer("HTX Miến dong Bình Liêu")
    await make_user("exhibitor", "mien_dong", exhibitor_id=exhibitor.id)
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(phone_photo())
    assert photo.stat().st_size >= SIX_MB
    async with watched_page(browser) as page:
        walk = Walk(page, live_server.url)
        await walk.log_in("mien_dong")
        await walk.button("Sản phẩm và thông tin của tôi")
        await walk.button("Thêm sản phẩm")
        await page.fill("#f-name", "Bánh gật gù")
        await page.select_option("#f-group", index=1)
        await page.select_option("#f-stars", "3")
        await page.set_input_files("#f-photo", str(photo))
        await walk.click("main form button[type=submit].primary")
        assert await page.locator(".field .error").count() == 0, await page.inner_text("main")
    change = await ProductChange.filter(
        exhibitor_id=exhibitor.id, status=ChangeStatus.PENDING
    ).first()
    product = await Product.get_or_none(exhibitor_id=exhibitor.id, name="Bánh gật gù")
    assert change is not None or product is not None  # waits for the office, or is saved
    if product is not None:
        assert product.photo and len(product.photo) < 1024 * 1024  # stored small
    walk.done()


async def test_official_reads_an_approval_in_the_audit_log_in_vietnamese(db, browser, live_server):
    organizer = await make_user("organizer", full_name="Phạm Thu Hà")
    await make_user("official", full_name="Đỗ Thị Thanh Hương")
    event = await make_event("Hội chợ OCOP mùa xuân", booths=2, mode=AllocationMode.APPLICATION)
    exhibitor, products = await make_producer("HTX Chè Đường Hoa")
    form = {"products": [products[0].id], "booths_wanted": "1"}
    application = await applications.apply(event, exhibitor, form, None, today=local_today())
    await applications.review(application, "approve", "Đủ điều kiện", organizer)
    async with watched_page(browser) as page:
        walk = Walk(page, live_server.url)
        await walk.log_in("official")
        await walk.menu("Nhật ký thay đổi")
        register = await page.inner_text("main")
        assert "Duyệt đơn đăng ký" in register
        assert "Phạm Thu Hà" in register
        assert "application.approve" not in register and "BoothApplication" not in register
        assert await walk.width_overflow("main .table-wrap") == 0  # one card per entry on a phone
    walk.done()
