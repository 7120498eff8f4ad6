"""Who may count at a gate, who supervises an event's gates, and who reads their figures.
Called by both the pages (routes.py and the *_pages modules) and api.py.

Decisions: administrators and organizers supervise every event, a partner the events it owns;
any other user (typically a lead gate staff member) supervises an event when an EventSupervisor
row names them. Staff in Gate.staff are assigned to that gate on every day of the event; a
GateShift assigns them for one day. A supervisor may also count at any gate of their event.
Only administrators, organizers and an owning partner appoint supervisors.
"""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

from starlette.exceptions import HTTPException
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from events.models import Event
from ocopfair.auth import READERS, STAFF, allow
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User
from visitors.models import EventSupervisor, Gate, GateShift

ALL_EVENTS_ROLES = (Role.ADMIN, Role.ORGANIZER)
# Supervisors close a day's counts; only an administrator reopens one closed by mistake.
DAY_REOPENERS = allow(Role.ADMIN)
GATE_WORKERS = allow(Role.ADMIN, Role.ORGANIZER, Role.GATE_STAFF)


async def load_event(event_id: int) -> Event:
    event = await Event.get_or_none(id=event_id)
    if event is None:
        raise HTTPException(404)
    return event


async def load_gate(gate_id: int) -> Gate:
    """The gate with its event (404 when there is none)."""
    gate = await Gate.filter(id=gate_id).select_related("event").first()
    if gate is None:
        raise HTTPException(404)
    return gate


async def load_event_gate(event: Event, gate_id: int | None) -> Gate:
    """A gate named in a form of the event's set-up page: a gate of another event is not this
    page's business (403)."""
    gate = await Gate.filter(id=gate_id, event_id=event.id).select_related("event").first()
    if gate is None:
        raise HTTPException(403)
    return gate


async def owns_event_id(user: User | None, event_id: int) -> bool:
    """A partner's account, on an event of its confirmed programme (it runs that event's
    gates with organizer rights; the same rule as events.access.owns_event, by id)."""
    if user is None or user.role != Role.PARTNER or user.partner_id is None:
        return False
    return await Event.exists(id=event_id, owner_partner_id=user.partner_id)


async def is_supervisor(user: User | None, event_id: int) -> bool:
    if user is None:
        return False
    if user.role in ALL_EVENTS_ROLES:
        return True
    if user.role == Role.PARTNER:
        return await owns_event_id(user, event_id)
    return await EventSupervisor.exists(event_id=event_id, user_id=user.id)


async def require_supervisor(user: User | None, event_id: int) -> None:
    if not await is_supervisor(user, event_id):
        raise HTTPException(403)


async def require_reader_or_supervisor(user: User, event_id: int) -> None:
    """An event's gates, corrections and live figures: readers, and its supervisors."""
    if not (READERS.allows(user) or await is_supervisor(user, event_id)):
        raise HTTPException(403)


async def require_appointer(user: User, event_id: int) -> None:
    """Supervisors are appointed by administrators and organizers (and by the partner owning
    the event), not by other supervisors."""
    if not (STAFF.allows(user) or await owns_event_id(user, event_id)):
        raise HTTPException(403)


async def may_work_at(user: User, gate: Gate, day: dt.date) -> bool:
    """Whether the user may count or check people in at this gate on this local day."""
    if await is_supervisor(user, gate.event_id):
        return True
    if await Gate.filter(id=gate.id, staff__id=user.id).exists():
        return True
    return await GateShift.exists(gate_id=gate.id, user_id=user.id, day=day)


async def require_gate_work(user: User, gate: Gate, day: dt.date) -> None:
    if not await may_work_at(user, gate, day):
        raise HTTPException(403)


def work_at_gate_sql(all_events: int, user: int, day: int, partner: int) -> str:
    """may_work_at as one SQL expression over a gate row `g`, for a statement that decides
    everything at once (a ticket scan). The numbers are its parameters' places: $all_events
    (whether the user supervises every event, by role), $user (their id), $day (local day),
    $partner (the organisation a partner account acts for, else NULL: see owned_by): the
    partner owning the event supervises its gates, as is_supervisor says."""
    return (
        f"(${all_events}"
        f" OR EXISTS (SELECT 1 FROM event oe WHERE oe.id = g.event_id"
        f" AND oe.owner_partner_id = ${partner})"
        f" OR EXISTS (SELECT 1 FROM eventsupervisor s"
        f" WHERE s.event_id = g.event_id AND s.user_id = ${user})"
        f" OR EXISTS (SELECT 1 FROM gate_user gu WHERE gu.gate_id = g.id AND gu.user_id = ${user})"
        f" OR EXISTS (SELECT 1 FROM gateshift h WHERE h.gate_id = g.id AND h.user_id = ${user}"
        f" AND h.day = ${day}))"
    )


def owned_by(user: User) -> int | None:
    """The partner organisation whose events this user runs (None for every other role): the
    $partner of work_at_gate_sql. NULL compares equal to nothing, so others own no event."""
    return user.partner_id if user.role == Role.PARTNER else None


def supervises_all_events(user: User) -> bool:
    return user.role in ALL_EVENTS_ROLES


def require_found_and_allowed(found: bool, allowed: bool) -> None:
    """A gate that does not exist: 404; one the user may not work at (today): 403."""
    if not found:
        raise HTTPException(404)
    if not allowed:
        raise HTTPException(403)


async def require_gate_reader(user: User, gate: Gate, day: dt.date) -> None:
    """A gate's figures today: readers, and whoever may work at the gate that day."""
    if not (READERS.allows(user) or await may_work_at(user, gate, day)):
        raise HTTPException(403)


def refuse_batch_of_unassigned() -> NoReturn:
    """The answer to counting.NotAllowed: the sender may not count at this gate on a tap's day."""
    raise HTTPException(
        403, _("You are not assigned to this gate on that day, so nothing was counted.")
    )


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
