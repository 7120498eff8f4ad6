"""Counting batches through the API: stored once, every bad input refused with nothing counted."""

from __future__ import annotations

import datetime as dt
import re

from tortoise.functions import Sum

from ocopfair.accounts import create_token
from ocopfair.i18n import local_today
from tests.factories import make_user
from tests.login import login
from tests.visitors.taps import new_key, now_iso, tap
from visitors.buckets import bucket_start
from visitors.models import CountBatch, DayClosure, GateCount, GateShift


async def total(gate, direction: str = "in") -> int:
    rows = (
        await GateCount.filter(gate=gate, direction=direction)
        .annotate(n=Sum("count"))
        .group_by("gate_id")
        .values("n")
    )
    return rows[0]["n"] if rows else 0


async def post(client, gate, body, **kw):
    return await client.post(f"/api/v1/gates/{gate.id}/batches", json=body, **kw)


async def test_a_batch_is_counted_into_buckets_by_device_time(client, fair):
    await login(client, "gate1")
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    taps = [tap(1), tap(5), tap(10, at=earlier.isoformat()), tap(3, "out")]
    response = await post(client, fair.gate, {"key": new_key(), "device": "d1", "taps": taps})
    assert response.status_code == 201, response.text
    assert response.json()["counted"] == {"in": 16, "out": 3}
    assert await total(fair.gate) == 16 and await total(fair.gate, "out") == 3
    old = await GateCount.get(gate=fair.gate, direction="in", bucket_start=bucket_start(earlier))
    assert old.count == 10


async def test_a_retried_batch_counts_once_and_a_changed_body_is_refused(client, fair):
    await login(client, "gate1")
    body = {"key": new_key(), "device": "d1", "taps": [tap(5)]}
    assert (await post(client, fair.gate, body)).status_code == 201
    again = await post(client, fair.gate, body)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    changed = await post(client, fair.gate, {**body, "taps": [tap(7)]})
    assert changed.status_code == 409
    assert "key" in changed.json()["fields"]
    assert await total(fair.gate) == 5
    assert await CountBatch.filter(client_key=body["key"]).count() == 1


async def test_bad_batches_are_refused_and_nothing_is_counted(client, fair):
    await login(client, "gate1")
    far = (dt.datetime.now(dt.UTC) + dt.timedelta(days=9)).isoformat()
    cases = {
        "negative": (422, [tap(3), tap(-2)]),
        "ten thousand": (422, [tap(1), tap(10_000)]),
        "days away": (422, [tap(1), tap(1, at=far)]),
        "no zone": (422, [tap(1, at="2026-01-01T10:00:00")]),
        "zero": (422, [tap(0)]),
        "wrong direction": (422, [tap(1, "sideways")]),
    }
    for name, (status, taps) in cases.items():
        response = await post(client, fair.gate, {"key": new_key(), "device": "d", "taps": taps})
        assert response.status_code == status, (name, response.text)
        assert response.json()["fields"], name
    exit_only = await post(client, fair.exit, {"key": new_key(), "taps": [tap(1, "in")]})
    assert exit_only.status_code == 422
    malformed = await client.post(
        f"/api/v1/gates/{fair.gate.id}/batches",
        content=b'{"key": "abc',
        headers={"Content-Type": "application/json"},
    )
    assert malformed.status_code == 400 and malformed.json()["error"]
    no_key = await post(client, fair.gate, {"taps": [tap(1)]})
    assert no_key.status_code == 400 and "key" in no_key.json()["fields"]
    assert await total(fair.gate) == 0 and await total(fair.gate, "out") == 0
    assert await CountBatch.all().count() == 0


async def test_another_events_gate_or_an_unassigned_gate_is_forbidden(client, fair):
    await login(client, "gate1")
    other = await post(client, fair.other_gate, {"key": new_key(), "taps": [tap(1)]})
    assert other.status_code == 403 and other.json()["error"]
    claimed = await post(
        client, fair.gate, {"key": new_key(), "event_id": fair.other_event.id, "taps": [tap(1)]}
    )
    assert claimed.status_code == 403
    assert await total(fair.other_gate) == 0 and await total(fair.gate) == 0


