"""Creating and editing events: one set of rules for the pages and the JSON API.

Input arrives as a form or a JSON object with the same field names; every field's error is
reported at once, next to that field (or under its name in the API's "fields").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from events.access import check_scope
from events.lifecycle import is_read_only
from events.models import (
    AllocationMode,
    Event,
    EventKind,
    EventLevel,
    EventStatus,
    Venue,
)
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
from ocopfair.models import Locality, Role, User

# The same values as booths.models.BoothType (events/ may not import booths/; a test keeps the
# two lists equal).
BOOTH_TYPES = ("standard", "corner", "double", "outdoor")
MAX_EVENT_DAYS = 60
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
MAX_DESCRIPTION = 5000

EDITABLE_FIELDS = [
    "name",
    "kind",
    "level",
    "organizing_unit",
    "locality_id",
    "venue_id",
    "start_date",
    "end_date",
    "opens_at",
    "closes_at",
    "application_deadline",
    "booths_free",
    "booth_fees",
    "allocation_mode",
    "max_booths_per_exhibitor",
    "hold_minutes",
    "description",
    "is_public",
]
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


def _in_range(value: dt.date | None, name: str) -> dt.date | None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise Invalid(
            {
                name: _("Enter a date between the years %(a)d and %(b)d.")
                % {"a": EARLIEST_YEAR, "b": LATEST_YEAR}
            }
        )
    return value


def _date(data: Mapping[str, Any], name: str, required: bool = True) -> dt.date | None:
    return _in_range(forms.date(data.get(name), name, required=required), name)


def _optional_id(value: Any, name: str) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    return forms.integer(value, name, minimum=1)


def _fees(data: Mapping[str, Any]) -> dict[str, int]:
    given = data.get("booth_fees")
    if isinstance(given, Mapping):
        unknown = sorted(set(given) - set(BOOTH_TYPES))
        if unknown:
            raise Invalid(
                {
                    "booth_fees": _("Unknown booth type: %(types)s.")
                    % {"types": ", ".join(map(str, unknown))}
                }
            )
        raw = {t: given.get(t) for t in BOOTH_TYPES}
    elif given not in (None, ""):
        raise Invalid({"booth_fees": _("Give the fees as an object, one amount per booth type.")})
    else:
        raw = {t: data.get(f"booth_fees.{t}") for t in BOOTH_TYPES}
    fees: dict[str, int] = {}
    errors: dict[str, str] = {}
    for booth_type, value in raw.items():
        try:
            amount = forms.vnd(value, f"booth_fees.{booth_type}", required=False)
        except Invalid as exc:
            errors.update(exc.fields)
            continue
        if amount is not None:
            fees[booth_type] = amount
    if errors:
        raise Invalid(errors)
    return fees


def parse_event(data: Mapping[str, Any]) -> dict[str, Any]:
    """Form or JSON input -> model field values, or Invalid with every field's problem."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}

    def take(name: str, parse: Callable[[], Any]) -> None:
        try:
            values[name] = parse()
        except Invalid as exc:
            errors.update(exc.fields)

    take("name", lambda: forms.text(data.get("name"), "name", required=True))
    take("kind", lambda: forms.choice(data.get("kind"), "kind", EventKind))
    take("level", lambda: forms.choice(data.get("level"), "level", EventLevel))
    take("organizing_unit", lambda: forms.text(data.get("organizing_unit"), "organizing_unit"))
    take("locality_id", lambda: _optional_id(data.get("locality_id"), "locality_id"))
    take("venue_id", lambda: forms.integer(data.get("venue_id"), "venue_id", minimum=1))
    take("start_date", lambda: _date(data, "start_date"))
    take("end_date", lambda: _date(data, "end_date"))
    take("opens_at", lambda: forms.time(data.get("opens_at"), "opens_at"))
    take("closes_at", lambda: forms.time(data.get("closes_at"), "closes_at"))
    take("application_deadline", lambda: _date(data, "application_deadline", required=False))
    values["booths_free"] = forms.boolean(data.get("booths_free"))
    take("booth_fees", lambda: _fees(data))
    take(
        "allocation_mode",
        lambda: forms.choice(
            data.get("allocation_mode") or AllocationMode.APPLICATION,
            "allocation_mode",
            AllocationMode,
        ),
    )
    take(
        "max_booths_per_exhibitor",
        lambda: forms.integer(
            data.get("max_booths_per_exhibitor", 2),
            "max_booths_per_exhibitor",
            minimum=1,
            maximum=50,
        ),
    )
    take(
        "hold_minutes",
        lambda: forms.integer(
            data.get("hold_minutes", 30), "hold_minutes", minimum=5, maximum=1440
        ),
    )
    take(
        "description",
        lambda: forms.text(data.get("description"), "description", max_length=MAX_DESCRIPTION),
    )
    values["is_public"] = forms.boolean(data.get("is_public"))

    _cross_checks(values, errors)
    if errors:
        raise Invalid(errors)
    if values["booths_free"]:
        values["booth_fees"] = {}
    return values


