"""Who may read which report, the API in the OpenAPI document, and query counts that do not grow."""

from __future__ import annotations

import datetime as dt

import pytest

from booths.models import AssignmentKind, Booth, BoothAssignment
from events.models import Event, EventKind, EventLevel, EventStatus, Venue, VenueKind
from exhibitors.models import Product, ProductGroup
from sales.models import SalesLine, SalesRecord
from tests.factories import make_exhibitor, make_user
from tests.login import login
from tests.queries import count_queries
from tests.reports.dates import local
from tests.reports.helpers import html_tables, vnd
from visitors.models import Direction, Gate, GateCount

READER_PATHS = [
    "/events/{id}/report",
    "/events/{id}/report.xlsx",
    "/events/{id}/report.csv",
    "/events/{id}/report/print",
    "/reports",
    "/reports.xlsx",
    "/reports.csv",
    "/reports/print",
    "/api/v1/events/{id}/report",
    "/api/v1/reports",
]


@pytest.mark.parametrize("role", ["official", "organizer"])
async def test_officials_and_organizers_read_every_report(client, fair, role):
    await login(client, role)
    for path in READER_PATHS:
        response = await client.get(path.format(id=fair["event"].id))
        assert response.status_code == 200, path


async def test_an_exhibitor_gets_403_on_full_reports_and_sees_only_its_own(client, fair):
    await login(client, "htx_a")
    for path in READER_PATHS:
        response = await client.get(path.format(id=fair["event"].id))
        assert response.status_code == 403, path
    mine = await client.get(f"/events/{fair['event'].id}/report/mine")
    assert mine.status_code == 200
    tables, kpis = html_tables(mine.text)
    assert kpis["my_revenue"] == vnd(3_500_000)  # A's booth B01: 1,000,000 + 2,500,000
    assert kpis["revenue"] == vnd(7_650_000) and kpis["entries"] == "622"
    assert [row[0] for row in tables["my_booths"][1:]] == ["B01", "B02"]
    # Nothing names another producer.
    for other in ("Hộ Ba Kích Ba Chẽ", "Công ty Chả mực Vân Đồn", "Rượu ba kích"):
        assert other not in mine.text
    api = (await client.get(f"/api/v1/events/{fair['event'].id}/report/mine")).json()
    assert api["headlines"]["my_revenue"]["value"] == 3_500_000
    assert api["sections"]["my_deals"]["rows"][1]["value"] == 50_000_000


async def test_an_exhibitor_that_did_not_take_part_is_refused(client, fair):
    await login(client, "htx_x")
    assert (await client.get(f"/events/{fair['event'].id}/report/mine")).status_code == 403
    assert (await client.get(f"/api/v1/events/{fair['event'].id}/report/mine")).status_code == 403
    assert (await client.get("/events/999999/report/mine")).status_code == 404


async def test_anonymous_and_gate_staff_are_kept_out(client, fair):
    assert (await client.get(f"/events/{fair['event'].id}/report")).status_code == 401
    assert (await client.get("/api/v1/reports")).status_code == 401
    await make_user("gate_staff")
    await login(client, "gate_staff")
    assert (await client.get("/reports")).status_code == 403


async def test_the_api_is_in_the_openapi_document(client, fair):
    document = (await client.get("/api/v1/openapi.json")).json()
    for path in (
        "/api/v1/events/{id}/report",
        "/api/v1/events/{id}/report/mine",
        "/api/v1/reports",
    ):
        assert "get" in document["paths"][path], path
    params = {p["name"] for p in document["paths"]["/api/v1/reports"]["get"]["parameters"]}
    assert {"period", "date_from", "date_to", "kind", "level", "locality"} <= params


async def test_unknown_event_and_format_are_404(client, fair):
    await login(client, "official")
    assert (await client.get("/events/999999/report")).status_code == 404
    assert (await client.get(f"/events/{fair['event'].id}/report.docx")).status_code == 404
    assert (await client.get("/api/v1/events/999999/report")).status_code == 404


# --- Query counts -------------------------------------------------------------------------------


