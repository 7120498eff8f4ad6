"""The OpenAPI description of the events API: its inputs, its answers and its filters."""

from __future__ import annotations

from typing import Any

from events.event_fields import BOOTH_TYPES
from events.models import (
    AllocationMode,
    EventKind,
    EventLevel,
    EventStatus,
    SeriesFrequency,
    VenueKind,
)
from events.series import MAX_OCCURRENCES
from ocopfair.openapi import query_param

DATE: dict[str, Any] = {"type": "string", "description": "yyyy-mm-dd or dd/mm/yyyy"}
TIME: dict[str, Any] = {"type": "string", "description": "hh:mm", "nullable": True}
FEES: dict[str, Any] = {
    "type": "object",
    "description": "integer VND per booth type",
    "properties": {t: {"type": "integer", "minimum": 0} for t in BOOTH_TYPES},
    "additionalProperties": False,
}
VENUE_SCHEMA: dict[str, Any] = {
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
VENUE_INPUT: dict[str, Any] = {
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
EVENT_INPUT: dict[str, Any] = {
    "type": "object",
    "required": ["name", "kind", "level", "venue_id", "start_date", "end_date"],
    "properties": {
        **EVENT_FIELDS,
        "start_date": DATE,
        "end_date": DATE,
        "application_deadline": {**DATE, "nullable": True},
    },
}
EVENT_PATCH: dict[str, Any] = {
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
EVENT_SCHEMA: dict[str, Any] = {
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
STATUS_INPUT: dict[str, Any] = {
    "type": "object",
    "required": ["status"],
    "properties": {
        "status": {"type": "string", "enum": [s.value for s in EventStatus]},
        "reason": {"type": "string"},
    },
}
SERIES_INPUT: dict[str, Any] = {
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
SERIES_SCHEMA: dict[str, Any] = {
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


def items_of(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {"items": {"type": "array", "items": schema}}}


def enum_of(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": [v.value for v in values]}


EVENT_FILTERS = [
    query_param("kind", enum_of(EventKind)),
    query_param("level", enum_of(EventLevel)),
    query_param("locality", {"type": "integer"}),
    query_param("status", enum_of(EventStatus)),
    query_param("year", {"type": "integer"}),
    query_param("month", {"type": "integer"}),
    query_param("venue", {"type": "integer"}),
    query_param("series", {"type": "integer"}),
]
TAGS = ["events"]
