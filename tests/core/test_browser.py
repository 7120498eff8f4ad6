"""A real headless Chromium: every role logs in and reaches its home; the language switches."""

from __future__ import annotations

from tests.factories import PASSWORD, make_exhibitor, make_user

ROLE_HEADINGS = {
    "admin": "Việc chờ bạn quyết định",
    "organizer": "Việc chờ bạn quyết định",
    "exhibitor": "Gian hàng của tôi",
    "gate_staff": "Cổng của tôi hôm nay",
    "official": "Báo cáo hội chợ gần đây",
}


async def log_in_with_the_form(page, base_url: str, username: str) -> None:
    await page.goto(base_url + "/login")
    await page.fill("#f-username", username)
    await page.fill("#f-password", PASSWORD)
    await page.click("button[type=submit].primary")
    await page.wait_for_load_state("networkidle")


async def test_every_role_logs_in_and_sees_its_home(db, page, live_server):
    exhibitor = await make_exhibitor()
    for role in ROLE_HEADINGS:
        extra = {"exhibitor_id": exhibitor.id} if role == "exhibitor" else {}
        await make_user(role, **extra)
    for role, heading in ROLE_HEADINGS.items():
        await log_in_with_the_form(page, live_server.url, role)
        assert heading in await page.content(), role
        # Log out through the menu (a CSS-only toggle on a phone).
        await page.click("label.menu-button")
        await page.click("text=Đăng xuất")
        await page.wait_for_load_state("networkidle")
        assert "Bạn đã đăng xuất." in await page.content()


async def test_wrong_password_shows_the_sentence_under_the_field(db, page, live_server):
    await make_user("official")
    await page.goto(live_server.url + "/login")
    await page.fill("#f-username", "official")
    await page.fill("#f-password", "wrong-password")
    await page.click("button[type=submit].primary")
    assert await page.text_content("#e-password") == "Sai tên đăng nhập hoặc mật khẩu."


async def test_language_switch_to_english_and_back_is_remembered(db, page, live_server):
    await page.goto(live_server.url + "/login")
    assert await page.text_content("h1") == "Đăng nhập"
    await page.click("label.menu-button")
    await page.click("button[name=lang][value=en]")
    await page.wait_for_load_state("networkidle")
    assert await page.text_content("h1") == "Log in"
    await page.goto(live_server.url + "/")
    assert await page.get_attribute("html", "lang") == "en"
    await page.click("label.menu-button")
    await page.click("button[name=lang][value=vi]")
    await page.wait_for_load_state("networkidle")
    assert await page.get_attribute("html", "lang") == "vi"
