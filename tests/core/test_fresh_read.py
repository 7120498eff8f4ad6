"""A shared read never hands a caller a result read before it asked (ocopfair.fresh_read)."""

from __future__ import annotations

import asyncio

from ocopfair.fresh_read import FreshRead


class Source:
    """A value that the test changes between reads; counts the reads and can hold them."""

    def __init__(self) -> None:
        self.value = 0
        self.reads = 0
        self.gate = asyncio.Event()
        self.gate.set()

    async def read(self) -> int:
        self.reads += 1
        seen = self.value  # what the database gives at the moment the read is sent
        await self.gate.wait()
        return seen


async def test_callers_in_flight_together_share_one_read():
    source = Source()
    shared = FreshRead(source.read)
    assert await asyncio.gather(*(shared() for _ in range(10))) == [0] * 10
    assert source.reads == 1
    assert await shared() == 0 and source.reads == 2  # a lone caller reads at once


async def test_a_caller_that_comes_during_a_read_waits_for_the_next_one():
    source = Source()
    shared = FreshRead(source.read)
    source.gate.clear()
    first = asyncio.ensure_future(shared())
    while not source.reads:
        await asyncio.sleep(0)  # until the first read is sent: it saw value 0
    source.value = 1  # a change commits while that read is in flight
    later = [asyncio.ensure_future(shared()) for _ in range(5)]
    await asyncio.sleep(0)
    source.gate.set()
    assert await first == 0
    assert await asyncio.gather(*later) == [1] * 5  # never the read that began before them
    assert source.reads == 2


async def test_a_failed_read_fails_its_callers_and_the_next_caller_reads_again():
    calls = 0

    async def flaky() -> int:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("database gone")
        return calls

    shared = FreshRead(flaky)
    results = await asyncio.gather(shared(), shared(), return_exceptions=True)
    assert all(isinstance(r, ConnectionError) for r in results)
    assert await shared() == 2


async def test_a_caller_that_hangs_up_does_not_cancel_the_read_of_the_others():
    source = Source()
    shared = FreshRead(source.read)
    source.gate.clear()
    quitter = asyncio.ensure_future(shared())
    stayer = asyncio.ensure_future(shared())
    while not source.reads:
        await asyncio.sleep(0)
    quitter.cancel()
    source.gate.set()
    assert await stayer == 0
    assert quitter.cancelled()
