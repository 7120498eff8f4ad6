"""Finding events: the filters shared by the calendar page, the .ics feed and the API.

Each listing is one query (venue and locality joined), however many events match, and the
month grid is laid out in Python from that one result.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tortoise.queryset import QuerySet

from events.models import Event, EventKind, EventLevel, EventStatus
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _

FILTER_NAMES = ("kind", "level", "locality", "status", "year", "month", "venue", "series")


@dataclass
class Filters:
    kind: EventKind | None = None
    level: EventLevel | None = None
    locality: int | None = None
    status: EventStatus | None = None
    year: int | None = None
    month: int | None = None
    venue: int | None = None
    series: int | None = None

    def query_string(self, **override: Any) -> str:
        from urllib.parse import urlencode

        values = {**{n: getattr(self, n) for n in FILTER_NAMES}, **override}
        return urlencode({k: str(v) for k, v in values.items() if v not in (None, "")})


def _number(raw: str, name: str, low: int, high: int) -> int:
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise Invalid({name: _("Choose a value from the list.")})
    return int(raw)


def parse_filters(params: Mapping[str, Any], *, strict: bool = False) -> Filters:
    """Query parameters -> Filters. Pages ignore a bad value (strict=False); the API refuses."""
    filters = Filters()
    readers = {
        "kind": lambda raw: EventKind(raw),
        "level": lambda raw: EventLevel(raw),
        "status": lambda raw: EventStatus(raw),
        "locality": lambda raw: _number(raw, "locality", 1, 2**31 - 1),
        "venue": lambda raw: _number(raw, "venue", 1, 2**31 - 1),
        "series": lambda raw: _number(raw, "series", 1, 2**31 - 1),
        "year": lambda raw: _number(raw, "year", 2000, 2100),
        "month": lambda raw: _number(raw, "month", 1, 12),
    }
    errors: dict[str, str] = {}
    for name, read in readers.items():
        raw = str(params.get(name) or "").strip()
        if not raw:
            continue
        try:
            setattr(filters, name, read(raw))
        except (ValueError, Invalid):
            errors[name] = _("Choose a value from the list.")
    if errors and strict:
        raise Invalid(errors)
    return filters


def visible_events(*, internal: bool) -> QuerySet[Event]:
    """All events for planners and officials; public, published ones for everybody else."""
    query = Event.all()
    if not internal:
        query = query.filter(is_public=True).exclude(status=EventStatus.DRAFT)
    return query


def with_common_filters(query: QuerySet, filters: Filters) -> QuerySet:
    """Kind, level, locality and venue: the filters events and series share."""
    if filters.kind:
        query = query.filter(kind=filters.kind)
    if filters.level:
        query = query.filter(level=filters.level)
    if filters.locality:
        query = query.filter(locality_id=filters.locality)
    if filters.venue:
        query = query.filter(venue_id=filters.venue)
    return query


def filtered_events(filters: Filters, *, internal: bool) -> QuerySet[Event]:
    query = with_common_filters(
        visible_events(internal=internal).select_related("venue", "locality"), filters
    )
    if filters.status:
        query = query.filter(status=filters.status)
    if filters.series:
        query = query.filter(series_id=filters.series)
    if filters.year:
        first, last = dt.date(filters.year, 1, 1), dt.date(filters.year, 12, 31)
        if filters.month:
            first = dt.date(filters.year, filters.month, 1)
            last = dt.date(
                filters.year, filters.month, calendar.monthrange(filters.year, filters.month)[1]
            )
        query = query.filter(start_date__lte=last, end_date__gte=first)
    return query.order_by("start_date", "id")


@dataclass
class Day:
    date: dt.date
    in_month: bool
    events: list[Event]


def month_grid(year: int, month: int, events: list[Event]) -> list[list[Day]]:
    """Weeks (Monday first, as Vietnamese calendars are printed) of days with their events."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [
        [
            Day(day, day.month == month, [e for e in events if e.start_date <= day <= e.end_date])
            for day in week
        ]
        for week in weeks
    ]


def by_month(events: list[Event]) -> list[tuple[dt.date, list[Event]]]:
    """The list view: events grouped under the month they start in."""
    groups: dict[dt.date, list[Event]] = {}
    for event in events:
        groups.setdefault(event.start_date.replace(day=1), []).append(event)
    return list(groups.items())
