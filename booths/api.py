"""JSON API of the booths domain under /api/v1: booths, holds, applications, allocation,
assignments. The same logic functions as the pages; errors are {"error", "fields"}."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from booths import allocation, applications, booking, fees, floorplan, inventory
from booths import series_allocation as series_logic
from booths.models import AllocationRun, Booth, BoothApplication, BoothAssignment, RunKind
from booths.reasons import explain
from booths.routes import EXHIBITOR, _event, _my_exhibitor, _require_manage, may_manage
from events.models import Event, EventSeries
from ocopfair.api import read_json
from ocopfair.auth import MAX_ID, SIGNED_IN, STAFF, allow, api
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.models import Role
from ocopfair.openapi import json_body

BOOTH = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "zone": {"type": "string"},
        "booth_type": {"type": "string"},
        "fee": {"type": "integer"},
        "x": {"type": "integer"},
        "y": {"type": "integer"},
        "width": {"type": "integer"},
        "height": {"type": "integer"},
        "state": {"type": "string", "enum": ["free", "held", "assigned", "blocked"]},
        "exhibitor": {"type": "string", "nullable": True},
    },
}
ASSIGNMENT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "booth_id": {"type": "integer"},
        "exhibitor_id": {"type": "integer"},
        "kind": {"type": "string"},
        "expires_at": {"type": "string", "nullable": True},
        "fee": {"type": "integer"},
        "payment_status": {"type": "string"},
        "receipt_number": {"type": "string"},
        "active": {"type": "boolean"},
    },
}
APPLICATION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "event_id": {"type": "integer"},
        "exhibitor_id": {"type": "integer"},
        "status": {"type": "string"},
        "booths_wanted": {"type": "integer"},
        "preferred_zones": {"type": "array"},
        "available_weeks": {"type": "array"},
        "waitlist_position": {"type": "integer", "nullable": True},
        "decision_rule": {"type": "string"},
        "decision_explained": {"type": "string"},
        "decision_reason": {"type": "string"},
        "booths": {"type": "array"},
    },
}
RUN = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string"},
        "fingerprint": {"type": "string"},
        "committed": {"type": "boolean"},
        "result": {"type": "object"},
    },
}


def list_of(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of a list answer: {"items": [schema, ...]}."""
    return {"type": "object", "properties": {"items": {"type": "array", "items": schema}}}


def _assignment_json(a: BoothAssignment) -> dict[str, Any]:
    return {
        "id": a.id,
        "booth_id": a.booth_id,
        "exhibitor_id": a.exhibitor_id,  # type: ignore[attr-defined]
        "kind": str(a.kind),
        "expires_at": a.expires_at.isoformat() if a.expires_at else None,
        "fee": a.fee,
        "payment_status": str(a.payment_status),
        "receipt_number": a.receipt_number,
        "active": a.active_booth is not None,
    }


async def _application_json(app: BoothApplication) -> dict[str, Any]:
    booths = await BoothAssignment.filter(
        application_id=app.id, active_booth__isnull=False
    ).values_list("booth_id", flat=True)
    return _application_dict(app, list(booths))


def _application_dict(app: BoothApplication, booths: list[int]) -> dict[str, Any]:
    return {
        "id": app.id,
        "event_id": app.event_id,
        "exhibitor_id": app.exhibitor_id,  # type: ignore[attr-defined]
        "status": str(app.status),
        "booths_wanted": app.booths_wanted,
        "preferred_zones": app.preferred_zones,
        "available_weeks": app.available_weeks,
        "waitlist_position": app.waitlist_position,
        "decision_rule": app.decision_rule,
        "decision_explained": explain(app.decision_rule),
        "decision_reason": app.decision_reason,
        "booths": booths,
    }


def _run_json(run: AllocationRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "kind": str(run.kind),
        "fingerprint": run.fingerprint,
        "committed": run.committed_at is not None,
        "result": run.result,
    }


