"""Sheets printed for an event: a placard for each booth holder's table, their badges, and the
placard for the gates whose QR code opens the visitor's fair guide."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from booths import exhibits, guide_pages
from events.models import Event
from exhibitors import placards
from exhibitors.placards import Exhibit
from exhibitors.qrcodes import qr_svg
from ocopfair.auth import STAFF, page
from ocopfair.templating import render
from ocopfair.urls import absolute_url


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


async def guide_placard_page(request: Request) -> Response:
    """An A4 sheet for the gates: a QR code a visitor scans to open the fair guide on a phone."""
    event = await guide_pages.visible_event(request)
    link = absolute_url("event_guide", event_id=event.id)
    context = {"event": event, "link": link, "qr": qr_svg(link, event.name)}
    return render(request, "booths/guide_placard.html", context)


routes = [
    page("/events/{event_id:int}/placards", placards_page, access=STAFF, name="event_placards"),
    page("/events/{event_id:int}/badges", badges_page, access=STAFF, name="event_badges"),
    page(
        "/events/{event_id:int}/guide-placard",
        guide_placard_page,
        access=STAFF,
        name="event_guide_placard",
    ),
]
