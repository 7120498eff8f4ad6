"""E-mail through a real SMTP server in the test process: sent once, retried with growing
delays, failures visible, header injection refused, several workers never send twice."""

from __future__ import annotations

import asyncio
import datetime as dt

import booths.notices  # noqa: F401  (registers the kinds used here)
from notices import delivery
from ocopfair import province
from ocopfair.models import ProvinceProfile
from ocopfair.notice_models import Delivery, DeliveryStatus, NoticeSettings
from ocopfair.notices import notify
from tests.factories import make_producer_user, make_user
from tests.notices.smtp import smtp_server

MESSAGE = "Your booth %(old)s was moved to booth %(new)s. %(reason)s"


async def _producer(name: str, address: str = "", **fields):
    user, exhibitor, _products = await make_producer_user(name, email=address, **fields)
    return user


async def test_one_email_to_the_right_person_in_vietnamese(db, app, monkeypatch):
    user = await _producer("HTX Thư", "htx@example.vn")
    silent = await _producer("HTX Không thư")  # no address: in-app only, no error
    await ProvinceProfile.create(name="Lạng Sơn", short_name="LS", agency="Văn phòng OCOP")
    await province.load()  # e-mails name the province from its profile
    with smtp_server(monkeypatch) as box:
        await notify(
            [user.id, silent.id],
            "booth_changed",
            MESSAGE,
            {"old": "A01", "new": "B12", "reason": ""},
        )
        assert await delivery.send_due("w1") == 1
        assert await delivery.send_due("w1") == 0
    assert len(box.messages) == 1
    mail = box.messages[0]
    assert "htx@example.vn" in mail["To"]
    assert (
        mail["Subject"] == "[OCOP Lạng Sơn] Gian hàng A01 của bạn được chuyển sang gian hàng B12."
    )
    assert mail["List-Unsubscribe"].startswith("<http://testserver/notices/unsubscribe/")
    plain = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Kính gửi" in plain and "B12" in plain and "B12" in html
    assert "OCOP Lạng Sơn" in plain and "Quảng Ninh" not in plain
    row = await Delivery.get()
    assert row.status == DeliveryStatus.SENT and row.attempts == 1 and row.sent_at


async def test_email_choices_leave_a_kind_in_app_only(db, app, monkeypatch):
    user = await _producer("HTX Chọn", "htx@example.vn")
    await NoticeSettings.create(user_id=user.id, email="me@example.vn", email_off=["booth_changed"])
    await notify([user.id], "booth_changed", MESSAGE, {"old": "A", "new": "B", "reason": ""})
    await notify([user.id], "waitlist_promoted", "A booth was freed", {})
    rows = await Delivery.all().values_list("address", flat=True)
    assert rows == ["me@example.vn"]  # its own address wins; the unwanted kind has none


async def test_header_injection_in_a_name_stays_one_line(db, app, monkeypatch):
    user = await make_user(
        "organizer", username="evil", full_name="Kẻ xấu\r\nBcc: victim@example.vn"
    )
    await NoticeSettings.create(user_id=user.id, email="org@example.vn")
    with smtp_server(monkeypatch) as box:
        await notify(
            [user.id],
            "application_received",
            "New application from %(producer)s to %(event)s.",
            {"producer": "HTX\r\nBcc: victim@example.vn", "event": "Hội chợ"},
        )
        await delivery.send_due("w1")
    assert len(box.messages) == 1
    mail = box.messages[0]
    assert mail["Bcc"] is None
    assert "\n" not in mail["Subject"] and "victim" in mail["Subject"]
    assert [a.addr_spec for a in mail["To"].addresses] == ["org@example.vn"]


async def test_a_refusing_server_leads_to_retries_then_a_visible_failure(db, app, monkeypatch):
    user = await _producer("HTX Từ chối", "htx@example.vn")
    await notify([user.id], "booth_changed", MESSAGE, {"old": "A", "new": "B", "reason": ""})
    now = dt.datetime.now(dt.UTC)
    delays = []
    with smtp_server(monkeypatch, refuse=True) as box:
        for _attempt in range(delivery.MAX_ATTEMPTS):
            assert await delivery.send_due("w1", now) == 1
            row = await Delivery.get()
            assert "550" in row.last_error
            if row.status == DeliveryStatus.QUEUED:
                delays.append(row.next_attempt_at - now)
                assert await delivery.send_due("w1", now) == 0  # not before its time
                now = row.next_attempt_at
    assert box.started == delivery.MAX_ATTEMPTS and box.messages == []
    assert delays == sorted(delays) and delays[0] < delays[-1]  # growing delays
    row = await Delivery.get()
    assert row.status == DeliveryStatus.FAILED and row.attempts == delivery.MAX_ATTEMPTS
    # The administrator retries by hand once the server works again.
    assert await delivery.retry(row.id)
    with smtp_server(monkeypatch) as box:
        assert await delivery.send_due("w1") == 1
    assert len(box.messages) == 1
    assert (await Delivery.get()).status == DeliveryStatus.SENT


async def test_a_server_that_is_down_or_times_out(db, app, monkeypatch):
    user = await _producer("HTX Chậm", "htx@example.vn")
    await notify([user.id], "booth_changed", MESSAGE, {"old": "A", "new": "B", "reason": ""})
    monkeypatch.setenv("OCOPFAIR_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("OCOPFAIR_SMTP_PORT", "9")  # nothing listens
    monkeypatch.setenv("OCOPFAIR_SMTP_TLS", "none")
    assert await delivery.send_due("w1") == 1
    row = await Delivery.get()
    assert row.status == DeliveryStatus.QUEUED and "connect" in row.last_error
    with smtp_server(monkeypatch, delay=3) as box:
        monkeypatch.setenv("OCOPFAIR_SMTP_TIMEOUT", "0.5")
        assert await delivery.send_due("w1", row.next_attempt_at) == 1
    row = await Delivery.get()
    assert row.status == DeliveryStatus.QUEUED and row.attempts == 2 and box.messages == []


async def test_several_workers_at_once_send_each_message_once(db, app, monkeypatch):
    users = [await _producer(f"HTX {i}", f"htx{i}@example.vn") for i in range(12)]
    await notify(
        [u.id for u in users], "booth_changed", MESSAGE, {"old": "A", "new": "B", "reason": ""}
    )
    with smtp_server(monkeypatch) as box:
        counts = await asyncio.gather(*(delivery.send_due(f"w{i}", limit=12) for i in range(4)))
        assert sum(counts) == 12
    assert sorted(str(m["To"]) for m in box.messages) == sorted(
        {str(m["To"]) for m in box.messages}
    )
    assert len(box.messages) == 12
    assert await Delivery.filter(status=DeliveryStatus.SENT).count() == 12


async def test_an_unusable_stored_address_fails_at_once_and_others_still_go(db, app, monkeypatch):
    good = await _producer("HTX Tốt", "good@example.vn")
    bad = await make_user("organizer", username="bad")
    # Saved before validation existed (the settings page refuses it now).
    await NoticeSettings.create(user_id=bad.id, email="not an address\r\nBcc: x@example.vn")
    await notify(
        [good.id, bad.id], "booth_changed", MESSAGE, {"old": "A", "new": "B", "reason": ""}
    )
    with smtp_server(monkeypatch) as box:
        assert await delivery.send_due("w1") == 2
    assert [a.addr_spec for m in box.messages for a in m["To"].addresses] == ["good@example.vn"]
    failed = await Delivery.get(notice__user_id=bad.id)
    assert failed.status == DeliveryStatus.FAILED and failed.last_error.startswith("message:")
