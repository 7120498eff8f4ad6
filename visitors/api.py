"""JSON API of visitors/: gates, count batches, corrections, registrations, check-ins, live."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from events.models import Event
from ocopfair import forms
from ocopfair.api import read_json
from ocopfair.auth import ANYONE, READERS, SIGNED_IN, api
from ocopfair.errors import json_error
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.models import User
from ocopfair.openapi import ERROR_REF, json_body
from ocopfair.throttle import TooMany, client_address
from visitors import counting, gates, live, registrations
from visitors.access import (
    DAY_REOPENERS,
    is_supervisor,
    may_work_at,
    require_gate_work,
    require_supervisor,
)
from visitors.models import Direction, Gate, Registration

GATE_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "event_id": {"type": "integer"},
        "name": {"type": "string"},
        "kind": {"type": "string", "enum": ["entrance", "exit", "both"]},
    },
}
TAP_SCHEMA = {
    "type": "object",
    "required": ["id", "at", "delta"],
    "properties": {
        "id": {"type": "string", "description": "Unique per device; an undo names it"},
        "at": {
            "type": "string",
            "format": "date-time",
            "description": "The device's time of the tap, with its zone (or epoch ms)",
        },
        "dir": {"type": "string", "enum": ["in", "out"], "default": "in"},
        "delta": {
            "type": "integer",
            "minimum": -100,
            "maximum": 100,
            "description": "People; negative only with undo_of",
        },
        "undo_of": {"type": "string", "nullable": True},
    },
}
BATCH_SCHEMA = {
    "type": "object",
    "required": ["key", "taps"],
    "properties": {
        "key": {
            "type": "string",
            "minLength": 8,
            "maxLength": 64,
            "description": "Made on the device; a retry sends the same key and body",
        },
        "device": {"type": "string", "maxLength": 64},
        "event_id": {
            "type": "integer",
            "description": "Optional check that the gate is this event's",
        },
        "taps": {"type": "array", "items": TAP_SCHEMA, "maxItems": 500},
    },
}
BATCH_RESULT = {
    "type": "object",
    "properties": {
        "stored": {"type": "boolean"},
        "duplicate": {"type": "boolean"},
        "batch_id": {"type": "integer"},
        "counted": {"type": "object", "additionalProperties": {"type": "integer"}},
    },
}
CORRECTION_SCHEMA = {
    "type": "object",
    "required": ["day", "direction", "delta", "reason"],
    "properties": {
        "day": {"type": "string", "format": "date"},
        "direction": {"type": "string"},
        "delta": {"type": "integer"},
        "reason": {"type": "string"},
    },
}
REOPEN_SCHEMA = {
    "type": "object",
    "required": ["day", "reason"],
    "properties": {
        "day": {"type": "string", "format": "date", "description": "The closed day (yyyy-mm-dd)"},
        "reason": {"type": "string", "minLength": 5, "description": "Why (kept in the audit log)"},
    },
}
CLOSE_SCHEMA = {
    "type": "object",
    "required": ["day"],
    "properties": {
        "day": {"type": "string", "format": "date", "description": "A day of the event, begun"}
    },
}
DAY_STATE_RESULT = {
    "type": "object",
    "properties": {
        "event_id": {"type": "integer"},
        "day": {"type": "string", "format": "date"},
        "closed": {"type": "boolean"},
    },
}
REGISTRATION_IN = {
    "type": "object",
    "required": ["name", "phone", "group_size"],
    "properties": {
        "name": {"type": "string"},
        "phone": {"type": "string"},
        "organization": {"type": "string"},
        "group_size": {"type": "integer", "minimum": 1},
    },
}
REGISTRATION_OUT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "group_size": {"type": "integer"},
        "organization": {"type": "string"},
        "code": {"type": "string"},
        "ticket_url": {"type": "string"},
        "checked_in_at": {"type": "string", "format": "date-time", "nullable": True},
    },
}
CHECKIN_SCHEMA = {
    "type": "object",
    "required": ["code"],
    "properties": {"code": {"type": "string", "description": "The ticket code, or a ticket link"}},
}
FIGURES_SCHEMA = {
    "type": "object",
    "properties": {
        "day": {"type": "string"},
        "today_in": {"type": "integer"},
        "today_out": {"type": "integer"},
        "occupancy": {"type": "integer"},
        "total_in": {"type": "integer"},
        "gates": {"type": "array", "items": {"type": "object"}},
        "hours": {"type": "array", "items": {"type": "object"}},
    },
}


def _gate_json(gate: Gate) -> dict[str, Any]:
    return {
        "id": gate.id,
        "event_id": gate.event_id,  # type: ignore[attr-defined]
        "name": gate.name,
        "kind": gate.kind.value,
    }


async def load_gate(gate_id: int) -> Gate:
    gate = await Gate.filter(id=gate_id).select_related("event").first()
    if gate is None:
        raise HTTPException(404)
    return gate


async def load_event(event_id: int) -> Event:
    event = await Event.get_or_none(id=event_id)
    if event is None:
        raise HTTPException(404)
    return event


async def require_reader_or_supervisor(user: User, event_id: int) -> None:
    if not (READERS.allows(user) or await is_supervisor(user, event_id)):
        raise HTTPException(403)


def registration_json(row: Registration, request: Request) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "group_size": row.group_size,
        "organization": row.organization,
        "code": row.code,
        "ticket_url": str(request.url_for("ticket", code=row.code)),
        "checked_in_at": row.checked_in_at.isoformat() if row.checked_in_at else None,
    }


async def list_gates(request: Request) -> Response:
    event_id = request.path_params["event_id"]
    await load_event(event_id)
    await require_reader_or_supervisor(request.state.user, event_id)
    rows = await Gate.filter(event_id=event_id).order_by("name")
    return JSONResponse({"items": [_gate_json(g) for g in rows]})


async def create_gate(request: Request) -> Response:
    event = await load_event(request.path_params["event_id"])
    await require_supervisor(request.state.user, event.id)
    data = await read_json(request)
    gate = await gates.create_gate(
        request.state.user, event, str(data.get("name", "")), str(data.get("kind", "both"))
    )
    return JSONResponse(_gate_json(gate), status_code=201)


async def gate_summary(request: Request) -> Response:
    """The gate's and its event's figures today (the tally page refreshes from this)."""
    gate = await load_gate(request.path_params["gate_id"])
    user = request.state.user
    if not (READERS.allows(user) or await may_work_at(user, gate, local_today())):
        raise HTTPException(403)
    figures = await live.event_figures(
        gate.event_id,
        local_today(),  # type: ignore[attr-defined]
        with_hours=False,
    )
    mine = figures.gate(gate.id)
    return JSONResponse(
        {
            **_gate_json(gate),
            "today_in": mine.today_in if mine else 0,
            "today_out": mine.today_out if mine else 0,
            "event_today_in": figures.today_in,
            "event_total_in": figures.total_in,
            "occupancy": figures.occupancy,
        }
    )


async def post_batch(request: Request) -> Response:
    """Store a batch of taps once: 201 when counted, 200 when already stored (a retry)."""
    gate_id = request.path_params["gate_id"]
    data = await read_json(request)
    batch = counting.parse_batch(data, gate_id)
    try:
        result = await counting.store_batch(request.state.user, gate_id, batch)
    except LookupError:
        raise HTTPException(404) from None
    except counting.NotAllowed:
        raise HTTPException(
            403, _("You are not assigned to this gate on that day, so nothing was counted.")
        ) from None
    return JSONResponse(result.as_json(), status_code=200 if result.duplicate else 201)


async def list_corrections(request: Request) -> Response:
    gate = await load_gate(request.path_params["gate_id"])
    await require_reader_or_supervisor(request.state.user, gate.event_id)  # type: ignore[attr-defined]
    rows = await gate.corrections.all().select_related("user")  # type: ignore[attr-defined]
    return JSONResponse(
        {
            "items": [
                {
                    "id": c.id,
                    "day": c.day.isoformat(),
                    "direction": c.direction.value,
                    "delta": c.delta,
                    "reason": c.reason,
                    "by": str(c.user) if c.user else None,
                    "created_at": c.created_at.isoformat(),
                }
                for c in rows
            ]
        }
    )


async def post_correction(request: Request) -> Response:
    gate = await load_gate(request.path_params["gate_id"])
    user = request.state.user
    await require_supervisor(user, gate.event_id)  # type: ignore[attr-defined]
    data = await read_json(request)
    values: dict[str, Any] = {}
    forms.collect(
        lambda: values.__setitem__("day", forms.date(data.get("day"), "day")),
        lambda: values.__setitem__(
            "direction", forms.choice(data.get("direction"), "direction", Direction)
        ),
        lambda: values.__setitem__("delta", forms.integer(data.get("delta"), "delta")),
    )
    correction = await counting.add_correction(
        user,
        gate,
        values["day"],
        values["direction"],
        values["delta"],
        str(data.get("reason") or ""),
    )
    return JSONResponse(
        {
            "id": correction.id,
            "day": correction.day.isoformat(),
            "direction": correction.direction.value,
            "delta": correction.delta,
            "reason": correction.reason,
        },
        status_code=201,
    )


async def close_day(request: Request) -> Response:
    """A supervisor closes a day's counts: from then on only corrections change them."""
    event = await load_event(request.path_params["event_id"])
    await require_supervisor(request.state.user, event.id)
    data = await read_json(request)
    day = forms.date(data.get("day"), "day")
    assert day is not None
    await counting.close_day(
        request.state.user, event.id, event.start_date, event.end_date, day, local_today()
    )
    return JSONResponse(
        {"event_id": event.id, "day": day.isoformat(), "closed": True}, status_code=201
    )


