"""Setting up an event's gates: gates, staff per gate and day, supervisors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from events.models import Event
from ocopfair import audit, forms
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User
from visitors.buckets import accepted_days
from visitors.models import EventSupervisor, Gate, GateKind, GateShift


async def create_gate(user: User, event: Event, name: str, kind: str) -> Gate:
    values: dict[str, Any] = {}
    forms.collect(
        lambda: values.__setitem__("name", forms.text(name, "name", max_length=64, required=True)),
        lambda: values.__setitem__("kind", forms.choice(kind, "kind", GateKind)),
    )
    try:
        async with in_transaction():
            gate = await Gate.create(event=event, **values)
            await audit.record(
                user,
                "gate.create",
                "Gate",
                gate.id,
                after={"name": gate.name, "kind": gate.kind, "event": event.id},
            )
    except IntegrityError:
        raise Invalid({"name": _("This event already has a gate with this name.")}) from None
    return gate


async def assign_staff(user: User, gate: Gate, staff: User, day: dt.date | None) -> None:
    """Assign a gate staff member to the gate for one day, or (day=None) for every day."""
    if staff.role != Role.GATE_STAFF or not staff.is_active:
        raise Invalid({"user": _("Choose an active gate staff account.")})
    event = gate.event
    if day is not None:
        first, last = accepted_days(event.start_date, event.end_date)
        if not first <= day <= last:
            raise Invalid({"day": _("Choose a day of the event.")})
    async with in_transaction():
        if day is None:
            await gate.staff.add(staff)
        else:
            await GateShift.get_or_create(gate=gate, user=staff, day=day)
        await audit.record(
            user, "gate.assign", "Gate", gate.id, after={"user": staff.id, "day": day}
        )


async def unassign_staff(user: User, gate: Gate, staff_id: int, day: dt.date | None) -> None:
    async with in_transaction():
        if day is None:
            staff = await User.get_or_none(id=staff_id)
            if staff:
                await gate.staff.remove(staff)
        else:
            await GateShift.filter(gate=gate, user_id=staff_id, day=day).delete()
        await audit.record(
            user, "gate.unassign", "Gate", gate.id, before={"user": staff_id, "day": day}
        )


async def add_supervisor(user: User, event: Event, supervisor: User) -> None:
    if not supervisor.is_active or supervisor.role not in (Role.GATE_STAFF, Role.ORGANIZER):
        raise Invalid({"user": _("Choose an active gate staff or organizer account.")})
    async with in_transaction():
        await EventSupervisor.get_or_create(event=event, user=supervisor)
        await audit.record(
            user, "event.add_supervisor", "Event", event.id, after={"user": supervisor.id}
        )
