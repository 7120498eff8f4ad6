"""The ticket scanner with no network: a code typed or scanned offline is kept on the phone,
survives the page being opened again, and is checked in once when the network returns, filed at
the time it was scanned on the server's clock."""

from __future__ import annotations

import datetime as dt

from tests.login import login
from tests.offline.test_bad_inputs import gate_total
from tests.offline.test_offline_browser import READY, sign_in, wait_kept
from visitors.buckets import bucket_start
from visitors.models import Registration
from visitors.taps import MAX_KEPT_SCAN_AGE, kept_scan_time

NOW = dt.datetime(2026, 12, 5, 3, 0, tzinfo=dt.UTC)


def test_a_kept_scan_is_filed_at_its_own_time_on_the_servers_clock():
    scanned = NOW - dt.timedelta(minutes=40)
    assert kept_scan_time(scanned.isoformat(), NOW.isoformat(), NOW) == scanned
    # The phone's clock is 400 days behind: the 40 minutes between scan and send still hold.
    phone_now = NOW - dt.timedelta(days=400)
    made = (phone_now - dt.timedelta(minutes=40)).isoformat()
    assert kept_scan_time(made, phone_now.isoformat(), NOW) == scanned


def test_an_unreadable_future_or_too_old_scan_time_is_filed_as_now():
    assert kept_scan_time(None, None, NOW) == NOW
    assert kept_scan_time("", NOW.isoformat(), NOW) == NOW
    assert kept_scan_time("yesterday", NOW.isoformat(), NOW) == NOW
    assert kept_scan_time("2026-12-05T02:00:00", NOW.isoformat(), NOW) == NOW  # no zone
    assert kept_scan_time((NOW + dt.timedelta(hours=1)).isoformat(), None, NOW) == NOW
    too_old = NOW - MAX_KEPT_SCAN_AGE - dt.timedelta(minutes=1)
    assert kept_scan_time(too_old.isoformat(), NOW.isoformat(), NOW) == NOW
    assert kept_scan_time("0001-01-01T00:00:00+00:00", "9999-12-31T00:00:00+00:00", NOW) == NOW


async def make_ticket(event, group_size: int = 12, code: str = "t" * 43) -> Registration:
    return await Registration.create(
        event=event, name="Trường THCS Cao Xanh", group_size=group_size, code=code
    )


async def test_a_code_sent_after_the_network_returns_is_filed_when_it_was_scanned(
    client, phone_fair
):
    ticket = await make_ticket(phone_fair.event)
    await login(client, "gate1")
    server_now = dt.datetime.now(dt.UTC)
    phone_now = server_now - dt.timedelta(days=400)  # and the phone's clock is far off
    form = {
        "code": ticket.code,
        "scanned_at": (phone_now - dt.timedelta(minutes=10)).isoformat(),
        "sent_at": phone_now.isoformat(),
    }
    first = await client.post(f"/gates/{phone_fair.gate.id}/scan", data=form)
    assert first.status_code == 200, first.text
    await ticket.refresh_from_db()
    assert ticket.checked_in_at is not None
    expected = server_now - dt.timedelta(minutes=10)
    assert abs(ticket.checked_in_at - expected) < dt.timedelta(seconds=30)
    again = await client.post(f"/gates/{phone_fair.gate.id}/scan", data=form)  # a retry
    assert again.status_code == 409 and "Cổng A" in again.text
    assert await gate_total(phone_fair.gate) == 12
    from visitors.models import GateCount

    row = await GateCount.get(gate=phone_fair.gate)
    assert row.bucket_start == bucket_start(ticket.checked_in_at)


