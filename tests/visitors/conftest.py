"""Fixtures of the visitors tests: an event running today, its gates, staff assigned."""

from __future__ import annotations

from dataclasses import dataclass

import pytest_asyncio

from events.models import Event, EventStatus
from ocopfair.models import User
from tests.factories import make_event, make_gate, make_user
from visitors.models import Gate, GateKind


@dataclass
class GateFair:
    event: Event
    gate: Gate  # both directions; `staff` works here every day
    entrance: Gate  # in only
    exit: Gate  # out only
    staff: User
    other_event: Event
    other_gate: Gate


@pytest_asyncio.fixture
async def fair(db) -> GateFair:
    """A fair running from yesterday to tomorrow with three gates worked by `staff`, and
    another running fair with one gate of its own."""
    event = await make_event(days_ahead=-1, status=EventStatus.RUNNING)
    staff = await make_user("gate_staff", "gate1", full_name="Nguyễn Văn Gác")
    gate = await make_gate(event, "Cổng A", GateKind.BOTH, staff=[staff])
    entrance = await make_gate(event, "Cổng B", GateKind.ENTRANCE, staff=[staff])
    exit_gate = await make_gate(event, "Cổng C", GateKind.EXIT, staff=[staff])
    other_event = await make_event("Tuần hàng Việt", days_ahead=-1, status=EventStatus.RUNNING)
    other_gate = await make_gate(other_event, "Cổng chính", GateKind.BOTH)
    return GateFair(event, gate, entrance, exit_gate, staff, other_event, other_gate)
