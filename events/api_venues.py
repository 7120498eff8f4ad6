"""The venues API: list (by kind or locality), read, add, change."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from events import venue_import
from events import venues as venue_logic
from events.access import require_venue_edit
from events.api_json import MAX_PAGE, venue_json
from events.listing import parse_filters
from events.loaders import venue_or_404
from events.models import Venue, VenueKind
from ocopfair.api import read_json
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _

E = TypeVar("E", bound=StrEnum)


def _choice(raw: str, name: str, enum_type: type[E]) -> E:
    try:
        return enum_type(raw)
    except ValueError:
        raise Invalid({name: _("Choose a value from the list.")}) from None


async def venues_list(request: Request) -> Response:
    query = Venue.all()
    params = request.query_params
    if params.get("kind"):
        query = query.filter(kind=_choice(params["kind"], "kind", VenueKind))
    if params.get("locality"):
        query = query.filter(locality_id=parse_filters(params, strict=True).locality)
    return JSONResponse({"items": [venue_json(v) for v in await query.limit(MAX_PAGE)]})


async def venue_read(request: Request) -> Response:
    return JSONResponse(venue_json(await venue_or_404(request.path_params["venue_id"])))


async def venue_create(request: Request) -> Response:
    venue = await venue_logic.create_venue(request.state.user, await read_json(request))
    return JSONResponse(venue_json(venue), status_code=201)


async def venues_import(request: Request) -> Response:
    """{"rows": [{"name", "address", "locality", "kind", "capacity"}...], "dry_run": bool}."""
    data = await read_json(request)
    rows = data.get("rows")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise Invalid({"rows": _("Send a list of rows.")})
    rows = [{**r, "_n": i} for i, r in enumerate(rows, start=1)]
    plan = await venue_import.plan_rows(request.state.user, rows)
    report = [
        {
            "row": r.number,
            "errors": r.errors,
            "action": "error" if r.errors else "skip" if r.skip else "add",
        }
        for r in plan.rows
    ]
    if plan.error_count:
        message = _("The list has %(n)s rows with errors; nothing was imported.") % {
            "n": plan.error_count
        }
        return JSONResponse(
            {"error": message, "fields": {"rows": message}, "rows": report}, status_code=422
        )
    if data.get("dry_run"):
        return JSONResponse({"added": 0, "rows": report})
    added = await venue_import.apply_rows(request.state.user, rows)
    return JSONResponse({"added": added, "rows": report}, status_code=201)


async def venue_update(request: Request) -> Response:
    venue = await venue_or_404(request.path_params["venue_id"])
    require_venue_edit(request.state.user, venue)
    data = await read_json(request)
    venue = await venue_logic.update_venue(request.state.user, venue, data, partial=True)
    return JSONResponse(venue_json(venue))
