"""The calendar feeds over HTTP, next to the same server's /livez, on both databases.

For SQLite (one uvicorn worker) and PostgreSQL (two workers, a database bench_ical created and
dropped here): 10 public events with opening hours, then wrk on loopback, 16 and 64
connections, `--seconds` each, interleaved per connection count: /livez (no database: the
server's own ceiling), /calendar.ics (cached after the first request: one version query per
request) and one event's .ics (built each time, with its ETag). Prints p50/p90/p99, the server's
CPU per request (all its processes, from /proc) and how the 64 connections were spread over the
workers (`ss`, sampled mid-run), with the load average.

Then, in-process on SQLite, the CPU of an uncached feed (the query and the iCalendar text, no
HTTP) for 10 and 300 events: time.process_time over `--runs` builds, the median; cold (no
event's VEVENT kept: the figure in the BENCH line) and with them kept (a rebuild after a change).

Run: .venv/bin/python benchmarks/ical_http.py [--seconds 5] [--runs 15] [--connections 16,64]
[--rounds 1] (about 90 s a round; with several rounds the routes take turns and each reports
the run of median throughput, for a machine shared with others).
Last line: BENCH ical_http feed_cached_rps=… livez_rps=… feed_uncached_cpu_ms=… p99_ms=… (rps
and p99 of PostgreSQL with 2 workers at the largest connection count; the CPU figure for 10
events, cold.)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from harness import LoadResult, load_average, pg_database, wrk  # puts the checkout on sys.path

from events.calendar import clear_vevents, feed_calendar, feed_rows
from events.listing import Filters
from events.models import AllocationMode, EventKind, EventStatus, VenueKind
from tests.databases import connected
from tests.factories import make_event, make_venue
from tests.live_server import LiveServer, start_server, stop_server

EVENTS_HTTP = 10


async def seed(url: str, count: int, create_schema: bool = True) -> int:
    """`count` public events (most with daily hours); the id of the first."""
    async with connected(url, create_schema=create_schema):
        venues = [
            await make_venue(
                f"Địa điểm {i}", address="Quảng Ninh", kind=VenueKind.EXHIBITION_GROUND
            )
            for i in range(min(count, 10))
        ]
        first = dt.date(2031, 1, 1)
        ids = []
        for i in range(count):
            event = await make_event(
                f"Hội chợ OCOP {i}",
                venue=venues[i % len(venues)],
                start=first + dt.timedelta(days=i),
                days=1 + i % 7,
                status=EventStatus.CANCELLED if i % 25 == 0 else EventStatus.OPEN,
                mode=AllocationMode.APPLICATION,
                kind=list(EventKind)[i % 4],
                opens_at=dt.time(8) if i % 5 else None,
                closes_at=dt.time(21) if i % 5 else None,
                description="Gian hàng OCOP của 13 địa phương",
            )
            ids.append(event.id)
        return ids[0]


def _tree(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    children = [int(p) for p in out.stdout.split()]
    return [pid] + [q for c in children for q in _tree(c)]


def cpu_seconds(server: LiveServer) -> float:
    """User + system CPU of the server and its workers so far."""
    total = 0
    for pid in _tree(server.process.pid):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def connection_spread(server: LiveServer) -> str:
    """Established connections to the server's port, per process (which worker holds them)."""
    out = subprocess.run(
        ["ss", "-tnpH", "state", "established", f"( sport = :{server.port} )"],
        capture_output=True,
        text=True,
    ).stdout
    pids = Counter(
        line.split("pid=")[1].split(",")[0] for line in out.splitlines() if "pid=" in line
    )
    return ", ".join(f"pid {p}: {n}" for p, n in sorted(pids.items())) or "?"


def measured(
    server: LiveServer, url: str, seconds: int, connections: int
) -> tuple[LoadResult, float, str]:
    spread: list[str] = []
    sampler = threading.Timer(seconds / 2, lambda: spread.append(connection_spread(server)))
    before = cpu_seconds(server)
    sampler.start()
    result = wrk(url, seconds=seconds, connections=connections)
    sampler.join()
    cpu_ms = 1000 * (cpu_seconds(server) - before) / max(result.requests, 1)
    return result, cpu_ms, spread[0] if spread else "?"


