"""Login throttling by client address and by (client, account), with growing delays; a stranger
cannot lock a named account out for its owner from another address (issue 17, item 3)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator

import httpx2 as httpx
import pytest
import pytest_asyncio

from ocopfair import accounts
from ocopfair.errors import Invalid
from tests.factories import PASSWORD, make_user
from tests.login import csrf_token_of, page_without

STRANGER = ("203.0.113.7", 5555)


@pytest_asyncio.fixture
async def stranger(db, app) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=STRANGER)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def _try(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    token = await csrf_token_of(client)
    return await client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


async def test_a_stranger_cannot_lock_the_owner_out(client, stranger) -> None:
    await make_user("gate_staff", "gate")
    for _ in range(accounts.FREE_ATTEMPTS):
        assert (await _try(stranger, "gate", "guess")).status_code == 400
    slowed = await _try(stranger, "gate", PASSWORD)
    assert slowed.status_code == 429  # even the right password, from the stranger's address
    assert int(slowed.headers["retry-after"]) >= 1
    assert (await _try(client, "gate", PASSWORD)).status_code == 303  # the owner, elsewhere


async def test_one_address_trying_many_accounts_is_slowed(client, stranger) -> None:
    await make_user("official", "hoa")
    for n in range(accounts.CLIENT_FREE_ATTEMPTS):
        assert (await _try(stranger, f"user{n}", "guess")).status_code == 400
    assert (await _try(stranger, "hoa", PASSWORD)).status_code == 429
    assert (await _try(client, "hoa", PASSWORD)).status_code == 303


async def test_slowed_answers_do_not_tell_which_accounts_exist(stranger) -> None:
    await make_user("official", "hoa")
    for _ in range(accounts.FREE_ATTEMPTS):
        await _try(stranger, "hoa", "guess")
        await _try(stranger, "ghost", "guess")
    known, unknown = await _try(stranger, "hoa", "x"), await _try(stranger, "ghost", "x")
    assert known.status_code == unknown.status_code == 429

    # The wait counts down by the second: on a busy machine the two answers may straddle one.
    def same(text: str) -> str:
        return re.sub(r"\d+ giây", "N giây", page_without(text, "hoa", "ghost"))

    assert "giây" in known.text
    assert same(known.text) == same(unknown.text)


async def test_delays_grow_and_are_forgotten(db) -> None:
    await make_user("official", "hoa")
    start = dt.datetime(2027, 1, 20, 8, tzinfo=dt.UTC)
    waits = []
    now = start
    for _ in range(accounts.FREE_ATTEMPTS):
        with pytest.raises(Invalid):
            await accounts.check_credentials("hoa", "bad", "198.51.100.1", now)
    for _ in range(4):
        try:
            await accounts.check_credentials("hoa", "bad", "198.51.100.1", now)
        except accounts.TooManyAttempts as exc:
            waits.append(exc.wait_seconds)
            now += dt.timedelta(seconds=exc.wait_seconds)  # wait as told, then fail again
            with pytest.raises(Invalid):
                await accounts.check_credentials("hoa", "bad", "198.51.100.1", now)
    assert waits == [31, 61, 121, 241]
    later = now + accounts.FORGET_AFTER + dt.timedelta(seconds=1)
    user = await accounts.check_credentials("hoa", PASSWORD, "198.51.100.1", later)
    assert user.username == "hoa"
    assert [accounts.delay_after(n) for n in (9, 10, 11, 20)] == [0, 30, 60, 900]
