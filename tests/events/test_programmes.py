"""Partner programmes: a partner proposes, the province confirms (an event the partner owns and
runs with organizer rights on it only) or refuses with a reason; the venue-clash rule applies."""

from __future__ import annotations

import asyncio
import datetime as dt

from events.models import Event, EventSeries, EventStatus, Programme, ProgrammeStatus
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


def _series_form(venue_id: int, days_ahead: int = 40, **extra) -> dict:
    """Four weekly sessions of two days from `days_ahead` days on."""
    start = local_today() + dt.timedelta(days=days_ahead)
    form = _form(
        venue_id, days_ahead, **{"shape": "weekly", "weeks": "4", "session_days": "2", **extra}
    )
    form["start_date"] = start.strftime("%d/%m/%Y")
    return form


async def test_a_weekly_series_confirmed_becomes_a_series_the_partner_owns(
    db, client, other_client
):
    venue = await make_venue()
    org = await _partner()
    await make_user("organizer")
    await login(client, "partner")
    created = await client.post("/programmes/new", data=_series_form(venue.id))
    assert created.status_code == 303, created.text
    programme = await Programme.get()
    first = local_today() + dt.timedelta(days=40)
    assert len(programme.sessions) == 4
    assert (programme.start_date, programme.end_date) == (
        first,
        first + dt.timedelta(weeks=3, days=1),
    )
    await login(other_client, "organizer")
    decided = await other_client.post(
        f"/programmes/{programme.id}/decide", data={"decision": "confirm"}
    )
    assert decided.status_code == 303
    await programme.refresh_from_db()
    series = await EventSeries.get(id=programme.series_id)
    events = await Event.filter(series_id=series.id).order_by("series_index")
    assert [e.start_date for e in events] == [first + dt.timedelta(weeks=w) for w in range(4)]
    assert all(e.end_date == e.start_date + dt.timedelta(days=1) for e in events)
    assert {e.owner_partner_id for e in events} == {org.id}
    assert {e.status for e in events} == {EventStatus.OPEN}
    assert programme.event_id == events[0].id
    assert events[1].name == "Tuần hàng OCOP tại siêu thị (2/4)"
    # One audited decision, not an entry per session.
    assert await AuditEntry.filter(action="programme_confirmed").count() == 1
    assert await AuditEntry.filter(action__in=["event.create", "series.create"]).count() == 0
    # The partner reads its series and runs each session; another partner sees none of it.
    assert (await client.get(f"/series/{series.id}")).status_code == 200
    assert (await client.get(f"/events/{events[3].id}/edit")).status_code == 200
    page = await client.get(f"/programmes/{programme.id}")
    assert f"/series/{series.id}" in page.text and f"/events/{events[2].id}" in page.text
    other = await PartnerOrganisation.create(name="Hiệp hội khác")
    await make_user("partner", "stranger", partner_id=other.id)
    await login(client, "stranger")
    assert (await client.get(f"/series/{series.id}")).status_code == 403
    status = await client.post(f"/series/{series.id}/status", data={"status": "closed"})
    assert status.status_code == 403
    assert await Event.filter(series_id=series.id, status=EventStatus.OPEN).count() == 4


async def test_a_clash_on_any_session_refuses_the_whole_series_naming_the_date(db, client):
    venue = await make_venue()
    await _partner()
    third = local_today() + dt.timedelta(days=54)  # the third weekly session from day 40
    await make_event("Hội chợ OCOP tỉnh", venue=venue, start=third, days=1)
    await login(client, "partner")
    response = await client.post("/programmes/new", data=_series_form(venue.id))
    assert response.status_code == 409
    assert "Hội chợ OCOP tỉnh" in response.text and third.strftime("%d/%m/%Y") in response.text
    assert await Programme.all().count() == 0
    # The same by a list of dates.
    dates = [third - dt.timedelta(days=10), third, third + dt.timedelta(days=10)]
    listed = _form(
        venue.id, shape="dates", session_dates="\n".join(d.strftime("%d/%m/%Y") for d in dates)
    )
    response = await client.post("/programmes/new", data=listed)
    assert response.status_code == 409 and third.strftime("%d/%m/%Y") in response.text
    assert await Programme.all().count() == 0


