"""CPU-heavy work (password hashing, spreadsheet parsing, image decoding, PDF rendering) runs
here, off the event loop, so that no request can hold up the others.

A few threads do the work (argon2 and Pillow release the GIL while they compute; pure-Python
parsing shares it, but the event loop still gets its turn every few milliseconds). The queue is
bounded: when `QUEUE_LIMIT` jobs already wait in this worker, a new one is refused at once with
`Busy` (answered 503 with Retry-After) instead of piling up memory and latency.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import anyio
import anyio.to_thread

THREADS = 2  # the machines this runs on have two cores
QUEUE_LIMIT = 32

P = ParamSpec("P")
T = TypeVar("T")

_limiters: dict[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = {}
_waiting = [0]


class Busy(Exception):
    """Too much heavy work is queued already; try again shortly."""

    retry_after = 5


def _limiter() -> anyio.CapacityLimiter:
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        _limiters.clear()  # one loop per worker; tests start new ones
        limiter = _limiters[loop] = anyio.CapacityLimiter(THREADS)
    return limiter


async def run(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`func(*args, **kwargs)` in the bounded pool; raises Busy when the queue is full."""
    if _waiting[0] >= QUEUE_LIMIT:
        raise Busy
    _waiting[0] += 1
    try:
        return await anyio.to_thread.run_sync(
            lambda: func(*args, **kwargs), limiter=_limiter(), abandon_on_cancel=False
        )
    finally:
        _waiting[0] -= 1
