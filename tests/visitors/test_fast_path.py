"""The one-statement write of a batch: its guard refuses exactly what the checks refuse, a
counted batch costs one statement, and a cached bearer token still stops when revoked."""

from __future__ import annotations

import asyncio
import datetime as dt

from ocopfair import auth, province
from ocopfair.accounts import create_token, revoke_token
from ocopfair.i18n import local_today
from ocopfair.models import ApiToken, User
from tests.factories import make_user
from tests.queries import count_queries
from tests.visitors.taps import new_key, now_iso, tap
from visitors import counting, gate_context
from visitors.models import CountBatch, DayClosure, EventSupervisor, GateCount, GateShift
from visitors.taps import parse_batch


async def write(user: User, gate_id: int, taps: list[dict], **extra) -> int | None:
    """The guarded write alone, as the hot path calls it (no checks in Python before it)."""
    batch = parse_batch({"key": new_key(), "device": "d", "taps": taps, **extra}, gate_id)
    return await counting.write_if_allowed(user, gate_id, batch, {}, dt.datetime.now(dt.UTC))


def days_ago(n: int) -> str:
    return now_iso(-dt.timedelta(days=n))


async def test_the_guard_refuses_what_the_checks_refuse_and_writes_nothing(fair):
    staff = fair.staff
    outside = (fair.event.start_date - dt.timedelta(days=3)).isoformat() + "T10:00:00+07:00"
    refused = {
        "another event's gate": (fair.other_gate.id, [tap(1)], {}),
        "the batch names another event": (
            fair.gate.id,
            [tap(1)],
            {"event_id": fair.other_event.id},
        ),
        "no such gate": (2**31 - 1, [tap(1)], {}),
        "an exit counts no one in": (fair.exit.id, [tap(1, "in")], {}),
        "an entrance counts no one out": (fair.entrance.id, [tap(1), tap(1, "out")], {}),
        "a day before the event's window": (fair.gate.id, [tap(1), tap(1, at=outside)], {}),
    }
    for name, (gate_id, taps, extra) in refused.items():
        assert await write(staff, gate_id, taps, **extra) is None, name
    await DayClosure.create(event=fair.event, day=local_today() - dt.timedelta(days=1))
    assert await write(staff, fair.gate.id, [tap(1), tap(2, at=days_ago(1))]) is None
    assert await CountBatch.all().count() == 0 and await GateCount.all().count() == 0

    # What is allowed passes the same guard: today is open, the gate's kinds match.
    assert await write(staff, fair.gate.id, [tap(1), tap(2, "out")]) is not None
    assert await write(staff, fair.entrance.id, [tap(3)], event_id=fair.event.id) is not None
    assert await write(staff, fair.exit.id, [tap(4, "out")]) is not None
    assert await CountBatch.all().count() == 3
    assert sum(await GateCount.all().values_list("count", flat=True)) == 10


async def test_the_guard_knows_every_way_to_be_assigned(fair):
    other = fair.other_gate
    shifted = await make_user("gate_staff", "shift1")
    await GateShift.create(gate=other, user=shifted, day=local_today())
    assert await write(shifted, other.id, [tap(1)]) is not None
    # A shift is for its day: a batch with a tap of another day needs a shift on that day too.
    assert await write(shifted, other.id, [tap(1), tap(1, at=days_ago(1))]) is None
    await GateShift.create(gate=other, user=shifted, day=local_today() - dt.timedelta(days=1))
    assert await write(shifted, other.id, [tap(1), tap(1, at=days_ago(1))]) is not None

    lead = await make_user("gate_staff", "lead1")
    assert await write(lead, other.id, [tap(1)]) is None
    await EventSupervisor.create(event=fair.other_event, user=lead)
    assert await write(lead, other.id, [tap(1)]) is not None
    assert await write(lead, fair.gate.id, [tap(1)]) is None  # supervises the other event only

    organizer = await make_user("organizer", "org1")
    assert await write(organizer, other.id, [tap(1)]) is not None
    assert await write(await make_user("official", "off1"), other.id, [tap(1)]) is None


async def test_a_day_closed_after_the_check_still_refuses_the_write(fair):
    """The closing of a day and a batch racing: the write itself sees the closure."""
    batch = parse_batch({"key": new_key(), "taps": [tap(5)]}, fair.gate.id)
    context = await gate_context.gate_context(fair.gate.id, fair.staff)
    counting.check_taps(batch, context, {}, dt.datetime.now(dt.UTC))  # allowed when judged
    await DayClosure.create(event=fair.event, day=local_today())  # then the day closes
    assert (
        await counting.write_if_allowed(
            fair.staff, fair.gate.id, batch, {}, dt.datetime.now(dt.UTC)
        )
        is None
    )
    assert await GateCount.all().count() == 0


async def test_a_counted_batch_costs_one_statement(client, fair):
    token = await create_token(fair.staff, "turnstile")
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/gates/{fair.gate.id}/batches"
    first = await client.post(url, json={"key": new_key(), "taps": [tap(1)]}, headers=headers)
    assert first.status_code == 201
    with count_queries() as queries:
        response = await client.post(
            url,
            json={"key": new_key(), "device": "t", "taps": [tap(2), tap(3, "out")]},
            headers=headers,
        )
    assert response.status_code == 201, response.text
    assert queries.count == 1, queries
    # A retry is the rare case and may cost more; it still counts once.
    body = {"key": new_key(), "taps": [tap(4)]}
    assert (await client.post(url, json=body, headers=headers)).status_code == 201
    again = await client.post(url, json=body, headers=headers)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert sum(await GateCount.filter(direction="in").values_list("count", flat=True)) == 7


async def test_a_revoked_token_stops_within_the_cache_time(client, fair, monkeypatch):
    monkeypatch.setattr(auth, "TOKEN_CACHE_SECONDS", 0.3)
    token = await create_token(fair.staff, "phone")
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200
    assert await revoke_token((await ApiToken.get(user=fair.staff)).id)
    await asyncio.sleep(0.4)
    response = await client.post(
        f"/api/v1/gates/{fair.gate.id}/batches",
        json={"key": new_key(), "taps": [tap(1)]},
        headers=headers,
    )
    assert response.status_code == 401
    assert await CountBatch.all().count() == 0


def test_the_token_cache_is_short():
    assert 0 < auth.TOKEN_CACHE_SECONDS <= 5


async def test_requests_missing_the_token_cache_together_share_one_lookup(client, fair):
    token = await create_token(fair.staff, "phone")
    headers = {"Authorization": f"Bearer {token}"}
    await province.refresh_if_stale()  # read once per worker: count only the token's lookup
    with count_queries() as queries:
        answers = await asyncio.gather(
            *[client.get("/api/v1/me", headers=headers) for _ in range(10)]
        )
    assert [a.status_code for a in answers] == [200] * 10
    assert queries.count == 1, queries


async def test_requests_finding_the_province_profile_old_together_share_one_read(client, fair):
    province.forget()
    with count_queries() as queries:
        answers = await asyncio.gather(*[client.get("/api/v1/openapi.json") for _ in range(10)])
    assert [a.status_code for a in answers] == [200] * 10
    assert queries.count == 1, queries
