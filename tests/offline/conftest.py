"""Fixtures of the offline tests: a fair running today with a gate worked by `gate1` and booths
whose first producer signs in as `exhibitor`."""

from __future__ import annotations

from dataclasses import dataclass

import pytest_asyncio

from booths.models import BoothAssignment
from events.models import Event
from tests.factories import Fair, make_fair, make_gate, make_user
from visitors.models import Gate, GateKind


@dataclass
class PhoneFair:
    fair: Fair
    event: Event
    gate: Gate
    assignment: BoothAssignment  # the booth of the user "exhibitor"


@pytest_asyncio.fixture
async def phone_fair(db) -> PhoneFair:
    fair = await make_fair()
    staff = await make_user("gate_staff", "gate1", full_name="Nguyễn Văn Gác")
    gate = await make_gate(fair.event, "Cổng A", GateKind.BOTH, staff=[staff])
    return PhoneFair(fair, fair.event, gate, fair.booths[0])
