"""The fields of an event: how form or JSON input is read and checked, and back again.

Input arrives as a form or a JSON object with the same field names; every field's error is
reported at once, next to that field (or under its name in the API's "fields").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from events.models import AllocationMode, Event, EventKind, EventLevel
from ocopfair import forms
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _

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
    """Rules between fields, each sentence under the field to correct."""
    for check in (_check_dates, _check_hours, _check_deadline, _check_locality):
        for field, message in check(values):
            errors.setdefault(field, message)


def _check_dates(values: dict[str, Any]) -> list[tuple[str, str]]:
    start, end = values.get("start_date"), values.get("end_date")
    if not (start and end):
        return []
    if end < start:
        return [("end_date", _("The end date is before the start date."))]
    if (end - start).days + 1 > MAX_EVENT_DAYS:
        return [("end_date", _("An event lasts at most %(n)d days.") % {"n": MAX_EVENT_DAYS})]
    return []


def _check_hours(values: dict[str, Any]) -> list[tuple[str, str]]:
    if "opens_at" not in values or "closes_at" not in values:
        return []
    opens, closes = values["opens_at"], values["closes_at"]
    if (opens is None) != (closes is None):
        field = "closes_at" if closes is None else "opens_at"
        return [(field, _("Give both the opening and the closing time, or neither."))]
    if opens and closes and closes <= opens:
        return [("closes_at", _("The closing time must be after the opening time."))]
    return []


def _check_deadline(values: dict[str, Any]) -> list[tuple[str, str]]:
    deadline, start = values.get("application_deadline"), values.get("start_date")
    if deadline and start and deadline > start:
        message = _("The application deadline must be on or before the start date.")
        return [("application_deadline", message)]
    return []


def _check_locality(values: dict[str, Any]) -> list[tuple[str, str]]:
    local = values.get("level") in (EventLevel.DISTRICT, EventLevel.COMMUNE)
    if local and "locality_id" in values and values["locality_id"] is None:
        return [("locality_id", _("A local event needs its locality."))]
    return []


def event_input(event: Event) -> dict[str, Any]:
    """An event's current values as input (to fill the edit form, or under a JSON PATCH)."""
    data: dict[str, Any] = {
        "name": event.name,
        "kind": event.kind,
        "level": event.level,
        "organizing_unit": event.organizing_unit,
        "locality_id": event.locality_id or "",
        "venue_id": event.venue_id,
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


def parse_override_reason(data: Mapping[str, Any]) -> str:
    """Why an administrator books over a clash (kept in the audit log)."""
    return forms.text(data.get("override_reason"), "override_reason", max_length=1000)
