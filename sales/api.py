"""JSON API of daily sales, mounted under /api/v1.

Same rules as the pages: sales.access says who may, sales.entry decides and writes; these routes
only read JSON and answer it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ocopfair.api import read_json
from ocopfair.auth import allow, api
from ocopfair.errors import BadRequest
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.models import Role
from ocopfair.openapi import json_body
from sales import access, figures
from sales.entry import save_day
from sales.entry_rules import day_of, parse_day_figures
from sales.models import SalesRecord
from sales.window import closes_on

# A partner passes the role check and is then held to the events it owns (sales.access).
WRITERS = allow(Role.ADMIN, Role.ORGANIZER, Role.EXHIBITOR, Role.PARTNER)
READERS_AND_EXHIBITORS = allow(
    Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL, Role.EXHIBITOR, Role.PARTNER
)

RECORD_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "assignment_id": {"type": "integer"},
        "booth": {"type": "string"},
        "exhibitor_id": {"type": "integer"},
        "day": {"type": "string", "format": "date"},
        "revenue": {"type": "integer", "description": "whole đồng"},
        "units": {"type": "integer"},
        "customers": {"type": "integer", "nullable": True},
        "lines": {
            "type": "object",
            "additionalProperties": {"type": "integer"},
            "description": "product id -> units sold",
        },
    },
}
PRODUCT_SCHEMA = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}
DAY_INPUT_SCHEMA = {
    "type": "object",
    "required": ["assignment_id", "day", "revenue"],
    "properties": {
        "assignment_id": {"type": "integer", "description": "the booth assignment"},
        "day": {"type": "string", "description": "yyyy-mm-dd or dd/mm/yyyy"},
        "revenue": {
            "oneOf": [{"type": "integer"}, {"type": "string"}],
            "description": "whole đồng; '1.250.000' is understood",
        },
        "customers": {"type": "integer", "nullable": True},
        "units": {
            "type": "object",
            "additionalProperties": {"type": "integer"},
            "description": "product id -> units; only products shown at the booth",
        },
        "units_total": {
            "type": "integer",
            "description": "only for a booth that shows no listed product",
        },
        "confirm_high": {
            "type": "boolean",
            "description": "required when revenue exceeds the event's ceiling",
        },
        "reason": {"type": "string", "description": "required after entry has closed"},
    },
}


def record_json(
    record: SalesRecord, booth: str, exhibitor_id: int, lines: dict[int, int]
) -> dict[str, Any]:
    return {
        "id": record.id,
        "assignment_id": record.assignment_id,
        "booth": booth,
        "exhibitor_id": exhibitor_id,
        "day": record.day.isoformat(),
        "revenue": record.revenue,
        "units": record.units,
        "customers": record.customers,
        "lines": {str(k): v for k, v in sorted(lines.items())},
    }


async def event_sales(request: Request) -> Response:
    """Every day's figures of every booth of an event (an exhibitor: its own booths only)."""
    event = await access.load_event(request.path_params["event_id"])
    access.require_read_event_rows(request.state.user, event)
    own = access.own_exhibitor(request.state.user)
    assignments = await figures.selling_assignments(event.id, own)
    by_id = {a.id: a for a in assignments}
    records = [
        r
        for r in await SalesRecord.filter(assignment_id__in=list(by_id)).order_by(
            "day", "assignment_id"
        )
    ]
    lines = await figures.lines_of([r.id for r in records])
    settings = await figures.settings_for(event)
    items = [
        record_json(
            r,
            by_id[r.assignment_id].booth.code,
            by_id[r.assignment_id].exhibitor_id,
            lines.get(r.id, {}),
        )
        for r in records
    ]
    return JSONResponse(
        {
            "event_id": event.id,
            "days": [d.isoformat() for d in figures.event_days(event)],
            "entry_closes_on": closes_on(event, settings).isoformat(),
            "revenue_ceiling": settings.revenue_ceiling,
            "total_revenue": sum(r.revenue for r in records),
            "items": items,
        }
    )


