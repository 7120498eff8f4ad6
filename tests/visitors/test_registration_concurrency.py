"""Concurrent registrations against the real server: exactly the limit passes, the rest get 429
and nothing is saved for them. On PostgreSQL the server runs two workers, so the limit is
shown to hold across workers (it lives in the database, not in a worker's memory)."""

from __future__ import annotations

import asyncio
import re
from collections import Counter

import httpx2 as httpx
import pytest

from tests.live_server import start_server, stop_server
from visitors.models import Registration, RegistrationSettings

PER_CLIENT = 7
PER_EVENT = 12


@pytest.fixture(scope="module")
def limited_server(backend):
    server = start_server(
        backend.url,
        workers=2 if backend.name == "postgres" else 1,
        extra_env={
            "OCOPFAIR_REGISTER_PER_CLIENT": str(PER_CLIENT),
            "OCOPFAIR_REGISTER_PER_EVENT": str(PER_EVENT),
            "OCOPFAIR_REGISTER_WINDOW": "600",
            # The test stands in for a reverse proxy on loopback, so it is configured as one
            # (no address is trusted by default).
            "OCOPFAIR_FORWARDED_ALLOW_IPS": "127.0.0.1",
        },
    )
    yield server
    stop_server(server)


async def session_of(client: httpx.AsyncClient, event_id: int) -> str:
    page = await client.get(f"/events/{event_id}/register")
    assert page.status_code == 200
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


async def test_concurrent_registrations_stop_exactly_at_the_limits(fair, limited_server):
    await RegistrationSettings.create(event=fair.event, enabled=True)
    event_id = fair.event.id
    api_url = f"/api/v1/events/{event_id}/registrations"
    page_url = f"/events/{event_id}/register"
    async with httpx.AsyncClient(
        base_url=limited_server.url, timeout=30, limits=httpx.Limits(max_connections=40)
    ) as client:
        token = await session_of(client, event_id)

        async def by_api(i: int, forwarded_for: str | None = None) -> httpx.Response:
            headers = {"X-CSRFToken": token}
            if forwarded_for:  # the test stands in for a trusted proxy on loopback
                headers["X-Forwarded-For"] = forwarded_for
            return await client.post(
                api_url,
                headers=headers,
                json={"name": f"Khách {i}", "phone": f"0913{i:06d}", "group_size": 3},
            )

        async def by_page(i: int) -> httpx.Response:
            return await client.post(
                page_url,
                data={
                    "csrf_token": token,
                    "name": f"Đoàn {i}",
                    "phone": f"0914{i:06d}",
                    "group_size": "5",
                },
            )

        # One client address: 30 API calls and 10 form posts at once.
        first = await asyncio.gather(
            *[by_api(i) for i in range(30)], *[by_page(i) for i in range(10)]
        )
        codes = Counter(r.status_code for r in first)
        assert codes[201] + codes[303] == PER_CLIENT, codes
        assert codes[429] == 40 - PER_CLIENT, codes
        for response in first:
            if response.status_code == 429:
                assert 1 <= int(response.headers["Retry-After"]) <= 600
                assert "Đã có quá nhiều lượt đăng ký" in response.text
        assert await Registration.filter(event=fair.event).count() == PER_CLIENT

        # Thirty other addresses at once meet the event's ceiling: only what is left of it.
        second = await asyncio.gather(*[by_api(100 + i, f"203.0.113.{i + 1}") for i in range(30)])
        codes = Counter(r.status_code for r in second)
        assert codes == {201: PER_EVENT - PER_CLIENT, 429: 30 - (PER_EVENT - PER_CLIENT)}, codes
        refused = [r for r in second if r.status_code == 429]
        assert all("Sự kiện đang nhận quá nhiều lượt đăng ký" in r.json()["error"] for r in refused)
    assert await Registration.filter(event=fair.event).count() == PER_EVENT
