"""How long the public iCalendar feed of 300 events takes to build.

Creates 300 public events in a temporary SQLite database, then times the feed's whole work
(the one query and the iCalendar text) several times and prints the median.
Last line: BENCH ical_feed_300 ms=<median>
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events import routes  # noqa: E402
from events.calendar import build_calendar  # noqa: E402
from events.listing import Filters, filtered_events  # noqa: E402
from events.models import AllocationMode, EventKind, EventStatus, VenueKind  # noqa: E402
from ocopfair.urls import index_routes, url  # noqa: E402
from tests.databases import connected  # noqa: E402
from tests.factories import make_event, make_venue  # noqa: E402

EVENTS = 300
RUNS = 15


async def seed() -> None:
    venues = [
        await make_venue(f"Địa điểm {i}", address="Quảng Ninh", kind=VenueKind.EXHIBITION_GROUND)
        for i in range(10)
    ]
    first = dt.date(2031, 1, 1)
    for i in range(EVENTS):
        await make_event(
            f"Hội chợ OCOP {i}",
            venue=venues[i % 10],
            start=first + dt.timedelta(days=i),
            days=1 + i % 7,
            status=EventStatus.CANCELLED if i % 25 == 0 else EventStatus.OPEN,
            mode=AllocationMode.APPLICATION,
            kind=list(EventKind)[i % 4],
            opens_at=dt.time(8) if i % 2 else None,
            closes_at=dt.time(21) if i % 2 else None,
            description="Gian hàng OCOP của 13 địa phương",
        )


async def build_feed() -> bytes:
    events = await filtered_events(Filters(), internal=False)
    return build_calendar(
        events,
        name="OCOP",
        uid="feed",
        event_url=lambda e: "http://127.0.0.1" + url("event_public", event_id=e.id),
    )


async def main() -> None:
    index_routes(routes.routes)  # what the app does at start-up: links are built from names
    with tempfile.TemporaryDirectory() as folder:
        async with connected(f"sqlite://{folder}/bench.sqlite3", create_schema=True):
            await seed()
            body = await build_feed()  # warm-up
            timings = []
            for _ in range(RUNS):
                started = time.perf_counter()
                body = await build_feed()
                timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    print(
        f"events: {EVENTS}, runs: {RUNS}, feed size: {len(body):,} bytes, "
        f"VEVENTs: {body.count(b'BEGIN:VEVENT')}"
    )
    print(f"min {min(timings):.1f} ms, median {median:.1f} ms, max {max(timings):.1f} ms")
    print(f"BENCH ical_feed_300 ms={median:.1f}")


if __name__ == "__main__":
    asyncio.run(main())
