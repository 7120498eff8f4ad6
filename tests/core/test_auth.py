"""Logging in and out, sessions, CSRF, roles, throttling: every refusal is a clear page."""

from __future__ import annotations

import base64
import json
import time

import pytest
from itsdangerous import TimestampSigner

from ocopfair.models import Role
from tests.environment import TEST_SECRET
from tests.factories import PASSWORD, make_exhibitor, make_user
from tests.login import csrf_token_of, login, page_without

ROLE_HOME_MARKERS = {
    "admin": "Việc chờ bạn quyết định",
    "organizer": "Việc chờ bạn quyết định",
    "exhibitor": "Gian hàng của tôi",
    "gate_staff": "Cổng của tôi hôm nay",
    "official": "Báo cáo hội chợ gần đây",
}


@pytest.mark.parametrize("role", list(ROLE_HOME_MARKERS))
async def test_each_role_logs_in_and_reaches_its_home(client, role):
    extra = {"exhibitor_id": (await make_exhibitor()).id} if role == "exhibitor" else {}
    await make_user(role, **extra)
    await login(client, role)
    home = await client.get("/")
    assert home.status_code == 200
    assert ROLE_HOME_MARKERS[role] in home.text
    assert 'lang="vi"' in home.text


async def test_wrong_password_is_a_clear_400_next_to_the_field(client):
    await make_user("organizer")
    token = await csrf_token_of(client)
    response = await client.post(
        "/login", data={"username": "organizer", "password": "nope", "csrf_token": token}
    )
    assert response.status_code == 400
    assert "Sai tên đăng nhập hoặc mật khẩu." in response.text
    assert 'id="e-password"' in response.text


async def test_unknown_user_gets_the_same_answer_as_a_wrong_password(client):
    await make_user("organizer")
    token = await csrf_token_of(client)
    known = await client.post(
        "/login", data={"username": "organizer", "password": "x", "csrf_token": token}
    )
    unknown = await client.post(
        "/login", data={"username": "ghost", "password": "x", "csrf_token": token}
    )
    assert known.status_code == unknown.status_code == 400

    assert page_without(known.text, "organizer", "ghost") == page_without(
        unknown.text, "organizer", "ghost"
    )


async def test_ten_wrong_passwords_slow_down_that_account(client):
    await make_user("organizer")
    await make_user("official")
    token = await csrf_token_of(client)
    for _ in range(10):
        r = await client.post(
            "/login", data={"username": "organizer", "password": "bad", "csrf_token": token}
        )
        assert r.status_code == 400
    blocked = await client.post(
        "/login", data={"username": "organizer", "password": PASSWORD, "csrf_token": token}
    )
    assert blocked.status_code == 429
    assert "Nhập sai mật khẩu quá nhiều lần" in blocked.text
    assert int(blocked.headers["retry-after"]) >= 1
    # Another account is not affected.
    other = await client.post(
        "/login", data={"username": "official", "password": PASSWORD, "csrf_token": token}
    )
    assert other.status_code == 303


async def test_successful_login_resets_the_failure_count(client):
    from ocopfair.accounts import pair_key
    from ocopfair.models import LoginThrottle

    await make_user("organizer")
    token = await csrf_token_of(client)
    for _ in range(3):
        await client.post(
            "/login", data={"username": "organizer", "password": "bad", "csrf_token": token}
        )
    key = pair_key("127.0.0.1", "organizer")
    assert (await LoginThrottle.get(username=key)).failures == 3
    await login(client, "organizer")
    assert not await LoginThrottle.exists(username=key)


def forged_session(data: dict) -> str:
    """A session cookie signed with the app's key, as the session middleware would make it."""
    payload = base64.b64encode(json.dumps(data).encode())
    return TimestampSigner(TEST_SECRET).sign(payload).decode()


async def test_expired_session_asks_to_log_in_again(client):
    user = await make_user("organizer")
    client.cookies.set(
        "session",
        forged_session({"uid": user.id, "auth_at": int(time.time()) - 13 * 3600, "csrf": "t"}),
    )
    response = await client.get("/admin/users")
    assert response.status_code == 401
    assert "Phiên làm việc đã hết hạn" in response.text
    assert 'action="/login"' in response.text


async def test_anonymous_user_on_a_private_page_gets_401_with_login_form(client):
    response = await client.get("/admin/users")
    assert response.status_code == 401
    assert "Vui lòng đăng nhập để xem trang này." in response.text


async def test_other_roles_get_403_on_an_admin_page(client):
    await make_user("organizer")
    await login(client, "organizer")
    response = await client.get("/admin/users")
    assert response.status_code == 403
    assert "Bạn không có quyền" in response.text


async def test_unknown_url_is_a_vietnamese_404(client):
    response = await client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert "Trang bạn tìm không tồn tại." in response.text


async def test_post_without_csrf_token_is_refused_and_changes_nothing(client):
    from ocopfair.models import User

    await make_user("admin")
    await login(client, "admin")
    del client.headers["X-CSRFToken"]
    data = {"username": "newbie", "password": "longenough1", "role": "official"}
    missing = await client.post("/admin/users", data=data)
    wrong = await client.post("/admin/users", data={**data, "csrf_token": "forged"})
    assert missing.status_code == wrong.status_code == 403
    assert "Biểu mẫu đã hết hạn" in missing.text
    assert not await User.exists(username="newbie")
    good = await client.post(
        "/admin/users", data={**data, "csrf_token": await csrf_token_of(client)}
    )
    assert good.status_code == 303
    assert await User.exists(username="newbie", role=Role.OFFICIAL)


async def test_csrf_header_works_for_htmx_and_logout_ends_the_session(client):
    await make_user("organizer")
    await login(client, "organizer")
    response = await client.post("/logout")  # the X-CSRFToken header is set by login()
    assert response.status_code == 303
    assert (await client.get("/admin/users")).status_code == 401


async def test_session_cookie_is_httponly_lax_and_secure_only_over_https(app, db):
    import httpx2 as httpx

    await make_user("organizer")
    for scheme, secure in (("http", False), ("https", True)):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"{scheme}://testserver") as c:
            response = await c.get("/login")
            cookie = response.headers["set-cookie"].lower()
            assert "httponly" in cookie
            assert "samesite=lax" in cookie
            assert ("secure" in cookie) is secure


async def test_open_redirect_after_login_is_refused(client):
    await make_user("organizer")
    token = await csrf_token_of(client)
    response = await client.post(
        "/login",
        data={
            "username": "organizer",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/steal",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_admin_form_errors_are_shown_next_to_fields_and_nothing_is_saved(client):
    from ocopfair.models import User

    await make_user("admin")
    await login(client, "admin")
    response = await client.post(
        "/admin/users", data={"username": "x", "password": "short", "role": "official"}
    )
    assert response.status_code == 422
    assert "Mật khẩu phải có ít nhất 8 ký tự." in response.text
    assert await User.filter(username="x").count() == 0
    bad_role = await client.post(
        "/admin/users", data={"username": "y", "password": "longenough", "role": "king"}
    )
    assert bad_role.status_code == 422
    assert await User.filter(username="y").count() == 0


async def test_deactivated_user_cannot_log_in_or_keep_a_session(client, other_client):
    await make_user("admin")
    user = await make_user("official")
    await login(other_client, "official")
    await login(client, "admin")
    response = await client.post(f"/admin/users/{user.id}/deactivate")
    assert response.status_code == 303
    assert (await other_client.get("/api/v1/me")).status_code == 401
