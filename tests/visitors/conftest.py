"""Fixtures of the visitors tests: an event running today, its gates, staff assigned."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest_asyncio

from events.models import Event, EventKind, EventLevel, EventStatus, Venue, VenueKind
from ocopfair.i18n import local_today
from ocopfair.models import User
from tests.conftest import make_user
from visitors.models import Gate, GateKind


@dataclass
class Fair:
    event: Event
    gate: Gate  # both directions; `staff` works here every day
    entrance: Gate  # in only
    exit: Gate  # out only
    staff: User
    other_event: Event
    other_gate: Gate


async def make_event(name: str = "Hội chợ OCOP", days: int = 3, **extra) -> Event:
    venue = await Venue.create(name=f"Trung tâm {name}", kind=VenueKind.EXHIBITION_GROUND)
    today = local_today()
    return await Event.create(
        name=name,
        kind=EventKind.PROVINCIAL_FAIR,
        level=EventLevel.PROVINCIAL,
        venue=venue,
        start_date=extra.pop("start_date", today - dt.timedelta(days=1)),
        end_date=extra.pop("end_date", today + dt.timedelta(days=days - 2)),
        status=extra.pop("status", EventStatus.RUNNING),
        **extra,
    )


@pytest_asyncio.fixture
async def fair(db) -> Fair:
    event = await make_event()
    gate = await Gate.create(event=event, name="Cổng A", kind=GateKind.BOTH)
    entrance = await Gate.create(event=event, name="Cổng B", kind=GateKind.ENTRANCE)
    exit_gate = await Gate.create(event=event, name="Cổng C", kind=GateKind.EXIT)
    staff = await make_user("gate_staff", "gate1", full_name="Nguyễn Văn Gác")
    await gate.staff.add(staff)
    await entrance.staff.add(staff)
    await exit_gate.staff.add(staff)
    other_event = await make_event("Tuần hàng Việt")
    other_gate = await Gate.create(event=other_event, name="Cổng chính", kind=GateKind.BOTH)
    return Fair(event, gate, entrance, exit_gate, staff, other_event, other_gate)


def now_iso(offset: dt.timedelta = dt.timedelta(0)) -> str:
    return (dt.datetime.now(dt.UTC) + offset).isoformat()


def new_key() -> str:
    return uuid.uuid4().hex


def tap(delta: int = 1, direction: str = "in", at: str | None = None, **extra) -> dict:
    return {
        "id": uuid.uuid4().hex[:16],
        "at": at or now_iso(),
        "dir": direction,
        "delta": delta,
        **extra,
    }
