"""The events calendar (month grid or the year's list) and the iCalendar files of events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from events.access import may_plan, may_read_internal, require_visible
from events.calendar import EventUrl, build_calendar
from events.listing import Filters, by_month, filtered_events, month_grid, parse_filters
from events.loaders import event_or_404
from events.models import Event, EventKind, EventLevel, EventStatus
from events.page_forms import options
from ocopfair import province
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.models import Locality
from ocopfair.templating import render
from ocopfair.text import fold
from ocopfair.urls import absolute_url


def _month_context(filters: Filters, events: list[Event]) -> dict[str, Any]:
    first = dt.date(filters.year or local_today().year, filters.month or 1, 1)
    return {
        "weeks": month_grid(first.year, first.month, events),
        "first": first,
        "previous": (first - dt.timedelta(days=1)).replace(day=1),
        "following": (first + dt.timedelta(days=32)).replace(day=1),
    }


async def calendar_page(request: Request) -> Response:
    user = request.state.user
    internal = may_read_internal(user)
    filters = parse_filters(request.query_params)
    view = "list" if request.query_params.get("view") == "list" else "month"
    today = local_today()
    filters.year = filters.year or today.year
    filters.month = (filters.month or today.month) if view == "month" else None
    if not internal and filters.status == EventStatus.DRAFT:
        filters.status = None
    events = await filtered_events(filters, internal=internal)
    context: dict[str, Any] = {
        "events": events,
        "filters": filters,
        "view": view,
        "internal": internal,
        "may_plan": may_plan(user),
        "today": today,
        "localities": await Locality.all().values_list("id", "name"),
        "kinds": options(EventKind),
        "levels": options(EventLevel),
        "statuses": [s for s in options(EventStatus) if internal or s[0] != "draft"],
        "years": list(range(today.year - 8, today.year + 3)),
        "months": list(range(1, 13)),
    }
    if view == "month":
        context.update(_month_context(filters, events))
    else:
        context["groups"] = by_month(events)
    return render(request, "events/calendar.html", context, fragment="results")


def _public_page_of() -> EventUrl:
    """Where a subscriber's calendar links each event: its public page on this site."""
    return lambda event: absolute_url("event_public", event_id=event.id)


def _ics(body: bytes, filename: str) -> Response:
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "max-age=300",
        },
    )


async def event_ics(request: Request) -> Response:
    event = await event_or_404(request.path_params["event_id"], "venue", "locality", "series")
    require_visible(request.state.user, event)
    body = build_calendar(
        [event],
        name=event.name,
        uid=f"event-{event.ical_uid}",
        event_url=_public_page_of(),
    )
    return _ics(body, f"event-{event.id}.ics")


async def feed_ics(request: Request) -> Response:
    """The subscribable feed of public events (query: kind, level, locality, year)."""
    filters = parse_filters(request.query_params)
    filters.status = None
    events = await filtered_events(filters, internal=False)
    body = build_calendar(
        events,
        name=_("%(title)s fairs") % {"title": province.current().title},
        uid="ocopfair-public-feed",
        event_url=_public_page_of(),
    )
    return _ics(body, fold(province.current().title).replace(" ", "-") + ".ics")
