"""The gate tally and the exhibitor's sales form on a low-end phone: Debian's Chromium with the
CPU slowed 4× and a slow-3G line (2 s round trip, 50 KB/s), cold (nothing cached, no service
worker) and warm (after one visit: the service worker and the year-long static cache), then a
reload with no network at all. Medians of 5 fresh browser profiles per page.

"Usable" is DOMContentLoaded: the page is drawn with its stylesheet and its deferred scripts
(tally.js, sales-offline.js) have run, so a tap or an entry is kept.

python benchmarks/phone_pages.py [--postgres]   (PostgreSQL: a fresh database bench_phone_pages)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics

from harness import app_server
from playwright.async_api import async_playwright

from composition.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
SLOW_3G = {
    "offline": False,
    "latency": 2000,  # ms added to each request: a 2 s round trip
    "downloadThroughput": 50 * 1024,  # bytes per second
    "uploadThroughput": 50 * 1024,
}
RUNS = 5
USABLE = "() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
WEIGHT = """() => performance.getEntriesByType('navigation').concat(
    performance.getEntriesByType('resource')).reduce((n, e) => n + (e.transferSize || 0), 0)"""
KEPT = """async path => {
    for (const name of await caches.keys()) {
        if (name.startsWith('ocopfair-pages-') && await (await caches.open(name)).match(path))
            return true;
    }
    return false;
}"""


async def sign_in(page, base: str, username: str) -> None:
    await page.goto(base + "/login")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", DEMO_PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_load_state()


async def find_path(page, base: str, username: str, listing: str, pattern: str) -> str:
    await sign_in(page, base, username)
    await page.goto(base + listing)
    found = re.search(pattern, await page.content())
    if not found:
        raise SystemExit(f"no link {pattern} on {listing} for {username}")
    return found.group(0)


async def one_run(browser, base: str, username: str, path: str) -> dict[str, float]:
    # Signed in at full speed in a profile of its own (not measured); the measured profile gets
    # only its cookie: no HTTP cache, no service worker, as a phone that never opened the app.
    signing = await browser.new_context()
    await sign_in(await signing.new_page(), base, username)
    cookies = await signing.cookies()
    await signing.close()
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    await context.add_cookies(cookies)
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    await cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    await cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    await cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})

    await page.goto(base + path, wait_until="domcontentloaded")
    cold = await page.evaluate(USABLE)
    weight = await page.evaluate(WEIGHT)
    # The worker installs (its files over the same slow line) and keeps the page.
    await page.wait_for_function(
        "() => navigator.serviceWorker.ready.then(() => true)", timeout=120000
    )
    for _ in range(600):
        if await page.evaluate(KEPT, path):
            break
        await page.wait_for_timeout(200)
    await page.goto(base + path, wait_until="domcontentloaded")
    warm = await page.evaluate(USABLE)
    warm_weight = await page.evaluate(WEIGHT)

    await context.set_offline(True)
    await cdp.send("Network.emulateNetworkConditions", {**SLOW_3G, "offline": True})
    offline = 0
    try:
        await page.reload(wait_until="domcontentloaded", timeout=30000)
        offline = int(await page.locator("#tally, #sales-entry").count() == 1)
    except Exception:  # the browser's own "no internet" page
        offline = 0
    await context.close()
    return {
        "cold": cold,
        "warm": warm,
        "weight": weight,
        "warm_weight": warm_weight,
        "offline": offline,
    }


async def measure(base: str) -> dict[str, dict[str, float]]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM)
        page = await browser.new_page()
        tally = await find_path(page, base, "gate", "/gates", r"/gates/\d+/tally")
        await page.context.clear_cookies()
        sales = await find_path(page, base, "exhibitor", "/sales/today", r"/sales/booths/\d+")
        await page.close()
        results = {}
        for name, username, path in (("tally", "gate", tally), ("sales", "exhibitor", sales)):
            runs = [await one_run(browser, base, username, path) for _ in range(RUNS)]
            results[name] = {
                key: statistics.median(run[key] for run in runs) for key in runs[0]
            } | {"offline_all": min(run["offline"] for run in runs)}
            print(
                f"{name} {path}: cold {results[name]['cold']:.0f} ms "
                f"({results[name]['weight'] / 1024:.1f} KB), warm {results[name]['warm']:.0f} ms "
                f"({results[name]['warm_weight'] / 1024:.1f} KB over the network), "
                f"offline reload {'works' if results[name]['offline_all'] else 'FAILS'}; "
                f"runs cold {[round(r['cold']) for r in runs]} "
                f"warm {[round(r['warm']) for r in runs]}"
            )
        await browser.close()
    return results


PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_NAME = "bench_phone_pages"


async def pg_database(create: bool) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN.replace("postgres://", "postgresql://"))
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        if create:
            await conn.execute(f"CREATE DATABASE {PG_NAME}")
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="default: a fresh SQLite file")
    args = parser.parse_args()
    database_url = None
    if args.postgres:
        asyncio.run(pg_database(create=True))
        database_url = PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_NAME
    try:
        with app_server(database_url) as (url, _env):
            results = asyncio.run(measure(url))
    finally:
        if args.postgres:
            asyncio.run(pg_database(create=False))
    tally, sales = results["tally"], results["sales"]
    offline = int(tally["offline_all"] and sales["offline_all"])
    print(
        f"BENCH phone_pages tally_cold_ms={tally['cold']:.0f} tally_warm_ms={tally['warm']:.0f} "
        f"sales_cold_ms={sales['cold']:.0f} sales_warm_ms={sales['warm']:.0f} "
        f"offline_reload={offline}"
    )


if __name__ == "__main__":
    main()
