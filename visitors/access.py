"""Who may count at a gate, and who supervises an event's gates.

Decisions: administrators and organizers supervise every event; any other user (typically a
lead gate staff member) supervises an event when an EventSupervisor row names them. Staff in
Gate.staff are assigned to that gate on every day of the event; a GateShift assigns them for
one day. A supervisor may also count at any gate of their event.
"""

from __future__ import annotations

import datetime as dt

from starlette.exceptions import HTTPException

from ocopfair.models import Role, User
from visitors.models import EventSupervisor, Gate, GateShift

ALL_EVENTS_ROLES = (Role.ADMIN, Role.ORGANIZER)


async def is_supervisor(user: User | None, event_id: int) -> bool:
    if user is None:
        return False
    if user.role in ALL_EVENTS_ROLES:
        return True
    return await EventSupervisor.exists(event_id=event_id, user_id=user.id)


async def require_supervisor(user: User | None, event_id: int) -> None:
    if not await is_supervisor(user, event_id):
        raise HTTPException(403)


async def may_work_at(user: User, gate: Gate, day: dt.date) -> bool:
    """Whether the user may count or check people in at this gate on this local day."""
    if await is_supervisor(user, gate.event_id):  # type: ignore[attr-defined]
        return True
    if await Gate.filter(id=gate.id, staff__id=user.id).exists():
        return True
    return await GateShift.exists(gate_id=gate.id, user_id=user.id, day=day)


async def require_gate_work(user: User, gate: Gate, day: dt.date) -> None:
    if not await may_work_at(user, gate, day):
        raise HTTPException(403)
