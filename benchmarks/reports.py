"""How long the reports take over a year of 50 events, on SQLite and PostgreSQL.

Builds, in a temporary SQLite file and in a PostgreSQL database it creates and drops itself
(bench_reports on 127.0.0.1), a year of 50 finished events: each 5 days × 8 gates × 15-minute
buckets from 08:00 to 22:00 in both directions, 500 producers with a booth and a sales record
every day (with units per product: about two sales lines per record), applications with
products, trade deals and corrections. Then times the period report of the year and the report
of one event (median of several runs, in-process: the figures and their layout, not HTTP), with
the CPU it cost (this process plus its PostgreSQL backend), which a loaded machine disturbs far
less than the wall clock. Targets: period < 300 ms, event < 100 ms. --per-query times each
query of reports/figures.py the same way.

    .venv/bin/python benchmarks/reports.py [--events 50] [--runs 7] [--per-query]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import connections  # noqa: E402

from tests.databases import connected  # noqa: E402
from tests.factories import (  # noqa: E402
    make_buyer,
    make_event,
    make_gate,
    make_locality,
    make_venue,
)

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DB = "bench_reports"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
DAYS, GATES, PRODUCERS = 5, 8, 500
BATCH = 5000


async def build(n_events: int) -> int:
    from booths.models import (
        AssignmentKind,
        Booth,
        BoothApplication,
        BoothAssignment,
        PaymentStatus,
    )
    from deals.models import DealStatus, TradeDeal
    from events.models import EventKind, EventStatus, VenueKind
    from exhibitors.models import Exhibitor, ExhibitorKind, Product, ProductGroup
    from ocopfair.models import LocalityKind
    from sales.models import SalesLine, SalesRecord
    from visitors.models import CountCorrection, Direction, GateCount

    localities = [
        await make_locality(f"L{i}", f"Địa phương {i}", LocalityKind.COMMUNE) for i in range(10)
    ]
    venues = [
        await make_venue(
            f"Địa điểm {i}", address="", kind=VenueKind.EXHIBITION_GROUND, locality=localities[i]
        )
        for i in range(5)
    ]
    kinds = list(ExhibitorKind)
    await Exhibitor.bulk_create(
        [
            Exhibitor(
                name=f"Chủ thể {i}",
                name_search=f"chu the {i}",
                kind=kinds[i % 4],
                locality=localities[i % 10],
                ethnic_minority=i % 7 == 0,
                island=i % 11 == 0,
            )
            for i in range(PRODUCERS)
        ],
        batch_size=BATCH,
    )
    exhibitors = await Exhibitor.all().order_by("id")
    groups = list(ProductGroup)
    await Product.bulk_create(
        [
            Product(
                exhibitor=x,
                name=f"Sản phẩm {x.id}-{j}",
                group=groups[(x.id + j) % 6],
                stars=3 + (x.id + j) % 3,
            )
            for x in exhibitors
            for j in range(3)
        ],
        batch_size=BATCH,
    )
    products = {}
    for p in await Product.all().order_by("id").values("id", "exhibitor_id"):
        products.setdefault(p["exhibitor_id"], p["id"])
    buyer = await make_buyer("Siêu thị")
    m2m = BoothApplication._meta.fields_map["products"]
    conn = connections.get("default")
    rows = 0
    for e in range(n_events):
        start = dt.date(2025, 1, 6) + dt.timedelta(days=7 * e)
        event = await make_event(
            f"Hội chợ {e}",
            venue=venues[e % 5],
            start=start,
            days=DAYS,
            status=EventStatus.FINISHED,
            kind=list(EventKind)[e % 4],
        )
        gates = [await make_gate(event, f"Cổng {g}") for g in range(GATES)]
        counts = []
        for d in range(DAYS):
            opening = dt.datetime.combine(start + dt.timedelta(days=d), dt.time(8), LOCAL)
            for b in range(56):
                at = (opening + dt.timedelta(minutes=15 * b)).astimezone(dt.UTC)
                for g, gate in enumerate(gates):
                    counts.append(
                        GateCount(
                            gate=gate,
                            bucket_start=at,
                            direction=Direction.IN,
                            count=5 + (b * 7 + g) % 40,
                        )
                    )
                    counts.append(
                        GateCount(
                            gate=gate,
                            bucket_start=at,
                            direction=Direction.OUT,
                            count=3 + (b * 5 + g) % 38,
                        )
                    )
        await GateCount.bulk_create(counts, batch_size=BATCH)
        await CountCorrection.bulk_create(
            [
                CountCorrection(
                    gate=gates[0], day=start, direction=Direction.IN, delta=12, reason="phiếu giấy"
                )
            ]
        )
        await Booth.bulk_create(
            [Booth(event=event, code=f"A{i:03d}") for i in range(PRODUCERS)], batch_size=BATCH
        )
        booths = await Booth.filter(event=event).order_by("id")
        await BoothApplication.bulk_create(
            [BoothApplication(event=event, exhibitor=x) for x in exhibitors], batch_size=BATCH
        )
        apps = (
            await BoothApplication.filter(event=event).order_by("id").values("id", "exhibitor_id")
        )
        values = [(a["id"], products[a["exhibitor_id"]]) for a in apps]
        await conn.execute_many(
            f'INSERT INTO "{m2m.through}" ("{m2m.backward_key}", "{m2m.forward_key}") '
            + ("VALUES ($1, $2)" if conn.capabilities.dialect == "postgres" else "VALUES (?, ?)"),
            values,
        )
        app_of = {a["exhibitor_id"]: a["id"] for a in apps}
        statuses = list(PaymentStatus)
        await BoothAssignment.bulk_create(
            [
                BoothAssignment(
                    booth=booth,
                    active_booth=booth.id,
                    exhibitor=x,
                    application_id=app_of[x.id],
                    kind=AssignmentKind.ASSIGNED,
                    fee=1_500_000,
                    payment_status=statuses[i % 3],
                )
                for i, (booth, x) in enumerate(zip(booths, exhibitors, strict=True))
            ],
            batch_size=BATCH,
        )
        assignments = await BoothAssignment.filter(booth__event=event).order_by("id")
        await SalesRecord.bulk_create(
            [
                SalesRecord(
                    assignment=a,
                    day=start + dt.timedelta(days=d),
                    revenue=100_000 * (1 + (a.id + d) % 50),
                    units=1 + (a.id + d) % 9,
                )
                for a in assignments
                for d in range(DAYS)
            ],
            batch_size=BATCH,
        )
        # Units per product: about two of the producer's three products on each record, so
        # most lines name a product that is not the booth's main product.
        await conn.execute_query(
            f'INSERT INTO "{SalesLine._meta.db_table}" (record_id, product_id, units) '
            f'SELECT s.id, p.id, 1 + (s.id + p.id) % 4 FROM "{SalesRecord._meta.db_table}" s '
            f'JOIN "{BoothAssignment._meta.db_table}" a ON a.id = s.assignment_id '
            f'JOIN "{Booth._meta.db_table}" b ON b.id = a.booth_id '
            f'JOIN "{Product._meta.db_table}" p ON p.exhibitor_id = a.exhibitor_id '
            f"WHERE b.event_id = {int(event.id)} AND (s.id + p.id) % 3 <> 0"
        )
        deal_statuses = list(DealStatus)
        await TradeDeal.bulk_create(
            [
                TradeDeal(
                    event=event,
                    exhibitor=exhibitors[i * 7],
                    buyer=buyer,
                    value=10_000_000 * i,
                    status=deal_statuses[i % 4],
                )
                for i in range(20)
            ]
        )
        rows += len(counts) + len(assignments) * (DAYS + 3)
    return rows + await SalesLine.all().count()


BACKEND_PID: list[int | None] = [None]


def cpu_seconds() -> float:
    """CPU used by this process and by its PostgreSQL backend (one pooled connection): unlike
    the wall clock, it hardly moves when other work loads the machine."""
    used = time.process_time()
    if BACKEND_PID[0] is not None:
        fields = Path(f"/proc/{BACKEND_PID[0]}/stat").read_text().rsplit(")", 1)[1].split()
        used += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


async def timed(label: str, function, runs: int) -> float:
    await function()  # warm caches (plans, pages) once
    samples = []
    cpu = cpu_seconds()
    for _ in range(runs):
        began = time.perf_counter()
        await function()
        samples.append((time.perf_counter() - began) * 1000)
    cpu = (cpu_seconds() - cpu) * 1000 / runs
    median = statistics.median(samples)
    print(
        f"  {label}: median {median:.1f} ms (min {min(samples):.1f}, max {max(samples):.1f}); "
        f"cpu {cpu:.1f} ms per run"
    )
    return median


def figure_queries(ids: list[int], event_id: int) -> list[tuple[str, object]]:
    """Each query of reports/figures.py as the two reports run it, to time one by one."""
    from reports import figures as f
    from reports.event_report import REVENUE_GROUPINGS

    return [
        ("period: visitors by event", lambda: f.visitor_flows(ids, ("event",))),
        (
            "period: revenue + booths by event, locality",
            lambda: f.assignment_figures(
                ids, {"event": None, "locality": None}, ["event", "locality"]
            ),
        ),
        (
            "period: producers + products by event, locality, total",
            lambda: f.participation_groups(ids, ["event", "locality", "total"]),
        ),
        ("period: deals by event, locality", lambda: f.deal_groups(ids, ["event", "locality"])),
        ("event: visitors by gate and day", lambda: f.visitor_flows([event_id], ("gate", "day"))),
        ("event: entries by hour and gate", lambda: f.entries_by_hour(event_id, "gate")),
        ("event: entries by day and hour", lambda: f.entries_by_hour(event_id, "day")),
        ("event: highest occupancy", lambda: f.highest_occupancy(event_id)),
        (
            "event: revenue (8 groupings: day × group, units per product...) + booths",
            lambda: f.assignment_figures([event_id], REVENUE_GROUPINGS, ["total"]),
        ),
        ("event: producers + products", lambda: f.participation_groups([event_id], ["total"])),
        ("event: deals by status", lambda: f.deal_groups([event_id], ["status"])),
        (
            "event: summaries of two editions (4 queries)",
            lambda: f.event_summaries([event_id, event_id - 1]),
        ),
    ]


async def measure(
    url: str, name: str, n_events: int, runs: int, per_query: bool = False
) -> tuple[float, float]:
    from events.models import Event
    from ocopfair.i18n import language
    from reports.event_report import event_report
    from reports.period_report import PeriodFilter, period_report

    async with connected(url, create_schema=True):
        began = time.perf_counter()
        rows = await build(n_events)
        built = time.perf_counter() - began
        print(f"{name}: built {n_events} events, ~{rows:,} rows in {built:.1f} s")
        # A live database has statistics (autovacuum, or ANALYZE after an import); a freshly
        # bulk-loaded one has none and its planner guesses table sizes wrong.
        await connections.get("default").execute_script("ANALYZE")
        if "postgres" in url:
            rows = await connections.get("default").execute_query_dict(
                "SELECT pg_backend_pid() AS p"
            )
            BACKEND_PID[0] = rows[0]["p"]
        year = PeriodFilter(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        event = await Event.filter(name=f"Hội chợ {n_events // 2}").select_related("venue").first()
        with language("vi"):
            report = await period_report(year)
            entries = next(h.value for h in report.headlines if h.key == "entries")
            revenue = next(h.value for h in report.headlines if h.key == "revenue")
            print(
                f"  period: {len(report.meta['event_ids'])} events, {entries:,} entries, "
                f"{revenue:,} VND"
            )
            period_ms = await timed("period report (year)", lambda: period_report(year), runs)
            event_ms = await timed("event report (one fair)", lambda: event_report(event), runs)
            if per_query:
                ids = list(report.meta["event_ids"])
                for label, function in figure_queries(ids, event.id):
                    await timed(label, function, runs)
        BACKEND_PID[0] = None
    return period_ms, event_ms


async def admin_sql(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN.replace("postgres://", "postgresql://"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--per-query", action="store_true", help="also time each query of reports/figures.py"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        sqlite = await measure(
            f"sqlite://{tmp}/bench.sqlite3", "SQLite", args.events, args.runs, args.per_query
        )
    await admin_sql(f"DROP DATABASE IF EXISTS {PG_DB}")
    await admin_sql(f"CREATE DATABASE {PG_DB}")
    try:
        # One pooled connection, so the CPU of its one backend is the database's work.
        postgres = await measure(
            f"postgres://postgres@127.0.0.1:5432/{PG_DB}?min_size=1&max_size=1",
            "PostgreSQL",
            args.events,
            args.runs,
            args.per_query,
        )
    finally:
        await admin_sql(f"DROP DATABASE IF EXISTS {PG_DB}")
    print(
        f"BENCH period_report_{args.events} ms_sqlite={sqlite[0]:.1f} ms_postgres={postgres[0]:.1f}"
    )
    print(f"BENCH event_report ms_sqlite={sqlite[1]:.1f} ms_postgres={postgres[1]:.1f}")


if __name__ == "__main__":
    asyncio.run(main())
