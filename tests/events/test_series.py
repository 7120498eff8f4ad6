"""Series: 17 connection weeks in one step; edit one or the following; cancel one alone."""

from __future__ import annotations

import datetime as dt

import pytest

from events.models import Event, EventSeries, EventStatus
from ocopfair.models import AuditEntry
from tests.factories import make_event
from tests.login import login


def series_form(venue, **override):
    data = {
        "name": "Tuần hàng OCOP tại Big C Hạ Long",
        "kind": "connection_week",
        "level": "provincial",
        "venue_id": str(venue.id),
        "start_date": "05/01/2032",
        "days": "7",
        "frequency": "weekly",
        "interval": "1",
        "count": "17",
        "opens_at": "08:00",
        "closes_at": "22:00",
        "deadline_days_before": "10",
        "booths_free": "1",
        "is_public": "1",
    }
    data.update(override)
    return data


async def test_seventeen_weeks_in_one_step(client, world):
    await login(client, "organizer")
    response = await client.post("/series", data=series_form(world["bigc"]))
    assert response.status_code == 303, response.text[:3000]
    series = await EventSeries.get()
    events = await Event.filter(series_id=series.id).order_by("series_index")
    assert len(events) == 17
    assert events[0].start_date == dt.date(2032, 1, 5)  # a Monday
    assert events[0].end_date == dt.date(2032, 1, 11)  # the Sunday
    assert events[16].start_date == dt.date(2032, 1, 5) + dt.timedelta(weeks=16)
    assert all(e.start_date.weekday() == 0 and e.end_date.weekday() == 6 for e in events)
    assert events[3].application_deadline == events[3].start_date - dt.timedelta(days=10)
    assert events[0].name == "Tuần hàng OCOP tại Big C Hạ Long (1/17)"
    assert len({e.ical_uid for e in events}) == 17
    assert all(e.booths_free and e.opens_at == dt.time(8) for e in events)
    page = await client.get(response.headers["location"])
    assert page.status_code == 200 and "(17/17)" in page.text


@pytest.mark.parametrize("count", ["0", "500", "-3", "abc"])
async def test_a_series_of_zero_or_five_hundred_is_refused(client, world, count):
    await login(client, "organizer")
    response = await client.post("/series", data=series_form(world["bigc"], count=count))
    assert response.status_code == 422
    assert 'id="e-count"' in response.text
    assert not await EventSeries.exists() and not await Event.exists()


async def test_occurrences_may_not_overlap_each_other(client, world):
    await login(client, "organizer")
    response = await client.post("/series", data=series_form(world["bigc"], days="9"))
    assert response.status_code == 422 and 'id="e-days"' in response.text


async def _make_series(client, world, **override):
    await login(client, "organizer")
    response = await client.post("/series", data=series_form(world["bigc"], **override))
    assert response.status_code == 303, response.text[:2000]
    return await Event.filter(series__name="Tuần hàng OCOP tại Big C Hạ Long").order_by(
        "series_index"
    )


async def test_edit_one_occurrence_leaves_the_others(client, world):
    events = await _make_series(client, world, count="4")
    third = events[2]
    response = await client.patch(f"/api/v1/events/{third.id}", json={"closes_at": "20:00"})
    assert response.status_code == 200, response.text
    after = await Event.filter(series_id=third.series_id).order_by("series_index")
    assert [e.closes_at for e in after] == [dt.time(22), dt.time(22), dt.time(20), dt.time(22)]
    assert [e.sequence for e in after] == [0, 0, 1, 0]


async def test_edit_this_and_following_moves_them_all(client, world):
    events = await _make_series(client, world, count="5")
    second = events[1]
    form = await client.get(f"/events/{second.id}/edit")
    assert 'name="scope"' in form.text
    moved = second.start_date + dt.timedelta(days=1)
    response = await client.post(
        f"/events/{second.id}/edit",
        data={
            **series_form(world["bigc"]),
            "name": second.name,
            "start_date": moved.strftime("%d/%m/%Y"),
            "end_date": (second.end_date + dt.timedelta(days=1)).strftime("%d/%m/%Y"),
            "application_deadline": second.application_deadline.strftime("%d/%m/%Y"),
            "closes_at": "21:00",
            "scope": "following",
            "sequence": "0",
            "allocation_mode": "application",
            "max_booths_per_exhibitor": "2",
            "hold_minutes": "30",
        },
    )
    assert response.status_code == 303, response.text[:3000]
    after = await Event.filter(series_id=second.series_id).order_by("series_index")
    assert after[0].start_date == events[0].start_date and after[0].closes_at == dt.time(22)
    for old, new in zip(events[1:], after[1:], strict=True):
        assert new.start_date == old.start_date + dt.timedelta(days=1)
        assert new.end_date == old.end_date + dt.timedelta(days=1)
        assert new.closes_at == dt.time(21)
        assert new.name == old.name and new.sequence == 1
        # The deadline kept its distance from the start, except where the form moved it.
    assert after[2].application_deadline == after[2].start_date - dt.timedelta(days=11)
    assert await AuditEntry.filter(action="event.update").count() == 4


async def test_cancel_one_occurrence_without_touching_the_others(client, world):
    events = await _make_series(client, world, count="3")
    response = await client.post(
        f"/events/{events[1].id}/status", data={"status": "cancelled", "reason": "Mất điện"}
    )
    assert response.status_code == 303
    after = await Event.filter(series_id=events[0].series_id).order_by("series_index")
    assert [e.status for e in after] == [
        EventStatus.DRAFT,
        EventStatus.CANCELLED,
        EventStatus.DRAFT,
    ]


async def test_series_status_publishes_every_occurrence_that_can_be(client, world):
    events = await _make_series(client, world, count="3")
    await client.post(f"/events/{events[2].id}/status", data={"status": "cancelled"})
    response = await client.post(f"/series/{events[0].series_id}/status", data={"status": "open"})
    assert response.status_code == 303
    after = await Event.filter(series_id=events[0].series_id).order_by("series_index")
    assert [e.status for e in after] == [EventStatus.OPEN, EventStatus.OPEN, EventStatus.CANCELLED]


async def test_a_new_series_lists_each_clash_found_in_one_query(client, world):
    from tests.queries import count_queries

    first = await make_event(
        venue=world["bigc"], name="Hội chợ Xuân", start=dt.date(2032, 1, 14), days=2
    )
    second = await make_event(
        venue=world["bigc"], name="Tuần lễ Tết", start=dt.date(2032, 2, 3), days=3
    )
    await make_event(venue=world["square"], name="Nơi khác", start=dt.date(2032, 1, 20))
    await login(client, "organizer")
    with count_queries() as counter:
        response = await client.post("/series", data=series_form(world["bigc"], count="6"))
    assert response.status_code == 409
    clash_queries = [
        q
        for q in counter.queries
        if q.startswith("SELECT") and '"event"' in q and '"start_date"<=' in q
    ]
    assert len(clash_queries) == 1
    assert "Hội chợ Xuân" in response.text and "Tuần lễ Tết" in response.text
    assert "14/01/2032" in response.text and "03/02/2032" in response.text
    assert "Nơi khác" not in response.text
    assert "2 đợt trùng lịch" in response.text
    assert not any(q.startswith("INSERT") for q in counter.queries)
    assert not await EventSeries.exists()
    assert await Event.all().count() == 3
    assert first.id and second.id
