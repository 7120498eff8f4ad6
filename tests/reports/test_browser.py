"""The report pages in a real headless Chromium: charts load under the CSP, print, PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.core.test_browser import log_in_with_the_form

SHOTS = Path("/tmp/shots")


@pytest.fixture
async def context(browser):
    contexts = []

    async def make(width: int, height: int):
        ctx = await browser.new_context(viewport={"width": width, "height": height})
        contexts.append(ctx)
        page = await ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: (
                errors.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        page.on(
            "response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        return page, errors

    yield make
    for ctx in contexts:
        await ctx.close()


async def charts_drawn(page) -> list[int]:
    return await page.eval_on_selector_all(
        ".rp-chart img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)"
    )


async def test_report_pages_draw_their_charts_without_csp_errors(
    fair, context, live_server, backend
):
    SHOTS.mkdir(exist_ok=True)
    event_id = fair["event"].id
    for width, height in ((390, 844), (1280, 800)):
        page, errors = await context(width, height)
        await log_in_with_the_form(page, live_server.url, "official")
        await page.goto(f"{live_server.url}/events/{event_id}/report")
        drawn = await charts_drawn(page)
        assert len(drawn) >= 5 and all(w > 0 for w in drawn), drawn
        await page.screenshot(
            path=str(SHOTS / f"reports-event-{width}-{backend.name}.png"), full_page=width > 400
        )
        # Revenue by day and group: its chart drawn and its wide table scrolling inside its own
        # box, never widening the page (which would shrink everything on a phone).
        section = page.locator("#revenue_by_day_group")
        assert await section.locator(".rp-chart img").evaluate("i => i.naturalWidth") > 0
        assert await page.evaluate("document.documentElement.scrollWidth") <= width
        await section.screenshot(path=str(SHOTS / f"reports-day-group-{width}-{backend.name}.png"))
        await page.goto(f"{live_server.url}/reports?period=2025")
        assert len(await charts_drawn(page)) >= 2
        await page.screenshot(
            path=str(SHOTS / f"reports-period-{width}-{backend.name}.png"), full_page=True
        )
        await page.goto(f"{live_server.url}/events/{event_id}/report/print")
        await page.emulate_media(media="print")
        assert not await page.is_visible("nav.mainnav")
        await page.screenshot(path=str(SHOTS / f"reports-print-{width}-{backend.name}.png"))
        assert errors == [], errors


async def test_pdf_export_is_a_real_a4_pdf(fair, context, live_server):
    page, _errors = await context(1280, 800)
    await log_in_with_the_form(page, live_server.url, "official")
    response = await page.request.get(f"{live_server.url}/events/{fair['event'].id}/report.pdf")
    assert response.status == 200
    body = await response.body()
    assert body.startswith(b"%PDF")
    # A4 is 595 × 842 points; Chromium writes it with a fraction.
    assert re.search(rb"/MediaBox \[0 0 59[45](\.\d+)? 84[12]", body), body[:2000]
    (SHOTS / "reports-event.pdf").write_bytes(body)
