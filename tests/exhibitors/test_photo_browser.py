"""In Chromium: an exhibitor adds a product with a 6 MB phone photo; an official reads the audit
log in Vietnamese (issue 16, items 4 and 5: what the journeys of issue 16 rely on)."""

from __future__ import annotations

import os
import re

from playwright.async_api import expect

from exhibitors.models import ChangeStatus, ProductChange
from ocopfair.audit import record
from tests import photo_samples as samples
from tests.factories import PASSWORD, make_exhibitor, make_user

SHOTS = os.environ.get("OCOPFAIR_SHOTS", "")


async def _sign_in(page, base: str, username: str) -> None:
    await page.goto(base + "/login")
    await page.fill("#f-username", username)
    await page.fill("#f-password", PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page).not_to_have_url(re.compile(r"/login"), timeout=60_000)


async def test_an_exhibitor_adds_a_product_with_a_6_mb_phone_photo(db, page, live_server, tmp_path):
    exhibitor = await make_exhibitor("HTX Miến dong Bình Liêu")
    await make_user("exhibitor", "htx", exhibitor_id=exhibitor.id, full_name="Lò Văn Minh")
    photo = tmp_path / "IMG_0412.jpg"
    photo.write_bytes(samples.phone_jpeg(6.0))
    await _sign_in(page, live_server.url, "htx")
    await page.goto(f"{live_server.url}/exhibitors/{exhibitor.id}/products/new")
    await page.fill("#f-name", "Miến dong đặc sản")
    await page.select_option("#f-group", index=1)
    await page.select_option("#f-stars", "4")
    await page.fill("#f-certificate_date", "15/06/2025")
    await page.set_input_files("#f-photo", str(photo))
    assert await page.get_attribute("#f-certificate_date", "inputmode") == "text"
    if SHOTS:
        await page.screenshot(path=f"{SHOTS}/product-form-390.png", full_page=True)
    await page.get_by_role("button", name="Lưu").click()
    await page.wait_for_load_state("networkidle")
    change = await ProductChange.get(exhibitor_id=exhibitor.id, status=ChangeStatus.PENDING)
    assert change.photo and len(change.photo) <= 310 * 1024


async def test_a_too_large_photo_is_named_next_to_the_field_before_sending(
    db, page, live_server, tmp_path
):
    exhibitor = await make_exhibitor("HTX Miến dong Bình Liêu")
    await make_user("exhibitor", "htx", exhibitor_id=exhibitor.id)
    huge = tmp_path / "huge.jpg"
    huge.write_bytes(b"\xff\xd8\xff" + b"\0" * (16 * 1024 * 1024))
    await _sign_in(page, live_server.url, "htx")
    await page.goto(f"{live_server.url}/exhibitors/{exhibitor.id}/products/new")
    await page.set_input_files("#f-photo", str(huge))
    await expect(page.locator("#e-photo")).to_have_text(
        "Ảnh lớn hơn 15 MB. Vui lòng chọn ảnh nhỏ hơn."
    )


async def test_an_official_reads_an_approval_in_vietnamese(db, desktop_page, live_server):
    organizer = await make_user("organizer", full_name="Trần Văn Bình")
    await make_user("official", full_name="Phạm Thu Hà")
    await record(organizer, "application.approve", "BoothApplication", 7, reason="Đủ điều kiện")
    await record(
        organizer,
        "sales.update",
        "SalesRecord",
        871,
        before={"revenue": 1_571_073},
        after={"revenue": 157_107_300},
        reason="Sửa theo phiếu",
    )
    page = desktop_page
    await _sign_in(page, live_server.url, "official")
    await page.goto(live_server.url + "/audit")
    table = page.locator("table.audit")
    await expect(table).to_contain_text("Duyệt đơn đăng ký")
    await expect(table).to_contain_text("Trần Văn Bình")
    await expect(table).to_contain_text("Doanh thu: 1.571.073")
    await expect(table).to_contain_text("157.107.300")
    if SHOTS:
        await page.screenshot(path=f"{SHOTS}/audit-1280.png", full_page=True)
        await page.set_viewport_size({"width": 390, "height": 844})
        await page.screenshot(path=f"{SHOTS}/audit-390.png", full_page=True)