def _cross_checks(values: dict[str, Any], errors: dict[str, str]) -> None:
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors.setdefault("end_date", _("The end date is before the start date."))
    elif start and end and (end - start).days + 1 > MAX_EVENT_DAYS:
        errors.setdefault(
            "end_date", _("An event lasts at most %(n)d days.") % {"n": MAX_EVENT_DAYS}
        )
    opens, closes = values.get("opens_at"), values.get("closes_at")
    if "opens_at" in values and "closes_at" in values and (opens is None) != (closes is None):
        errors.setdefault(
            "closes_at" if closes is None else "opens_at",
            _("Give both the opening and the closing time, or neither."),
        )
    elif opens and closes and closes <= opens:
        errors.setdefault("closes_at", _("The closing time must be after the opening time."))
    deadline = values.get("application_deadline")
    if deadline and start and deadline > start:
        errors.setdefault(
            "application_deadline",
            _("The application deadline must be on or before the start date."),
        )
    level = values.get("level")
    if (
        level in (EventLevel.DISTRICT, EventLevel.COMMUNE)
        and "locality_id" in values
        and values["locality_id"] is None
    ):
        errors.setdefault("locality_id", _("A local event needs its locality."))


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


def may_override(user: User, reason: str) -> bool:
    """Only an administrator may book over a clash, and only with a written reason."""
    return user.role == Role.ADMIN and bool(reason.strip())


def _override_reason(data: Mapping[str, Any]) -> str:
    return forms.text(data.get("override_reason"), "override_reason", max_length=1000)


def refuse_clashes(
    user: User, clashes: list[Clash], venue: Venue, reason: str
) -> ScheduleConflict | None:
    """Raise the clash list, unless an administrator books over it (returned to be logged)."""
    if not clashes:
        return None
    conflict = ScheduleConflict(clashes, venue.name)
    if not may_override(user, reason):
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


async def create_event(user: User, data: Mapping[str, Any], *, today: dt.date) -> Saved:
    values = parse_event(data)
    check_scope(user, values["level"], values["locality_id"])
    venue = await check_references(values)
    confirm_past = forms.boolean(data.get("confirm_past"))
    if values["start_date"] < today and not confirm_past:
        raise confirm_past_error()
    # A fair recorded after the fact happened: it starts as finished, ready to be reported.
    status = EventStatus.FINISHED if values["end_date"] < today else EventStatus.DRAFT
    reason = _override_reason(data)
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
    warnings = []
    if event.kind == EventKind.PROVINCIAL_FAIR:
        warnings = await provincial_fair_warnings([span], [event.id])
    return Saved([event], warnings)


def event_input(event: Event) -> dict[str, Any]:
    """An event's current values as input (to fill the edit form, or under a JSON PATCH)."""
    data: dict[str, Any] = {
        "name": event.name,
        "kind": event.kind,
        "level": event.level,
        "organizing_unit": event.organizing_unit,
        "locality_id": event.locality_id or "",  # type: ignore[attr-defined]
        "venue_id": event.venue_id,  # type: ignore[attr-defined]
        "start_date": forms_date(event.start_date),
        "end_date": forms_date(event.end_date),
        "opens_at": event.opens_at.strftime("%H:%M") if event.opens_at else "",
        "closes_at": event.closes_at.strftime("%H:%M") if event.closes_at else "",
        "application_deadline": forms_date(event.application_deadline),
        "booths_free": event.booths_free,
        "booth_fees": dict(event.booth_fees or {}),
        "allocation_mode": event.allocation_mode,
        "max_booths_per_exhibitor": event.max_booths_per_exhibitor,
        "hold_minutes": event.hold_minutes,
        "description": event.description,
        "is_public": event.is_public,
    }
    return data


def forms_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


async def _targets(event: Event, scope: str) -> list[Event]:
    if scope != "following" or event.series_id is None:  # type: ignore[attr-defined]
        return [event]
    later = (
        await Event.filter(
            series_id=event.series_id,
            series_index__gt=event.series_index or 0,  # type: ignore[attr-defined]
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
    if is_read_only(event, user):
        raise Invalid(
            {"status": _("This event has been reported: only an administrator may change it.")}
        )
    if scope not in ("this", "following"):
        raise Invalid({"scope": _("Choose a value from the list.")})
    source = {**event_input(event), **data} if partial else data
    values = parse_event(source)
    check_scope(user, values["level"], values["locality_id"])
    venue = await check_references(values)
    expected = data.get("sequence")
    if expected not in (None, ""):
        expected = forms.integer(expected, "sequence", minimum=0)
        if expected != event.sequence:
            raise Conflict(
                message=_(
                    "Someone else changed this event while you were editing. Reload and try again."
                )
            )
    moved_into_past = values["start_date"] < today and values["start_date"] != event.start_date
    if moved_into_past and not forms.boolean(data.get("confirm_past")):
        raise confirm_past_error()
    reason = _override_reason(data)

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
            before = snapshot(target, EDITABLE_FIELDS)
            changed = await Event.filter(id=target.id, sequence=target.sequence).update(
                **new, sequence=F("sequence") + 1, updated_at=now
            )
            if not changed:
                raise Conflict(
                    message=_(
                        "Someone else changed this event while you were editing. "
                        "Reload and try again."
                    )
                )
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
                if target.id != event.id
                else "",
            )
    saved = await Event.filter(id__in=ids).order_by("start_date")
    warnings = []
    if values["kind"] == EventKind.PROVINCIAL_FAIR:
        warnings = await provincial_fair_warnings(spans, ids)
    saved.sort(key=lambda e: e.id != event.id)
    return Saved(saved, warnings)
