"""The fixed-window throttle kept in the database (ocopfair.throttle), on both databases."""

from __future__ import annotations

import asyncio

import pytest
from starlette.requests import Request

from ocopfair import throttle
from ocopfair.models import Throttle
from ocopfair.throttle import Limit, TooMany


async def test_a_window_lets_the_limit_through_then_refuses_until_it_is_over(db):
    limit = Limit("register:203.0.113.9", hits=3, window=600)
    for _ in range(3):
        await throttle.hit(limit, now=1_000_000)
    with pytest.raises(TooMany) as refused:
        await throttle.hit(limit, now=1_000_100)
    assert refused.value.retry_after == 500 and refused.value.key == limit.key
    with pytest.raises(TooMany) as later:
        await throttle.hit(limit, now=1_000_599)
    assert later.value.retry_after == 1
    # Refused hits are counted, but the number stays bounded under a flood.
    for _ in range(20):
        with pytest.raises(TooMany):
            await throttle.hit(limit, now=1_000_300)
    assert (await Throttle.get(key=limit.key)).hits == 4
    # The window is over: a new one starts with this hit.
    await throttle.hit(limit, now=1_000_600)
    row = await Throttle.get(key=limit.key)
    assert (row.hits, row.window_start) == (1, 1_000_600)


async def test_keys_are_counted_apart_and_hit_all_stops_at_the_first_refusal(db):
    mine = Limit("register:198.51.100.1", hits=1, window=60)
    shared = Limit("register-event:7", hits=5, window=60)
    await throttle.hit_all([mine, shared], now=500)
    with pytest.raises(TooMany) as refused:
        await throttle.hit_all([mine, shared], now=501)
    assert refused.value.key == mine.key
    # The client over its own limit did not use up the shared one.
    assert (await Throttle.get(key=shared.key)).hits == 1
    await throttle.hit_all([Limit("register:198.51.100.2", 1, 60), shared], now=502)
    assert (await Throttle.get(key=shared.key)).hits == 2


async def test_concurrent_hits_let_exactly_the_limit_through(db):
    limit = Limit("burst", hits=7, window=60)

    async def one() -> bool:
        try:
            await throttle.hit(limit)
        except TooMany:
            return False
        return True

    results = await asyncio.gather(*(one() for _ in range(40)))
    assert results.count(True) == 7


async def test_unusable_limits_are_a_programming_error(db):
    with pytest.raises(ValueError):
        await throttle.hit(Limit("x", 1, 0))
    with pytest.raises(ValueError):
        await throttle.hit(Limit("x" * 129, 1, 60))


def _request(host: str | None) -> Request:
    return Request({"type": "http", "client": (host, 1234) if host else None, "headers": []})


def test_client_address_groups_ipv6_by_its_64_network():
    assert throttle.client_address(_request("203.0.113.7")) == "203.0.113.7"
    assert throttle.client_address(_request("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64"
    assert throttle.client_address(_request("2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::/64"
    assert throttle.client_address(_request("::ffff:198.51.100.4")) == "198.51.100.4"
    assert throttle.client_address(_request(None)) == "unknown"
    assert throttle.client_address(_request("testclient")) == "testclient"
