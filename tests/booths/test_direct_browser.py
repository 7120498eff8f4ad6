"""In a real Chromium: an organizer opens a booth on the floor plan of a finished fair, finds a
producer without typing its accents and assigns it, without any application (issue 15)."""

from __future__ import annotations

from pathlib import Path

from booths.models import Booth, BoothAssignment
from events.models import EventStatus
from tests.browser import watched_page
from tests.factories import PASSWORD, make_event, make_producer, make_user

SHOTS = Path("/tmp/shots")


async def test_organizer_assigns_a_producer_on_the_floor_plan(db, browser, live_server):
    event = await make_event(
        "Hội chợ OCOP Hạ Long 2025",
        booths=24,
        columns=8,
        days_ahead=-60,
        status=EventStatus.FINISHED,
    )
    exhibitor, _products = await make_producer("HTX Nước mắm Cái Rồng", products=2)
    await make_user("organizer")
    SHOTS.mkdir(exist_ok=True)
    for name, (width, height), code in (
        ("phone", (390, 844), "A03"),
        ("desktop", (1280, 800), "A05"),
    ):
        async with watched_page(browser, width, height) as page:
            await page.goto(live_server.url + "/login")
            await page.fill("#f-username", "organizer")
            await page.fill("#f-password", PASSWORD)
            await page.click("button[type=submit].primary")
            await page.wait_for_load_state("networkidle")
            await page.goto(f"{live_server.url}/events/{event.id}/booths")
            await page.locator(f"svg.floorplan a.booth[data-code='{code}']").click()
            await page.wait_for_selector("#booth-detail #assign")
            await page.fill("#assign #f-q", "nuoc mam cai rong")
            await page.click("#assign button[type=submit]")
            await page.wait_for_selector(".assign-choice")
            await page.fill(".assign-choice input[name=reason]", "Gian hàng đã phân trên giấy")
            await page.screenshot(path=str(SHOTS / f"direct-assign-{name}.png"), full_page=True)
            await page.click(".assign-choice button[type=submit]")
            await page.wait_for_load_state("networkidle")
            assert "HTX Nước mắm Cái Rồng" in await page.inner_text("body")
            await page.screenshot(path=str(SHOTS / f"direct-assigned-{name}.png"), full_page=True)
        booth = await Booth.get(event=event, code=code)
        assignment = await BoothAssignment.get(active_booth=booth.id)
        assert assignment.exhibitor_id == exhibitor.id and assignment.entered_afterwards
