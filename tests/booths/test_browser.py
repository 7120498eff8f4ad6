"""The floor plan in a real headless Chromium: htmx opens a booth in place, zoom works, no CSP
errors; screenshots on a phone and a desktop go to /tmp/shots for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from booths import booking
from booths.models import Booth
from tests.factories import PASSWORD, make_event, make_producer_user, make_user

SHOTS = Path("/tmp/shots")


@pytest.fixture
async def pages(browser, live_server):
    contexts, errors = [], []

    async def open_page(width: int, height: int):
        context = await browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = await context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        return page

    yield open_page
    for context in contexts:
        await context.close()
    assert errors == [], errors


async def _log_in(page, url: str, username: str) -> None:
    await page.goto(url + "/login")
    await page.fill("#f-username", username)
    await page.fill("#f-password", PASSWORD)
    await page.click("button[type=submit].primary")
    await page.wait_for_load_state("networkidle")


async def test_floor_plan_opens_booths_in_place_on_phone_and_desktop(db, pages, live_server):
    event = await make_event("Hội chợ OCOP Quảng Ninh 2026", booths=60, columns=12)
    await make_event("Khu B", booths=0)
    for n, booth in enumerate(await Booth.filter(event=event).order_by("code").limit(8)):
        user, exhibitor, _ = await make_producer_user(f"HTX Miến dong {n}")
        await booking.hold_booth(event, booth.id, exhibitor, user)
    await Booth.filter(event=event, code="A20").update(blocked=True)
    await make_user("organizer")
    SHOTS.mkdir(exist_ok=True)
    for name, (width, height) in {"phone": (390, 844), "desktop": (1280, 800)}.items():
        page = await pages(width, height)
        await _log_in(page, live_server.url, "organizer")
        await page.goto(f"{live_server.url}/events/{event.id}/booths")
        assert await page.locator("svg.floorplan a.booth").count() == 60
        await page.screenshot(path=str(SHOTS / f"booths-plan-{name}.png"), full_page=True)
        before = page.url
        await page.locator("svg.floorplan a.booth[data-code='A01']").click()
        await page.wait_for_selector("#booth-detail .booth-card")
        assert page.url == before  # opened in place, no navigation
        assert "HTX Miến dong 0" in await page.inner_text("#booth-detail")
        await page.screenshot(path=str(SHOTS / f"booths-detail-{name}.png"), full_page=True)
        await page.click("button[data-zoom=in]")
        assert "zoom-2" in (await page.get_attribute("#plan-scroll", "class") or "")
    await page.goto(f"{live_server.url}/events/{event.id}/booths/print?paper=a4")
    await page.screenshot(path=str(SHOTS / "booths-print.png"), full_page=True)
