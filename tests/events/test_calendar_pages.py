"""The calendar (month grid and list), its filters, the public page, and query counts."""

from __future__ import annotations

import datetime as dt

from booths.models import AssignmentKind, Booth, BoothAssignment
from events.models import Event, EventKind, EventLevel, EventStatus
from exhibitors.models import Product, ProductGroup
from tests.events.event_form import FAR
from tests.factories import make_event, make_exhibitor
from tests.login import login
from tests.queries import count_queries


async def test_month_grid_places_events_on_their_days(client, world):
    await make_event(
        venue=world["bigc"], name="Tuần hàng tháng Ba", start=dt.date(2031, 3, 3), days=7
    )
    await make_event(venue=world["square"], name="Hội chợ tháng Tư", start=dt.date(2031, 4, 10))
    response = await client.get("/events?year=2031&month=3")
    assert response.status_code == 200
    assert "Tháng 3/2031" in response.text
    # One chip per day it runs (7 days) plus one line in the month's list.
    assert response.text.count("Tuần hàng tháng Ba") == 7 * 2 + 1
    assert "Hội chợ tháng Tư" not in response.text


async def test_list_view_and_filters(client, world):
    await make_event(
        venue=world["border"],
        name="Việt – Trung",
        kind=EventKind.CROSS_BORDER_FAIR,
        locality=world["mong_cai"],
        start=dt.date(2031, 11, 20),
    )
    await make_event(
        venue=world["square"],
        name="Chợ phiên xã",
        kind=EventKind.LOCAL_FAIR,
        level=EventLevel.COMMUNE,
        locality=world["ha_long"],
        start=dt.date(2031, 6, 1),
    )
    await make_event(venue=world["bigc"], name="Năm khác", start=dt.date(2030, 6, 1))
    page = await client.get("/events?view=list&year=2031")
    assert "Việt – Trung" in page.text and "Chợ phiên xã" in page.text
    assert "Năm khác" not in page.text
    for query, shown, hidden in [
        ("kind=cross_border_fair", "Việt – Trung", "Chợ phiên xã"),
        ("level=commune", "Chợ phiên xã", "Việt – Trung"),
        (f"locality={world['mong_cai'].id}", "Việt – Trung", "Chợ phiên xã"),
        ("status=open", "Việt – Trung", "Năm khác"),
    ]:
        page = await client.get(f"/events?view=list&year=2031&{query}")
        assert shown in page.text and hidden not in page.text, query


async def test_htmx_filter_returns_only_the_results(client, world):
    await make_event(venue=world["bigc"], name="Hội chợ", start=dt.date(2031, 3, 3))
    response = await client.get("/events?view=list&year=2031", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="results"' in response.text and "<html" not in response.text


async def test_public_calendar_hides_drafts_and_internal_events(client, world):
    await make_event(venue=world["bigc"], start=FAR, name="Bản nháp", status=EventStatus.DRAFT)
    await make_event(
        venue=world["bigc"], name="Nội bộ", is_public=False, start=dt.date(2031, 3, 10)
    )
    await make_event(venue=world["bigc"], name="Công khai", start=dt.date(2031, 3, 20))
    public = await client.get("/events?view=list&year=2031&status=draft")
    assert "Công khai" in public.text
    assert "Bản nháp" not in public.text and "Nội bộ" not in public.text
    await login(client, "official")
    inside = await client.get("/events?view=list&year=2031")
    assert "Bản nháp" in inside.text and "Nội bộ" in inside.text


async def test_public_page_lists_producers_and_products_without_login(client, world):
    event = await make_event(
        venue=world["bigc"],
        start=FAR,
        name="Hội chợ OCOP",
        opens_at=dt.time(8),
        closes_at=dt.time(21),
    )
    producer = await make_exhibitor("HTX Miến dong Bình Liêu")
    await Product.create(
        exhibitor=producer, name="Miến dong Bình Liêu", group=ProductGroup.FOOD, stars=4
    )
    other = await make_exhibitor("HTX Không tham gia")
    booth = await Booth.create(event=event, code="A01")
    await BoothAssignment.create(
        booth=booth, active_booth=booth.id, exhibitor=producer, kind=AssignmentKind.ASSIGNED
    )
    released = await Booth.create(event=event, code="A02")
    await BoothAssignment.create(
        booth=released, active_booth=None, exhibitor=other, kind=AssignmentKind.ASSIGNED
    )
    response = await client.get(f"/events/{event.id}/public")
    assert response.status_code == 200
    assert "HTX Miến dong Bình Liêu" in response.text and "A01" in response.text
    assert "Miến dong Bình Liêu" in response.text and "★★★★" in response.text
    assert "HTX Không tham gia" not in response.text
    assert "08:00" in response.text and "21:00" in response.text


async def _year_of_events(world, n: int) -> None:
    venues = [world["bigc"], world["square"], world["border"]]
    events = [
        Event(
            name=f"Sự kiện {i}",
            kind=EventKind.CONNECTION_WEEK,
            level=EventLevel.PROVINCIAL,
            venue_id=venues[i % 3].id,
            locality_id=world["ha_long"].id,
            start_date=dt.date(2031, 1, 1) + dt.timedelta(days=i % 360),
            end_date=dt.date(2031, 1, 3) + dt.timedelta(days=i % 360),
            status=EventStatus.OPEN,
            opens_at=dt.time(8),
            closes_at=dt.time(21),
        )
        for i in range(n)
    ]
    await Event.bulk_create(events)


async def _queries(client, path: str) -> int:
    with count_queries() as counter:
        response = await client.get(path)
    assert response.status_code == 200
    return counter.count


async def test_calendar_and_feed_queries_do_not_grow_with_events(client, world):
    await login(client, "organizer")
    paths = [
        "/events?view=list&year=2031",
        "/events?year=2031&month=3",
        "/calendar.ics",
        "/calendar.ics?year=2031",
        "/api/v1/events?year=2031",
    ]
    await _year_of_events(world, 30)
    small = {path: await _queries(client, path) for path in paths}
    await Event.all().delete()
    await _year_of_events(world, 300)
    large = {path: await _queries(client, path) for path in paths}
    assert small == large
    assert all(count <= 4 for count in large.values()), large
    feed = await client.get("/calendar.ics")
    assert feed.text.count("BEGIN:VEVENT") == 300
