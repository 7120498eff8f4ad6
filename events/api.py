"""JSON API of venues, events and series under /api/v1: every path, its name, who may call it
and its OpenAPI description, in one table.

The handlers live in api_venues, api_events and api_series, thin over the same logic and the
same access rules (events/access.py) as the pages. Errors are {"error": ..., "fields": {...}}
with the same field names as the forms; a refused booking at a taken venue (409) also lists
every clash under "clashes".
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from events import api_events, api_series, api_venues
from events.api_schemas import (
    EVENT_FILTERS,
    EVENT_INPUT,
    EVENT_PATCH,
    EVENT_SCHEMA,
    SERIES_INPUT,
    SERIES_SCHEMA,
    STATUS_INPUT,
    TAGS,
    VENUE_INPUT,
    VENUE_SCHEMA,
    enum_of,
    items_of,
)
from events.models import VenueKind
from events.series import MAX_OCCURRENCES
from ocopfair.auth import ANYONE, READERS, STAFF, api
from ocopfair.openapi import json_body, query_param

api_routes: list[BaseRoute] = [
    api(
        "/venues/import",
        api_venues.venues_import,
        access=STAFF,
        method="POST",
        name="api_venues_import",
        doc={
            "summary": "Import venues (all or nothing; dry_run previews)",
            "tags": TAGS,
            "requestBody": json_body(
                {
                    "type": "object",
                    "required": ["rows"],
                    "properties": {
                        "rows": {"type": "array", "items": {"type": "object"}},
                        "dry_run": {"type": "boolean"},
                    },
                }
            ),
            "response": {"type": "object"},
        },
    ),
    api(
        "/venues",
        api_venues.venues_list,
        access=READERS,
        name="api_venues",
        doc={
            "summary": "Venues",
            "tags": TAGS,
            "response": items_of(VENUE_SCHEMA),
            "parameters": [
                query_param("kind", enum_of(VenueKind)),
                query_param("locality", {"type": "integer"}),
            ],
        },
    ),
    api(
        "/venues",
        api_venues.venue_create,
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
        api_venues.venue_read,
        access=READERS,
        name="api_venue",
        doc={"summary": "One venue", "tags": TAGS, "response": VENUE_SCHEMA},
    ),
    api(
        "/venues/{venue_id:int}",
        api_venues.venue_update,
        access=STAFF,
        method="PATCH",
        name="api_venue_update",
        doc={
            "summary": "Change a venue (fields not given are kept)",
            "tags": TAGS,
            "requestBody": json_body({k: v for k, v in VENUE_INPUT.items() if k != "required"}),
            "response": VENUE_SCHEMA,
        },
    ),
    api(
        "/events",
        api_events.events_list,
        access=ANYONE,
        name="api_events",
        doc={
            "summary": "Events (public ones without login; drafts and internal ones for staff)",
            "tags": TAGS,
            "parameters": EVENT_FILTERS,
            "response": items_of(EVENT_SCHEMA),
        },
    ),
    api(
        "/events",
        api_events.event_create,
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
        api_events.event_read,
        access=ANYONE,
        name="api_event",
        doc={"summary": "One event", "tags": TAGS, "response": EVENT_SCHEMA},
    ),
    api(
        "/events/{event_id:int}",
        api_events.event_update,
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
        api_events.event_status,
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
        api_series.series_list,
        access=READERS,
        name="api_series",
        doc={
            "summary": "Recurring series",
            "tags": TAGS,
            "response": items_of(SERIES_SCHEMA),
            "parameters": [
                p for p in EVENT_FILTERS if p["name"] in ("kind", "level", "locality", "venue")
            ],
        },
    ),
    api(
        "/series",
        api_series.series_create,
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
        api_series.series_read,
        access=READERS,
        name="api_series_one",
        doc={"summary": "One series with its events", "tags": TAGS, "response": SERIES_SCHEMA},
    ),
    api(
        "/series/{series_id:int}",
        api_series.series_update,
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
        api_series.series_status,
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
