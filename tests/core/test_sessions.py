"""Sessions that really end: a copy of the cookie saved before logging out, changing the
password, "sign out everywhere" or deactivation is refused afterwards (401), at once."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx2 as httpx
import pytest_asyncio

from ocopfair.accounts import create_token
from ocopfair.models import ApiToken, AuditEntry, LoginSession, User
from ocopfair.passwords import verify_password
from tests.factories import PASSWORD, make_user
from tests.login import login

NEW_PASSWORD = "mat-khau-moi-2027"


@pytest_asyncio.fixture
async def thief(db, app) -> AsyncIterator[httpx.AsyncClient]:
    """Someone else's browser, holding a copy of a session cookie."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as c:
        yield c


def copy_cookie(source: httpx.AsyncClient, target: httpx.AsyncClient) -> None:
    target.cookies.set("session", source.cookies["session"])
    target.headers["X-CSRFToken"] = source.headers["X-CSRFToken"]


async def signed_in_with_a_copy(client, thief, username: str) -> None:
    await login(client, username)
    copy_cookie(client, thief)
    assert (await thief.get("/api/v1/me")).status_code == 200  # the copy works before


async def test_logout_ends_every_copy_of_the_cookie(client, thief) -> None:
    await make_user("gate_staff", "gate")
    await signed_in_with_a_copy(client, thief, "gate")
    assert (await client.post("/logout")).status_code == 303
    expired = await thief.get("/account")
    assert expired.status_code == 401
    assert "Phiên làm việc đã hết hạn" in expired.text
    copy_cookie(client, thief) if "session" in client.cookies else None
    assert (await thief.get("/api/v1/me")).status_code == 401
    assert await LoginSession.filter(ended_at=None).count() == 0


async def test_password_change_ends_every_other_session(client, thief) -> None:
    user = await make_user("organizer", "lan")
    await signed_in_with_a_copy(client, thief, "lan")
    answer = await client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "repeat_password": NEW_PASSWORD,
        },
    )
    assert answer.status_code == 303
    assert (await thief.get("/api/v1/me")).status_code == 401
    assert (await client.get("/api/v1/me")).json()["username"] == "lan"  # this browser goes on
    assert verify_password((await User.get(id=user.id)).password_hash, NEW_PASSWORD)
    assert await AuditEntry.filter(action="password_changed", object_id=str(user.id)).exists()


async def test_a_wrong_password_change_changes_nothing(client) -> None:
    user = await make_user("organizer", "lan")
    await login(client, "lan")
    cases = [
        ({"current_password": "sai-roi-nhe", "new_password": NEW_PASSWORD}, "current_password"),
        ({"current_password": PASSWORD, "new_password": "short"}, "new_password"),
        ({"current_password": PASSWORD, "new_password": NEW_PASSWORD}, "repeat_password"),
    ]
    for data, field in cases:
        answer = await client.post("/account/password", data={"repeat_password": "x", **data})
        assert answer.status_code == 422
        assert re.search(rf'id="e-{field}"', answer.text), field
    assert verify_password((await User.get(id=user.id)).password_hash, PASSWORD)
    assert (await client.get("/api/v1/me")).status_code == 200


async def test_sign_out_everywhere_ends_this_session_too(client, thief, other_client) -> None:
    await make_user("official", "hoa")
    await signed_in_with_a_copy(client, thief, "hoa")
    await login(other_client, "hoa")
    answer = await client.post("/account/sessions/end-all")
    assert answer.status_code == 303
    for browser in (client, thief, other_client):
        assert (await browser.get("/api/v1/me")).status_code == 401


async def test_deactivation_ends_sessions_at_once(client, thief, other_client) -> None:
    await make_user("admin", "boss")
    user = await make_user("official", "ha")
    await signed_in_with_a_copy(client, thief, "ha")
    admin = other_client
    await login(admin, "boss")
    assert (await admin.post(f"/admin/users/{user.id}/deactivate")).status_code == 303
    assert (await thief.get("/api/v1/me")).status_code == 401
    await User.filter(id=user.id).update(is_active=True)  # reactivated: old cookies stay dead
    assert (await client.get("/api/v1/me")).status_code == 401


async def test_one_session_is_ended_from_the_list(client, other_client) -> None:
    await make_user("organizer", "lan")
    await make_user("organizer", "minh")
    await login(client, "lan")
    await login(other_client, "lan")
    page = await client.get("/account")
    assert page.status_code == 200
    assert "Thiết bị này" in page.text
    ids = [int(i) for i in re.findall(r"/account/sessions/(\d+)/end", page.text)]
    assert len(ids) == 1  # the other browser's; this one is ended by logging out
    # Nobody ends another person's session: minh tries lan's.
    minh = httpx.AsyncClient(transport=other_client._transport, base_url="http://testserver")
    async with minh:
        await login(minh, "minh")
        assert (await minh.post(f"/account/sessions/{ids[0]}/end")).status_code == 404
    assert (await other_client.get("/api/v1/me")).status_code == 200
    assert (await client.post(f"/account/sessions/{ids[0]}/end")).status_code == 303
    assert (await other_client.get("/api/v1/me")).status_code == 401


async def test_tokens_are_listed_and_revoked_by_their_owner_only(client) -> None:
    user = await make_user("gate_staff", "gate")
    other = await make_user("gate_staff", "gate2")
    await create_token(user, "Máy đếm cổng A")
    await create_token(other, "Máy của người khác")
    await login(client, "gate")
    page = await client.get("/account")
    assert "Máy đếm cổng A" in page.text
    assert "Máy của người khác" not in page.text
    theirs = await ApiToken.get(user_id=other.id)
    mine = await ApiToken.get(user_id=user.id)
    assert (await client.post(f"/account/tokens/{theirs.id}/revoke")).status_code == 404
    assert (await client.post(f"/account/tokens/{mine.id}/revoke")).status_code == 303
    assert (await ApiToken.get(id=mine.id)).revoked_at is not None
    assert (await ApiToken.get(id=theirs.id)).revoked_at is None


async def test_the_account_page_is_linked_from_every_page(client) -> None:
    await make_user("official", "hoa")
    await login(client, "hoa")
    home = await client.get("/")
    assert 'href="/account"' in home.text


async def test_the_cookie_lives_as_long_as_a_login(client) -> None:
    await make_user("official", "hoa")
    answer = await login(client, "hoa")
    cookie = answer.headers["set-cookie"].lower()
    assert "max-age=43200" in cookie
    row = await LoginSession.get()
    assert abs((row.expires_at - row.created_at).total_seconds() - 43200) < 5


def test_devices_are_named_for_people() -> None:
    from ocopfair.sessions import device_label

    android = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Version/17.5 Safari/604.1"
    assert device_label(android) == "Chrome · Android"
    assert device_label(iphone) == "Safari · iPhone"
    assert device_label("curl/8.5") == ""
