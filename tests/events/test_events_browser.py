"""In a real headless Chromium: an organizer creates an event with the form and finds it."""

from __future__ import annotations

import re

from events.models import Event
from tests.factories import PASSWORD, make_venue


async def test_organizer_creates_an_event_and_sees_it_on_the_calendar(db, page, live_server):
    from tests.factories import make_user

    venue = await make_venue()
    await make_user("organizer")
    base = live_server.url
    await page.goto(base + "/login")
    await page.fill("#f-username", "organizer")
    await page.fill("#f-password", PASSWORD)
    await page.click("button[type=submit].primary")
    await page.wait_for_load_state("networkidle")

    await page.goto(base + "/events/new")
    await page.fill("#f-name", "Hội chợ OCOP mùa thu")
    await page.select_option("#f-venue_id", str(venue.id))
    await page.fill("#f-start_date", "31/02/2031")
    await page.fill("#f-end_date", "04/03/2031")
    await page.click("#event-form button[type=submit]")
    # The mistake comes back next to its field, the form keeps what was typed.
    await page.wait_for_selector("#e-start_date")
    assert await page.input_value("#f-name") == "Hội chợ OCOP mùa thu"
    assert not await Event.exists()

    await page.fill("#f-start_date", "02/03/2031")
    await page.fill("#f-opens_at", "08:00")
    await page.fill("#f-closes_at", "21:00")
    await page.check("#f-booths_free")
    await page.click("#event-form button[type=submit]")
    await page.wait_for_url(re.compile(r"/events/\d+$"))
    event = await Event.get(name="Hội chợ OCOP mùa thu")
    assert "Đã lưu sự kiện" in await page.content()

    await page.goto(base + "/events?year=2031&month=3")
    chip = page.locator(f'a.ev-chip[href="/events/{event.id}"]')
    assert await chip.count() == 3  # 2, 3 and 4 March
    await page.click(f'.ev-list a[href="/events/{event.id}"]')
    await page.wait_for_url(f"**/events/{event.id}")
    assert "08:00 – 21:00" in await page.content()
