"""The events API: list (with the calendar's filters), read, create, change, change status."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from events.access import may_read_internal, require_event_edit, require_visible
from events.api_json import MAX_PAGE, answer_clashes, event_json, saved_json
from events.editing import create_event, update_event
from events.lifecycle import change_status
from events.listing import filtered_events, parse_filters
from events.loaders import event_or_404
from ocopfair.api import read_json
from ocopfair.i18n import local_today


async def events_list(request: Request) -> Response:
    filters = parse_filters(request.query_params, strict=True)
    internal = may_read_internal(request.state.user)
    events = await filtered_events(filters, internal=internal).limit(MAX_PAGE)
    return JSONResponse({"items": [event_json(e) for e in events]})


async def event_read(request: Request) -> Response:
    event = await event_or_404(request.path_params["event_id"])
    require_visible(request.state.user, event)
    return JSONResponse(event_json(event))


async def event_create(request: Request) -> Response:
    data = {"is_public": True, **await read_json(request)}

    async def work() -> Response:
        return saved_json(await create_event(request.state.user, data, today=local_today()), 201)

    return await answer_clashes(work)


async def event_update(request: Request) -> Response:
    event = await event_or_404(request.path_params["event_id"])
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

    return await answer_clashes(work)


async def event_status(request: Request) -> Response:
    event = await event_or_404(request.path_params["event_id"])
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
