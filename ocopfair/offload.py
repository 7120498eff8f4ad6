"""CPU-heavy work (password hashing, spreadsheet parsing, image decoding) runs here, off the
event loop, so that no request can hold up the others.

Two pools. Work that releases the GIL (argon2, Pillow) runs in a small pool of threads of its
own (`run`). Pure-Python work (parsing a spreadsheet's XML) would hold the GIL, and with it
the event loop's thread, so it runs in one worker process (`run_in_process`), in the request's
language so that its sentences are in the reader's language.

The threads and the process run at a lowered priority (nice 10; on Linux each thread has its
own, and the threads argon2 starts for its lanes inherit it), so when the cores are busy the
event loop still gets one at once: a storm of logins slows the logins, not every request.
The queue is bounded: when `QUEUE_LIMIT` jobs already wait in this app worker, a new one is
refused at once with `Busy` (answered 503 with Retry-After) rather than piling up.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

from ocopfair import i18n

THREADS = 2  # the machines this runs on have two cores
QUEUE_LIMIT = 32
NICENESS = 10

P = ParamSpec("P")
T = TypeVar("T")

_pool: list[ThreadPoolExecutor] = []
_processes: list[ProcessPoolExecutor] = []
_waiting = [0]


class Busy(Exception):
    """Too much heavy work is queued already; try again shortly."""

    retry_after = 5


def _lower_priority() -> None:
    # Not Linux (no per-thread priority): the thread keeps the normal one.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)


def _executor() -> ThreadPoolExecutor:
    if not _pool:
        _pool.append(
            ThreadPoolExecutor(THREADS, thread_name_prefix="offload", initializer=_lower_priority)
        )
    return _pool[0]


async def _submit(pool: Any, call: Callable[[], T]) -> T:
    if _waiting[0] >= QUEUE_LIMIT:
        raise Busy
    _waiting[0] += 1
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, call)
    finally:
        _waiting[0] -= 1


def _lower_process_priority() -> None:
    with contextlib.suppress(AttributeError, OSError):
        os.nice(NICENESS)


def _in_language(language: str, func: Callable[..., T], *args: Any) -> T:
    with i18n.language(language):
        return func(*args)


async def run_in_process(func: Callable[..., T], *args: Any) -> T:
    """`func(*args)` in the worker process (func and args must pickle; so must what it raises,
    see ocopfair.errors.Invalid.__reduce__); raises Busy when the queue is full."""
    if not _processes:
        _processes.append(
            ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_lower_process_priority,
            )
        )
    language = i18n.current_language.get()
    return await _submit(_processes[0], functools.partial(_in_language, language, func, *args))


async def run(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`func(*args, **kwargs)` in the pool (with this request's context: its language...);
    raises Busy when the queue is full."""
    call = functools.partial(contextvars.copy_context().run, func, *args, **kwargs)
    return await _submit(_executor(), call)
