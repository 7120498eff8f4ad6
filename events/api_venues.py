"""The venues API: list (by kind or locality), read, add, change."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

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


async def venue_update(request: Request) -> Response:
    venue = await venue_or_404(request.path_params["venue_id"])
    require_venue_edit(request.state.user, venue)
    data = await read_json(request)
    venue = await venue_logic.update_venue(request.state.user, venue, data, partial=True)
    return JSONResponse(venue_json(venue))
