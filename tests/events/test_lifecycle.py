"""Status changes: only allowed transitions, guards on dates, read-only once reported, audited."""

from __future__ import annotations

import datetime as dt

import pytest

from events.lifecycle import accepts_applications, change_status
from events.models import EventStatus
from ocopfair.errors import Conflict, Invalid
from ocopfair.models import AuditEntry
from tests.events.event_form import FAR
from tests.factories import make_event
from tests.login import login

TODAY = dt.date(2031, 3, 1)


async def test_the_whole_life_of_an_event_is_audited(world):
    event = await make_event(venue=world["bigc"], start=FAR, status=EventStatus.DRAFT)
    user = world["organizer"]
    path = [
        EventStatus.OPEN,
        EventStatus.CLOSED,
        EventStatus.RUNNING,
        EventStatus.FINISHED,
        EventStatus.REPORTED,
    ]
    days = [TODAY, TODAY, event.start_date, event.end_date, event.end_date]
    for status, day in zip(path, days, strict=True):
        await change_status(event, status, user, today=day, reason=f"to {status}")
    assert event.status == EventStatus.REPORTED and event.sequence == len(path)
    entries = await AuditEntry.filter(action="event.status", object_id=str(event.id)).order_by("id")
    assert [e.after["status"] for e in entries] == [s.value for s in path]
    assert entries[0].before == {"status": "draft"} and entries[0].reason == "to open"
    assert all(e.user_id == user.id for e in entries)


async def test_an_illegal_change_is_refused_and_nothing_changes(world):
    event = await make_event(venue=world["bigc"], start=FAR, status=EventStatus.DRAFT)
    with pytest.raises(Invalid) as refused:
        await change_status(event, EventStatus.FINISHED, world["organizer"], today=TODAY)
    assert "status" in refused.value.fields
    await event.refresh_from_db()
    assert event.status == EventStatus.DRAFT and event.sequence == 0
    assert not await AuditEntry.filter(action="event.status").exists()


async def test_cannot_finish_or_run_before_the_start(world):
    event = await make_event(venue=world["bigc"], start=FAR, status=EventStatus.CLOSED)
    with pytest.raises(Invalid):
        await change_status(
            event,
            EventStatus.RUNNING,
            world["organizer"],
            today=event.start_date - dt.timedelta(days=1),
        )
    event.status = EventStatus.RUNNING
    await event.save()
    with pytest.raises(Invalid) as refused:
        await change_status(
            event,
            EventStatus.FINISHED,
            world["organizer"],
            today=event.start_date - dt.timedelta(days=1),
        )
    assert "03/03/2031" in refused.value.fields["status"]


async def test_no_applications_after_the_deadline(world):
    event = await make_event(
        venue=world["bigc"],
        start=FAR,
        status=EventStatus.CLOSED,
        application_deadline=dt.date(2031, 2, 20),
    )
    assert not accepts_applications(event, dt.date(2031, 2, 19))
    with pytest.raises(Invalid):
        await change_status(event, EventStatus.OPEN, world["organizer"], today=dt.date(2031, 2, 21))
    await change_status(event, EventStatus.OPEN, world["organizer"], today=dt.date(2031, 2, 19))
    assert accepts_applications(event, dt.date(2031, 2, 20))
    assert not accepts_applications(event, dt.date(2031, 2, 21))


async def test_a_reported_event_is_read_only_except_for_an_admin(client, world):
    event = await make_event(venue=world["bigc"], start=FAR, status=EventStatus.REPORTED)
    await login(client, "organizer")
    edit = await client.post(f"/events/{event.id}/edit", data={"name": "Đổi"})
    assert edit.status_code == 422
    await event.refresh_from_db()
    assert event.name == "Hội chợ OCOP"
    response = await client.patch(f"/api/v1/events/{event.id}", json={"name": "Đổi"})
    assert response.status_code == 422 and "status" in response.json()["fields"]
    await client.post("/logout")
    del client.headers["X-CSRFToken"]  # the old session's token
    await login(client, "admin")
    response = await client.patch(f"/api/v1/events/{event.id}", json={"name": "Sửa số liệu"})
    assert response.status_code == 200, response.text
    await event.refresh_from_db()
    assert event.name == "Sửa số liệu"


async def test_two_people_changing_the_status_at_once_cannot_both_win(world):
    event = await make_event(venue=world["bigc"], start=FAR, status=EventStatus.OPEN)
    stale_copy = await type(event).get(id=event.id)
    await change_status(event, EventStatus.CLOSED, world["organizer"], today=TODAY)
    with pytest.raises(Conflict):
        await change_status(stale_copy, EventStatus.CANCELLED, world["admin"], today=TODAY)
    await event.refresh_from_db()
    assert event.status == EventStatus.CLOSED


async def test_status_buttons_on_the_page_change_the_status(client, world):
    event = await make_event(venue=world["bigc"], start=FAR, status=EventStatus.DRAFT)
    await login(client, "organizer")
    page = await client.get(f"/events/{event.id}")
    assert 'value="open"' in page.text and 'value="finished"' not in page.text
    response = await client.post(
        f"/events/{event.id}/status", data={"status": "open", "reason": "Công bố"}
    )
    assert response.status_code == 303
    await event.refresh_from_db()
    assert event.status == EventStatus.OPEN
    await client.get(f"/events/{event.id}")  # shows (and consumes) the success message
    refused = await client.post(f"/events/{event.id}/status", data={"status": "reported"})
    assert refused.status_code == 303
    page = await client.get(f"/events/{event.id}")
    assert "không thể chuyển" in page.text, page.text[page.text.find("<main") :][:1500]
    await event.refresh_from_db()
    assert event.status == EventStatus.OPEN
