"""Partner programmes: a partner proposes, the province confirms (an event the partner owns and
runs with organizer rights on it only) or refuses with a reason; the venue-clash rule applies."""

from __future__ import annotations

import asyncio
import datetime as dt

from events.models import Event, EventStatus, Programme, ProgrammeStatus
from ocopfair.i18n import local_today
from ocopfair.models import AuditEntry, PartnerOrganisation
from tests.factories import make_event, make_user, make_venue
from tests.login import login


async def _partner(name: str = "Liên minh HTX", username: str = "partner"):
    org = await PartnerOrganisation.create(name=name)
    await make_user("partner", username, partner_id=org.id)
    return org


def _form(venue_id: int, days_ahead: int = 40, **extra) -> dict:
    start = local_today() + dt.timedelta(days=days_ahead)
    return {
        "name": "Tuần hàng OCOP tại siêu thị",
        "kind": "connection_week",
        "venue_id": venue_id,
        "start_date": start.strftime("%d/%m/%Y"),
        "end_date": (start + dt.timedelta(days=6)).strftime("%d/%m/%Y"),
        "expected_producers": "30",
        "expected_booths": "30",
        "support_asked": "Gian hàng miễn phí",
        **extra,
    }


async def test_a_programme_overlapping_a_fair_at_the_venue_is_refused(db, client):
    venue = await make_venue()
    fair = await make_event("Hội chợ OCOP tỉnh", venue=venue, days_ahead=42, days=5)
    await _partner()
    await login(client, "partner")
    response = await client.post("/programmes/new", data=_form(venue.id))
    assert response.status_code == 409
    assert fair.name in response.text
    assert await Programme.all().count() == 0


async def test_confirmed_it_becomes_an_event_the_partner_runs_and_no_other(
    db, client, other_client
):
    venue = await make_venue()
    org = await _partner()
    await make_user("organizer")
    await login(client, "partner")
    created = await client.post("/programmes/new", data=_form(venue.id))
    assert created.status_code == 303
    programme = await Programme.get()
    assert programme.partner_id == org.id and programme.status == ProgrammeStatus.PROPOSED
    # The partner cannot decide its own programme.
    assert (await client.post(f"/programmes/{programme.id}/decide", data={})).status_code == 403
    await login(other_client, "organizer")
    decided = await other_client.post(
        f"/programmes/{programme.id}/decide", data={"decision": "confirm"}
    )
    assert decided.status_code == 303
    await programme.refresh_from_db()
    event = await Event.get(id=programme.event_id)
    assert event.owner_partner_id == org.id and event.status == EventStatus.OPEN
    assert await AuditEntry.filter(action="programme_confirmed").count() == 1
    # Organizer rights on its own event...
    assert (await client.get(f"/events/{event.id}")).status_code == 200
    assert (await client.get(f"/events/{event.id}/edit")).status_code == 200
    # ...and on no other.
    other_event = await make_event("Hội chợ khác", days_ahead=90)
    assert (await client.get(f"/events/{other_event.id}")).status_code == 403
    assert (await client.get(f"/events/{other_event.id}/edit")).status_code == 403
    changed = await client.post(
        f"/events/{other_event.id}/status", data={"status": "cancelled", "reason": "x"}
    )
    assert changed.status_code == 403
    await other_event.refresh_from_db()
    assert other_event.status == EventStatus.OPEN


async def test_a_refusal_needs_a_reason_and_a_decision_is_taken_once(db, client, other_client):
    venue = await make_venue()
    org = await _partner()
    programme = await Programme.create(
        partner=org,
        name="Phiên chợ",
        venue=venue,
        start_date=local_today() + dt.timedelta(days=30),
        end_date=local_today() + dt.timedelta(days=31),
    )
    await make_user("organizer")
    await make_user("admin")
    await login(client, "organizer")
    await login(other_client, "admin")
    path = f"/programmes/{programme.id}/decide"
    no_reason = await client.post(path, data={"decision": "refuse", "reason": " "})
    assert no_reason.status_code == 422
    answers = await asyncio.gather(
        client.post(path, data={"decision": "confirm"}),
        other_client.post(path, data={"decision": "refuse", "reason": "Trùng lịch"}),
    )
    assert sorted(a.status_code for a in answers) == [303, 409]
    await programme.refresh_from_db()
    made = await Event.filter(owner_partner_id=org.id).count()
    assert made == (1 if programme.status == ProgrammeStatus.CONFIRMED else 0)


async def test_a_partner_sees_only_its_own_programmes(db, client):
    venue = await make_venue()
    await _partner()
    other = await PartnerOrganisation.create(name="Hiệp hội khác")
    theirs = await Programme.create(
        partner=other,
        name="Chương trình của người khác",
        venue=venue,
        start_date=local_today() + dt.timedelta(days=30),
        end_date=local_today() + dt.timedelta(days=31),
    )
    await login(client, "partner")
    assert (await client.get(f"/programmes/{theirs.id}")).status_code == 403
    assert "Chương trình của người khác" not in (await client.get("/programmes")).text
