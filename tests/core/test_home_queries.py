"""Home pages cost the same number of queries with 3 events or 30."""

from __future__ import annotations

import datetime as dt

import pytest

from booths.models import (
    ApplicationStatus,
    AssignmentKind,
    Booth,
    BoothApplication,
    BoothAssignment,
)
from events.models import Event, EventKind, EventLevel, EventStatus, Venue, VenueKind
from ocopfair.i18n import local_today
from tests.factories import make_exhibitor, make_user
from tests.login import login
from tests.queries import count_queries
from visitors.models import Direction, Gate, GateCount


async def build_year(n_events: int, exhibitor, gate_user) -> None:
    """n events around today, each with an application, a booth, a gate and counts."""
    venue = await Venue.create(name="Trung tâm Hội chợ", kind=VenueKind.EXHIBITION_GROUND)
    today = local_today()
    for i in range(n_events):
        start = today + dt.timedelta(days=7 * (i - n_events // 2))
        status = EventStatus.FINISHED if start < today else EventStatus.OPEN
        event = await Event.create(
            name=f"Hội chợ {i}",
            kind=EventKind.PROVINCIAL_FAIR,
            level=EventLevel.PROVINCIAL,
            venue=venue,
            start_date=start,
            end_date=start + dt.timedelta(days=4),
            status=status,
        )
        await BoothApplication.create(
            event=event, exhibitor=exhibitor, status=ApplicationStatus.SUBMITTED
        )
        booth = await Booth.create(event=event, code="A01")
        await BoothAssignment.create(
            booth=booth, active_booth=booth.id, exhibitor=exhibitor, kind=AssignmentKind.ASSIGNED
        )
        gate = await Gate.create(event=event, name="Cổng A")
        await gate.staff.add(gate_user)
        await GateCount.create(
            gate=gate,
            direction=Direction.IN,
            count=10,
            bucket_start=dt.datetime.combine(start, dt.time(2), dt.UTC),
        )


async def home_queries(client) -> int:
    with count_queries() as counter:
        response = await client.get("/")
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("role", ["organizer", "exhibitor", "gate_staff", "official"])
async def test_home_query_count_does_not_grow_with_data(client, role):
    exhibitor = await make_exhibitor()
    gate_user = await make_user("gate_staff")
    if role != "gate_staff":
        await make_user(role, **({"exhibitor_id": exhibitor.id} if role == "exhibitor" else {}))
    await login(client, role)
    await build_year(3, exhibitor, gate_user)
    few = await home_queries(client)
    await build_year(30, exhibitor, gate_user)
    many = await home_queries(client)
    assert many == few
    assert few <= 6