def http_runs(
    name: str,
    url: str,
    workers: int,
    seconds: int,
    counts: tuple[int, ...] = (16, 64),
    rounds: int = 1,
) -> dict[tuple[str, int], LoadResult]:
    """Each route under wrk, the routes taking turns `rounds` times (so a neighbour's load on a
    shared machine falls on all of them alike); per route the run of median throughput."""
    event_id = asyncio.run(seed(url, EVENTS_HTTP))
    server = start_server(url, workers, timeout=240)
    routes = {
        "livez": "/livez",
        "feed_cached": "/calendar.ics",
        "event_ics": f"/events/{event_id}/calendar.ics",
    }
    results: dict[tuple[str, int], LoadResult] = {}
    try:
        for path in routes.values():
            wrk(server.url + path, seconds=1, connections=16)  # warm-up: caches, connections
        for connections in counts:
            runs: dict[str, list[LoadResult]] = {route: [] for route in routes}
            for _round, (route, path) in itertools.product(range(rounds), routes.items()):
                result, cpu_ms, spread = measured(server, server.url + path, seconds, connections)
                runs[route].append(result)
                print(
                    f"{name} ({workers}w) {route:<11} c={connections:<2}: "
                    f"{result.requests_per_s:7.0f} req/s, {result.tails()}, "
                    f"server CPU {cpu_ms:.2f} ms/req, non-2xx {result.non_2xx}; "
                    f"connections: {spread}"
                )
            for route, done in runs.items():
                done.sort(key=lambda r: r.requests_per_s)
                results[(route, connections)] = done[len(done) // 2]
    finally:
        stop_server(server)
    print(f"{name}: load average {load_average()}")
    return results


async def uncached_cpu(count: int, runs: int) -> tuple[float, float]:
    """Median CPU ms of one uncached feed of `count` events (the query and the text, what
    feed_ics does when its cached copy is out of date): from cold (no event's text kept), and
    with the events' texts kept as after a change of one event (only the query and the
    joining)."""
    from events import routes
    from ocopfair.urls import absolute_url, index_routes

    index_routes(routes.routes)

    def link(event: object) -> str:
        return absolute_url("event_public", event_id=event.id)  # type: ignore[attr-defined]

    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite://{folder}/bench.sqlite3"
        await seed(db, count)
        async with connected(db):
            timings: dict[bool, list[float]] = {True: [], False: []}
            for _ in range(runs + 1):
                for cold in (True, False):
                    if cold:
                        clear_vevents()
                    started = time.process_time()
                    rows = await feed_rows(Filters())  # what feed_ics builds from
                    body = feed_calendar(rows, name="OCOP", uid="feed", event_url=link)
                    timings[cold].append((time.process_time() - started) * 1000)
    assert body.count(b"BEGIN:VEVENT") == count
    return statistics.median(timings[True][1:]), statistics.median(timings[False][1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="of each wrk run")
    parser.add_argument("--runs", type=int, default=15, help="uncached builds timed")
    parser.add_argument(
        "--connections", default="16,64", help="wrk connection counts, comma-separated"
    )
    parser.add_argument("--rounds", type=int, default=1, help="turns of the routes under wrk")
    args = parser.parse_args()
    counts = tuple(int(n) for n in args.connections.split(","))
    top = max(counts)
    print(f"load average at start {load_average()}; wrk -t1, {args.seconds} s per run")
    with tempfile.TemporaryDirectory() as folder:
        http_runs(
            "sqlite", f"sqlite://{folder}/bench.sqlite3", 1, args.seconds, counts, args.rounds
        )
    with pg_database("bench_ical") as url:
        pg = http_runs("postgres", url, 2, args.seconds, counts, args.rounds)
    cpu10, kept10 = asyncio.run(uncached_cpu(10, args.runs))
    cpu300, kept300 = asyncio.run(uncached_cpu(300, max(3, args.runs // 3)))
    print(
        f"uncached feed, in-process CPU, cold: 10 events {cpu10:.2f} ms, 300 events {cpu300:.1f}"
        f" ms; with the events' texts kept (after one change): {kept10:.2f} ms, {kept300:.1f} ms"
    )
    feed, livez = pg[("feed_cached", top)], pg[("livez", top)]
    ratio = feed.requests_per_s / max(livez.requests_per_s, 1e-9)
    print(f"postgres, {top} connections: cached feed is {100 * ratio:.0f}% of /livez (goal ≥ 50%)")
    print(f"load average at end {load_average()}")
    print(
        f"BENCH ical_http feed_cached_rps={feed.requests_per_s:.0f} "
        f"livez_rps={livez.requests_per_s:.0f} feed_uncached_cpu_ms={cpu10:.2f} "
        f"p99_ms={feed.p99_ms:.1f} p50_ms={feed.p50_ms:.1f} feed300_cpu_ms={cpu300:.1f} "
        f"livez_ratio={ratio:.2f}"
    )


if __name__ == "__main__":
    main()
