"""Changing counts after the fact: a supervisor's corrections, closing a day's counts, and
reopening a day closed by mistake. Who may do each is the routes' business (visitors.access)."""

from __future__ import annotations

import datetime as dt

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from ocopfair import audit
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import format_date
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from visitors.buckets import accepted_days
from visitors.models import DIRECTIONS_OF_KIND, CountCorrection, DayClosure, Direction, Gate

MAX_CORRECTION = 100_000
# A correction or a reopened day needs a reason someone can act on later, not "x".
MIN_REASON = 5


async def add_correction(
    user: User, gate: Gate, day: dt.date, direction: Direction, delta: int, reason: str
) -> CountCorrection:
    """A supervisor's adjustment with its reason; allowed on closed days too (that is its use)."""
    errors: dict[str, str] = {}
    start, end = accepted_days(gate.event.start_date, gate.event.end_date)
    if not start <= day <= end:
        errors["day"] = _("Choose a day of the event.")
    if direction not in DIRECTIONS_OF_KIND[gate.kind]:
        errors["direction"] = _("This gate does not count people going that way.")
    if delta == 0 or abs(delta) > MAX_CORRECTION:
        errors["delta"] = _("A correction is a non-zero number of at most %(n)s people.") % {
            "n": f"{MAX_CORRECTION:,}".replace(",", ".")
        }
    if len(reason.strip()) < MIN_REASON:
        errors["reason"] = _("Say why the count is corrected (at least 5 characters).")
    if errors:
        raise Invalid(errors)
    async with in_transaction():
        correction = await CountCorrection.create(
            gate=gate, day=day, direction=direction, delta=delta, reason=reason.strip(), user=user
        )
        await audit.record(
            user,
            "count.correct",
            "Gate",
            gate.id,
            after={
                "correction": correction.id,
                "day": day,
                "direction": direction,
                "delta": delta,
            },
            reason=reason.strip(),
        )
    return correction


async def close_day(
    user: User, event_id: int, start_date: dt.date, end_date: dt.date, day: dt.date, today: dt.date
) -> DayClosure:
    first, last = accepted_days(start_date, end_date)
    if not first <= day <= last:
        raise Invalid({"day": _("Choose a day of the event.")})
    if day > today:
        raise Invalid({"day": _("A day can be closed once it has begun.")})
    try:
        async with in_transaction():
            closure = await DayClosure.create(event_id=event_id, day=day, closed_by=user)
            await audit.record(user, "count.close_day", "Event", event_id, after={"day": day})
    except IntegrityError:
        raise Conflict(
            {"day": _("The counts of %(day)s are already closed.") % {"day": format_date(day)}}
        ) from None
    return closure


async def reopen_day(user: User, event_id: int, day: dt.date, reason: str) -> None:
    """Undo a mistaken close: taps for the day are accepted again (a device's queued batches
    then go through on their next retry). The closure row goes; the audit log keeps who closed
    it and when, and who reopened it and why. Deciding who may do this is the route's job
    (administrators only)."""
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise Invalid({"reason": _("Say why the day is reopened (at least 5 characters).")})
    not_closed = Conflict(
        {"day": _("The counts of %(day)s are not closed.") % {"day": format_date(day)}}
    )
    async with in_transaction():
        closure = await DayClosure.filter(event_id=event_id, day=day).first()
        if closure is None:
            raise not_closed
        # Deleted by id: of two admins reopening at once, one deletes and the other is told.
        if not await DayClosure.filter(id=closure.id).delete():
            raise not_closed
        await audit.record(
            user,
            "count.reopen_day",
            "Event",
            event_id,
            before={
                "day": day,
                "closed_by": closure.closed_by_id,
                "closed_at": closure.closed_at,
            },
            reason=reason,
        )
