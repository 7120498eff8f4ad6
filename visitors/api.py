"""JSON API of visitors/: gates, count batches, corrections, registrations, check-ins, live.
What each route does for the OpenAPI document is in api_docs.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ocopfair import forms
from ocopfair.api import read_json
from ocopfair.auth import ANYONE, SIGNED_IN, api
from ocopfair.errors import BadRequest, json_error
from ocopfair.i18n import local_today
from ocopfair.openapi import json_body
from ocopfair.throttle import TooMany, client_address
from ocopfair.urls import absolute_url
from visitors import (
    access,
    api_docs,
    api_staff,
    checkin,
    corrections,
    counting,
    gates,
    live,
    registrations,
    taps,
)
from visitors.access import DAY_REOPENERS
from visitors.models import CountCorrection, Direction, Gate, Registration


def _gate_json(gate: Gate) -> dict[str, Any]:
    return {"id": gate.id, "event_id": gate.event_id, "name": gate.name, "kind": gate.kind.value}


def registration_json(row: Registration, request: Request) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "group_size": row.group_size,
        "organization": row.organization,
        "code": row.code,
        "ticket_url": absolute_url("ticket", code=row.code),
        "checked_in_at": row.checked_in_at.isoformat() if row.checked_in_at else None,
    }


async def list_gates(request: Request) -> Response:
    event_id = request.path_params["event_id"]
    await access.load_event(event_id)
    await access.require_reader_or_supervisor(request.state.user, event_id)
    rows = await Gate.filter(event_id=event_id).order_by("name")
    return JSONResponse({"items": [_gate_json(g) for g in rows]})


async def create_gate(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    await access.require_supervisor(request.state.user, event.id)
    data = await read_json(request)
    gate = await gates.create_gate(
        request.state.user, event, str(data.get("name", "")), str(data.get("kind", "both"))
    )
    return JSONResponse(_gate_json(gate), status_code=201)


async def gate_summary(request: Request) -> Response:
    """The gate's and its event's figures today (the tally page refreshes from this)."""
    gate = await access.load_gate(request.path_params["gate_id"])
    await access.require_gate_reader(request.state.user, gate, local_today())
    figures = await live.event_figures(gate.event_id, local_today(), with_hours=False)
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
    batch = taps.parse_batch(data, gate_id)
    try:
        result = await counting.store_batch(request.state.user, gate_id, batch)
    except LookupError:
        raise HTTPException(404) from None
    except counting.NotAllowed:
        access.refuse_batch_of_unassigned()
    return JSONResponse(result.as_json(), status_code=200 if result.duplicate else 201)


async def list_corrections(request: Request) -> Response:
    gate = await access.load_gate(request.path_params["gate_id"])
    await access.require_reader_or_supervisor(request.state.user, gate.event_id)
    rows = await CountCorrection.filter(gate_id=gate.id).select_related("user")
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
    gate = await access.load_gate(request.path_params["gate_id"])
    user = request.state.user
    await access.require_supervisor(user, gate.event_id)
    data = await read_json(request)
    values: dict[str, Any] = {}
    forms.collect(
        lambda: values.__setitem__("day", forms.date(data.get("day"), "day")),
        lambda: values.__setitem__(
            "direction", forms.choice(data.get("direction"), "direction", Direction)
        ),
        lambda: values.__setitem__("delta", forms.integer(data.get("delta"), "delta")),
    )
    correction = await corrections.add_correction(
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
    event = await access.load_event(request.path_params["event_id"])
    await access.require_supervisor(request.state.user, event.id)
    data = await read_json(request)
    day = forms.date(data.get("day"), "day")
    assert day is not None
    await corrections.close_day(
        request.state.user, event.id, event.start_date, event.end_date, day, local_today()
    )
    return JSONResponse(
        {"event_id": event.id, "day": day.isoformat(), "closed": True}, status_code=201
    )


async def reopen_day(request: Request) -> Response:
    """An administrator undoes a mistaken close of a day, with the reason (audit-logged)."""
    event = await access.load_event(request.path_params["event_id"])
    data = await read_json(request)
    day = forms.date(data.get("day"), "day")
    assert day is not None
    await corrections.reopen_day(request.state.user, event.id, day, str(data.get("reason") or ""))
    return JSONResponse({"event_id": event.id, "day": day.isoformat(), "closed": False})


async def post_registration(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
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
    event = await access.load_event(request.path_params["event_id"])
    await access.require_supervisor(request.state.user, event.id)
    rows = await Registration.filter(event=event).order_by("id")
    return JSONResponse({"items": [registration_json(r, request) for r in rows]})


async def post_checkin(request: Request) -> Response:
    """200 with checked_in=true the first time; 409 with when, where and by whom after that.
    The gate, the right to work there and the ticket are read together (visitors.checkin)."""
    try:
        data = await read_json(request)
    except BadRequest:
        # Whoever may not work at this gate hears that (403/404), not what was wrong with the
        # body: the right is checked before anything is said about the request.
        gate = await access.load_gate(request.path_params["gate_id"])
        await access.require_gate_work(request.state.user, gate, local_today())
        raise
    result = await checkin.check_in(
        request.state.user,
        request.path_params["gate_id"],
        str(data.get("code") or ""),
        dt.datetime.now(dt.UTC),
    )
    body = {**registration_json(result.registration, request), "checked_in": not result.already}
    if result.already:
        body["error"] = checkin.already_message(result.registration)
        body["fields"] = {"code": body["error"]}
        return JSONResponse(body, status_code=409)
    return JSONResponse(body)


async def event_live(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    await access.require_reader_or_supervisor(request.state.user, event.id)
    figures = await live.event_figures(event.id, local_today())
    return JSONResponse(figures.as_json())


api_routes = [
    api(
        "/events/{event_id:int}/gates",
        list_gates,
        access=SIGNED_IN,
        name="api_gates",
        doc=api_docs.GATES_DOC,
    ),
    api(
        "/events/{event_id:int}/gates",
        create_gate,
        access=SIGNED_IN,
        method="POST",
        name="api_gate_create",
        doc=api_docs.GATE_CREATE_DOC,
    ),
    api(
        "/gates/{gate_id:int}",
        gate_summary,
        access=SIGNED_IN,
        name="api_gate",
        doc=api_docs.GATE_DOC,
    ),
    api(
        "/gates/{gate_id:int}/batches",
        post_batch,
        access=SIGNED_IN,
        method="POST",
        name="api_count_batch",
        doc=api_docs.COUNT_BATCH_DOC,
    ),
    api(
        "/gates/{gate_id:int}/corrections",
        list_corrections,
        access=SIGNED_IN,
        name="api_corrections",
        doc=api_docs.CORRECTIONS_DOC,
    ),
    api(
        "/gates/{gate_id:int}/corrections",
        post_correction,
        access=SIGNED_IN,
        method="POST",
        name="api_correction_create",
        doc=api_docs.CORRECTION_CREATE_DOC,
    ),
    api(
        "/events/{event_id:int}/close-day",
        close_day,
        access=SIGNED_IN,
        method="POST",
        name="api_close_day",
        doc=api_docs.CLOSE_DAY_DOC,
    ),
    api(
        "/events/{event_id:int}/reopen-day",
        reopen_day,
        access=DAY_REOPENERS,
        method="POST",
        name="api_reopen_day",
        doc=api_docs.REOPEN_DAY_DOC,
    ),
    api(
        "/events/{event_id:int}/registrations",
        post_registration,
        access=ANYONE,
        method="POST",
        name="api_registration_create",
        doc=api_docs.REGISTRATION_CREATE_DOC,
    ),
    api(
        "/events/{event_id:int}/registrations",
        list_registrations,
        access=SIGNED_IN,
        name="api_registrations",
        doc=api_docs.REGISTRATIONS_DOC,
    ),
    api(
        "/gates/{gate_id:int}/checkins",
        post_checkin,
        access=SIGNED_IN,
        method="POST",
        name="api_checkin",
        doc=api_docs.CHECKIN_DOC,
    ),
    api(
        "/events/{event_id:int}/live",
        event_live,
        access=SIGNED_IN,
        name="api_event_live",
        doc=api_docs.EVENT_LIVE_DOC,
    ),
    api(
        "/gates/{gate_id:int}/staff",
        api_staff.staff_list,
        access=SIGNED_IN,
        name="api_gate_staff",
        doc={
            "summary": "Who works a gate",
            "tags": ["visitors"],
            "response": api_staff.STAFF_SCHEMA,
        },
    ),
    api(
        "/gates/{gate_id:int}/staff",
        api_staff.staff_assign,
        access=SIGNED_IN,
        method="POST",
        name="api_gate_staff_assign",
        doc={
            "summary": "Assign gate staff (every day, or one day's shift)",
            "tags": ["visitors"],
            "requestBody": json_body(api_staff.ASSIGN_INPUT),
            "response": api_staff.STAFF_SCHEMA,
        },
    ),
    api(
        "/gates/{gate_id:int}/staff/remove",
        api_staff.staff_remove,
        access=SIGNED_IN,
        method="POST",
        name="api_gate_staff_remove",
        doc={
            "summary": "Remove a gate staff assignment",
            "tags": ["visitors"],
            "requestBody": json_body(api_staff.ASSIGN_INPUT),
            "response": api_staff.STAFF_SCHEMA,
        },
    ),
]
