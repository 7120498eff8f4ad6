"""In a real Chromium: an organizer reaches the Results tab of a finished fair from the event's
page, uploads the workbook, reads the preview and imports it (phone and desktop screenshots)."""

from __future__ import annotations

from pathlib import Path

from sales.models import SalesRecord
from tests.browser import watched_page
from tests.factories import PASSWORD, make_user
from tests.results.fair import make_past_fair, workbook_of

SHOTS = Path("/tmp/shots")


async def test_organizer_imports_a_results_workbook(db, browser, live_server, tmp_path):
    fair = await make_past_fair(booths=6, gates=2, days=2)
    await make_user("organizer")
    SHOTS.mkdir(exist_ok=True)
    good = tmp_path / "ket-qua.xlsx"
    good.write_bytes(workbook_of(fair))
    for name, (width, height) in (("phone", (390, 844)), ("desktop", (1280, 800))):
        async with watched_page(browser, width, height) as page:
            await page.goto(live_server.url + "/login")
            await page.fill("#f-username", "organizer")
            await page.fill("#f-password", PASSWORD)
            await page.click("button[type=submit].primary")
            await page.wait_for_load_state("networkidle")
            await page.goto(f"{live_server.url}/events/{fair.event.id}")
            await page.click(f"a[href='/events/{fair.event.id}/results']")
            await page.wait_for_selector("#f-file")
            await page.screenshot(path=str(SHOTS / f"results-upload-{name}.png"), full_page=True)
            await page.set_input_files("#f-file", str(good))
            await page.click("form[enctype] button[type=submit]")
            await page.wait_for_selector("#results-rows")
            await page.screenshot(path=str(SHOTS / f"results-preview-{name}.png"), full_page=False)
            if name == "phone":
                await page.fill("#f-reason", "Số liệu hội chợ năm trước")
                await page.click("form button.primary")
                await page.wait_for_load_state("networkidle")
                await page.screenshot(path=str(SHOTS / f"results-done-{name}.png"), full_page=False)
    assert await SalesRecord.filter(source="imported").count() == 12