async def grow(event: Event, gates: int, days: int, producers: int) -> None:
    """More gates, buckets, days and producers with sales (and units per product) at an event."""
    gate_rows = [
        await Gate.create(event=event, name=f"Cổng phụ {event.id}-{i}") for i in range(gates)
    ]
    counts = [
        GateCount(
            gate=g,
            bucket_start=local(event.start_date + dt.timedelta(days=d), h, m),
            direction=direction,
            count=3,
        )
        for g in gate_rows
        for d in range(days)
        for h in (9, 15)
        for m in (0, 15, 30, 45)
        for direction in (Direction.IN, Direction.OUT)
    ]
    await GateCount.bulk_create(counts)
    for i in range(producers):
        exhibitor = await make_exhibitor(f"Chủ thể {event.id}-{i}")
        products = [
            await Product.create(
                exhibitor=exhibitor,
                name=f"Sản phẩm {i}-{j}",
                group=list(ProductGroup)[(i + j) % 6],
                stars=3 + i % 3,
            )
            for j in range(2)
        ]
        booth = await Booth.create(event=event, code=f"X{i}")
        assignment = await BoothAssignment.create(
            booth=booth, active_booth=booth.id, exhibitor=exhibitor, kind=AssignmentKind.ASSIGNED
        )
        await SalesRecord.bulk_create(
            [
                SalesRecord(
                    assignment=assignment,
                    day=event.start_date + dt.timedelta(days=d),
                    revenue=100_000 * (d + 1),
                    units=d,
                )
                for d in range(days)
            ]
        )
        await SalesLine.bulk_create(
            [
                SalesLine(record=record, product=product, units=1 + k)
                for record in await SalesRecord.filter(assignment=assignment)
                for k, product in enumerate(products)
            ]
        )


async def add_events(n: int, venue: Venue) -> None:
    for i in range(n):
        event = await Event.create(
            name=f"Tuần hàng {i}",
            kind=EventKind.CONNECTION_WEEK,
            level=EventLevel.COMMUNE,
            venue=venue,
            start_date=dt.date(2025, 7, 1) + dt.timedelta(days=7 * i),
            end_date=dt.date(2025, 7, 3) + dt.timedelta(days=7 * i),
            status=EventStatus.FINISHED,
        )
        await grow(event, gates=2, days=3, producers=2)


async def queries_of(client, path: str) -> int:
    with count_queries() as counter:
        response = await client.get(path)
    assert response.status_code == 200, path
    return counter.count


async def test_event_report_queries_do_not_grow_with_gates_buckets_or_producers(client, fair):
    await login(client, "official")
    path = f"/events/{fair['event'].id}/report"
    few = await queries_of(client, path)
    few_api = await queries_of(client, f"/api/v1/events/{fair['event'].id}/report")
    await grow(fair["event"], gates=6, days=3, producers=12)
    assert await queries_of(client, path) == few
    assert await queries_of(client, f"/api/v1/events/{fair['event'].id}/report") == few_api
    assert few <= 40


async def test_period_report_queries_do_not_grow_with_events(client, fair):
    """The first report after events finish keeps their figures (a few queries per event,
    once: reports/figures/kept.py); from then on the number of queries is the same for 1 or
    10 events."""
    await login(client, "official")
    path = "/reports?period=2025"
    await queries_of(client, path)
    few = await queries_of(client, path)
    venue = await Venue.create(name="Siêu thị", kind=VenueKind.SUPERMARKET)
    await add_events(6, venue)
    keeping = await queries_of(client, path)
    many = await queries_of(client, path)
    assert many == few and few <= 25
    assert few < keeping <= few + 6 * 12  # each new event kept once, in a dozen queries
    await queries_of(client, "/reports.xlsx?period=2025")
    xlsx_few = await queries_of(client, "/reports.xlsx?period=2025")
    await add_events(3, venue)
    await queries_of(client, "/reports.xlsx?period=2025")
    assert await queries_of(client, "/reports.xlsx?period=2025") == xlsx_few
