"""Creating and editing events: one set of rules for the pages and the JSON API.

Reading and checking the fields is events/event_fields.py; here an event is saved: the venue's
calendar is checked under its lock, an edit made on a stale page is refused, a series occurrence
can carry its edit to the following ones, and every change is audit-logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from events.access import check_scope, may_override_clash
from events.event_fields import (
    EDITABLE_FIELDS,
    event_input,
    parse_event,
    parse_override_reason,
)
from events.lifecycle import is_read_only
from events.models import Event, EventKind, EventStatus, Venue
from events.scheduling import (
    Clash,
    ScheduleConflict,
    Span,
    lock_venue,
    provincial_fair_warnings,
    venue_clashes,
)
from ocopfair import forms
from ocopfair.audit import record, snapshot
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality, User

# Fields that "this occurrence and the following ones" copies as they are; dates move by the
# same number of days instead, and each occurrence keeps its own name.
SHARED_FIELDS = [
    f
    for f in EDITABLE_FIELDS
    if f not in ("name", "start_date", "end_date", "application_deadline")
]
# Occurrences that an edit of "the following ones" leaves alone: their story is written.
SETTLED = [EventStatus.CANCELLED, EventStatus.FINISHED, EventStatus.REPORTED]


@dataclass
class Saved:
    events: list[Event]
    warnings: list[str] = field(default_factory=list)

    @property
    def event(self) -> Event:
        return self.events[0]


async def check_references(values: dict[str, Any]) -> Venue:
    """The venue and locality must exist (one query each)."""
    errors: dict[str, str] = {}
    venue = await Venue.get_or_none(id=values["venue_id"])
    if venue is None:
        errors["venue_id"] = _("Choose a venue from the list.")
    if values.get("locality_id") is not None and not await Locality.exists(
        id=values["locality_id"]
    ):
        errors["locality_id"] = _("Choose a locality from the list.")
    if errors:
        raise Invalid(errors)
    assert venue is not None
    return venue


def confirm_past_error() -> Invalid:
    return Invalid(
        {
            "confirm_past": _(
                "These dates are in the past. Tick “I am recording an earlier event” to save it."
            )
        }
    )


def refuse_clashes(
    user: User, clashes: list[Clash], venue: Venue, reason: str
) -> ScheduleConflict | None:
    """Raise the clash list, unless an administrator books over it (returned to be logged)."""
    if not clashes:
        return None
    conflict = ScheduleConflict(clashes, venue.name)
    if not may_override_clash(user, reason):
        raise conflict
    return conflict


async def log_override(
    user: User, conflict: ScheduleConflict | None, reason: str, event_ids: list[int]
) -> None:
    if conflict is None:
        return
    for event_id in event_ids:
        await record(
            user,
            "event.override_conflict",
            "Event",
            event_id,
            after={"clashes": conflict.descriptions},
            reason=reason,
        )


async def fair_warnings(kind: str, spans: list[Span], ids: list[int]) -> list[str]:
    """Other provincial fairs on the same dates, when this is a provincial fair."""
    if kind != EventKind.PROVINCIAL_FAIR:
        return []
    return await provincial_fair_warnings(spans, ids)


async def create_event(user: User, data: Mapping[str, Any], *, today: dt.date) -> Saved:
    values = parse_event(data)
    check_scope(user, values["level"], values["locality_id"])
    venue = await check_references(values)
    confirm_past = forms.boolean(data.get("confirm_past"))
    if values["start_date"] < today and not confirm_past:
        raise confirm_past_error()
    # A fair recorded after the fact happened: it starts as finished, ready to be reported.
    status = EventStatus.FINISHED if values["end_date"] < today else EventStatus.DRAFT
    reason = parse_override_reason(data)
    span = (values["start_date"], values["end_date"])
    async with in_transaction():
        await lock_venue(venue.id)
        overridden = refuse_clashes(user, await venue_clashes(venue.id, [span]), venue, reason)
        event = await Event.create(**values, status=status)
        await log_override(user, overridden, reason, [event.id])
        await record(
            user,
            "event.create",
            "Event",
            event.id,
            after=snapshot(event, EDITABLE_FIELDS + ["status"]),
            reason=_("Recorded as an earlier event.") if confirm_past else "",
        )
    return Saved([event], await fair_warnings(event.kind, [span], [event.id]))


async def _targets(event: Event, scope: str) -> list[Event]:
    if scope != "following" or event.series_id is None:
        return [event]
    later = (
        await Event.filter(
            series_id=event.series_id,
            series_index__gt=event.series_index or 0,
        )
        .exclude(status__in=SETTLED)
        .order_by("series_index")
    )
    return [event, *later]


def _shifted(other: Event, first: Event, values: dict[str, Any]) -> dict[str, Any]:
    """The edit of `first` carried over to a later occurrence: same fields, same date shift."""
    changes = {k: values[k] for k in SHARED_FIELDS}
    start = other.start_date + (values["start_date"] - first.start_date)
    end = start + (values["end_date"] - values["start_date"])
    deadline = values["application_deadline"]
    if deadline is not None:
        deadline = start - (values["start_date"] - deadline)
    return {
        **changes,
        "start_date": start,
        "end_date": end,
        "application_deadline": deadline,
        "name": other.name,
    }


def _stale_edit() -> Conflict:
    return Conflict(
        message=_("Someone else changed this event while you were editing. Reload and try again.")
    )


def _check_editable(event: Event, user: User, scope: str) -> None:
    if is_read_only(event, user):
        raise Invalid(
            {"status": _("This event has been reported: only an administrator may change it.")}
        )
    if scope not in ("this", "following"):
        raise Invalid({"scope": _("Choose a value from the list.")})


def _check_sequence(event: Event, expected: Any) -> None:
    """A `sequence` given with the edit must be the stored one (the page was not stale)."""
    if expected in (None, ""):
        return
    if forms.integer(expected, "sequence", minimum=0) != event.sequence:
        raise _stale_edit()


def _check_past_move(
    event: Event, values: dict[str, Any], data: Mapping[str, Any], today: dt.date
) -> None:
    moved_into_past = values["start_date"] < today and values["start_date"] != event.start_date
    if moved_into_past and not forms.boolean(data.get("confirm_past")):
        raise confirm_past_error()


async def _write_update(
    user: User, target: Event, new: dict[str, Any], *, edited: Event, now: dt.datetime
) -> None:
    """Save one occurrence if nobody changed it meanwhile, and log what changed."""
    before = snapshot(target, EDITABLE_FIELDS)
    changed = await Event.filter(id=target.id, sequence=target.sequence).update(
        **new, sequence=F("sequence") + 1, updated_at=now
    )
    if not changed:
        raise _stale_edit()
    after = snapshot(SimpleNamespace(**new), EDITABLE_FIELDS)
    diff = [k for k in EDITABLE_FIELDS if before[k] != after[k]]
    await record(
        user,
        "event.update",
        "Event",
        target.id,
        before={k: before[k] for k in diff},
        after={k: after[k] for k in diff},
        reason=_("Applied from an earlier occurrence of the series.")
        if target.id != edited.id
        else "",
    )


async def update_event(
    user: User,
    event: Event,
    data: Mapping[str, Any],
    *,
    today: dt.date,
    scope: str = "this",
    partial: bool = False,
) -> Saved:
    """Edit one event, or (scope="following") it and the later occurrences of its series.

    `partial` (the API's PATCH) keeps the current value of every field not given. A given
    `sequence` must match the stored one, so an edit made on a stale page is refused.
    """
    _check_editable(event, user, scope)
    values = parse_event({**event_input(event), **data} if partial else data)
    check_scope(user, values["level"], values["locality_id"])
    venue = await check_references(values)
    _check_sequence(event, data.get("sequence"))
    _check_past_move(event, values, data, today)
    reason = parse_override_reason(data)

    targets = await _targets(event, scope)
    plans = [(event, values)] + [(o, _shifted(o, event, values)) for o in targets[1:]]
    spans: list[Span] = [(v["start_date"], v["end_date"]) for _o, v in plans]
    ids = [o.id for o, _v in plans]
    now = dt.datetime.now(dt.UTC)
    async with in_transaction():
        await lock_venue(venue.id)
        clashes = await venue_clashes(venue.id, spans, ids)
        await log_override(user, refuse_clashes(user, clashes, venue, reason), reason, ids)
        for target, new in plans:
            await _write_update(user, target, new, edited=event, now=now)
    saved = await Event.filter(id__in=ids).order_by("start_date")
    warnings = await fair_warnings(values["kind"], spans, ids)
    saved.sort(key=lambda e: e.id != event.id)
    return Saved(saved, warnings)
