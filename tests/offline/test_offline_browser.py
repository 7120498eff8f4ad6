"""The phone pages in headless Chromium with the service worker: they open with no network after
one visit, keep what is entered, and send it once when the network returns."""

from __future__ import annotations

from tests.factories import PASSWORD
from tests.visitors.test_tally_browser import stored, wait_for_pending

READY = "() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"


async def sign_in(page, base: str, username: str) -> None:
    await page.goto(base + "/login")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_load_state()


async def kept(page, path: str) -> bool:
    """Whether the service worker holds `path` among its kept pages."""
    return await page.evaluate(
        """async path => {
            for (const name of await caches.keys()) {
                if (!name.startsWith('ocopfair-pages-')) continue;
                const cache = await caches.open(name);
                if (await cache.match(path)) return true;
            }
            return false;
        }""",
        path,
    )


async def wait_kept(page, path: str, expected: bool = True) -> None:
    for _ in range(100):
        if await kept(page, path) == expected:
            return
        await page.wait_for_timeout(100)
    raise AssertionError(f"{path} kept={not expected}")


async def test_the_tally_reopens_offline_and_every_tap_is_stored_once(
    phone_fair, live_server, browser
):
    gate = phone_fair.gate
    tally = f"/gates/{gate.id}/tally"
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    await sign_in(page, live_server.url, "gate1")
    await page.goto(live_server.url + tally)
    await page.wait_for_function(READY, timeout=20000)
    await wait_kept(page, tally)

    await context.set_offline(True)
    await page.reload()  # the browser's own "no internet" page before this issue
    await page.locator(".tally-in button[data-delta='5']").click()
    await page.locator(".tally-in button[data-delta='1']").click()
    await wait_for_pending(page, "2")
    netbar = page.locator("[data-field='netbar']")
    assert "Mất mạng" in await netbar.text_content()
    box = await netbar.bounding_box()
    assert box is not None and box["y"] < 60  # at the top, not below the fold
    assert "Dữ liệu lúc" in await page.locator("[data-fresh-note]").text_content()
    await page.close()

    page = await context.new_page()  # the tab closed and opened again, still offline
    await page.goto(live_server.url + tally)
    await wait_for_pending(page, "2")
    assert await stored(gate) == 0
    await context.set_offline(False)
    await wait_for_pending(page, "0")
    await page.reload()
    await wait_for_pending(page, "0")
    assert await stored(gate) == 6
    await context.close()
