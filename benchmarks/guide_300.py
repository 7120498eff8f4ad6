"""The visitor's fair guide of a 300-booth fair over real HTTP: server time and page size.

Serves the demo data plus a fair of 300 producers with a booth each (4 zones, 3 products and a
listing each) on SQLite through tests/live_server.py, then asks the guide's list, a search and
one producer's page one after another on loopback (no concurrency: the time is the server's
time plus a loopback round trip). Prints p50/p90/p99 and the gzip size of each page.
Targets: < 50 ms and < 60 KB compressed.

    .venv/bin/python benchmarks/guide_300.py [--requests 200]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import harness  # noqa: F401  (puts the project on sys.path)
import httpx2 as httpx

from tests.databases import connected
from tests.live_server import app_env, run_cli, start_server, stop_server

BOOTHS = 300
TARGET_MS, TARGET_BYTES = 50, 60_000


async def build(url: str) -> tuple[int, int]:
    from booths.models import AssignmentKind, Booth, BoothAssignment
    from events.models import AllocationMode, Event, EventKind, EventLevel, EventStatus, Venue
    from exhibitors.models import (
        Exhibitor,
        ExhibitorKind,
        ListingFloor,
        Product,
        ProductGroup,
        ProductListing,
    )
    from ocopfair.text import fold

    async with connected(url):
        venue = await Venue.create(name="Quảng trường 30/10", kind="square")
        today = dt.date.today()
        event = await Event.create(
            name="Lễ hội OCOP 300 gian",
            kind=EventKind.FESTIVAL,
            level=EventLevel.PROVINCIAL,
            venue=venue,
            start_date=today,
            end_date=today + dt.timedelta(days=3),
            status=EventStatus.RUNNING,
            allocation_mode=AllocationMode.APPLICATION,
        )
        groups = list(ProductGroup)
        await Exhibitor.bulk_create(
            [
                Exhibitor(
                    name=f"HTX Mật ong số {i:03d}" if i % 10 == 0 else f"HTX Đặc sản số {i:03d}",
                    name_search=fold(
                        f"HTX Mật ong số {i:03d}" if i % 10 == 0 else f"HTX Đặc sản số {i:03d}"
                    ),
                    kind=ExhibitorKind.COOPERATIVE,
                    source="bench",
                )
                for i in range(BOOTHS)
            ]
        )
        producers = await Exhibitor.filter(source="bench").order_by("id")
        await Product.bulk_create(
            [
                Product(
                    exhibitor_id=p.id,
                    name=f"Sản phẩm {n} của {p.name}",
                    name_search=fold(f"Sản phẩm {n} của {p.name}"),
                    group=groups[i % len(groups)],
                    stars=3 + (i + n) % 3,
                    source="bench",
                )
                for i, p in enumerate(producers)
                for n in range(3)
            ]
        )
        products = await Product.filter(source="bench").order_by("id").values("id")
        await ProductListing.bulk_create(
            [
                ProductListing(
                    product_id=row["id"],
                    floor=ListingFloor.PROVINCE_FLOOR,
                    link=f"https://postmart.vn/san-pham/{row['id']}",
                )
                for row in products
            ]
        )
        await Booth.bulk_create(
            [
                Booth(
                    event=event,
                    code=f"{'ABCD'[i // 75]}{i % 75:02d}",
                    zone="ABCD"[i // 75],
                    x=(i % 15) * 4,
                    y=(i // 15) * 4,
                )
                for i in range(BOOTHS)
            ]
        )
        booths = await Booth.filter(event=event).order_by("id")
        await BoothAssignment.bulk_create(
            [
                BoothAssignment(
                    booth_id=b.id,
                    active_booth=b.id,
                    exhibitor_id=p.id,
                    kind=AssignmentKind.ASSIGNED,
                )
                for b, p in zip(booths, producers, strict=True)
            ]
        )
        return event.id, producers[150].id


def measure(client: httpx.Client, path: str, n: int) -> tuple[list[float], int, int]:
    client.get(path)  # warm up
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    raw = response.content
    wire = int(response.headers.get("content-length") or len(gzip.compress(raw)))
    return times, wire, len(raw)


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    n = parser.parse_args().requests
    var_dir = Path(tempfile.mkdtemp(prefix="ocopfair-guide-"))
    db_url = f"sqlite://{var_dir}/bench.sqlite3"
    env = app_env(db_url, var_dir)
    run_cli(env, "migrate")
    run_cli(env, "demo")
    event_id, producer_id = asyncio.run(build(db_url))
    # A busy shared machine starts the server slowly: a longer wait than the tests'.
    server = start_server(db_url, 1, var_dir=var_dir, timeout=120)
    try:
        url = server.url
        pages = {
            "list": f"/events/{event_id}/guide",
            "search": f"/events/{event_id}/guide?q=mat+ong",
            "producer": f"/events/{event_id}/guide/{producer_id}",
        }
        results = {}
        with httpx.Client(base_url=url) as client:
            for name, path in pages.items():
                results[name] = measure(client, path, n)
    finally:
        stop_server(server)
        shutil.rmtree(var_dir, ignore_errors=True)
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    for name, (times, wire, raw) in results.items():
        print(
            f"guide {name:8s}: p50 {pct(times, 50):6.1f} ms  p90 {pct(times, 90):6.1f} ms  "
            f"p99 {pct(times, 99):6.1f} ms  gzip {wire / 1000:5.1f} KB (raw {raw / 1000:.0f} KB)"
        )
    targets = f"< {TARGET_MS} ms, < {TARGET_BYTES / 1000:.0f} KB gzip"
    print(f"targets: {targets}; load average {' '.join(load)} (a shared, busy machine)")
    times, wire, _raw = results["list"]
    producer, producer_wire, _raw = results["producer"]
    print(
        f"BENCH guide_300 ms={pct(times, 50):.1f} p90_ms={pct(times, 90):.1f} "
        f"p99_ms={pct(times, 99):.1f} bytes={wire} "
        f"producer_ms={pct(producer, 50):.1f} producer_p90_ms={pct(producer, 90):.1f} "
        f"producer_p99_ms={pct(producer, 99):.1f} producer_bytes={producer_wire} "
        f"load={'/'.join(load)}"
    )


if __name__ == "__main__":
    main()
