"""The tally page in headless Chromium: taps survive a cut network and a reload, stored once."""

from __future__ import annotations

import asyncio

from tortoise.functions import Sum

from tests.factories import PASSWORD
from visitors.models import CountBatch, GateCount


async def stored(gate, direction: str = "in") -> int:
    rows = (
        await GateCount.filter(gate=gate, direction=direction)
        .annotate(n=Sum("count"))
        .group_by("gate_id")
        .values("n")
    )
    return rows[0]["n"] if rows else 0


async def wait_for_pending(page, expected: str, timeout: float = 20) -> None:
    await page.wait_for_function(
        "e => document.querySelector('[data-field=\"pending\"]').textContent.trim() === e",
        arg=expected,
        timeout=timeout * 1000,
    )


async def test_taps_made_offline_are_sent_once_when_the_network_returns(fair, live_server, browser):
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    await page.goto(live_server.url + "/login")
    await page.fill("input[name=username]", "gate1")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.goto(f"{live_server.url}/gates/{fair.gate.id}/tally")

    inside = page.locator(".tally-in")
    await inside.locator("button[data-delta='1']").click()
    await inside.locator("button[data-delta='5']").click()
    await page.locator(".tally-out button[data-delta='1']").click()
    await wait_for_pending(page, "0")
    assert await stored(fair.gate) == 6 and await stored(fair.gate, "out") == 1

    await context.set_offline(True)
    for _ in range(3):
        await inside.locator("button[data-delta='1']").click()
    await inside.locator("button[data-delta='10']").click()
    await page.locator("button[data-action='undo']").click()  # takes back the +10
    await inside.locator("button[data-delta='5']").click()
    await asyncio.sleep(1.5)  # the page tries, fails and keeps the taps
    assert await page.locator("[data-field='pending']").text_content() == "4"
    assert await stored(fair.gate) == 6

    await context.set_offline(False)
    await wait_for_pending(page, "0")
    assert await stored(fair.gate) == 6 + 3 + 5

    # Taps made just before a reload are still in the phone's storage and go out after it.
    await inside.locator("button[data-delta='10']").click()
    await page.reload()
    await wait_for_pending(page, "0")
    assert await stored(fair.gate) == 24
    assert await stored(fair.gate, "out") == 1
    await page.wait_for_function(
        "() => document.querySelector('[data-field=\"gate_in\"]').textContent.trim() === '24'",
        timeout=20000,
    )
    assert await CountBatch.filter(gate=fair.gate).count() >= 3
    assert not [e for e in errors if "Content Security Policy" in e], errors
    await context.close()


async def test_taps_refused_on_a_closed_day_can_be_sent_again_after_a_reopen(
    fair, live_server, browser
):
    from ocopfair.i18n import local_today
    from tests.factories import make_user
    from visitors import corrections
    from visitors.models import DayClosure

    admin = await make_user("admin", "boss")
    await DayClosure.create(event=fair.event, day=local_today(), closed_by=admin)
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    await page.goto(live_server.url + "/login")
    await page.fill("input[name=username]", "gate1")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.goto(f"{live_server.url}/gates/{fair.gate.id}/tally")

    await page.locator(".tally-in button[data-delta='5']").click()
    await page.locator(".tally-in button[data-delta='1']").click()
    resend = page.locator("[data-field='refused'] button[data-action='resend']")
    await resend.wait_for(timeout=20000)
    assert "đã được chốt" in await page.locator("[data-field='refused']").text_content()
    assert await stored(fair.gate) == 0

    await corrections.reopen_day(admin, fair.event.id, local_today(), "Chốt nhầm ngày")
    await resend.click()
    await wait_for_pending(page, "0")
    await page.wait_for_function(
        "() => document.querySelector('[data-field=\"refused\"]').hidden", timeout=20000
    )
    assert await stored(fair.gate) == 6
    assert await resend.count() == 0
    await context.close()