async def test_a_shift_allows_counting_only_on_its_day(client, fair):
    await make_user("gate_staff", "gate2")
    from ocopfair.models import User

    gate2 = await User.get(username="gate2")
    await GateShift.create(gate=fair.other_gate, user=gate2, day=local_today())
    await login(client, "gate2")
    ok = await post(client, fair.other_gate, {"key": new_key(), "taps": [tap(2)]})
    assert ok.status_code == 201
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()
    refused = await post(
        client, fair.other_gate, {"key": new_key(), "taps": [tap(2, at=yesterday)]}
    )
    assert refused.status_code == 403
    assert await total(fair.other_gate) == 2


async def test_a_closed_day_takes_no_taps_but_a_stored_retry_is_still_acknowledged(client, fair):
    await login(client, "gate1")
    body = {"key": new_key(), "device": "d1", "taps": [tap(4)]}
    assert (await post(client, fair.gate, body)).status_code == 201
    await DayClosure.create(event=fair.event, day=local_today())
    refused = await post(client, fair.gate, {"key": new_key(), "taps": [tap(1)]})
    assert refused.status_code == 409
    assert "chốt" in refused.json()["error"] and "taps" in refused.json()["fields"]
    retry = await post(client, fair.gate, body)
    assert retry.status_code == 200 and retry.json()["duplicate"]
    assert await total(fair.gate) == 4


async def test_undo_takes_back_only_this_devices_own_tap_once(client, fair):
    await login(client, "gate1")
    first = tap(5)
    assert (
        await post(client, fair.gate, {"key": new_key(), "device": "phone-1", "taps": [first]})
    ).status_code == 201
    foreign = await post(
        client,
        fair.gate,
        {"key": new_key(), "device": "phone-2", "taps": [tap(-5, undo_of=first["id"])]},
    )
    assert foreign.status_code == 422
    wrong_size = await post(
        client,
        fair.gate,
        {"key": new_key(), "device": "phone-1", "taps": [tap(-4, undo_of=first["id"])]},
    )
    assert wrong_size.status_code == 422
    undo = await post(
        client,
        fair.gate,
        {"key": new_key(), "device": "phone-1", "taps": [tap(-5, undo_of=first["id"])]},
    )
    assert undo.status_code == 201, undo.text
    twice = await post(
        client,
        fair.gate,
        {"key": new_key(), "device": "phone-1", "taps": [tap(-5, undo_of=first["id"])]},
    )
    assert twice.status_code == 409
    same_batch = tap(10)
    both = await post(
        client,
        fair.gate,
        {
            "key": new_key(),
            "device": "phone-1",
            "taps": [same_batch, tap(-10, undo_of=same_batch["id"])],
        },
    )
    assert both.status_code == 201
    assert await total(fair.gate) == 0


async def test_a_turnstile_posts_with_a_bearer_token(client, fair):
    from ocopfair.models import User

    staff = await User.get(username="gate1")
    token = await create_token(staff, "turnstile B")
    response = await post(
        client,
        fair.entrance,
        {"key": new_key(), "device": "turnstile-b", "taps": [tap(37, at=now_iso())]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    assert await total(fair.entrance) == 37


async def test_anonymous_batches_are_refused(client, fair):
    response = await post(client, fair.gate, {"key": new_key(), "taps": [tap(1)]})
    assert response.status_code == 401  # no credentials at all: not signed in (no CSRF needed)
    token = await post(
        client,
        fair.gate,
        {"key": new_key(), "taps": [tap(1)]},
        headers={"Authorization": "Bearer ocf_wrong"},
    )
    assert token.status_code == 401
    assert await total(fair.gate) == 0


async def test_a_stranger_to_the_gate_learns_nothing_about_the_event(client, fair):
    """403 before the rule that would name the event's dates (issue 17: it was a 422)."""
    await login(client, "gate1")
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=400)).isoformat()
    answer = await post(client, fair.other_gate, {"key": new_key(), "taps": [tap(1, at=long_ago)]})
    assert answer.status_code == 403
    assert not re.search(r"\d{2}/\d{2}/\d{4}", answer.text)
    assert await total(fair.other_gate) == 0
