"""What the events domain's forms need around them: the choices of their lists, the defaults of
a new event, the posted fields, and the messages after saving. Shared by the page modules."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request

from events.access import is_local_office
from events.editing import Saved
from events.event_fields import BOOTH_TYPES
from events.models import (
    AllocationMode,
    EventKind,
    EventLevel,
    EventStatus,
    SeriesFrequency,
    Venue,
    VenueKind,
)
from events.scheduling import ScheduleConflict
from events.series import MAX_OCCURRENCES
from ocopfair.errors import Invalid
from ocopfair.models import Locality, User
from ocopfair.templating import flash, label


def options(enum_type: Any) -> list[tuple[str, str]]:
    """(value, translated label) of every member of an enum, for a <select>."""
    return [(member.value, label(member)) for member in enum_type]


async def choices() -> dict[str, Any]:
    return {
        "venues": await Venue.all().values_list("id", "name"),
        "localities": await Locality.filter(retired_on=None).values_list("id", "name"),
        "kinds": options(EventKind),
        "levels": options(EventLevel),
        "statuses": options(EventStatus),
        "modes": options(AllocationMode),
        "frequencies": options(SeriesFrequency),
        "venue_kinds": options(VenueKind),
        "booth_types": BOOTH_TYPES,
        "max_occurrences": MAX_OCCURRENCES,
    }


def form_dict(form: FormData) -> dict[str, Any]:
    return {key: form.get(key) for key in form}


def conflict_context(exc: Invalid) -> dict[str, Any]:
    """The venue's clashes, listed above the form (a ScheduleConflict names each one)."""
    return {"clashes": exc.descriptions if isinstance(exc, ScheduleConflict) else []}


def flash_saved(request: Request, saved: Saved, message: str) -> None:
    flash(request, message)
    for warning in saved.warnings:
        flash(request, warning, "warning")


def first_error(exc: Invalid) -> str:
    """The sentence to flash when a button (not a form) was refused."""
    return next(iter(exc.fields.values()), exc.message)


def defaults_for(user: User) -> dict[str, Any]:
    """A new event's form: a local office starts with a commune fair of its own locality."""
    data: dict[str, Any] = {
        "is_public": True,
        "allocation_mode": AllocationMode.APPLICATION,
        "max_booths_per_exhibitor": 2,
        "hold_minutes": 30,
        "kind": EventKind.PROVINCIAL_FAIR,
        "level": EventLevel.PROVINCIAL,
    }
    if is_local_office(user):
        data.update(
            level=EventLevel.COMMUNE, kind=EventKind.LOCAL_FAIR, locality_id=user.locality_id
        )
    return data
