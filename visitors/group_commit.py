"""Group commit for SQLite: writes that arrive together go to the database in one trip.

SQLite has one connection, served by aiosqlite's thread, and every write is a trip there and
back (a queue hand-off, a wake-up of the event loop) plus a COMMIT. When 64 gate phones send at
once, those trips, not the writes, are what the batches wait for. So the first write that finds
no trip under way starts one; writes that arrive while it runs wait for the next, which takes
all of them: one BEGIN IMMEDIATE, each write in its own SAVEPOINT (a write that fails or is
refused rolls back alone, as it would have by itself), one COMMIT. A lone write goes at once:
nothing is held back to wait for company.

Each caller still learns its own result only after the COMMIT that made its write durable, so
an answer sent to a device never covers a write that could still be rolled back.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

# A write: given the sqlite3 connection inside a transaction, do the statements and return the
# result for the caller. Raising rolls back this write only; the exception goes to its caller.
Write = Callable[[sqlite3.Connection], Any]

# Enough to take every waiting batch of 64 busy gates in one trip, small enough that one trip
# never holds the database for long.
MAX_GROUP = 64


class _Writer:
    def __init__(self, client: BaseDBAsyncClient) -> None:
        self.client = client
        self.loop = asyncio.get_running_loop()
        self.waiting: list[tuple[Write, asyncio.Future[Any]]] = []
        self.task: asyncio.Task[None] | None = None

    def submit(self, write: Write) -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = self.loop.create_future()
        self.waiting.append((write, future))
        if self.task is None:
            # A task of its own, not the first caller's coroutine: a caller whose request is
            # cancelled must not strand the writes of the others.
            self.task = self.loop.create_task(self._drain())
        return future

    async def _drain(self) -> None:
        try:
            while self.waiting:
                group, self.waiting = self.waiting[:MAX_GROUP], self.waiting[MAX_GROUP:]
                try:
                    async with self.client.acquire_connection() as connection:
                        # aiosqlite's own way of running work on its thread.
                        outcomes = await connection._execute(
                            lambda db=connection._conn, g=group: _write_group(db, g)
                        )
                except BaseException as exc:  # the whole trip failed: tell every caller
                    for _write, future in group:
                        if not future.done():
                            future.set_exception(exc)
                    if not isinstance(exc, Exception):
                        raise
                    continue
                for (_write, future), (ok, value) in zip(group, outcomes, strict=True):
                    if future.done():  # its caller gave up waiting
                        continue
                    if ok:
                        future.set_result(value)
                    else:
                        future.set_exception(value)
        finally:
            self.task = None


def _write_group(db: sqlite3.Connection, group: list[tuple[Write, Any]]) -> list[tuple[bool, Any]]:
    """Runs on aiosqlite's thread: every write of the group in one transaction."""
    outcomes: list[tuple[bool, Any]] = []
    db.execute("BEGIN IMMEDIATE")
    try:
        for write, _future in group:
            db.execute("SAVEPOINT one_write")
            try:
                outcomes.append((True, write(db)))
            except Exception as exc:
                db.execute("ROLLBACK TO one_write")
                outcomes.append((False, exc))
            db.execute("RELEASE one_write")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return outcomes


def _writer(client: BaseDBAsyncClient) -> _Writer:
    """The writer of this connection on the running loop (tests run several loops in turn)."""
    writer: _Writer | None = getattr(client, "_group_writer", None)
    if writer is None or writer.loop is not asyncio.get_running_loop():
        writer = _Writer(client)
        client._group_writer = writer  # type: ignore[attr-defined]
    return writer


async def write(client: BaseDBAsyncClient, write: Write) -> Any:
    """Run `write` in a transaction shared with the writes waiting beside it; its result, or
    its exception, once the transaction is committed."""
    return await _writer(client).submit(write)
