"""Partner programmes: a partner organisation proposes a trade-promotion programme; the
province's organizers confirm it (it becomes an event owned by the partner, who then runs it
with organizer rights on that event only) or refuse it with a reason. Audited.

A programme is one event or a series of sessions at the same venue (events/
programme_sessions.py); a confirmed series becomes an event series (events/series.py, the same
mechanism as the organizers' connection weeks), every event of it owned by the partner.

The venue-clash rule applies twice, to every session: on the proposal (told at once) and on the
confirmation, under the venue's lock, so a fair booked in between still wins. A decision is
taken once: a single conditional update moves the programme out of "proposed", and one audit
entry records it (a series' events are made in the same transaction, not audited one by one).
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from events import programme_sessions
from events.access import is_local_office, may_plan
from events.models import (
    AllocationMode,
    Event,
    EventKind,
    EventLevel,
    EventStatus,
    Programme,
    ProgrammeStatus,
    Venue,
)
from events.programme_sessions import Shape
from events.scheduling import ScheduleConflict, Span, lock_venue, venue_clashes
from events.series import add_series, numbered
from ocopfair import audit, forms
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import PartnerOrganisation, Role, User

FIELDS = [
    "name",
    "kind",
    "venue_id",
    "start_date",
    "end_date",
    "expected_producers",
    "expected_booths",
    "support_asked",
    "sessions",
]


def is_partner(user: User | None) -> bool:
    return user is not None and user.role == Role.PARTNER and user.partner_id is not None


def may_decide(user: User | None) -> bool:
    """The province's organizers (not a local office) and administrators."""
    return user is not None and may_plan(user) and not is_local_office(user)


def require_view(user: User, programme: Programme) -> None:
    if may_plan(user) or user.role == Role.OFFICIAL:
        return
    if is_partner(user) and programme.partner_id == user.partner_id:
        return
    raise HTTPException(403)


def _parse(data: dict[str, Any]) -> dict[str, Any]:
    """The programme's fields, its dates as `spans` (one per session), or Invalid with every
    error at once."""
    checks = {
        "name": lambda: forms.text(data.get("name"), "name", required=True),
        "kind": lambda: forms.choice(data.get("kind"), "kind", EventKind),
        "venue_id": lambda: forms.optional_id(data.get("venue_id")),
        "expected_producers": lambda: forms.integer(
            data.get("expected_producers") or 0, "expected_producers", minimum=0, maximum=5000
        ),
        "expected_booths": lambda: forms.integer(
            data.get("expected_booths") or 0, "expected_booths", minimum=0, maximum=5000
        ),
        "support_asked": lambda: forms.text(
            data.get("support_asked"), "support_asked", max_length=2000
        ),
        "spans": lambda: programme_sessions.parse(data),
    }
    values, errors = forms.values_and_errors(checks)
    if "venue_id" in values and values["venue_id"] is None:
        errors["venue_id"] = _("Choose a venue.")
    if errors:
        raise Invalid(errors)
    shape, spans = values.pop("spans")
    values["start_date"], values["end_date"] = spans[0][0], spans[-1][1]
    values["sessions"] = None if shape == Shape.SINGLE else programme_sessions.as_json(spans)
    values["spans"] = spans
    return values


def spans_of(programme: Programme) -> list[Span]:
    """Each session's (first day, last day); one for a programme of one event."""
    if programme.sessions:
        return programme_sessions.from_json(programme.sessions)
    return [(programme.start_date, programme.end_date)]


async def _refuse_clash(venue: Venue, spans: list[Span]) -> None:
    """A clash on any session refuses the whole programme (the sentence names each date)."""
    clashes = await venue_clashes(venue.id, spans)
    if clashes:
        raise ScheduleConflict(clashes, venue.name)


async def propose(user: User, data: dict[str, Any]) -> Programme:
    if not is_partner(user):
        raise HTTPException(403)
    values = _parse(data)
    spans = values.pop("spans")
    venue = await Venue.get_or_none(id=values["venue_id"])
    if venue is None:
        raise Invalid({"venue_id": _("Choose a venue.")})
    await _refuse_clash(venue, spans)
    async with in_transaction():
        programme = await Programme.create(partner_id=user.partner_id, proposed_by=user, **values)
        await audit.record(
            user,
            "programme_propose",
            "Programme",
            programme.id,
            after=audit.snapshot(programme, FIELDS),
        )
    return programme


async def refuse(user: User, programme: Programme, reason: str) -> None:
    if not may_decide(user):
        raise HTTPException(403)
    reason = forms.text(reason, "reason", max_length=2000)
    if not reason:
        raise Invalid({"reason": _("Say why the programme is refused.")})
    async with in_transaction():
        await _decide(user, programme, ProgrammeStatus.REFUSED, reason, None)


async def confirm(user: User, programme: Programme, reason: str = "") -> Event:
    """The programme as an event owned by the partner, open for applications (a series: an
    event series, every session an event owned by the partner; its first one is returned)."""
    if not may_decide(user):
        raise HTTPException(403)
    venue = await Venue.get(id=programme.venue_id)
    partner = await PartnerOrganisation.get(id=programme.partner_id)
    spans = spans_of(programme)
    fields: dict[str, Any] = {
        "name": programme.name,
        "kind": programme.kind,
        "level": EventLevel.PROVINCIAL,
        "organizing_unit": partner.name,
        "venue_id": venue.id,
        "status": EventStatus.OPEN,
        "allocation_mode": AllocationMode.APPLICATION,
        "owner_partner_id": partner.id,
        "description": programme.support_asked,
    }
    async with in_transaction():
        await lock_venue(venue.id)
        await _refuse_clash(venue, spans)
        series_id = None
        if programme.sessions:
            series, events = await add_series(
                {
                    "name": programme.name,
                    "kind": programme.kind,
                    "venue_id": venue.id,
                    "level": EventLevel.PROVINCIAL,
                    "rule": {"sessions": programme.sessions, "programme": programme.id},
                },
                numbered(fields, spans),
            )
            event, series_id = events[0], series.id
        else:
            event = await Event.create(
                **fields, start_date=programme.start_date, end_date=programme.end_date
            )
        await _decide(user, programme, ProgrammeStatus.CONFIRMED, reason, event, series_id)
    return event


async def _decide(
    user: User,
    programme: Programme,
    status: ProgrammeStatus,
    reason: str,
    event: Event | None,
    series_id: int | None = None,
) -> None:
    changed = await Programme.filter(id=programme.id, status=ProgrammeStatus.PROPOSED).update(
        status=status,
        reason=reason,
        decided_by_id=user.id,
        decided_at=now(),
        event_id=event.id if event else None,
        series_id=series_id,
    )
    if not changed:
        # Another organizer decided first: nothing of this decision is kept (the transaction,
        # and with it the event made for it, rolls back).
        raise Conflict({"reason": _("This programme has already been decided.")})
    await audit.record(
        user,
        f"programme_{status.value}",
        "Programme",
        programme.id,
        before={"status": ProgrammeStatus.PROPOSED.value},
        after={
            "status": status.value,
            "event_id": event.id if event else None,
            "series_id": series_id,
        },
        reason=reason,
    )