async def reopen_day(request: Request) -> Response:
    """An administrator undoes a mistaken close of a day, with the reason (audit-logged)."""
    event = await load_event(request.path_params["event_id"])
    data = await read_json(request)
    day = forms.date(data.get("day"), "day")
    assert day is not None
    await counting.reopen_day(request.state.user, event.id, day, str(data.get("reason") or ""))
    return JSONResponse({"event_id": event.id, "day": day.isoformat(), "closed": False})


async def post_registration(request: Request) -> Response:
    event = await load_event(request.path_params["event_id"])
    data = await read_json(request)
    limits = registrations.limits_for(client_address(request), event.id, request.app.state.settings)
    try:
        row = await registrations.register(event, data, local_today(), limits)
    except TooMany as exc:
        return json_error(
            registrations.too_many_message(exc), 429, headers={"Retry-After": str(exc.retry_after)}
        )
    return JSONResponse(registration_json(row, request), status_code=201)


async def list_registrations(request: Request) -> Response:
    event = await load_event(request.path_params["event_id"])
    await require_supervisor(request.state.user, event.id)
    rows = await Registration.filter(event=event).order_by("id")
    return JSONResponse({"items": [registration_json(r, request) for r in rows]})


async def post_checkin(request: Request) -> Response:
    """200 with checked_in=true the first time; 409 with when, where and by whom after that."""
    gate = await load_gate(request.path_params["gate_id"])
    await require_gate_work(request.state.user, gate, local_today())
    data = await read_json(request)
    result = await registrations.check_in(
        request.state.user, gate, str(data.get("code") or ""), dt.datetime.now(dt.UTC)
    )
    body = {**registration_json(result.registration, request), "checked_in": not result.already}
    if result.already:
        body["error"] = registrations.already_message(result.registration)
        body["fields"] = {"code": body["error"]}
        return JSONResponse(body, status_code=409)
    return JSONResponse(body)


