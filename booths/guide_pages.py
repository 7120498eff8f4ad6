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


class Kept:
    """Rendered parts of the guide that hold nothing of the visitor, kept `seconds` per key in
    this worker's memory (another worker keeps its own: nothing is shared or needed across).
    Keys start with the event's iCalendar UID, which is random: a recreated id (tests, a
    restore) never hits."""

    def __init__(self, seconds: float, size: int = 64) -> None:
        self.seconds, self.size = seconds, size
        self._kept: dict[tuple[str, ...], tuple[float, Any]] = {}

    def get(self, key: tuple[str, ...]) -> Any | None:
        kept = self._kept.get(key)
        if kept and time.monotonic() - kept[0] < self.seconds:
            return kept[1]
        return None

    def put(self, key: tuple[str, ...], value: Any) -> None:
        if len(self._kept) >= self.size:
            self._kept.clear()
        self._kept[key] = (time.monotonic(), value)


# The whole list of an event, rendered, per (event, language): at 300 booths rendering it was
# most of the page's time. Kept a minute, so a booth given a minute ago may show a minute late;
# a search is always fresh.
LIST_SECONDS = 60.0
_lists = Kept(LIST_SECONDS)
# The event's floor plan without highlight, drawn once a minute per event (no words in it, so
# one for every language): at 300 booths reading and drawing every booth was most of a
# producer page's time. Each producer's own booths are read fresh and laid over it.
PLAN_SECONDS = 60.0
_plans = Kept(PLAN_SECONDS)


async def _listing(event: Event, query: str) -> tuple[Markup, dict[str, Any]]:
    key = (event.ical_uid, current_language.get())
    kept = None if query else _lists.get(key)
    if kept is not None:
        return kept
    data = await guide.guide(event.id, query)
    context = {"guide": data, "event_id": event.id}
    html = Markup(env.get_template("booths/_guide_list.html").render(context))
    if not query:
        _lists.put(key, (html, data))
    return html, data


async def _plan(event: Event) -> dict[str, Any]:
    """{"rects": the plan's booths as SVG markup, "width", "height"}."""
    kept = _plans.get((event.ical_uid,))
    if kept is None:
        data = await guide.plan(event.id)
        rects = env.get_template("booths/_guide_plan.html").render(data)
        kept = {"rects": Markup(rects), "width": data["width"], "height": data["height"]}
        _plans.put((event.ical_uid,), kept)
    return kept


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
    plan = await _plan(event)
    context = {
        "event": event,
        "entry": entry,
        "exhibitor_id": exhibitor_id,
        "plan": plan,
        "width": max(plan["width"], entry["width"]),
        "height": max(plan["height"], entry["height"]),
    }
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
