"""The events calendar (month grid or the year's list) and the iCalendar files of events."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from events import feed_cache
from events.access import may_plan, may_read_internal, require_visible
from events.calendar import EventUrl, build_calendar, feed_calendar, feed_rows
from events.listing import Filters, by_month, filtered_events, month_grid, parse_filters
from events.loaders import event_or_404
from events.models import Event, EventKind, EventLevel, EventStatus
from events.page_forms import options
from ocopfair import province
from ocopfair.conditional import conditional
from ocopfair.errors import BadRequest, Invalid
from ocopfair.i18n import current_language, local_today
from ocopfair.i18n import gettext as _
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


ICS_TYPE = "text/calendar; charset=utf-8"


def _ics_headers(filename: str) -> dict[str, str]:
    # no-cache: a subscriber's calendar (or a proxy) keeps the file but asks again each time,
    # with If-None-Match, and gets 304 while nothing changed; a change shows at once.
    return {
        "Content-Disposition": f'inline; filename="{filename}"',
        "Cache-Control": "no-cache",
    }


@functools.lru_cache(maxsize=16)
def _feed_headers(title: str) -> dict[str, str]:
    """The feed's headers, its file named for the province (the same for every request)."""
    return _ics_headers(fold(title).replace(" ", "-") + ".ics")


async def event_ics(request: Request) -> Response:
    """One event's .ics, from this worker's cache while no event changed (events.feed_cache):
    the version query, then the visibility rule applied to the event the file was built from."""
    event_id = request.path_params["event_id"]

    async def build() -> tuple[bytes, Event]:
        event = await event_or_404(event_id, "venue", "locality", "series")
        body = build_calendar(
            [event], name=event.name, uid=f"event-{event.ical_uid}", event_url=_public_page_of()
        )
        return body, event

    key = ("event", event_id, current_language.get(), province.current().title)
    cached = await feed_cache.feed(key, build)
    event = cached.subject
    require_visible(request.state.user, event)
    return conditional(
        request,
        cached.body,
        etag=cached.etag,
        last_modified=event.updated_at,
        media_type=ICS_TYPE,
        headers=_ics_headers(f"event-{event.id}.ics"),
    )


@functools.lru_cache(maxsize=256)
def _parsed_feed_query(query: bytes) -> tuple[Filters, str] | frozenset[str]:
    """The feed's filters in a raw query string with their cache key, or the names of the
    filters whose values are not in the list. Remembered: subscribers' calendars come back
    with the same few addresses, and reading them again cost a tenth of a cached answer."""
    try:
        filters = parse_filters(QueryParams(query), strict=True)
    except Invalid as exc:
        return frozenset(exc.fields)
    filters.status = None
    return filters, filters.query_string()


def _feed_filters(request: Request) -> tuple[Filters, str]:
    """The feed's filters (never to be changed: they are shared) and their key; a value that is
    not one of the list is refused (400) rather than silently giving the whole feed to a
    subscriber who asked for a part of it."""
    parsed = _parsed_feed_query(request.scope["query_string"])
    if isinstance(parsed, tuple):
        return parsed
    names = ", ".join(sorted(parsed))
    raise BadRequest(
        {name: _("This value is not one the feed knows.") for name in parsed},
        message=_(
            "The calendar address has a filter value the feed does not know (%(names)s). "
            "Copy the feed's address again from the events calendar."
        )
        % {"names": names},
    )


async def feed_ics(request: Request) -> Response:
    """The subscribable feed of public events (query: kind, level, locality, year...), from
    this worker's cache while no event changed (events.feed_cache)."""
    filters, query = _feed_filters(request)
    title = province.current().title

    async def build() -> tuple[bytes, None]:
        rows = await feed_rows(filters)
        body = feed_calendar(
            rows,
            name=_("%(title)s fairs") % {"title": title},
            uid="ocopfair-public-feed",
            event_url=_public_page_of(),
        )
        return body, None

    key = ("feed", query, current_language.get(), title)
    feed = await feed_cache.feed(key, build)
    return conditional(
        request,
        feed.body,
        etag=feed.etag,
        last_modified=feed.version.changed,
        media_type=ICS_TYPE,
        headers=_feed_headers(title),
    )
