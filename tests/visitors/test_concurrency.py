"""200 concurrent batches with retries and duplicates against the real server: counted once each.

Runs on SQLite and PostgreSQL (live_server serves the same database as the test).
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter

import httpx2 as httpx
from tortoise.functions import Sum

from ocopfair.accounts import create_token
from tests.visitors.taps import new_key, tap
from visitors.models import CountBatch, GateCount, Registration


async def stored_totals(gate_ids: list[int]) -> Counter:
    rows = (
        await GateCount.filter(gate_id__in=gate_ids)
        .annotate(n=Sum("count"))
        .group_by("gate_id", "direction")
        .values("gate_id", "direction", "n")
    )
    return Counter({(r["gate_id"], str(r["direction"])): r["n"] for r in rows})


async def test_200_concurrent_batches_with_retries_and_duplicates_count_exactly(fair, live_server):
    rng = random.Random(6)
    token = await create_token(fair.staff, "load test")
    headers = {"Authorization": f"Bearer {token}"}
    gates = [(fair.gate, ["in", "out"]), (fair.entrance, ["in"]), (fair.exit, ["out"])]
    batches, expected = [], Counter()
    for i in range(200):
        gate, directions = rng.choice(gates)
        taps = [
            tap(rng.choice([1, 1, 1, 5, 10]), rng.choice(directions))
            for _ in range(rng.randint(1, 6))
        ]
        for t in taps:
            expected[(gate.id, t["dir"])] += t["delta"]
        batches.append((gate.id, {"key": new_key(), "device": f"phone-{i % 17}", "taps": taps}))

    statuses: dict[str, list[int]] = {b["key"]: [] for _g, b in batches}

    async def send(client: httpx.AsyncClient, gate_id: int, body: dict) -> None:
        # Some sends give up early (a lost answer on a bad network) and are retried; some
        # batches are sent twice at once (a double tap on "send", two tabs).
        for attempt in range(10):
            timeout = 0.005 if attempt == 0 and rng.random() < 0.2 else 30
            try:
                response = await client.post(
                    f"/api/v1/gates/{gate_id}/batches", json=body, headers=headers, timeout=timeout
                )
            except httpx.TimeoutException:
                await asyncio.sleep(rng.random() / 10)
                continue
            statuses[body["key"]].append(response.status_code)
            if response.status_code < 500:
                return
        raise AssertionError(f"batch {body['key']} never acknowledged")

    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=live_server.url, limits=limits) as client:
        jobs = []
        for gate_id, body in batches:
            jobs.append(send(client, gate_id, body))
            if rng.random() < 0.3:
                jobs.append(send(client, gate_id, body))  # a duplicate, concurrently
        rng.shuffle(jobs)
        await asyncio.gather(*jobs)
        # And a late replay of every tenth batch, after everything settled.
        await asyncio.gather(*(send(client, g, b) for g, b in batches[::10]))

    for key, codes in statuses.items():
        assert codes, key
        assert all(code in (200, 201) for code in codes), (key, codes)
        assert codes.count(201) <= 1, (key, codes)
    assert await CountBatch.filter(client_key__in=list(statuses)).count() == 200
    assert await stored_totals([g.id for g, _d in gates]) == expected


async def test_a_ticket_scanned_at_two_gates_at_once_is_checked_in_once(fair, live_server):
    from visitors.models import RegistrationSettings

    await RegistrationSettings.create(event=fair.event, enabled=True)
    registration = await Registration.create(
        event=fair.event, name="Trường THCS Cao Xanh", group_size=40, code="x" * 43
    )
    token = await create_token(fair.staff)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=live_server.url) as client:
        responses = await asyncio.gather(
            *(
                client.post(
                    f"/api/v1/gates/{gate.id}/checkins",
                    json={"code": registration.code},
                    headers=headers,
                    timeout=30,
                )
                for gate in [fair.gate, fair.entrance] * 5
            )
        )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] + [409] * 9, codes
    totals = await stored_totals([fair.gate.id, fair.entrance.id])
    assert sum(totals.values()) == 40
