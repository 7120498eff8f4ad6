"""A real headless Chromium: an organizer copies two paper forms into the grid by keyboard."""

from __future__ import annotations

import re

from playwright.async_api import expect

from sales.models import SalesRecord
from tests.factories import PASSWORD, make_fair


async def test_organizer_fills_two_rows_with_the_keyboard_only(db, desktop_page, live_server):
    page = desktop_page
    fair = await make_fair(booths=3)
    first, second = fair.booths[0], fair.booths[1]
    start, today = fair.event.start_date, fair.today
    await page.goto(live_server.url + "/login")
    await page.fill("#f-username", "organizer")
    await page.fill("#f-password", PASSWORD)
    await page.keyboard.press("Enter")
    await page.wait_for_load_state("networkidle")
    await page.goto(f"{live_server.url}/events/{fair.event.id}/sales")

    # Into the first cell, then nothing but keys, as when copying paper forms.
    await page.focus(f"#row-{first.id} input[data-col='0']")
    await page.keyboard.type("1.250.000")
    await page.keyboard.press("Tab")
    await page.keyboard.type("750000")
    await page.keyboard.press("Tab")  # leaves row 1 for row 2: row 1 is saved
    focused = await page.evaluate("document.activeElement.closest('tr').id")
    assert focused == f"row-{second.id}"
    await page.keyboard.type("3.000.000")
    await page.keyboard.press("Enter")  # down to row 3: row 2 is saved
    focused = await page.evaluate("document.activeElement.closest('tr').id")
    assert focused == f"row-{fair.booths[2].id}"

    await expect(page.locator("#grand-total")).to_have_text(re.compile(r"^5\.000\.000"))
    assert (await page.text_content(f"td[data-day='{start.isoformat()}']")).startswith("4.250.000")
    assert "Đã lưu" in await page.text_content(f"#row-{first.id}")
    assert await page.input_value(f"#row-{first.id} input[data-col='0']") == "1.250.000"
    stored = {(r.assignment_id, r.day): r.revenue for r in await SalesRecord.all()}
    assert stored == {
        (first.id, start): 1_250_000,
        (first.id, today): 750_000,
        (second.id, start): 3_000_000,
    }
