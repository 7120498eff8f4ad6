"""JSON API of venues, events and series under /api/v1, thin over the same logic as the pages.

Errors are {"error": ..., "fields": {...}} with the same field names as the forms; a refused
booking at a taken venue (409) also lists every clash under "clashes".
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from events import venues as venue_logic
from events.access import may_read_internal, require_event_edit, require_venue_edit, require_visible
from events.editing import BOOTH_TYPES, Saved, create_event, update_event
from events.lifecycle import change_status
from events.listing import filtered_events, parse_filters, with_common_filters
from events.models import (
    AllocationMode,
    Event,
    EventKind,
    EventLevel,
    EventSeries,
    EventStatus,
    SeriesFrequency,
    Venue,
    VenueKind,
)
from events.scheduling import ScheduleConflict
from events.series import MAX_OCCURRENCES, change_series_status, create_series, update_series
from ocopfair.api import read_json
from ocopfair.auth import ANYONE, READERS, STAFF, api
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.openapi import json_body, query_param

MAX_PAGE = 1000

# --- Serialisation ----------------------------------------------------------------------------


def venue_json(venue: Venue) -> dict[str, Any]:
    return {
        "id": venue.id,
        "name": venue.name,
        "address": venue.address,
        "locality_id": venue.locality_id,
        "kind": venue.kind,  # type: ignore[attr-defined]
        "capacity": venue.capacity,
    }


def event_json(event: Event) -> dict[str, Any]:
    def iso(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": event.id,
        "name": event.name,
        "kind": event.kind,
        "level": event.level,
        "organizing_unit": event.organizing_unit,
        "locality_id": event.locality_id,
        "venue_id": event.venue_id,  # type: ignore[attr-defined]
        "series_id": event.series_id,
        "series_index": event.series_index,  # type: ignore[attr-defined]
        "start_date": iso(event.start_date),
        "end_date": iso(event.end_date),
        "opens_at": event.opens_at.strftime("%H:%M") if event.opens_at else None,
        "closes_at": event.closes_at.strftime("%H:%M") if event.closes_at else None,
        "application_deadline": iso(event.application_deadline),
        "booths_free": event.booths_free,
        "booth_fees": event.booth_fees or {},
        "allocation_mode": event.allocation_mode,
        "max_booths_per_exhibitor": event.max_booths_per_exhibitor,
        "hold_minutes": event.hold_minutes,
        "description": event.description,
        "is_public": event.is_public,
        "status": event.status,
        "ical_uid": event.ical_uid,
        "sequence": event.sequence,
        "updated_at": iso(event.updated_at),
    }


def series_json(series: EventSeries, events: list[Event] | None = None) -> dict[str, Any]:
    data = {
        "id": series.id,
        "name": series.name,
        "kind": series.kind,
        "level": series.level,
        "venue_id": series.venue_id,  # type: ignore[attr-defined]
        "locality_id": series.locality_id,
        "rule": series.rule,
    }  # type: ignore[attr-defined]
    if events is not None:
        data["events"] = [event_json(e) for e in events]
    return data


def _saved(saved: Saved, status_code: int) -> JSONResponse:
    body = {**event_json(saved.event), "warnings": saved.warnings}
    return JSONResponse(body, status_code=status_code)


def _conflict_json(exc: ScheduleConflict) -> JSONResponse:
    return JSONResponse(
        {"error": exc.message, "fields": exc.fields, "clashes": exc.descriptions},
        status_code=exc.status_code,
    )


async def _guarded(work: Any) -> Response:
    """Run the logic; a schedule clash answers with its list of clashes."""
    try:
        return await work()
    except ScheduleConflict as exc:
        return _conflict_json(exc)


# --- Venues -----------------------------------------------------------------------------------


async def _venue(request: Request) -> Venue:
    venue = await Venue.get_or_none(id=request.path_params["venue_id"])
    if venue is None:
        raise HTTPException(404)
    return venue


async def venues_list(request: Request) -> Response:
    query = Venue.all()
    params = request.query_params
    if params.get("kind"):
        query = query.filter(kind=parse_choice(params["kind"], "kind", VenueKind))
    if params.get("locality"):
        query = query.filter(locality_id=parse_filters(params, strict=True).locality)
    return JSONResponse({"items": [venue_json(v) for v in await query.limit(MAX_PAGE)]})


def parse_choice(raw: str, name: str, enum_type: Any) -> Any:
    try:
        return enum_type(raw)
    except ValueError:
        raise Invalid({name: _("Choose a value from the list.")}) from None


async def venue_read(request: Request) -> Response:
    return JSONResponse(venue_json(await _venue(request)))


async def venue_create(request: Request) -> Response:
    venue = await venue_logic.create_venue(request.state.user, await read_json(request))
    return JSONResponse(venue_json(venue), status_code=201)


async def venue_update(request: Request) -> Response:
    venue = await _venue(request)
    require_venue_edit(request.state.user, venue)
    data = await read_json(request)
    venue = await venue_logic.update_venue(request.state.user, venue, data, partial=True)
    return JSONResponse(venue_json(venue))


# --- Events -----------------------------------------------------------------------------------


async def _event(request: Request) -> Event:
    event = await Event.get_or_none(id=request.path_params["event_id"])
    if event is None:
        raise HTTPException(404)
    return event


async def events_list(request: Request) -> Response:
    filters = parse_filters(request.query_params, strict=True)
    internal = may_read_internal(request.state.user)
    events = await filtered_events(filters, internal=internal).limit(MAX_PAGE)
    return JSONResponse({"items": [event_json(e) for e in events]})


async def event_read(request: Request) -> Response:
    event = await _event(request)
    require_visible(request.state.user, event)
    return JSONResponse(event_json(event))


async def event_create(request: Request) -> Response:
    data = {"is_public": True, **await read_json(request)}

    async def work() -> Response:
        return _saved(await create_event(request.state.user, data, today=local_today()), 201)

    return await _guarded(work)


async def event_update(request: Request) -> Response:
    event = await _event(request)
    user = request.state.user
    require_event_edit(user, event)
    data = await read_json(request)

    async def work() -> Response:
        saved = await update_event(
            user,
            event,
            data,
            today=local_today(),
            partial=True,
            scope=str(data.get("scope") or "this"),
        )
        response = {
            **event_json(saved.event),
            "warnings": saved.warnings,
            "updated_ids": [e.id for e in saved.events],
        }
        return JSONResponse(response)

    return await _guarded(work)


async def event_status(request: Request) -> Response:
    event = await _event(request)
    user = request.state.user
    require_event_edit(user, event)
    data = await read_json(request)
    event = await change_status(
        event,
        str(data.get("status", "")),
        user,
        today=local_today(),
        reason=str(data.get("reason") or "")[:1000],
    )
    return JSONResponse(event_json(event))


# --- Series -----------------------------------------------------------------------------------


async def _series(request: Request) -> tuple[EventSeries, list[Event]]:
    series = await EventSeries.get_or_none(id=request.path_params["series_id"])
    if series is None:
        raise HTTPException(404)
    events = await Event.filter(series_id=series.id).order_by("series_index")
    return series, events


async def _editable_series(request: Request) -> tuple[EventSeries, list[Event]]:
    """The series, if the caller may edit its events (a local office only its own)."""
    series, events = await _series(request)
    if events:
        require_event_edit(request.state.user, events[0])
    return series, events


async def series_list(request: Request) -> Response:
    filters = parse_filters(request.query_params, strict=True)
    query = with_common_filters(EventSeries.all(), filters)
    rows = await query.order_by("id").limit(MAX_PAGE)
    return JSONResponse({"items": [series_json(s) for s in rows]})


async def series_read(request: Request) -> Response:
    series, events = await _series(request)
    return JSONResponse(series_json(series, events))


async def series_create(request: Request) -> Response:
    data = {"is_public": True, **await read_json(request)}

    async def work() -> Response:
        saved = await create_series(request.state.user, data, today=local_today())
        series = await EventSeries.get(id=saved.event.series_id)  # type: ignore[attr-defined]
        body = {**series_json(series, saved.events), "warnings": saved.warnings}
        return JSONResponse(body, status_code=201)

    return await _guarded(work)


async def series_update(request: Request) -> Response:
    series, events = await _editable_series(request)
    user = request.state.user
    data = await read_json(request)

    async def work() -> Response:
        saved = await update_series(user, series, data, today=local_today())
        refreshed = await Event.filter(series_id=series.id).order_by("series_index")
        return JSONResponse({**series_json(series, refreshed), "warnings": saved.warnings})

    return await _guarded(work)


async def series_status(request: Request) -> Response:
    series, events = await _editable_series(request)
    user = request.state.user
    data = await read_json(request)
    changed, skipped = await change_series_status(
        user,
        series,
        str(data.get("status", "")),
        today=local_today(),
        reason=str(data.get("reason") or "")[:1000],
    )
    return JSONResponse(
        {"changed_ids": [e.id for e in changed], "skipped_ids": [e.id for e in skipped]}
    )


# --- OpenAPI ----------------------------------------------------------------------------------

DATE = {"type": "string", "description": "yyyy-mm-dd or dd/mm/yyyy"}
TIME = {"type": "string", "description": "hh:mm", "nullable": True}
FEES = {
    "type": "object",
    "description": "integer VND per booth type",
    "properties": {t: {"type": "integer", "minimum": 0} for t in BOOTH_TYPES},
    "additionalProperties": False,
}
VENUE_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string", "maxLength": 255},
        "address": {"type": "string"},
        "locality_id": {"type": "integer", "nullable": True},
        "kind": {"type": "string", "enum": [k.value for k in VenueKind]},
        "capacity": {"type": "integer", "nullable": True},
    },
}
VENUE_INPUT = {
    "type": "object",
    "required": ["name", "kind"],
    "properties": {k: v for k, v in VENUE_SCHEMA["properties"].items() if k != "id"},
}
EVENT_FIELDS: dict[str, Any] = {
    "name": {"type": "string", "maxLength": 255},
    "kind": {"type": "string", "enum": [k.value for k in EventKind]},
    "level": {"type": "string", "enum": [k.value for k in EventLevel]},
    "organizing_unit": {"type": "string"},
    "locality_id": {
        "type": "integer",
        "nullable": True,
        "description": "required for district and commune events",
    },
    "venue_id": {"type": "integer"},
    "opens_at": TIME,
    "closes_at": TIME,
    "booths_free": {"type": "boolean"},
    "booth_fees": FEES,
    "allocation_mode": {"type": "string", "enum": [m.value for m in AllocationMode]},
    "max_booths_per_exhibitor": {"type": "integer", "minimum": 1, "maximum": 50},
    "hold_minutes": {"type": "integer", "minimum": 5, "maximum": 1440},
    "description": {"type": "string", "maxLength": 5000},
    "is_public": {"type": "boolean", "default": True},
    "confirm_past": {"type": "boolean", "description": "required when the dates are past"},
    "override_reason": {
        "type": "string",
        "description": "admins only: book over a venue clash, with a reason",
    },
}
EVENT_INPUT = {
    "type": "object",
    "required": ["name", "kind", "level", "venue_id", "start_date", "end_date"],
    "properties": {
        **EVENT_FIELDS,
        "start_date": DATE,
        "end_date": DATE,
        "application_deadline": {**DATE, "nullable": True},
    },
}
EVENT_PATCH = {
    "type": "object",
    "properties": {
        **EVENT_INPUT["properties"],
        "sequence": {"type": "integer", "description": "refuse if the event changed since"},
        "scope": {
            "type": "string",
            "enum": ["this", "following"],
            "description": "for a series occurrence: it alone, or it and the later ones",
        },
    },
}
EVENT_SCHEMA = {
    "type": "object",
    "properties": {
        **EVENT_INPUT["properties"],
        "id": {"type": "integer"},
        "status": {"type": "string", "enum": [s.value for s in EventStatus]},
        "series_id": {"type": "integer", "nullable": True},
        "ical_uid": {"type": "string"},
        "sequence": {"type": "integer"},
        "warnings": {"type": "array", "items": {"type": "string"}},
    },
}
STATUS_INPUT = {
    "type": "object",
    "required": ["status"],
    "properties": {
        "status": {"type": "string", "enum": [s.value for s in EventStatus]},
        "reason": {"type": "string"},
    },
}
SERIES_INPUT = {
    "type": "object",
    "required": ["name", "kind", "level", "venue_id", "start_date", "days", "count"],
    "properties": {
        **EVENT_FIELDS,
        "start_date": DATE,
        "days": {"type": "integer", "minimum": 1, "maximum": 31},
        "frequency": {"type": "string", "enum": [f.value for f in SeriesFrequency]},
        "interval": {"type": "integer", "minimum": 1, "maximum": 12},
        "count": {"type": "integer", "minimum": 1, "maximum": MAX_OCCURRENCES},
        "deadline_days_before": {"type": "integer", "minimum": 0},
    },
}
SERIES_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "kind": {"type": "string"},
        "level": {"type": "string"},
        "venue_id": {"type": "integer"},
        "locality_id": {"type": "integer", "nullable": True},
        "rule": {"type": "object"},
        "events": {"type": "array", "items": EVENT_SCHEMA},
    },
}


def _items(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {"items": {"type": "array", "items": schema}}}


def _enum(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": [v.value for v in values]}


EVENT_FILTERS = [
    query_param("kind", _enum(EventKind)),
    query_param("level", _enum(EventLevel)),
    query_param("locality", {"type": "integer"}),
    query_param("status", _enum(EventStatus)),
    query_param("year", {"type": "integer"}),
    query_param("month", {"type": "integer"}),
    query_param("venue", {"type": "integer"}),
    query_param("series", {"type": "integer"}),
]
TAGS = ["events"]

api_routes: list[BaseRoute] = [
    api(
        "/venues",
        venues_list,
        access=READERS,
        name="api_venues",
        doc={
            "summary": "Venues",
            "tags": TAGS,
            "response": _items(VENUE_SCHEMA),
            "parameters": [
                query_param("kind", _enum(VenueKind)),
                query_param("locality", {"type": "integer"}),
            ],
        },
    ),
    api(
        "/venues",
        venue_create,
        access=STAFF,
        method="POST",
        name="api_venue_create",
        doc={
            "summary": "Add a venue",
            "tags": TAGS,
            "requestBody": json_body(VENUE_INPUT),
            "response": VENUE_SCHEMA,
        },
    ),
    api(
        "/venues/{venue_id:int}",
        venue_read,
        access=READERS,
        name="api_venue",
        doc={"summary": "One venue", "tags": TAGS, "response": VENUE_SCHEMA},
    ),
    api(
        "/venues/{venue_id:int}",
        venue_update,
        access=STAFF,
        method="PATCH",
        name="api_venue_update",
        doc={
            "summary": "Change a venue (fields not given are kept)",
            "tags": TAGS,
            "requestBody": json_body(VENUE_INPUT | {"required": []}),
            "response": VENUE_SCHEMA,
        },
    ),
    api(
        "/events",
        events_list,
        access=ANYONE,
        name="api_events",
        doc={
            "summary": "Events (public ones without login; drafts and internal ones for staff)",
            "tags": TAGS,
            "parameters": EVENT_FILTERS,
            "response": _items(EVENT_SCHEMA),
        },
    ),
    api(
        "/events",
        event_create,
        access=STAFF,
        method="POST",
        name="api_event_create",
        doc={
            "summary": "Create an event (refused with 409 and the clashes if its venue is taken)",
            "tags": TAGS,
            "requestBody": json_body(EVENT_INPUT),
            "response": EVENT_SCHEMA,
        },
    ),
    api(
        "/events/{event_id:int}",
        event_read,
        access=ANYONE,
        name="api_event",
        doc={"summary": "One event", "tags": TAGS, "response": EVENT_SCHEMA},
    ),
    api(
        "/events/{event_id:int}",
        event_update,
        access=STAFF,
        method="PATCH",
        name="api_event_update",
        doc={
            "summary": "Change an event, or it and the later occurrences of its series",
            "tags": TAGS,
            "requestBody": json_body(EVENT_PATCH),
            "response": EVENT_SCHEMA,
        },
    ),
    api(
        "/events/{event_id:int}/status",
        event_status,
        access=STAFF,
        method="POST",
        name="api_event_status",
        doc={
            "summary": "Change an event's status (guarded and audit-logged)",
            "tags": TAGS,
            "requestBody": json_body(STATUS_INPUT),
            "response": EVENT_SCHEMA,
        },
    ),
    api(
        "/series",
        series_list,
        access=READERS,
        name="api_series",
        doc={
            "summary": "Recurring series",
            "tags": TAGS,
            "response": _items(SERIES_SCHEMA),
            "parameters": [
                p for p in EVENT_FILTERS if p["name"] in ("kind", "level", "locality", "venue")
            ],
        },
    ),
    api(
        "/series",
        series_create,
        access=STAFF,
        method="POST",
        name="api_series_create",
        doc={
            "summary": f"Create a series and its events (1 to {MAX_OCCURRENCES} occurrences)",
            "tags": TAGS,
            "requestBody": json_body(SERIES_INPUT),
            "response": SERIES_SCHEMA,
        },
    ),
    api(
        "/series/{series_id:int}",
        series_read,
        access=READERS,
        name="api_series_one",
        doc={"summary": "One series with its events", "tags": TAGS, "response": SERIES_SCHEMA},
    ),
    api(
        "/series/{series_id:int}",
        series_update,
        access=STAFF,
        method="PATCH",
        name="api_series_update",
        doc={
            "summary": "Rename a series, or change every occurrence not yet finished",
            "tags": TAGS,
            "requestBody": json_body(EVENT_PATCH),
            "response": SERIES_SCHEMA,
        },
    ),
    api(
        "/series/{series_id:int}/status",
        series_status,
        access=STAFF,
        method="POST",
        name="api_series_status",
        doc={
            "summary": "Change the status of every occurrence that may take it now",
            "tags": TAGS,
            "requestBody": json_body(STATUS_INPUT),
            "response": {
                "type": "object",
                "properties": {
                    "changed_ids": {"type": "array", "items": {"type": "integer"}},
                    "skipped_ids": {"type": "array", "items": {"type": "integer"}},
                },
            },
        },
    ),
]
