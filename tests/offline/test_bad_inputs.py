"""Bad inputs of the offline phone pages: an entry sent twice, a phone clock far off, a cached
page of an account closed since, a malformed entry key."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

from tortoise.functions import Sum

from ocopfair.models import AuditEntry, User
from sales.models import SalesEntryKey, SalesRecord
from tests.login import login
from tests.visitors.taps import new_key, tap
from visitors.buckets import bucket_start
from visitors.models import GateCount


def entry(phone_fair, revenue: str, key: str | None = None) -> dict:
    fair = phone_fair.fair
    noodles, _tea = fair.products[fair.exhibitors[0].id]
    data = {"day": fair.today.isoformat(), "revenue": revenue, f"units-{noodles.id}": "3"}
    return {**data, "client_key": key} if key else data


async def test_a_sales_entry_sent_again_with_its_key_is_stored_once(
    client, other_client, phone_fair
):
    booth = phone_fair.assignment
    await login(client, "exhibitor")
    key = str(uuid.uuid4())
    first = await client.post(f"/sales/booths/{booth.id}", data=entry(phone_fair, "500.000", key))
    assert first.status_code == 303
    # An organizer corrects the day; then the phone's retry of its old entry arrives.
    await login(other_client, "organizer")
    fix = await other_client.post(f"/sales/booths/{booth.id}", data=entry(phone_fair, "450.000"))
    assert fix.status_code == 303
    again = await client.post(f"/sales/booths/{booth.id}", data=entry(phone_fair, "500.000", key))
    assert again.status_code == 303  # "saved": it was, the first time
    record = await SalesRecord.get(assignment_id=booth.id, day=phone_fair.fair.today)
    assert record.revenue == 450_000
    assert await SalesEntryKey.filter(client_key=key).count() == 1
    assert await AuditEntry.filter(object_id=str(record.id)).count() == 2


async def test_copies_of_one_entry_sent_at_the_same_time_store_it_once(client, phone_fair):
    booth = phone_fair.assignment
    await login(client, "exhibitor")
    key = str(uuid.uuid4())
    answers = await asyncio.gather(
        *[
            client.post(f"/sales/booths/{booth.id}", data=entry(phone_fair, "700.000", key))
            for _ in range(4)
        ]
    )
    assert [a.status_code for a in answers] == [303] * 4
    record = await SalesRecord.get(assignment_id=booth.id, day=phone_fair.fair.today)
    assert record.revenue == 700_000
    assert await AuditEntry.filter(object_id=str(record.id)).count() == 1


async def test_a_refused_entry_leaves_its_key_free_and_a_bad_key_is_refused(client, phone_fair):
    booth = phone_fair.assignment
    await login(client, "exhibitor")
    key = str(uuid.uuid4())
    wrong = await client.post(f"/sales/booths/{booth.id}", data=entry(phone_fair, "năm trăm", key))
    assert wrong.status_code == 422
    assert await SalesEntryKey.filter(client_key=key).count() == 0
    fixed = await client.post(f"/sales/booths/{booth.id}", data=entry(phone_fair, "500.000", key))
    assert fixed.status_code == 303
    bad = await client.post(f"/sales/booths/{booth.id}", data=entry(phone_fair, "1", "<script>"))
    assert bad.status_code == 400
    assert "tải lại trang" in bad.text
    assert (await SalesRecord.get(assignment_id=booth.id, day=phone_fair.fair.today)).revenue == (
        500_000
    )


async def gate_total(gate) -> int:
    rows = (
        await GateCount.filter(gate=gate).annotate(n=Sum("count")).group_by("gate_id").values("n")
    )
    return rows[0]["n"] if rows else 0


async def test_taps_from_a_phone_whose_clock_is_far_off_are_filed_as_now(client, phone_fair):
    gate = phone_fair.gate
    await login(client, "gate1")
    phone_now = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)  # a phone back from a dead battery
    body = {
        "key": new_key(),
        "device": "phone",
        "sent_at": phone_now.isoformat(),
        "taps": [tap(3, at=(phone_now - dt.timedelta(seconds=30)).isoformat())],
    }
    answer = await client.post(f"/api/v1/gates/{gate.id}/batches", json=body)
    assert answer.status_code == 201, answer.text
    row = await GateCount.get(gate=gate)
    assert row.bucket_start == bucket_start(dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30))
    again = await client.post(f"/api/v1/gates/{gate.id}/batches", json=body)  # a retry
    assert again.status_code in (200, 201) and await gate_total(gate) == 3
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(hours=5)  # the future: also "now"
    body = {"key": new_key(), "sent_at": ahead.isoformat(), "taps": [tap(2, at=ahead.isoformat())]}
    assert (await client.post(f"/api/v1/gates/{gate.id}/batches", json=body)).status_code == 201
    assert await gate_total(gate) == 5
    broken = {"key": new_key(), "sent_at": "0001-01-01T00:00:00+00:00", "taps": [tap(1)]}
    refused = await client.post(f"/api/v1/gates/{gate.id}/batches", json=broken)
    assert refused.status_code in (400, 422) and await gate_total(gate) == 5


async def test_a_closed_account_is_signed_out_and_told_so(client, phone_fair):
    gate = phone_fair.gate
    await login(client, "gate1")
    await User.filter(username="gate1").update(is_active=False)
    body = {"key": new_key(), "taps": [tap(1)]}
    answer = await client.post(f"/api/v1/gates/{gate.id}/batches", json=body)
    assert answer.status_code == 401
    assert answer.headers["x-account-closed"] == "1"
    assert await gate_total(gate) == 0
    # Signed out: the next request is simply anonymous, not "closed" again.
    later = await client.post(f"/api/v1/gates/{gate.id}/batches", json=body)
    assert later.status_code in (401, 403) and "x-account-closed" not in later.headers