async def test_a_kept_code_sent_again_after_a_lost_answer_is_the_same_check_in(client, phone_fair):
    ticket = await make_ticket(phone_fair.event, group_size=5)
    await login(client, "gate1")
    scanned = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=3)  # the phone's clock is right
    form = {
        "code": ticket.code,
        "scanned_at": scanned.isoformat(),
        "sent_at": dt.datetime.now(dt.UTC).isoformat(),
    }
    scan = f"/gates/{phone_fair.gate.id}/scan"
    assert (await client.post(scan, data=form)).status_code == 200
    again = await client.post(scan, data=form)  # the first answer never reached the phone
    assert again.status_code == 200 and "Đã soát vé" in again.text
    assert await gate_total(phone_fair.gate) == 5
    # A second use of the ticket (another scan, at another moment) is still refused.
    other = {**form, "scanned_at": (scanned + dt.timedelta(seconds=40)).isoformat()}
    assert (await client.post(scan, data=other)).status_code == 409
    assert (await client.post(scan, data={"code": ticket.code})).status_code == 409
    assert await gate_total(phone_fair.gate) == 5


async def test_codes_scanned_offline_are_kept_and_checked_in_once_when_back_online(
    phone_fair, live_server, browser
):
    ticket = await make_ticket(phone_fair.event, group_size=7)
    scan = f"/gates/{phone_fair.gate.id}/scan"
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    await sign_in(page, live_server.url, "gate1")
    await page.goto(live_server.url + scan)
    await page.wait_for_function(READY, timeout=20000)
    await wait_kept(page, scan)

    await context.set_offline(True)
    await page.reload()  # the scanner opens with no network
    for code in (ticket.code, "KHONG-PHAI-VE"):
        await page.fill("input[name=code]", code)
        await page.press("input[name=code]", "Enter")
    kept = page.locator("#scan-result .scan-kept")
    await kept.wait_for(timeout=10000)
    assert "Đã giữ mã, chưa kiểm tra" in await kept.text_content()
    assert "Mất mạng" in await page.locator("[data-field='netbar']").text_content()
    queue = page.locator("[data-field='scan-queue']")
    assert "Mã chờ gửi: 2" in await queue.text_content()
    await page.screenshot(path="/tmp/i19-scan-offline-390.png")
    # Opened again, still offline: the codes were kept on the phone, not in the page's memory.
    await page.goto(live_server.url + scan)
    await page.wait_for_function(
        "() => (document.querySelector('[data-field=scan-queue]') || {}).textContent",
        timeout=10000,
    )
    assert "Mã chờ gửi: 2" in await queue.text_content()

    await context.set_offline(False)
    await page.evaluate("() => window.dispatchEvent(new Event('online'))")
    await page.wait_for_function(
        "() => !/chờ gửi/.test(document.querySelector('[data-field=scan-queue]').textContent)"
        " && document.querySelectorAll('[data-field=scan-queue] li').length === 2",
        timeout=20000,
    )
    sent = await queue.text_content()
    assert "Đã soát vé" in sent and "KHONG-PHAI-VE" in sent, sent
    await page.screenshot(path="/tmp/i19-scan-sent-390.png")
    await ticket.refresh_from_db()
    assert ticket.checked_in_at is not None
    assert await gate_total(phone_fair.gate) == 7  # the group counted once
    await page.reload()  # nothing is left to send, nothing is sent again
    assert await page.locator("[data-field='scan-queue']").is_hidden()
    assert await gate_total(phone_fair.gate) == 7
    await context.close()


async def test_a_full_phone_storage_is_said_plainly_on_the_scanner_and_the_tally(
    phone_fair, live_server, browser
):
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    await sign_in(page, live_server.url, "gate1")
    # As on a phone whose storage is full: the browser refuses to keep anything more.
    await page.add_init_script(
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('full', 'QuotaExceededError'); };"
    )
    await page.goto(f"{live_server.url}/gates/{phone_fair.gate.id}/scan")
    await page.fill("input[name=code]", "t" * 43)
    await page.press("input[name=code]", "Enter")
    refused = page.locator("#scan-result .scan-bad")
    await refused.wait_for(timeout=10000)
    assert "Bộ nhớ điện thoại đã đầy" in await refused.text_content()
    await page.goto(f"{live_server.url}/gates/{phone_fair.gate.id}/tally")
    await page.locator(".tally-in button[data-delta='1']").click()
    note = page.locator("#tally [data-field='note']")
    await note.wait_for(timeout=10000)
    assert "đầy" in await note.text_content()
    assert await gate_total(phone_fair.gate) == 0  # nothing half-kept was sent either
    await context.close()
