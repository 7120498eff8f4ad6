"""Holding, confirming, cancelling, moving and swapping booths.

No double booking: BoothAssignment.active_booth is UNIQUE and equals the booth's id while a
hold or assignment is in force. Every change that gives a booth to someone writes that column
in one statement; when two requests race, the database accepts one and refuses the other with
an IntegrityError, which we turn into a clear 409. Nothing is checked-then-written in Python
for the booth itself.

Expired holds need no background job: (a) right before any booking attempt on an event, one
conditional UPDATE releases that event's holds whose time is up (same request), and (b) pages
treat an expired hold as a free booth when they draw it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from booths import eligibility, notices, waitlist
from booths.models import AssignmentKind, Booth, BoothAssignment
from events.models import AllocationMode, Event
from exhibitors.models import Exhibitor
from ocopfair.audit import record
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def release_expired(event_id: int, now: dt.datetime) -> int:
    """Free the event's holds whose time is up (one conditional UPDATE)."""
    return await BoothAssignment.filter(
        kind=AssignmentKind.HOLD,
        active_booth__isnull=False,
        expires_at__lt=now,
        booth_id__in=Subquery(Booth.filter(event_id=event_id).values("id")),
    ).update(active_booth=None, released_at=now)


def taken_error(code: str) -> Conflict:
    return Conflict(
        {
            "booth": _(
                "Booth %(code)s has just been taken by someone else. Choose another free booth."
            )
            % {"code": code}
        },
        _("Booth %(code)s is no longer free.") % {"code": code},
    )


