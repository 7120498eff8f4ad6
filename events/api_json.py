"""What the events API answers: venues, events and series as JSON, and a venue clash as 409."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.responses import JSONResponse, Response

from events.editing import Saved
from events.models import Event, EventSeries, Venue
from events.scheduling import ScheduleConflict

MAX_PAGE = 1000  # the most items a list answers with


def venue_json(venue: Venue) -> dict[str, Any]:
    return {
        "id": venue.id,
        "name": venue.name,
        "address": venue.address,
        "locality_id": venue.locality_id,
        "kind": venue.kind,
        "capacity": venue.capacity,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "name": event.name,
        "kind": event.kind,
        "level": event.level,
        "organizing_unit": event.organizing_unit,
        "locality_id": event.locality_id,
        "venue_id": event.venue_id,
        "series_id": event.series_id,
        "series_index": event.series_index,
        "start_date": _iso(event.start_date),
        "end_date": _iso(event.end_date),
        "opens_at": event.opens_at.strftime("%H:%M") if event.opens_at else None,
        "closes_at": event.closes_at.strftime("%H:%M") if event.closes_at else None,
        "application_deadline": _iso(event.application_deadline),
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
        "updated_at": _iso(event.updated_at),
    }


def series_json(series: EventSeries, events: list[Event] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": series.id,
        "name": series.name,
        "kind": series.kind,
        "level": series.level,
        "venue_id": series.venue_id,
        "locality_id": series.locality_id,
        "rule": series.rule,
    }
    if events is not None:
        data["events"] = [event_json(e) for e in events]
    return data


def saved_json(saved: Saved, status_code: int) -> JSONResponse:
    body = {**event_json(saved.event), "warnings": saved.warnings}
    return JSONResponse(body, status_code=status_code)


async def answer_clashes(work: Callable[[], Awaitable[Response]]) -> Response:
    """Run the logic; a schedule clash answers 409 with the list of clashes."""
    try:
        return await work()
    except ScheduleConflict as exc:
        return JSONResponse(
            {"error": exc.message, "fields": exc.fields, "clashes": exc.descriptions},
            status_code=exc.status_code,
        )