async def booth_sales(request: Request) -> Response:
    """One booth: the products whose units it may report, and its figures so far."""
    assignment = await access.load_assignment(request.path_params["assignment_id"])
    access.require_read(request.state.user, assignment)
    event = assignment.booth.event
    products = (await figures.shown_products([assignment], event))[assignment.id]
    records = await SalesRecord.filter(assignment_id=assignment.id).order_by("day")
    lines = await figures.lines_of([r.id for r in records])
    return JSONResponse(
        {
            "assignment_id": assignment.id,
            "event_id": event.id,
            "booth": assignment.booth.code,
            "exhibitor_id": assignment.exhibitor_id,
            "products": [{"id": p.id, "name": p.name} for p in products],
            "items": [
                record_json(
                    r,
                    assignment.booth.code,
                    assignment.exhibitor_id,
                    lines.get(r.id, {}),
                )
                for r in records
            ],
        }
    )


async def save_sales_day(request: Request) -> Response:
    """Create or change one booth's figures for one day."""
    user = request.state.user
    data = await read_json(request)
    raw_id: Any = data.get("assignment_id")
    try:
        assignment_id = int(raw_id)
    except (TypeError, ValueError):
        raise BadRequest({"assignment_id": _("Give the booth assignment (a number).")}) from None
    assignment = await access.load_assignment(assignment_id)
    event = assignment.booth.event
    access.require_write(user, assignment, event)
    units = data.get("units") or {}
    if not isinstance(units, dict):
        raise BadRequest({"units": _("Give units as an object: product id → units.")})
    day = day_of(data.get("day"))
    day_figures = parse_day_figures(data, units)
    products = (await figures.shown_products([assignment], event))[assignment.id]
    record = await save_day(
        user,
        assignment,
        event,
        day,
        day_figures,
        products,
        await figures.settings_for(event),
        local_today(),
    )
    lines = await figures.lines_of([record.id])
    return JSONResponse(
        record_json(
            record,
            assignment.booth.code,
            assignment.exhibitor_id,
            lines.get(record.id, {}),
        )
    )


api_routes = [
    api(
        "/events/{event_id:int}/sales",
        event_sales,
        access=READERS_AND_EXHIBITORS,
        name="api_sales_event",
        doc={
            "summary": "Daily sales of an event's booths (an exhibitor sees its own, "
            "a partner those of the events it owns)",
            "tags": ["sales"],
            "response": {
                "type": "object",
                "properties": {
                    "event_id": {"type": "integer"},
                    "days": {"type": "array", "items": {"type": "string", "format": "date"}},
                    "entry_closes_on": {"type": "string", "format": "date"},
                    "revenue_ceiling": {"type": "integer"},
                    "total_revenue": {"type": "integer"},
                    "items": {"type": "array", "items": RECORD_SCHEMA},
                },
            },
        },
    ),
    api(
        "/sales/booths/{assignment_id:int}",
        booth_sales,
        access=READERS_AND_EXHIBITORS,
        name="api_sales_booth",
        doc={
            "summary": "One booth's products and daily figures",
            "tags": ["sales"],
            "response": {
                "type": "object",
                "properties": {
                    "assignment_id": {"type": "integer"},
                    "event_id": {"type": "integer"},
                    "booth": {"type": "string"},
                    "exhibitor_id": {"type": "integer"},
                    "products": {"type": "array", "items": PRODUCT_SCHEMA},
                    "items": {"type": "array", "items": RECORD_SCHEMA},
                },
            },
        },
    ),
    api(
        "/sales",
        save_sales_day,
        access=WRITERS,
        method="POST",
        name="api_sales_save",
        doc={
            "summary": "Create or change one booth's figures for one day",
            "tags": ["sales"],
            "description": "Refused with 422 and a sentence per field: negative revenue, "
            "revenue above the ceiling without confirm_high, units of a "
            "product not shown at the booth, a day outside the event or in "
            "the future, a change after entry closed (organizers: with a "
            "reason), a reported event. Another exhibitor's booth: 403.",
            "requestBody": json_body(DAY_INPUT_SCHEMA),
            "response": RECORD_SCHEMA,
        },
    ),
]
