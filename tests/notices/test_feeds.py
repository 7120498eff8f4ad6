"""Personal calendar feeds: private, rotatable, revocable, never another producer's data."""

from __future__ import annotations

import re

import icalendar

from booths.models import Booth
from events.models import EventLevel, EventStatus
from tests.factories import assign_booth, make_event, make_locality, make_producer_user, make_user
from tests.login import login

LINK = re.compile(r'value="http://testserver(/feeds/[^"]+\.ics)"')


async def _make_link(client) -> str:
    r = await client.post("/notices/calendar/rotate")
    assert r.status_code == 200
    match = LINK.search(r.text)
    assert match, r.text[:2000]
    return match.group(1)


async def test_exhibitor_feed_has_its_own_booths_only_and_rotation_revokes(client, other_client):
    fair = await make_event("Hội chợ Xuân", booths=3, opens_at="07:30", closes_at="21:00")
    elsewhere = await make_event("Hội chợ Thu", booths=1)
    user, exhibitor, _p = await make_producer_user("HTX Lịch")
    other, other_ex, _p2 = await make_producer_user("HTX Bí mật")
    a, b, _c = await Booth.filter(event_id=fair.id).order_by("code")
    await assign_booth(a, exhibitor)
    await assign_booth(b, other_ex)
    await assign_booth(await Booth.get(event_id=elsewhere.id), other_ex)
    await login(client, user.username)
    page = await client.get("/notices")
    assert "/notices/calendar" in page.text  # reached from the notices page
    link = await _make_link(client)
    feed = await other_client.get(link)  # no session needed: the token is the key
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == [f"Hội chợ Xuân · {a.code}"]
    description = str(events[0]["DESCRIPTION"])
    assert a.code in description and "07:30" in description
    assert b.code not in feed.text and "Hội chợ Thu" not in feed.text
    new_link = await _make_link(client)
    assert (await other_client.get(link)).status_code == 404
    assert (await other_client.get(new_link)).status_code == 200
    r = await client.post("/notices/calendar/revoke")
    assert r.status_code == 303
    assert (await other_client.get(new_link)).status_code == 404
    assert (await other_client.get("/feeds/guessed-token.ics")).status_code == 404


async def test_local_office_feed_holds_the_events_it_manages(client):
    ha_long = await make_locality("HL", "Hạ Long")
    mong_cai = await make_locality("MC", "Móng Cái")
    await make_event("Chợ phiên Hạ Long", level=EventLevel.DISTRICT, locality=ha_long)
    await make_event("Chợ phiên Móng Cái", level=EventLevel.DISTRICT, locality=mong_cai)
    await make_event("Nháp", level=EventLevel.DISTRICT, locality=ha_long, status=EventStatus.DRAFT)
    await make_user("organizer", username="local", locality_id=ha_long.id)
    await login(client, "local")
    feed = await client.get(await _make_link(client))
    summaries = [
        str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    ]
    assert summaries == ["Chợ phiên Hạ Long"]


async def test_gate_staff_and_officials_have_no_feed(client):
    await make_user("gate_staff", username="gate")
    await login(client, "gate")
    assert (await client.get("/notices/calendar")).status_code == 403
    assert (await client.post("/notices/calendar/rotate")).status_code == 403