async def test_a_fair_booked_before_the_confirmation_refuses_it_and_nothing_is_made(db, client):
    venue = await make_venue()
    org = await _partner()
    first = local_today() + dt.timedelta(days=40)
    programme = await Programme.create(
        partner=org,
        name="Phiên chợ tuần",
        venue=venue,
        start_date=first,
        end_date=first + dt.timedelta(weeks=2),
        sessions=[[(first + dt.timedelta(weeks=w)).isoformat()] * 2 for w in range(3)],
    )
    last = first + dt.timedelta(weeks=2)
    await make_event("Hội chợ chen vào", venue=venue, start=last, days=1)
    await make_user("organizer")
    await login(client, "organizer")
    answer = await client.post(f"/programmes/{programme.id}/decide", data={"decision": "confirm"})
    assert answer.status_code == 409 and last.strftime("%d/%m/%Y") in answer.text
    await programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.PROPOSED
    assert await EventSeries.all().count() == 0
    assert await Event.filter(owner_partner_id=org.id).count() == 0


async def test_series_beyond_the_limits_are_refused_with_a_sentence(db, client):
    venue = await make_venue()
    await _partner()
    await login(client, "partner")
    day = local_today() + dt.timedelta(days=20)

    def dmy(*offsets: int) -> str:
        return "\n".join((day + dt.timedelta(days=o)).strftime("%d/%m/%Y") for o in offsets)

    cases = [
        (_series_form(venue.id, weeks="53"), "weeks", "52"),
        (_series_form(venue.id, weeks="1"), "weeks", "52"),
        (_series_form(venue.id, session_days="9"), "session_days", "7"),
        (_form(venue.id, shape="dates", session_dates=dmy(0, 200, 400)), "", "01/"),
        (_form(venue.id, shape="dates", session_dates=dmy(0, 7, 7)), "", "hai lần"),
        (_form(venue.id, shape="dates", session_dates=dmy(0) + "\n31/02/2027"), "", "31/02"),
        (_form(venue.id, shape="dates", session_dates=dmy(0, 1), session_days="3"), "", ""),
        (_form(venue.id, shape="dates", session_dates=dmy(-30, 7)), "", "hôm nay"),
        (_form(venue.id, shape="dates", session_dates=dmy(*range(0, 7 * 53, 7))), "", "52"),
        (_form(venue.id, shape="monthly"), "", ""),
    ]
    for data, field, words in cases:
        response = await client.post("/programmes/new", data=data)
        assert response.status_code == 422, (data, response.status_code)
        assert 'class="error"' in response.text
        if field:
            assert f'id="e-{field}"' in response.text, (field, data)
        assert words in response.text, (words, data)
    assert await Programme.all().count() == 0


async def test_a_series_decision_is_taken_once_at_once(db, client, other_client):
    venue = await make_venue()
    org = await _partner()
    first = local_today() + dt.timedelta(days=30)
    programme = await Programme.create(
        partner=org,
        name="Phiên chợ tuần",
        venue=venue,
        start_date=first,
        end_date=first + dt.timedelta(weeks=4),
        sessions=[[(first + dt.timedelta(weeks=w)).isoformat()] * 2 for w in range(5)],
    )
    await make_user("organizer")
    await make_user("admin")
    await login(client, "organizer")
    await login(other_client, "admin")
    path = f"/programmes/{programme.id}/decide"
    answers = await asyncio.gather(
        client.post(path, data={"decision": "confirm"}),
        other_client.post(path, data={"decision": "confirm"}),
    )
    assert sorted(a.status_code for a in answers) == [303, 409]
    assert await EventSeries.all().count() == 1
    assert await Event.filter(owner_partner_id=org.id).count() == 5
    assert await AuditEntry.filter(action="programme_confirmed").count() == 1
