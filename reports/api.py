"""JSON API of the reports, mounted under /api/v1: the same sections the pages show."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from events.models import EventKind, EventLevel
from ocopfair.auth import READERS, allow, api
from ocopfair.models import Role
from ocopfair.openapi import query_param
from reports.access import load_event, require_participant
from reports.event_report import event_report
from reports.exhibitor_report import exhibitor_report
from reports.period_report import parse_filter, period_report

SECTION_SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "columns": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string"},
                    "title": {"type": "string"},
                    "kind": {
                        "type": "string",
                        "enum": ["text", "int", "vnd", "pct", "date", "auto"],
                    },
                },
            },
        },
        "rows": {
            "type": "array",
            "items": {"type": "object"},
            "description": "One object per row, keyed by column key; money in integer VND",
        },
        "total": {"type": "object", "nullable": True},
        "note": {"type": "string"},
    },
}
REPORT_SCHEMA = {
    "type": "object",
    "required": ["title", "headlines", "sections"],
    "properties": {
        "title": {"type": "string"},
        "subtitle": {"type": "string"},
        "meta": {"type": "object"},
        "headlines": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "title": {"type": "string"},
                    "value": {},
                    "kind": {"type": "string"},
                    "previous": {"nullable": True},
                },
            },
        },
        "sections": {"type": "object", "additionalProperties": SECTION_SCHEMA},
    },
}
PERIOD_PARAMETERS = [
    query_param(
        "period",
        {"type": "string", "example": "2025-H1"},
        "A year (2025), a quarter (2025-Q2) or a half year (2025-H1)",
    ),
    query_param(
        "date_from",
        {"type": "string", "format": "date"},
        "First day (yyyy-mm-dd or dd/mm/yyyy); overrides period",
    ),
    query_param("date_to", {"type": "string", "format": "date"}, "Last day; overrides period"),
    query_param("kind", {"type": "string", "enum": [k.value for k in EventKind]}),
    query_param("level", {"type": "string", "enum": [v.value for v in EventLevel]}),
    query_param("locality", {"type": "integer"}, "Locality of the event (or of its venue)"),
]


async def event_report_json(request: Request) -> Response:
    event = await load_event(request.path_params["id"])
    return JSONResponse((await event_report(event)).as_json())


async def my_event_report_json(request: Request) -> Response:
    event = await load_event(request.path_params["id"])
    exhibitor_id = await require_participant(request.state.user, event)
    return JSONResponse((await exhibitor_report(event, exhibitor_id)).as_json())


async def period_report_json(request: Request) -> Response:
    period = parse_filter(request.query_params)
    return JSONResponse((await period_report(period)).as_json())


api_routes: list[BaseRoute] = [
    api(
        "/events/{id:int}/report",
        event_report_json,
        access=READERS,
        name="api_event_report",
        doc={
            "summary": "The report of one event: visitors, revenue, booths, fees, deals, "
            "comparison with the previous edition",
            "tags": ["reports"],
            "response": REPORT_SCHEMA,
        },
    ),
    api(
        "/events/{id:int}/report/mine",
        my_event_report_json,
        access=allow(Role.EXHIBITOR),
        name="api_my_event_report",
        doc={
            "summary": "An exhibitor's own figures at an event, with the event's public totals",
            "tags": ["reports"],
            "response": REPORT_SCHEMA,
        },
    ),
    api(
        "/reports",
        period_report_json,
        access=READERS,
        name="api_period_report",
        doc={
            "summary": "The report of a period: events held, per event, locality and month",
            "tags": ["reports"],
            "parameters": PERIOD_PARAMETERS,
            "response": REPORT_SCHEMA,
        },
    ),
]
