"""One read shared by the requests that ask for it together, yet never older than the asking.

A feed answers each request after a cheap read that says whether its cached copy is still
current (events.feed_cache). Under load a worker has several such requests in flight at once,
and each made the same read: a database round trip apiece. Sharing a read that is already
running would be cheaper still, but it may have begun before a change committed, and a request
sent after that change must see it. So a caller never joins a read that has begun: it joins the
next one, which starts when the running one ends and serves every caller that came meanwhile.
At most one read runs and one waits per worker (and event loop); a lone request reads at once.
A read runs in the context of the caller that started it, so it must not depend on who calls:
no caller's transaction, user or language (the feeds' version read qualifies).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class _Batch(Generic[T]):
    """One read and the callers waiting for it; `started` once the read is sent."""

    def __init__(self, read: Callable[[], Awaitable[T]], after: asyncio.Future | None) -> None:
        self.started = False
        self.task: asyncio.Task[T] = asyncio.ensure_future(self._run(read, after))

    async def _run(self, read: Callable[[], Awaitable[T]], after: asyncio.Future | None) -> T:
        if after is not None and not after.done():
            await asyncio.wait([after])  # whatever it gave or raised is its callers' business
        self.started = True
        return await read()


class FreshRead(Generic[T]):
    """`await shared()` runs `read` or waits for a run of it that began after this call."""

    def __init__(self, read: Callable[[], Awaitable[T]]) -> None:
        self._read = read
        self._latest: _Batch[T] | None = None

    async def __call__(self) -> T:
        latest = self._latest
        loop = asyncio.get_running_loop()
        if latest is not None and latest.task.get_loop() is not loop:
            latest = None  # made by another event loop (a test's): not ours to wait on
        if latest is None or latest.started or latest.task.done():
            after = latest.task if latest is not None and not latest.task.done() else None
            latest = self._latest = _Batch(self._read, after)
        # shield: a client hanging up must not cancel the read the others are waiting for.
        return await asyncio.shield(latest.task)
