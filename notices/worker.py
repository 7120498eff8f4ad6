"""The worker: sends due deliveries and makes scheduled reminders, in a loop.

On the SQLite default it runs inside the served process (started by the app's lifespan); with
PostgreSQL and several app processes, run `ocopfair worker` as its own process (or several:
claims keep each message to one worker) and set OCOPFAIR_WORKER=external for the app.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
import uuid

from notices import delivery, digests, reminders
from ocopfair import province

log = logging.getLogger("ocopfair.notices")

POLL_SECONDS = float(os.environ.get("OCOPFAIR_WORKER_POLL", "5"))
REMINDER_EVERY = dt.timedelta(minutes=1)


async def make_due(now: dt.datetime) -> int:
    """Every scheduled reminder whose time has come (each is made once, whoever runs it)."""
    made = 0
    for reminder in [*reminders.REMINDERS, digests.sales_missing, digests.organizer_digest]:
        made += await reminder(now)
    return made


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"[:64]


def in_process() -> bool:
    """Whether the served app runs the jobs itself (the default)."""
    return os.environ.get("OCOPFAIR_WORKER", "inprocess") != "external"


async def run(stop: asyncio.Event, name: str | None = None) -> None:
    """Until `stop` is set: send what is due, and make reminders once a minute."""
    name = name or worker_name()
    last_reminders: dt.datetime | None = None
    while not stop.is_set():
        now = dt.datetime.now(dt.UTC)
        try:
            await province.refresh_if_stale()  # e-mails name the province (its own process too)
            if last_reminders is None or now - last_reminders >= REMINDER_EVERY:
                await make_due(now)
                last_reminders = now
            sent = await delivery.send_due(name, now)
        except Exception:  # one bad round must not end the loop; the next round retries
            log.exception("notice worker round failed")
            sent = 0
        if sent:
            continue  # more may be waiting
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=POLL_SECONDS)
