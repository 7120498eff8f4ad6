"""The notices page, the unread count, e-mail choices, unsubscribe links, the admin view."""

from __future__ import annotations

import re

import booths.notices  # noqa: F401  (registers the kinds used here)
from notices.choices import unsubscribe_token
from ocopfair.models import AuditEntry
from ocopfair.notice_models import Delivery, DeliveryStatus, Notice, NoticeSettings
from ocopfair.notices import notify
from tests.factories import make_producer_user, make_user
from tests.login import csrf_token_of, login

MOVED = "Your booth %(old)s was moved to booth %(new)s. %(reason)s"


async def test_notices_page_unread_count_and_read(client, other_client):
    user, exhibitor, _products = await make_producer_user("HTX Đọc")
    other, _e, _p = await make_producer_user("HTX Khác")
    await notify(
        [user.id],
        "application_decided",
        "Your application to %(event)s was approved by the province.",
        {"event": "Hội chợ Hạ Long"},
        route="application_page",
        route_params={"application_id": 7},
    )
    await notify([other.id], "booth_changed", MOVED, {"old": "A", "new": "B", "reason": ""})
    await login(client, user.username)
    home = await client.get("/")
    assert 'hx-get="/notices/badge"' in home.text and "Thông báo" in home.text
    badge = await client.get("/notices/badge")
    assert '<span class="badge warn">1</span>' in badge.text
    page = await client.get("/notices")
    assert "Hồ sơ đăng ký tham gia Hội chợ Hạ Long của bạn đã được tỉnh duyệt." in page.text
    assert "gian hàng B" not in page.text  # another producer's notice
    mine = await Notice.get(user_id=user.id)
    theirs = await Notice.get(user_id=other.id)
    r = await client.post(f"/notices/{theirs.id}/read")
    assert r.status_code == 404
    assert (await Notice.get(id=theirs.id)).read_at is None
    r = await client.post(f"/notices/{mine.id}/read", data={"open": "1"})
    assert r.status_code == 303 and r.headers["location"] == "/applications/7"
    assert (await client.get("/notices/badge")).text == ""
    await login(other_client, other.username)
    r = await other_client.post("/notices/read-all")
    assert r.status_code == 303
    assert await Notice.filter(read_at__isnull=True).count() == 0


async def test_email_choices_refuse_an_invalid_address(client):
    user = await make_user("organizer")
    await login(client, user.username)
    page = await client.get("/notices/settings")
    assert "Hồ sơ đăng ký mới (ban tổ chức)" in page.text
    for bad in ("khong-phai-thu", "a@b\r\nBcc: x@example.vn", "x" * 300 + "@example.vn"):
        r = await client.post("/notices/settings", data={"email": bad, "kinds": ["booth_changed"]})
        assert r.status_code == 422 and 'class="error"' in r.text
        assert "ten@example.vn" in r.text
    assert await NoticeSettings.all().count() == 0
    r = await client.post(
        "/notices/settings", data={"email": " me@example.vn ", "kinds": ["booth_changed"]}
    )
    assert r.status_code == 303
    saved = await NoticeSettings.get(user_id=user.id)
    assert saved.email == "me@example.vn" and "booth_changed" not in saved.email_off
    assert "application_received" in saved.email_off
    assert await AuditEntry.filter(action="notices.settings").count() == 1


async def test_unsubscribe_link_forged_replayed_and_for_another_person(client, app):
    user, _e, _p = await make_producer_user("HTX Hủy", email="htx@example.vn")
    token = unsubscribe_token(user.id, "booth_changed")
    page = await client.get(f"/notices/unsubscribe/{token}")
    assert page.status_code == 200 and "Ngừng nhận loại thư này?" in page.text
    assert await NoticeSettings.all().count() == 0  # opening the link changes nothing
    csrf = await csrf_token_of(client)
    r = await client.post(f"/notices/unsubscribe/{token}", data={"csrf_token": csrf})
    assert r.status_code == 200 and "Xong" in r.text
    assert (await NoticeSettings.get(user_id=user.id)).email_off == ["booth_changed"]
    r = await client.post(f"/notices/unsubscribe/{token}", data={"csrf_token": csrf})
    assert r.status_code == 200 and "đã được ngừng từ trước" in r.text
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for bad in (forged, "bogus", token.split(".")[0]):
        r = await client.post(f"/notices/unsubscribe/{bad}", data={"csrf_token": csrf})
        assert r.status_code == 400 and "không hợp lệ" in r.text
    assert (await NoticeSettings.get(user_id=user.id)).email_off == ["booth_changed"]
    # After unsubscribing, the kind stays in-app only.
    await notify([user.id], "booth_changed", MOVED, {"old": "A", "new": "B", "reason": ""})
    assert await Notice.filter(user_id=user.id).count() == 1
    assert await Delivery.all().count() == 0


async def test_admin_sees_failed_deliveries_and_retries(client, other_client):
    user, _e, _p = await make_producer_user("HTX Lỗi", email="htx@example.vn")
    await notify([user.id], "booth_changed", MOVED, {"old": "A", "new": "B", "reason": ""})
    await Delivery.all().update(status=DeliveryStatus.FAILED, last_error="550 Mailbox unavailable")
    row = await Delivery.get()
    await make_user("admin")
    await make_user("organizer")
    await login(other_client, "organizer")
    assert (await other_client.get("/admin/deliveries")).status_code == 403
    assert (await other_client.post(f"/admin/deliveries/{row.id}/retry")).status_code == 403
    await login(client, "admin")
    home = await client.get("/")
    assert 'href="/admin"' in home.text  # reached from the menu, under "Quản trị"
    assert 'href="/admin/deliveries"' in (await client.get("/admin")).text
    page = await client.get("/admin/deliveries?status=failed")
    assert "550 Mailbox unavailable" in page.text and "htx@example.vn" in page.text
    assert re.search(r"Gửi không được \(1\)", page.text)
    r = await client.post(f"/admin/deliveries/{row.id}/retry")
    assert r.status_code == 303
    assert (await Delivery.get()).status == DeliveryStatus.QUEUED
    assert await AuditEntry.filter(action="notices.retry").count() == 1
