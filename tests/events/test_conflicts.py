"""One active event per venue at a time; admins may override with a reason; fairs warn."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx2 as httpx

from events.models import Event, EventStatus
from ocopfair.accounts import create_token
from ocopfair.models import AuditEntry
from tests.events.event_form import form_of
from tests.factories import make_event
from tests.login import login


async def test_an_overlapping_event_at_the_venue_is_refused_by_name_and_dates(client, world):
    await make_event(venue=world["bigc"], name="Tuần hàng Việt", start=dt.date(2031, 3, 8), days=4)
    await login(client, "organizer")
    response = await client.post("/events", data=form_of(world["bigc"]))
    assert response.status_code == 409
    assert 'id="e-venue_id"' in response.text
    assert "Tuần hàng Việt" in response.text
    assert "08/03/2031" in response.text and "11/03/2031" in response.text
    assert await Event.all().count() == 1
    # An organizer sees no override box; the admin does.
    assert 'name="override_reason"' not in response.text


async def test_a_cancelled_event_or_another_venue_does_not_clash(client, world):
    await make_event(venue=world["bigc"], start=dt.date(2031, 3, 8), status=EventStatus.CANCELLED)
    await make_event(venue=world["square"], start=dt.date(2031, 3, 3))
    await login(client, "organizer")
    assert (await client.post("/events", data=form_of(world["bigc"]))).status_code == 303


async def test_admin_overrides_a_clash_with_a_written_reason(client, world):
    await make_event(venue=world["bigc"], name="Tuần hàng Việt", start=dt.date(2031, 3, 8))
    await login(client, "admin")
    first = await client.post("/events", data=form_of(world["bigc"]))
    assert first.status_code == 409 and 'name="override_reason"' in first.text
    forced = await client.post(
        "/events", data=form_of(world["bigc"], override_reason="Hai khu riêng biệt trong trung tâm")
    )
    assert forced.status_code == 303
    entry = await AuditEntry.get(action="event.override_conflict")
    assert entry.reason == "Hai khu riêng biệt trong trung tâm"
    assert "Tuần hàng Việt" in entry.after["clashes"][0]


async def test_an_organizer_cannot_override_even_with_a_reason(client, world):
    await make_event(venue=world["bigc"], start=dt.date(2031, 3, 8))
    await login(client, "organizer")
    response = await client.post("/events", data=form_of(world["bigc"], override_reason="vì"))
    assert response.status_code == 409


async def test_moving_an_event_onto_a_taken_date_is_refused(client, world):
    await make_event(venue=world["bigc"], name="Đã có", start=dt.date(2031, 4, 1))
    mine = await make_event(venue=world["bigc"], name="Của tôi", start=dt.date(2031, 5, 1))
    await login(client, "organizer")
    response = await client.patch(
        f"/api/v1/events/{mine.id}", json={"start_date": "2031-04-02", "end_date": "2031-04-03"}
    )
    assert response.status_code == 409
    body = response.json()
    assert "Đã có" in body["fields"]["venue_id"] and len(body["clashes"]) == 1
    await mine.refresh_from_db()
    assert mine.start_date == dt.date(2031, 5, 1)
    # Editing an event never clashes with itself.
    same = await client.patch(f"/api/v1/events/{mine.id}", json={"name": "Của tôi (sửa)"})
    assert same.status_code == 200


async def test_overlapping_provincial_fairs_anywhere_give_a_warning(client, world):
    await make_event(
        venue=world["border"],
        name="Hội chợ Việt – Trung",
        start=dt.date(2031, 3, 5),
        kind="cross_border_fair",
    )
    await make_event(venue=world["square"], name="Hội chợ OCOP Hè", start=dt.date(2031, 3, 9))
    await login(client, "organizer")
    response = await client.post(
        "/api/v1/events",
        json={
            "name": "Hội chợ OCOP Xuân",
            "kind": "provincial_fair",
            "level": "provincial",
            "venue_id": world["bigc"].id,
            "start_date": "2031-03-03",
            "end_date": "2031-03-09",
        },
    )
    assert response.status_code == 201, response.text
    warnings = response.json()["warnings"]
    assert len(warnings) == 1 and "Hội chợ OCOP Hè" in warnings[0]
    page = await client.post(
        "/events",
        data=form_of(
            world["bigc"], start_date="09/04/2031", end_date="10/04/2031", application_deadline=""
        ),
    )
    assert page.status_code == 303


async def test_concurrent_bookings_of_one_venue_let_exactly_one_through(db, live_server, world):
    """Eight planners book the same dates at once over real HTTP: one wins, seven get 409."""
    token = await create_token(world["organizer"], "test")
    body = {
        "name": "Cùng lúc",
        "kind": "local_fair",
        "level": "provincial",
        "venue_id": world["bigc"].id,
        "start_date": "2031-08-01",
        "end_date": "2031-08-03",
    }
    async with httpx.AsyncClient(
        base_url=live_server.url, timeout=30, headers={"Authorization": f"Bearer {token}"}
    ) as http:
        responses = await asyncio.gather(
            *[http.post("/api/v1/events", json={**body, "name": f"Cùng lúc {i}"}) for i in range(8)]
        )
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * 7, [r.text for r in responses]
    assert await Event.filter(venue_id=world["bigc"].id).count() == 1