async def event_live(request: Request) -> Response:
    event = await load_event(request.path_params["event_id"])
    await require_reader_or_supervisor(request.state.user, event.id)
    figures = await live.event_figures(event.id, local_today())
    return JSONResponse(figures.as_json())


api_routes = [
    api(
        "/events/{event_id:int}/gates",
        list_gates,
        access=SIGNED_IN,
        name="api_gates",
        doc={
            "summary": "Gates of an event",
            "tags": ["visitors"],
            "response": {
                "type": "object",
                "properties": {"items": {"type": "array", "items": GATE_SCHEMA}},
            },
        },
    ),
    api(
        "/events/{event_id:int}/gates",
        create_gate,
        access=SIGNED_IN,
        method="POST",
        name="api_gate_create",
        doc={
            "summary": "Add a gate (supervisors)",
            "tags": ["visitors"],
            "requestBody": json_body(
                {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "kind": {"type": "string"}},
                }
            ),
            "response": GATE_SCHEMA,
        },
    ),
    api(
        "/gates/{gate_id:int}",
        gate_summary,
        access=SIGNED_IN,
        name="api_gate",
        doc={
            "summary": "A gate with today's counts, the event's total and occupancy",
            "tags": ["visitors"],
            "response": {"type": "object"},
        },
    ),
    api(
        "/gates/{gate_id:int}/batches",
        post_batch,
        access=SIGNED_IN,
        method="POST",
        name="api_count_batch",
        doc={
            "summary": "Count a batch of taps exactly once (phones, turnstiles)",
            "description": "201 when counted; 200 with duplicate=true when the same key and "
            "body were already stored; 409 when the key was used for another "
            "body or the day is closed; 422 for a refused tap; nothing is "
            "counted unless the whole batch is.",
            "tags": ["visitors"],
            "requestBody": json_body(BATCH_SCHEMA),
            "response": BATCH_RESULT,
        },
    ),
    api(
        "/gates/{gate_id:int}/corrections",
        list_corrections,
        access=SIGNED_IN,
        name="api_corrections",
        doc={
            "summary": "Corrections of a gate's counts",
            "tags": ["visitors"],
            "response": {
                "type": "object",
                "properties": {"items": {"type": "array", "items": CORRECTION_SCHEMA}},
            },
        },
    ),
    api(
        "/gates/{gate_id:int}/corrections",
        post_correction,
        access=SIGNED_IN,
        method="POST",
        name="api_correction_create",
        doc={
            "summary": "Correct a day's count with a reason (supervisors; audit-logged)",
            "tags": ["visitors"],
            "requestBody": json_body(CORRECTION_SCHEMA),
            "response": CORRECTION_SCHEMA,
        },
    ),
    api(
        "/events/{event_id:int}/close-day",
        close_day,
        access=SIGNED_IN,
        method="POST",
        name="api_close_day",
        doc={
            "summary": "Close a day's counts (supervisors; audit-logged)",
            "description": "After this, batches for the day are refused (409) and only "
            "corrections change its figures. 409 when already closed; 422 for "
            "a day outside the event or not begun.",
            "tags": ["visitors"],
            "requestBody": json_body(CLOSE_SCHEMA),
            "response": DAY_STATE_RESULT,
        },
    ),
    api(
        "/events/{event_id:int}/reopen-day",
        reopen_day,
        access=DAY_REOPENERS,
        method="POST",
        name="api_reopen_day",
        doc={
            "summary": "Reopen a day closed by mistake (administrators; audit-logged)",
            "description": "Taps for the day are accepted again, so batches the devices "
            "retry are counted. 409 when the day is not closed; 422 without "
            "a reason of at least 5 characters.",
            "tags": ["visitors"],
            "requestBody": json_body(REOPEN_SCHEMA),
            "response": DAY_STATE_RESULT,
        },
    ),
    api(
        "/events/{event_id:int}/registrations",
        post_registration,
        access=ANYONE,
        method="POST",
        name="api_registration_create",
        doc={
            "summary": "Register a visitor or a group; answers the ticket code",
            "description": "Public and rate-limited: 429 with Retry-After (seconds) once a "
            "client address, or the event, has sent its number of "
            "registrations in the window; 409 when the phone already holds an "
            "unused ticket for this event. Nothing is saved when refused.",
            "tags": ["visitors"],
            "requestBody": json_body(REGISTRATION_IN),
            "response": REGISTRATION_OUT,
            "responses": {
                "429": {
                    "description": "Too many registrations: try again after Retry-After seconds",
                    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                    "content": {"application/json": {"schema": ERROR_REF}},
                }
            },
        },
    ),
    api(
        "/events/{event_id:int}/registrations",
        list_registrations,
        access=SIGNED_IN,
        name="api_registrations",
        doc={
            "summary": "Registrations of an event (supervisors)",
            "tags": ["visitors"],
            "response": {
                "type": "object",
                "properties": {"items": {"type": "array", "items": REGISTRATION_OUT}},
            },
        },
    ),
    api(
        "/gates/{gate_id:int}/checkins",
        post_checkin,
        access=SIGNED_IN,
        method="POST",
        name="api_checkin",
        doc={
            "summary": "Check a ticket in once at this gate (adds its group to the count)",
            "tags": ["visitors"],
            "requestBody": json_body(CHECKIN_SCHEMA),
            "response": REGISTRATION_OUT,
        },
    ),
    api(
        "/events/{event_id:int}/live",
        event_live,
        access=SIGNED_IN,
        name="api_event_live",
        doc={
            "summary": "Live figures: by gate, by hour, occupancy",
            "tags": ["visitors"],
            "response": FIGURES_SCHEMA,
        },
    ),
]