async def list_booths(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    plan = await floorplan.plan(event.id, booking.now_utc())
    user = request.state.user
    names = user.role in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL)
    return JSONResponse(
        {
            "items": [
                {
                    "id": b.id,
                    "code": b.code,
                    "zone": b.zone,
                    "booth_type": b.booth_type,
                    "fee": b.fee,
                    "x": b.x,
                    "y": b.y,
                    "width": b.width,
                    "height": b.height,
                    "state": b.state,
                    "exhibitor": b.exhibitor
                    if names or b.exhibitor_id == user.exhibitor_id
                    else None,
                }
                for b in plan["booths"]
            ]
        }
    )


async def create_block(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    _require_manage(request.state.user, event)
    data = await read_json(request)
    booths = await inventory.create_block(event, inventory.parse_block(data), request.state.user)
    return JSONResponse(
        {"created": len(booths), "codes": [b.code for b in booths]}, status_code=201
    )


async def hold(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    exhibitor = await _my_exhibitor(request.state.user)
    held = await booking.hold_booth(
        event, request.path_params["booth_id"], exhibitor, request.state.user, today=local_today()
    )
    return JSONResponse(_assignment_json(held), status_code=201)


async def list_assignments(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    user = request.state.user
    query = BoothAssignment.filter(active_booth__isnull=False, booth__event_id=event.id)
    if user.role == Role.EXHIBITOR:
        query = query.filter(exhibitor_id=user.exhibitor_id)
    elif user.role not in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL):
        raise HTTPException(403)
    return JSONResponse({"items": [_assignment_json(a) for a in await query.limit(5000)]})


async def _assignment(request: Request) -> BoothAssignment:
    assignment = await BoothAssignment.get_or_none(
        id=request.path_params["assignment_id"]
    ).select_related("booth__event")
    if assignment is None:
        raise HTTPException(404)
    return assignment


async def assignment_action(request: Request) -> Response:
    assignment = await _assignment(request)
    user = request.state.user
    action = request.path_params["action"]
    # Who may act comes first: a refused caller learns nothing from validation messages.
    if action == "cancel" and user.role == Role.EXHIBITOR:
        if assignment.exhibitor_id != user.exhibitor_id:  # type: ignore[attr-defined]
            raise HTTPException(403)
    elif user.role == Role.EXHIBITOR:
        raise HTTPException(403)
    else:
        _require_manage(user, assignment.booth.event)
    data = await read_json(request)
    reason = str(data.get("reason") or "")[:500]
    if action == "confirm":
        await booking.confirm(assignment, user)
    elif action == "cancel":
        await booking.cancel(assignment, user, reason)
    elif action == "payment":
        await fees.record_payment(
            assignment, data.get("payment_status"), data.get("receipt_number"), user, reason
        )
    elif action == "move":
        booth_id = data.get("booth_id")
        target = (
            await Booth.get_or_none(id=booth_id)
            if isinstance(booth_id, int) and (0 < booth_id <= MAX_ID)
            else None
        )  # beyond the column: no such booth, not a 500
        if target is None:
            raise Invalid({"booth_id": _("Choose a booth from the list.")})
        await booking.move(assignment, target, user, reason)
    else:
        raise HTTPException(404)
    await assignment.refresh_from_db()
    return JSONResponse(_assignment_json(assignment))


async def list_applications(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    user = request.state.user
    query = BoothApplication.filter(event_id=event.id)
    if user.role == Role.EXHIBITOR:
        query = query.filter(exhibitor_id=user.exhibitor_id)
    elif user.role not in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL):
        raise HTTPException(403)
    rows = await query.order_by("created_at", "id").limit(5000)
    booths: dict[int, list[int]] = {}
    for row in await BoothAssignment.filter(
        application_id__in=[r.id for r in rows], active_booth__isnull=False
    ).values("application_id", "booth_id"):
        booths.setdefault(row["application_id"], []).append(row["booth_id"])
    return JSONResponse({"items": [_application_dict(app, booths.get(app.id, [])) for app in rows]})


async def create_application(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    exhibitor = await _my_exhibitor(request.state.user)
    data = await read_json(request)
    app = await applications.apply(event, exhibitor, data, request.state.user, today=local_today())
    return JSONResponse(await _application_json(app), status_code=201)


async def _application(request: Request) -> BoothApplication:
    app = await BoothApplication.get_or_none(id=request.path_params["application_id"])
    if app is None:
        raise HTTPException(404)
    user = request.state.user
    if user.role == Role.EXHIBITOR and app.exhibitor_id != user.exhibitor_id:  # type: ignore[attr-defined]
        raise HTTPException(403)
    if user.role == Role.GATE_STAFF:
        raise HTTPException(403)
    return app


async def get_application(request: Request) -> Response:
    return JSONResponse(await _application_json(await _application(request)))


async def review_application(request: Request) -> Response:
    app = await _application(request)
    data = await read_json(request)
    await applications.review(
        app, data.get("step"), str(data.get("reason") or ""), request.state.user
    )
    return JSONResponse(await _application_json(app))


async def allocation_preview(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    _require_manage(request.state.user, event)
    run = await allocation.preview(event, request.state.user)
    return JSONResponse(_run_json(run), status_code=201)


async def series_preview(request: Request) -> Response:
    series = await EventSeries.get_or_none(id=request.path_params["series_id"])
    first = await Event.filter(series_id=series.id).first() if series else None
    if series is None or first is None:
        raise HTTPException(404)
    _require_manage(request.state.user, first)
    run = await series_logic.preview_series(series, request.state.user)
    return JSONResponse(_run_json(run), status_code=201)


async def _run(request: Request) -> AllocationRun:
    run = await AllocationRun.get_or_none(id=request.path_params["run_id"])
    if run is None:
        raise HTTPException(404)
    user = request.state.user
    if run.kind == RunKind.SERIES:
        first = await Event.filter(series_id=run.series_id).first()  # type: ignore[attr-defined]
        allowed = first is not None and may_manage(user, first)
    else:
        allowed = may_manage(user, await _event(run.event_id))  # type: ignore[attr-defined]
    if not allowed:
        raise HTTPException(403)
    return run


async def get_run(request: Request) -> Response:
    return JSONResponse(_run_json(await _run(request)))


async def commit_run(request: Request) -> Response:
    run = await _run(request)
    if run.kind == RunKind.SERIES:
        count = await series_logic.commit_series(run, request.state.user)
    else:
        count = await allocation.commit(run, request.state.user)
    await run.refresh_from_db()
    return JSONResponse({**_run_json(run), "assigned": count})


TAG = {"tags": ["booths"]}
REVIEW_BODY = json_body(
    {
        "type": "object",
        "required": ["step"],
        "properties": {
            "step": {"type": "string", "enum": ["endorse", "reject_locally", "approve", "reject"]},
            "reason": {"type": "string"},
        },
    }
)
APPLY_BODY = json_body(
    {
        "type": "object",
        "required": ["products"],
        "properties": {
            "products": {"type": "array", "items": {"type": "integer"}},
            "booths_wanted": {"type": "integer"},
            "preferred_zones": {"type": "array", "items": {"type": "string"}},
            "available_weeks": {"type": "array", "items": {"type": "integer"}},
        },
    }
)
BLOCK_BODY = json_body(
    {
        "type": "object",
        "required": ["rows", "columns"],
        "properties": {
            "rows": {"type": "integer"},
            "columns": {"type": "integer"},
            "zone": {"type": "string"},
            "booth_type": {"type": "string"},
            "prefix": {"type": "string"},
            "start_number": {"type": "integer"},
            "x": {"type": "integer"},
            "y": {"type": "integer"},
            "aisle": {"type": "integer"},
        },
    }
)
ACTION_BODY = json_body(
    {
        "type": "object",
        "properties": {
            "reason": {"type": "string"},
            "payment_status": {"type": "string"},
            "receipt_number": {"type": "string"},
            "booth_id": {"type": "integer"},
        },
    }
)

api_routes = [
    api(
        "/events/{event_id:int}/booths",
        list_booths,
        access=SIGNED_IN,
        name="api_booths",
        doc={**TAG, "summary": "An event's booths with their state", "response": list_of(BOOTH)},
    ),
    api(
        "/events/{event_id:int}/booths/blocks",
        create_block,
        access=STAFF,
        method="POST",
        name="api_booths_block",
        doc={
            **TAG,
            "summary": "Create a block of rows × columns booths (at most 1,000)",
            "requestBody": BLOCK_BODY,
            "response": {"type": "object"},
        },
    ),
    api(
        "/events/{event_id:int}/booths/{booth_id:int}/hold",
        hold,
        access=EXHIBITOR,
        method="POST",
        name="api_booth_hold",
        doc={
            **TAG,
            "summary": "Hold a free booth (409 if someone else has it)",
            "response": ASSIGNMENT,
        },
    ),
    api(
        "/events/{event_id:int}/assignments",
        list_assignments,
        access=SIGNED_IN,
        name="api_assignments",
        doc={
            **TAG,
            "summary": "Active holds and assignments of an event",
            "response": list_of(ASSIGNMENT),
        },
    ),
    api(
        "/assignments/{assignment_id:int}/{action:str}",
        assignment_action,
        access=allow(Role.ADMIN, Role.ORGANIZER, Role.EXHIBITOR),
        method="POST",
        name="api_assignment_action",
        doc={
            **TAG,
            "summary": "confirm | cancel | payment | move an assignment",
            "requestBody": ACTION_BODY,
            "response": ASSIGNMENT,
        },
    ),
    api(
        "/events/{event_id:int}/applications",
        list_applications,
        access=SIGNED_IN,
        name="api_applications",
        doc={
            **TAG,
            "summary": "Applications of an event (an exhibitor sees its own)",
            "response": list_of(APPLICATION),
        },
    ),
    api(
        "/events/{event_id:int}/applications",
        create_application,
        access=EXHIBITOR,
        method="POST",
        name="api_application_create",
        doc={
            **TAG,
            "summary": "Apply for booths",
            "requestBody": APPLY_BODY,
            "response": APPLICATION,
        },
    ),
    api(
        "/applications/{application_id:int}",
        get_application,
        access=SIGNED_IN,
        name="api_application",
        doc={
            **TAG,
            "summary": "One application with its booths or waitlist position and why",
            "response": APPLICATION,
        },
    ),
    api(
        "/applications/{application_id:int}/review",
        review_application,
        access=STAFF,
        method="POST",
        name="api_application_review",
        doc={
            **TAG,
            "summary": "A review step (locality endorses, province decides)",
            "requestBody": REVIEW_BODY,
            "response": APPLICATION,
        },
    ),
    api(
        "/events/{event_id:int}/allocation/preview",
        allocation_preview,
        access=STAFF,
        method="POST",
        name="api_allocation_preview",
        doc={**TAG, "summary": "Compute an allocation preview", "response": RUN},
    ),
    api(
        "/series/{series_id:int}/allocation/preview",
        series_preview,
        access=STAFF,
        method="POST",
        name="api_series_allocation_preview",
        doc={**TAG, "summary": "Compute a whole-series allocation preview", "response": RUN},
    ),
    api(
        "/allocation/{run_id:int}",
        get_run,
        access=STAFF,
        name="api_allocation_run",
        doc={**TAG, "summary": "A preview or committed allocation", "response": RUN},
    ),
    api(
        "/allocation/{run_id:int}/commit",
        commit_run,
        access=STAFF,
        method="POST",
        name="api_allocation_commit",
        doc={**TAG, "summary": "Commit a preview (409 if stale)", "response": RUN},
    ),
]
