"""Sheets printed for an event's producers: a placard for each booth holder's table, and
their badges."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from booths import exhibits
from events.models import Event
from exhibitors import placards
from exhibitors.placards import Exhibit
from ocopfair.auth import STAFF, page
from ocopfair.templating import render


async def _exhibits(request: Request) -> tuple[Event, list[Exhibit]]:
    """The event and its booth holders, each with the QR code of its products' page."""
    event, found = await exhibits.event_exhibits(request.path_params["event_id"])
    if event is None:
        raise HTTPException(404)
    placards.with_codes(found)
    return event, found


async def placards_page(request: Request) -> Response:
    event, found = await _exhibits(request)
    return render(request, "booths/placards.html", {"event": event, "exhibits": found})


async def badges_page(request: Request) -> Response:
    event, found = await _exhibits(request)
    return render(request, "exhibitors/badges.html", {"event": event, "exhibits": found})


routes = [
    page("/events/{event_id:int}/placards", placards_page, access=STAFF, name="event_placards"),
    page("/events/{event_id:int}/badges", badges_page, access=STAFF, name="event_badges"),
]
