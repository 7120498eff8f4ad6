"""The series API: list, read with its events, create, change every open occurrence, status."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from events.access import require_series_edit
from events.api_json import MAX_PAGE, answer_clashes, series_json
from events.listing import parse_filters, with_common_filters
from events.loaders import occurrences, series_or_404
from events.models import EventSeries
from events.series import change_series_status, create_series, update_series
from ocopfair.api import read_json
from ocopfair.i18n import local_today


async def _editable_series(request: Request) -> EventSeries:
    """The series, if the caller may edit its events (a local office only its own)."""
    series = await series_or_404(request.path_params["series_id"])
    require_series_edit(request.state.user, await occurrences(series))
    return series


async def series_list(request: Request) -> Response:
    filters = parse_filters(request.query_params, strict=True)
    query = with_common_filters(EventSeries.all(), filters)
    rows = await query.order_by("id").limit(MAX_PAGE)
    return JSONResponse({"items": [series_json(s) for s in rows]})


async def series_read(request: Request) -> Response:
    series = await series_or_404(request.path_params["series_id"])
    return JSONResponse(series_json(series, await occurrences(series)))


async def series_create(request: Request) -> Response:
    data = {"is_public": True, **await read_json(request)}

    async def work() -> Response:
        saved = await create_series(request.state.user, data, today=local_today())
        series = await EventSeries.get(id=saved.event.series_id)
        body = {**series_json(series, saved.events), "warnings": saved.warnings}
        return JSONResponse(body, status_code=201)

    return await answer_clashes(work)


async def series_update(request: Request) -> Response:
    series = await _editable_series(request)
    user = request.state.user
    data = await read_json(request)

    async def work() -> Response:
        saved = await update_series(user, series, data, today=local_today())
        refreshed = await occurrences(series)
        return JSONResponse({**series_json(series, refreshed), "warnings": saved.warnings})

    return await answer_clashes(work)


async def series_status(request: Request) -> Response:
    series = await _editable_series(request)
    user = request.state.user
    data = await read_json(request)
    changed, skipped = await change_series_status(
        user,
        series,
        str(data.get("status", "")),
        today=local_today(),
        reason=str(data.get("reason") or "")[:1000],
    )
    return JSONResponse(
        {"changed_ids": [e.id for e in changed], "skipped_ids": [e.id for e in skipped]}
    )