async def hold_booth(
    event: Event,
    booth_id: int,
    exhibitor: Exhibitor,
    user: User | None,
    *,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> BoothAssignment:
    """Hold a free booth for an exhibitor for the event's hold time."""
    now = now or now_utc()
    today = today or now.date()
    _check_booking_open(event, today)
    booth = await bookable_booth(event, booth_id)
    await _check_producer(exhibitor, event)
    await release_expired(event.id, now)
    try:
        async with in_transaction():
            # Count and hold under one lock per producer: two holds of one producer at the same
            # moment would each count the other's booth as not yet taken and both pass the limit.
            await eligibility.lock_exhibitor(exhibitor.id)
            eligibility.check_limit(
                event, await eligibility.booths_in_use(exhibitor.id, event.id, now)
            )
            hold = await BoothAssignment.create(
                booth_id=booth.id,
                active_booth=booth.id,
                exhibitor_id=exhibitor.id,
                kind=AssignmentKind.HOLD,
                fee=booth.fee,
                expires_at=now + dt.timedelta(minutes=event.hold_minutes),
            )
            await record(
                user,
                "booth.held",
                "BoothAssignment",
                hold.id,
                after={
                    "booth": booth.code,
                    "exhibitor": exhibitor.id,
                    "expires_at": hold.expires_at,
                },
            )
    except IntegrityError:
        raise taken_error(booth.code) from None
    return hold


def _check_booking_open(event: Event, today: dt.date) -> None:
    if event.allocation_mode != AllocationMode.BOOKING:
        raise Invalid(
            {
                "booth": _(
                    "Booths of this event are given by application and "
                    "allocation, not booked on the floor plan."
                )
            }
        )
    eligibility.check_open(event, today)


async def bookable_booth(event: Event, booth_id: int) -> Booth:
    """The booth, if it is one of this event's and not blocked."""
    booth = await Booth.get_or_none(id=booth_id)
    if booth is None or booth.event_id != event.id:
        raise Invalid({"booth": _("This booth does not belong to this event.")})
    if booth.blocked:
        raise Invalid({"booth": _("Booth %(code)s is not available.") % {"code": booth.code}})
    return booth


async def _check_producer(exhibitor: Exhibitor, event: Event) -> None:
    """An active producer with a product certified through the event's end."""
    eligibility.check_exhibitor(exhibitor)
    if not await eligibility.certified_products(exhibitor.id, event):
        raise Invalid(
            {
                "products": _(
                    "You need at least one product whose OCOP certificate is "
                    "valid until the end of the event."
                )
            }
        )


async def confirm(
    assignment: BoothAssignment, user: User | None, *, now: dt.datetime | None = None
) -> None:
    """An organizer turns an unexpired hold into an assignment."""
    now = now or now_utc()
    async with in_transaction():
        changed = await BoothAssignment.filter(
            id=assignment.id,
            kind=AssignmentKind.HOLD,
            active_booth__isnull=False,
            expires_at__gte=now,
        ).update(kind=AssignmentKind.ASSIGNED, expires_at=None)
        if not changed:
            raise Conflict(
                {"assignment": _("This hold has expired or was already confirmed or released.")}
            )
        await record(
            user,
            "booth.confirmed",
            "BoothAssignment",
            assignment.id,
            before={"kind": "hold"},
            after={"kind": "assigned"},
        )
    assignment.kind = AssignmentKind.ASSIGNED
    assignment.expires_at = None


async def cancel(
    assignment: BoothAssignment,
    user: User | None,
    reason: str = "",
    *,
    now: dt.datetime | None = None,
) -> BoothAssignment | None:
    """Release a hold or assignment; the booth goes to the next eligible waitlisted
    applicant in the same transaction. Returns that applicant's new assignment, if any."""
    now = now or now_utc()
    booth = await Booth.filter(id=assignment.booth_id).select_related("event").get()
    async with in_transaction():
        changed = await BoothAssignment.filter(id=assignment.id, active_booth__isnull=False).update(
            active_booth=None, released_at=now
        )
        if not changed:
            raise Conflict({"assignment": _("This booth was already released.")})
        await record(
            user,
            "booth.released",
            "BoothAssignment",
            assignment.id,
            before={
                "booth": booth.code,
                "exhibitor": assignment.exhibitor_id,
                "kind": assignment.kind,
            },
            reason=reason,
        )
        if assignment.kind == AssignmentKind.ASSIGNED:
            await notices.booth_changed(
                assignment, notices.CANCELLED, old=booth.code, reason=reason
            )
        promoted = None
        if assignment.kind == AssignmentKind.ASSIGNED and not booth.blocked:
            promoted = await waitlist.promote_next(booth, user, freed_by=assignment)
    assignment.active_booth = None
    return promoted


async def move(
    assignment: BoothAssignment, booth: Booth, user: User | None, reason: str = ""
) -> None:
    """Put an exhibitor in another free booth of the same event (one guarded UPDATE)."""
    old = await Booth.get(id=assignment.booth_id)
    if booth.event_id != old.event_id:
        raise Invalid({"booth": _("This booth does not belong to this event.")})
    if booth.blocked:
        raise Invalid({"booth": _("Booth %(code)s is not available.") % {"code": booth.code}})
    try:
        async with in_transaction():
            changed = await BoothAssignment.filter(id=assignment.id, active_booth=old.id).update(
                booth_id=booth.id, active_booth=booth.id
            )
            if not changed:
                raise Conflict(
                    {"assignment": _("This assignment changed meanwhile. Reload and try again.")}
                )
            await record(
                user,
                "booth.moved",
                "BoothAssignment",
                assignment.id,
                before={"booth": old.code},
                after={"booth": booth.code},
                reason=reason,
            )
            await notices.booth_changed(
                assignment, notices.MOVED, old=old.code, new=booth.code, reason=reason
            )
    except IntegrityError:
        raise taken_error(booth.code) from None


async def swap(
    first: BoothAssignment, second: BoothAssignment, user: User | None, reason: str = ""
) -> None:
    """Exchange the booths of two active assignments of one event, all or nothing."""
    a_booth, b_booth = first.active_booth, second.active_booth
    if a_booth is None or b_booth is None or a_booth == b_booth:
        raise Invalid({"assignment": _("Choose two different active assignments.")})
    booths = {b.id: b for b in await Booth.filter(id__in=[a_booth, b_booth])}
    if len({b.event_id for b in booths.values()}) != 1:
        raise Invalid({"assignment": _("Both booths must belong to the same event.")})
    try:
        async with in_transaction():
            # Free the first booth, then move each side; every step is guarded by the values
            # we read, so a concurrent change makes the whole swap roll back.
            steps: list[tuple[int, int | None, dict[str, Any]]] = [
                (first.id, a_booth, {"active_booth": None}),
                (second.id, b_booth, {"booth_id": a_booth, "active_booth": a_booth}),
                (first.id, None, {"booth_id": b_booth, "active_booth": b_booth}),
            ]
            for assignment_id, expected, values in steps:
                changed = await BoothAssignment.filter(
                    id=assignment_id, active_booth=expected
                ).update(**values)
                if not changed:
                    raise Conflict(
                        {
                            "assignment": _(
                                "One of these assignments changed meanwhile. Reload and try again."
                            )
                        }
                    )
            await record(
                user,
                "booth.swapped",
                "BoothAssignment",
                first.id,
                before={"first": booths[a_booth].code, "second": booths[b_booth].code},
                after={
                    "first": booths[b_booth].code,
                    "second": booths[a_booth].code,
                    "other_assignment": second.id,
                },
                reason=reason,
            )
            for mine, theirs, got in ((first, a_booth, b_booth), (second, b_booth, a_booth)):
                await notices.booth_changed(
                    mine,
                    notices.SWAPPED,
                    old=booths[theirs].code,
                    new=booths[got].code,
                    reason=reason,
                )
    except IntegrityError:
        raise Conflict(
            {"assignment": _("One of these booths was taken meanwhile. Reload and try again.")}
        ) from None
