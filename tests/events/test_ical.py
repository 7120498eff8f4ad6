"""iCalendar files, read back with vobject (an independent parser) and compared with the data."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import vobject

from events.models import Event, EventStatus
from tests.events.event_form import FAR
from tests.factories import make_event
from tests.login import login

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def parse(body: str) -> list:
    calendar = vobject.readOne(body)
    return list(getattr(calendar, "vevent_list", []))


def by_uid(components: list) -> dict:
    return {c.uid.value: c for c in components}


def occurrences(component) -> list[dt.datetime]:
    return list(component.getrruleset(addRDate=True))


async def test_a_week_with_daily_hours_is_seven_blocks_of_opening_hours(client, world):
    event = await make_event(
        venue=world["bigc"],
        name="Tuần hàng OCOP",
        start=dt.date(2031, 3, 3),
        days=7,
        opens_at=dt.time(8),
        closes_at=dt.time(21),
        description="Gian hàng miễn phí",
    )
    response = await client.get(f"/events/{event.id}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VTIMEZONE" in response.text and "TZID:Asia/Ho_Chi_Minh" in response.text
    [component] = parse(response.text)
    assert component.uid.value == event.ical_uid
    assert component.summary.value == "Tuần hàng OCOP"
    assert int(component.sequence.value) == 0
    start, end = component.dtstart.value, component.dtend.value
    assert start.utcoffset() == dt.timedelta(hours=7)
    assert start == dt.datetime(2031, 3, 3, 8, tzinfo=HCM)
    assert end == dt.datetime(2031, 3, 3, 21, tzinfo=HCM)
    days = occurrences(component)
    assert [d.date() for d in days] == [
        dt.date(2031, 3, 3) + dt.timedelta(days=i) for i in range(7)
    ]
    assert all(d.hour == 8 and d.utcoffset() == dt.timedelta(hours=7) for d in days)
    assert "Big C Hạ Long" in component.location.value
    assert component.description.value == "Gian hàng miễn phí"
    assert component.url.value.endswith(f"/events/{event.id}/public")
    assert component.last_modified.value.tzinfo is not None


async def test_without_hours_an_event_is_all_day_with_an_exclusive_end(client, world):
    event = await make_event(venue=world["bigc"], start=dt.date(2031, 5, 10), days=3)
    [component] = parse((await client.get(f"/events/{event.id}/calendar.ics")).text)
    assert component.dtstart.value == dt.date(2031, 5, 10)
    assert component.dtend.value == dt.date(2031, 5, 13)
    assert not hasattr(component, "rrule")


async def test_uid_is_stable_and_sequence_rises_on_every_change(client, world):
    event = await make_event(venue=world["bigc"], start=FAR, status=EventStatus.DRAFT)
    await login(client, "organizer")
    first = by_uid(parse((await client.get(f"/events/{event.id}/calendar.ics")).text))
    await client.patch(f"/api/v1/events/{event.id}", json={"name": "Tên mới"})
    await client.post(f"/api/v1/events/{event.id}/status", json={"status": "open"})
    second = by_uid(parse((await client.get(f"/events/{event.id}/calendar.ics")).text))
    assert set(first) == set(second) == {event.ical_uid}
    before, after = first[event.ical_uid], second[event.ical_uid]
    assert int(after.sequence.value) == int(before.sequence.value) + 2
    assert after.summary.value == "Tên mới"
    assert after.last_modified.value >= before.last_modified.value


async def test_the_feed_has_public_events_only_and_keeps_cancelled_ones(client, world):
    shown = await make_event(venue=world["bigc"], name="Công khai", start=dt.date(2031, 3, 3))
    cancelled = await make_event(
        venue=world["bigc"], name="Đã hủy", start=dt.date(2031, 4, 3), status=EventStatus.CANCELLED
    )
    await make_event(
        venue=world["bigc"], name="Bản nháp", start=dt.date(2031, 5, 3), status=EventStatus.DRAFT
    )
    await make_event(venue=world["bigc"], name="Nội bộ", start=dt.date(2031, 6, 3), is_public=False)
    response = await client.get("/calendar.ics")
    assert response.status_code == 200
    components = by_uid(parse(response.text))
    assert set(components) == {shown.ical_uid, cancelled.ical_uid}
    assert components[cancelled.ical_uid].status.value == "CANCELLED"
    assert components[shown.ical_uid].status.value == "CONFIRMED"
    assert "Bản nháp" not in response.text and "Nội bộ" not in response.text


async def test_the_feed_filters_by_kind_and_locality(client, world):
    fair = await make_event(
        venue=world["border"],
        start=FAR,
        name="Việt – Trung",
        kind="cross_border_fair",
        locality=world["mong_cai"],
    )
    week = await make_event(
        venue=world["bigc"],
        name="Tuần hàng",
        kind="connection_week",
        start=dt.date(2031, 9, 1),
        locality=world["ha_long"],
    )
    kind = by_uid(parse((await client.get("/calendar.ics?kind=cross_border_fair")).text))
    assert set(kind) == {fair.ical_uid}
    place = by_uid(parse((await client.get(f"/calendar.ics?locality={world['ha_long'].id}")).text))
    assert set(place) == {week.ical_uid}


async def test_every_event_in_the_feed_matches_the_database(client, world):
    """A mixed year: the parsed feed gives back each event's days and hours exactly."""
    made = []
    for i in range(12):
        hours = {"opens_at": dt.time(7 + i % 3), "closes_at": dt.time(20)} if i % 2 else {}
        made.append(
            await make_event(
                venue=world["bigc"] if i % 3 else world["square"],
                name=f"Sự kiện {i}",
                start=dt.date(2031, 1 + i, 2),
                days=1 + i % 4,
                **hours,
            )
        )
    components = by_uid(parse((await client.get("/calendar.ics")).text))
    assert len(components) == len(made)
    for event in made:
        component = components[event.ical_uid]
        expected_days = [
            event.start_date + dt.timedelta(days=n)
            for n in range((event.end_date - event.start_date).days + 1)
        ]
        if event.opens_at:
            days = occurrences(component)
            assert [d.date() for d in days] == expected_days
            assert {d.timetz().replace(tzinfo=None) for d in days} == {event.opens_at}
            assert component.dtend.value.time() == event.closes_at
        else:
            assert component.dtstart.value == expected_days[0]
            assert component.dtend.value == expected_days[-1] + dt.timedelta(days=1)


async def test_a_draft_ics_is_hidden_from_the_public(client, world):
    draft = await make_event(venue=world["bigc"], start=FAR, status=EventStatus.DRAFT)
    assert (await client.get(f"/events/{draft.id}/calendar.ics")).status_code == 404
    assert (await client.get(f"/events/{draft.id}/public")).status_code == 404
    await login(client, "organizer")
    response = await client.get(f"/events/{draft.id}/calendar.ics")
    assert response.status_code == 200
    [component] = parse(response.text)
    assert component.status.value == "TENTATIVE"
    assert await Event.filter(id=draft.id).exists()
