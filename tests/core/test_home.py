"""What each role's home page says: the gates to count at today, the figures of past fairs."""

from __future__ import annotations

import datetime as dt

from events.models import Event, EventKind, EventLevel, EventStatus, Venue, VenueKind
from ocopfair.i18n import local_today
from tests.factories import make_user
from tests.login import login
from visitors.models import CountCorrection, Direction, Gate, GateCount, GateShift


async def an_event(start: dt.date, status: EventStatus = EventStatus.RUNNING) -> Event:
    venue = await Venue.create(name="Big C Hạ Long", kind=VenueKind.MALL)
    return await Event.create(
        name="Tuần hàng OCOP",
        kind=EventKind.CONNECTION_WEEK,
        level=EventLevel.PROVINCIAL,
        venue=venue,
        start_date=start,
        end_date=start + dt.timedelta(days=6),
        status=status,
    )


async def test_gate_staff_home_lists_todays_shift_with_a_link_to_count(client):
    staff = await make_user("gate_staff")
    event = await an_event(local_today())
    shift_gate = await Gate.create(event=event, name="Cổng A")
    other_gate = await Gate.create(event=event, name="Cổng B")
    await GateShift.create(gate=shift_gate, user=staff, day=local_today())
    await login(client, "gate_staff")
    page = (await client.get("/")).text
    assert f'href="/gates/{shift_gate.id}/tally"' in page
    assert f'href="/gates/{other_gate.id}/tally"' not in page


async def test_official_home_counts_corrections_in_the_visitors(client):
    await make_user("official")
    event = await an_event(local_today() - dt.timedelta(days=20), EventStatus.FINISHED)
    gate = await Gate.create(event=event, name="Cổng chính")
    start = dt.datetime.combine(event.start_date, dt.time(2), dt.UTC)
    await GateCount.create(gate=gate, bucket_start=start, direction=Direction.IN, count=1200)
    await GateCount.create(gate=gate, bucket_start=start, direction=Direction.OUT, count=900)
    await CountCorrection.create(
        gate=gate,
        day=event.start_date,
        direction=Direction.IN,
        delta=34,
        reason="Phiếu giấy cổng chính",
    )
    await login(client, "official")
    page = (await client.get("/")).text
    assert "1.234" in page
