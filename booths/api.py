"""JSON API of the booths domain under /api/v1: booths, holds, applications, allocation,
assignments. The same access rules (booths/access.py) and logic functions as the pages;
errors are {"error", "fields"}. The JSON shapes are in booths/api_json.py."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from booths import access, allocation, applications, booking, fees, floorplan, inventory
from booths import series_allocation as series_logic
from booths.api_json import (
    ACTION_BODY,
    APPLICATION,
    APPLY_BODY,
    ASSIGNMENT,
    BLOCK_BODY,
    BOOTH,
    REVIEW_BODY,
    RUN,
    application_dict,
    application_json,
    assignment_json,
    booth_json,
    list_of,
    run_json,
)
from booths.models import Booth, BoothApplication, BoothAssignment, RunKind
from ocopfair.api import read_json
from ocopfair.auth import EVENT_MANAGERS, MAX_ID, SIGNED_IN, api
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.models import User


async def list_booths(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    plan = await floorplan.plan(event.id, booking.now_utc())
    user = request.state.user
    return JSONResponse(
        {
            "items": [
                booth_json(b, access.may_see_exhibitor(user, b.exhibitor_id))
                for b in plan["booths"]
            ]
        }
    )


async def create_block(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    access.require_manage(request.state.user, event)
    data = await read_json(request)
    booths = await inventory.create_block(event, inventory.parse_block(data), request.state.user)
    return JSONResponse(
        {"created": len(booths), "codes": [b.code for b in booths]}, status_code=201
    )


async def hold(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    exhibitor = await access.exhibitor_of(request.state.user)
    held = await booking.hold_booth(
        event, request.path_params["booth_id"], exhibitor, request.state.user, today=local_today()
    )
    return JSONResponse(assignment_json(held), status_code=201)


async def list_assignments(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    query = access.only_visible(
        BoothAssignment.filter(active_booth__isnull=False, booth__event_id=event.id),
        request.state.user,
        event,
    )
    return JSONResponse({"items": [assignment_json(a) for a in await query.limit(5000)]})


async def _move_target(data: dict[str, Any]) -> Booth:
    booth_id = data.get("booth_id")
    target = (
        await Booth.get_or_none(id=booth_id)
        if isinstance(booth_id, int) and (0 < booth_id <= MAX_ID)
        else None
    )  # beyond the column: no such booth, not a 500
    if target is None:
        raise Invalid({"booth_id": _("Choose a booth from the list.")})
    return target


async def _change(
    assignment: BoothAssignment, action: str, data: dict[str, Any], user: User
) -> None:
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
        await booking.move(assignment, await _move_target(data), user, reason)
    else:
        raise HTTPException(404)


async def assignment_action(request: Request) -> Response:
    assignment = await access.load_assignment(request.path_params["assignment_id"])
    user = request.state.user
    action = request.path_params["action"]
    access.require_assignment_change(user, assignment, action)
    await _change(assignment, action, await read_json(request), user)
    await assignment.refresh_from_db()
    return JSONResponse(assignment_json(assignment))


async def list_applications(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    query = access.only_visible(
        BoothApplication.filter(event_id=event.id), request.state.user, event
    )
    rows = await query.order_by("created_at", "id").limit(5000)
    booths: dict[int, list[int]] = {}
    for row in await BoothAssignment.filter(
        application_id__in=[r.id for r in rows], active_booth__isnull=False
    ).values("application_id", "booth_id"):
        booths.setdefault(row["application_id"], []).append(row["booth_id"])
    return JSONResponse({"items": [application_dict(app, booths.get(app.id, [])) for app in rows]})


async def create_application(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    exhibitor = await access.exhibitor_of(request.state.user)
    data = await read_json(request)
    app = await applications.apply(event, exhibitor, data, request.state.user, today=local_today())
    return JSONResponse(await application_json(app), status_code=201)


async def get_application(request: Request) -> Response:
    app = await access.load_application(request.path_params["application_id"], request.state.user)
    return JSONResponse(await application_json(app))


async def review_application(request: Request) -> Response:
    app = await access.load_application(request.path_params["application_id"], request.state.user)
    data = await read_json(request)
    await applications.review(
        app, data.get("step"), str(data.get("reason") or ""), request.state.user
    )
    return JSONResponse(await application_json(app))


async def allocation_preview(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    access.require_manage(request.state.user, event)
    run = await allocation.preview(event, request.state.user)
    return JSONResponse(run_json(run), status_code=201)


async def series_preview(request: Request) -> Response:
    series, events = await access.load_series(request.path_params["series_id"])
    if not events:
        raise HTTPException(404)  # a series without weeks has nothing to allocate
    access.require_manage_series(request.state.user, events)
    run = await series_logic.preview_series(series, request.state.user)
    return JSONResponse(run_json(run), status_code=201)


async def get_run(request: Request) -> Response:
    return JSONResponse(
        run_json(await access.load_run(request.path_params["run_id"], request.state.user))
    )


async def commit_run(request: Request) -> Response:
    run = await access.load_run(request.path_params["run_id"], request.state.user)
    if run.kind == RunKind.SERIES:
        count = await series_logic.commit_series(run, request.state.user)
    else:
        count = await allocation.commit(run, request.state.user)
    await run.refresh_from_db()
    return JSONResponse({**run_json(run), "assigned": count})


TAG = {"tags": ["booths"]}

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
        access=EVENT_MANAGERS,
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
        access=access.EXHIBITOR,
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
        access=access.MANAGERS_OR_EXHIBITOR,
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
        access=access.EXHIBITOR,
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
        access=EVENT_MANAGERS,
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
        access=EVENT_MANAGERS,
        method="POST",
        name="api_allocation_preview",
        doc={**TAG, "summary": "Compute an allocation preview", "response": RUN},
    ),
    api(
        "/series/{series_id:int}/allocation/preview",
        series_preview,
        access=EVENT_MANAGERS,
        method="POST",
        name="api_series_allocation_preview",
        doc={**TAG, "summary": "Compute a whole-series allocation preview", "response": RUN},
    ),
    api(
        "/allocation/{run_id:int}",
        get_run,
        access=EVENT_MANAGERS,
        name="api_allocation_run",
        doc={**TAG, "summary": "A preview or committed allocation", "response": RUN},
    ),
    api(
        "/allocation/{run_id:int}/commit",
        commit_run,
        access=EVENT_MANAGERS,
        method="POST",
        name="api_allocation_commit",
        doc={**TAG, "summary": "Commit a preview (409 if stale)", "response": RUN},
    ),
]
