"""In a real Chromium, on a phone and a desktop: a producer sees the unread count in the top
bar, opens its notices from there, follows one to its application, and sets its e-mail."""

from __future__ import annotations

from pathlib import Path

import booths.notices  # noqa: F401  (registers the kinds used here)
from booths.models import BoothApplication
from ocopfair.notice_models import Notice
from ocopfair.notices import notify
from tests.browser import watched_page
from tests.factories import PASSWORD, make_event, make_producer_user

SHOTS = Path("/tmp/shots")


async def test_producer_reaches_its_notices_from_the_top_bar(db, browser, live_server):
    event = await make_event("Hội chợ OCOP Quảng Ninh 2027", booths=4)
    user, exhibitor, _products = await make_producer_user("HTX Miến dong Bình Liêu")
    application = await BoothApplication.create(event=event, exhibitor=exhibitor)
    SHOTS.mkdir(exist_ok=True)
    for name, (width, height) in (("phone", (390, 844)), ("desktop", (1280, 800))):
        await Notice.all().delete()
        await notify(
            [user.id],
            "application_decided",
            "Your application to %(event)s was approved by the province.",
            {"event": event.name},
            route="application_page",
            route_params={"application_id": application.id},
        )
        await notify(
            [user.id],
            "booth_changed",
            "Your booth %(old)s was moved to booth %(new)s. %(reason)s",
            {"old": "A01", "new": "A03", "reason": "Gần lối vào hơn."},
        )
        async with watched_page(browser, width, height) as page:
            await page.goto(live_server.url + "/login")
            await page.fill("#f-username", user.username)
            await page.fill("#f-password", PASSWORD)
            await page.click("button[type=submit].primary")
            await page.wait_for_load_state("networkidle")
            badge = page.locator("a.topbar-link .badge")
            await badge.wait_for()  # on a phone too, without opening the menu
            assert await badge.is_visible()
            assert await badge.inner_text() == "2"
            await page.screenshot(path=str(SHOTS / f"notices-topbar-{name}.png"))
            await page.click("a.topbar-link")
            await page.wait_for_selector("li.notice.unread")
            assert "A03" in await page.inner_text("ul.notices")
            await page.screenshot(path=str(SHOTS / f"notices-list-{name}.png"), full_page=True)
            await page.locator("li.notice", has_text="duyệt").locator("button[name=open]").click()
            await page.wait_for_load_state("networkidle")
            assert page.url.endswith(f"/applications/{application.id}")
            await page.goto(live_server.url + "/notices")
            await page.click("text=Chọn thư nhận")
            # The browser accepts this address; the server refuses it (no domain suffix).
            await page.fill("#f-email", "ten@mien")
            await page.click("button[type=submit].primary")
            await page.wait_for_selector("p.error")
            await page.screenshot(path=str(SHOTS / f"notices-settings-{name}.png"), full_page=True)
        read = await Notice.filter(user_id=user.id, read_at__isnull=False).count()
        assert read == 1
