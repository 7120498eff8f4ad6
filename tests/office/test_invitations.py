"""Producers invited in bulk: one account and one code each; a code works once, expires, and
guessing is throttled."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

import httpx2 as httpx

from ocopfair.models import AuditEntry, Role, User
from office.invitations import NO_PASSWORD, code_hash
from office.models import AccessCode
from tests.factories import make_exhibitor, make_user
from tests.login import login
from tests.office.helpers import token_from

CODE = re.compile(r'<span class="code">([^<]+)</span>')


async def invite_all(client) -> list[str]:
    sheet = await client.post("/invitations", data={"all": "1"})
    assert sheet.status_code == 200, sheet.text[:300]
    return CODE.findall(sheet.text)


async def redeem(client, code: str, password: str = "mat-khau-moi-1") -> httpx.Response:
    token = await token_from(client, "/welcome")
    return await client.post(
        "/welcome",
        data={"code": code, "password": password, "password_again": password, "csrf_token": token},
    )


async def test_an_organizer_invites_every_producer_and_each_signs_up(client, other_client):
    await make_user("organizer")
    producers = [await make_exhibitor(f"HTX Số {i}", tax_code=f"57000000{i:02d}") for i in range(3)]
    await login(client, "organizer")
    codes = await invite_all(client)
    assert len(codes) == 3 and len(set(codes)) == 3
    assert all(len(c) >= 22 for c in codes)  # 128 random bits
    sheet = await client.post("/invitations", data={"all": "1"})  # nobody signed up yet: again
    assert sheet.text.count("<svg") == 3 and "/welcome/" in sheet.text
    accounts = await User.filter(role=Role.EXHIBITOR).order_by("exhibitor_id")
    assert [a.exhibitor_id for a in accounts] == [p.id for p in producers]
    assert all(a.password_hash == NO_PASSWORD for a in accounts)
    # Only hashes are stored, and inviting again replaced the first codes.
    assert not await AccessCode.filter(code_hash=codes[0], used_at=None).exists()
    assert await AuditEntry.filter(action="user.invite").count() == 6

    fresh = CODE.findall(sheet.text)
    done = await redeem(other_client, fresh[0])
    assert done.status_code == 303
    me = (await other_client.get("/api/v1/me")).json()
    assert me["role"] == "exhibitor" and me["exhibitor_id"] in {p.id for p in producers}
    # The producer can now sign in with its own password.
    await other_client.post("/logout")
    await login(other_client, me["username"], "mat-khau-moi-1")
    # A producer that signed up is not invited again.
    assert len(await invite_all(client)) == 2


async def test_a_code_used_twice_works_once(client, other_client):
    await make_user("organizer")
    await make_exhibitor()
    await login(client, "organizer")
    (code,) = await invite_all(client)
    assert (await redeem(other_client, code)).status_code == 303
    again = await redeem(client, code, "another-pass-2")
    assert again.status_code == 422 and "Mã này đã được dùng" in again.text


async def test_two_redemptions_at_once_only_one_wins(db, app):
    await make_user("organizer")
    await make_exhibitor()
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as office,
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as one,
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as two,
    ):
        await login(office, "organizer")
        (code,) = await invite_all(office)
        answers = await asyncio.gather(
            redeem(one, code, "password-one-1"), redeem(two, code, "password-two-2")
        )
    assert sorted(r.status_code for r in answers) == [303, 422]
    assert await AccessCode.filter(used_at__isnull=False).count() == 1


async def test_an_expired_code_is_refused(client, other_client):
    await make_user("organizer")
    await make_exhibitor()
    await login(client, "organizer")
    (code,) = await invite_all(client)
    await AccessCode.filter(code_hash=code_hash(code)).update(
        expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    )
    response = await redeem(other_client, code)
    assert response.status_code == 422 and "Mã này đã hết hạn" in response.text
    assert (await User.get(role=Role.EXHIBITOR)).password_hash == NO_PASSWORD


async def test_guessing_is_refused_then_throttled(client):
    for attempt in range(10):
        response = await redeem(client, f"guess-{attempt}")
        assert response.status_code == 422 and "Mã không hợp lệ" in response.text
    throttled = await redeem(client, "guess-11")
    assert throttled.status_code == 429 and "Thử quá nhiều lần" in throttled.text
    assert "Retry-After" in throttled.headers


async def test_a_bad_new_password_keeps_the_code(client, other_client):
    await make_user("organizer")
    await make_exhibitor()
    await login(client, "organizer")
    (code,) = await invite_all(client)
    short = await redeem(other_client, code, "short")
    assert short.status_code == 422 and "ít nhất 8 ký tự" in short.text
    assert (await redeem(other_client, code)).status_code == 303


async def test_inviting_nobody_is_refused(client):
    await make_user("organizer")
    await login(client, "organizer")
    response = await client.post("/invitations", data={})
    assert response.status_code == 422 and "Chọn ít nhất một chủ thể." in response.text


async def test_exhibitors_cannot_invite(client):
    producer = await make_exhibitor()
    await make_user("exhibitor", exhibitor_id=producer.id)
    await login(client, "exhibitor")
    assert (await client.post("/invitations", data={"all": "1"})).status_code == 403


async def test_two_organizers_inviting_at_once_make_one_account_per_producer(db, app):
    await make_user("organizer", "one")
    await make_user("organizer", "two")
    for i in range(3):
        await make_exhibitor(f"HTX {i}", tax_code=f"57000001{i:02d}")
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as one,
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as two,
    ):
        await login(one, "one")
        await login(two, "two")
        answers = await asyncio.gather(
            one.post("/invitations", data={"all": "1"}), two.post("/invitations", data={"all": "1"})
        )
    assert {r.status_code for r in answers} <= {200, 409}
    refused = [r for r in answers if r.status_code == 409]
    assert all("Có người khác đang mời" in r.text for r in refused)
    assert await User.filter(role=Role.EXHIBITOR).count() == 3
    # Whoever won, each account has exactly one code that works.
    now = dt.datetime.now(dt.UTC)
    assert await AccessCode.filter(used_at=None, expires_at__gt=now).count() == 3


async def test_the_sheets_qr_codes_open_each_producers_link(client, browser):
    """Drawn by Chromium and read back by an independent decoder (zxing-cpp): the quick,
    fixed-mask codes of the sheet scan to each producer's own link."""
    from tests.exhibitors.test_qrcodes import decode_svgs

    await make_user("organizer")
    for i in range(3):
        await make_exhibitor(f"HTX Quét {i}", tax_code=f"57000002{i:02d}")
    await login(client, "organizer")
    sheet = await client.post("/invitations", data={"all": "1"})
    codes = CODE.findall(sheet.text)
    decoded = await decode_svgs(browser, sheet.text)
    assert decoded == [f"http://testserver/welcome/{code}" for code in codes]
