"""The visitor's fair guide (public, no login, no script): the list of producers and each
producer's booth on the floor plan. Kept for offline use by the phone's service worker."""

from __future__ import annotations

import time
from typing import Any

from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from booths import guide
from booths.models import GuideOpen
from events.access import require_visible
from events.models import Event
from ocopfair.auth import ANYONE, page
from ocopfair.i18n import current_language
from ocopfair.models import Role, User
from ocopfair.offline import offline_shell
from ocopfair.templating import env, render


async def visible_event(request: Request) -> Event:
    """The event of the path with its venue, as the person asking may see it (404 otherwise)."""
    event = await Event.get_or_none(id=request.path_params["event_id"]).select_related("venue")
    if event is None:
        raise HTTPException(404)
    require_visible(request.state.user, event)
    return event


# The whole list of an event, rendered, per (event, language): it holds nothing of the visitor,
# and at 300 booths rendering it was most of the page's time. Kept LIST_SECONDS, so a booth
# given a minute ago may show a minute late; a search is always fresh.
LIST_SECONDS = 60.0
LIST_CACHE_SIZE = 64
_lists: dict[tuple[str, str], tuple[float, Markup, dict[str, Any]]] = {}


async def _listing(event: Event, query: str) -> tuple[Markup, dict[str, Any]]:
    # The event's iCalendar UID is random: a recreated id (tests, a restore) never hits.
    key = (event.ical_uid, current_language.get())
    event_id = event.id
    kept = _lists.get(key)
    if not query and kept and time.monotonic() - kept[0] < LIST_SECONDS:
        return kept[1], kept[2]
    data = await guide.guide(event_id, query)
    context = {"guide": data, "event_id": event_id}
    html = Markup(env.get_template("booths/_guide_list.html").render(context))
    if not query:
        if len(_lists) >= LIST_CACHE_SIZE:
            _lists.clear()
        _lists[key] = (time.monotonic(), html, data)
    return html, data


async def guide_page(request: Request) -> Response:
    event = await visible_event(request)
    listing, data = await _listing(event, request.query_params.get("q", ""))
    context = {"event": event, "guide": data, "listing": listing}
    response = render(request, "booths/guide.html", context)
    return response if data["query"] else offline_shell(response)


async def guide_producer(request: Request) -> Response:
    event = await visible_event(request)
    exhibitor_id = request.path_params["exhibitor_id"]
    entry = await guide.producer(event.id, exhibitor_id)
    if entry is None:
        raise HTTPException(404)
    await guide.count_open(event.id, exhibitor_id)
    context = {"event": event, "entry": entry, "exhibitor_id": exhibitor_id}
    return offline_shell(render(request, "booths/guide_producer.html", context))


async def opens_section(exhibitor: Any, user: User | None) -> dict[str, Any] | None:
    """The producer page's "looked up in the fair guide" counts, per event (one query)."""
    if user is None or user.role not in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL, Role.EXHIBITOR):
        return None
    rows = (
        await GuideOpen.filter(exhibitor_id=exhibitor.id)
        .order_by("-event__start_date")
        .values("event_id", "event__name", "event__start_date", "opens")
    )
    return {"opens": rows} if rows else None


routes = [
    page("/events/{event_id:int}/guide", guide_page, access=ANYONE, name="event_guide"),
    page(
        "/events/{event_id:int}/guide/{exhibitor_id:int}",
        guide_producer,
        access=ANYONE,
        name="event_guide_producer",
    ),
]
