"""Who may count at a gate, and who supervises an event's gates.

Decisions: administrators and organizers supervise every event; any other user (typically a
lead gate staff member) supervises an event when an EventSupervisor row names them. Staff in
Gate.staff are assigned to that gate on every day of the event; a GateShift assigns them for
one day. A supervisor may also count at any gate of their event.
"""

from __future__ import annotations

import datetime as dt

from starlette.exceptions import HTTPException
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from ocopfair.auth import allow
from ocopfair.models import Role, User
from visitors.models import EventSupervisor, Gate, GateShift

ALL_EVENTS_ROLES = (Role.ADMIN, Role.ORGANIZER)
# Supervisors close a day's counts; only an administrator reopens one closed by mistake.
DAY_REOPENERS = allow(Role.ADMIN)


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


def gates_to_work(user: User, today: dt.date) -> QuerySet[Gate]:
    """The gates `user` may count at around `today` (the event's days ± 1): its own gates and
    shifts, and every gate of the events it supervises; organizers and admins see them all."""
    query = Gate.filter(
        event__start_date__lte=today + dt.timedelta(days=1),
        event__end_date__gte=today - dt.timedelta(days=1),
    )
    if user.role in ALL_EVENTS_ROLES:
        return query
    shifted = Subquery(GateShift.filter(user_id=user.id, day=today).values("gate_id"))
    staffed = Subquery(Gate.filter(staff__id=user.id).values("id"))
    supervised = Subquery(EventSupervisor.filter(user_id=user.id).values("event_id"))
    return query.filter(Q(id__in=shifted) | Q(id__in=staffed) | Q(event_id__in=supervised))
