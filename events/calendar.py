"""iCalendar files: one event, or the subscribable feed of public events.

How dates are written, so that every common client shows the fair the way it runs:
- with daily opening hours, one VEVENT whose DTSTART/DTEND are the first day's opening and
  closing times (Asia/Ho_Chi_Minh, with its VTIMEZONE) and, for several days, an
  RRULE:FREQ=DAILY;COUNT=<days>, so a 7-day fair open 08:00-21:00 shows as seven blocks of
  08:00-21:00, not as one week-long block;
- without opening hours, an all-day event: DTSTART and DTEND are dates, DTEND the day after
  the last day (iCalendar's end is exclusive).
The UID never changes; SEQUENCE is the event's edit counter and LAST-MODIFIED/DTSTAMP its last
change, so the same data always gives the same file and clients see every update. Cancelled
events stay in the feed with STATUS:CANCELLED, so subscribers' copies disappear or show struck.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

import icalendar
from icalendar.enums import STATUS

from events import ical_text
from events.listing import FILTER_NAMES, Filters, filtered_events
from events.models import Event, EventKind, EventStatus
from ocopfair import province, sql
from ocopfair.i18n import LOCAL_TZ, current_language
from ocopfair.templating import label
from ocopfair.text import without_marks
from ocopfair.urls import absolute_url


def prodid() -> str:
    """-//OCOP Lang Son//ocopfair//VI: the province's name, in ASCII as PRODIDs usually are."""
    return f"-//{without_marks(province.current().title)}//ocopfair//VI"


ICAL_STATUS = {EventStatus.CANCELLED: STATUS.CANCELLED, EventStatus.DRAFT: STATUS.TENTATIVE}
# The address of an event's page, as a subscriber's calendar links to it (built by the route).
EventUrl = Callable[[Event], str]


def _location(event: Event) -> str:
    venue = event.venue
    return ", ".join(part for part in (venue.name, venue.address) if part)


def _changed_at(event: Event) -> dt.datetime:
    value = event.updated_at or event.created_at or dt.datetime.now(dt.UTC)
    return value.astimezone(dt.UTC)


def _times(event: Event) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime]:
    """The first day's opening hours, or the whole days (the end is exclusive)."""
    if event.opens_at and event.closes_at:
        return (
            dt.datetime.combine(event.start_date, event.opens_at, tzinfo=LOCAL_TZ),
            dt.datetime.combine(event.start_date, event.closes_at, tzinfo=LOCAL_TZ),
        )
    return event.start_date, event.end_date + dt.timedelta(days=1)


def event_component(event: Event, event_url: EventUrl) -> icalendar.Event:
    days = (event.end_date - event.start_date).days + 1
    start, end = _times(event)
    changed = _changed_at(event)
    component = icalendar.Event.new(
        uid=event.ical_uid,
        start=start,
        end=end,
        summary=event.name,
        sequence=event.sequence,
        last_modified=changed,
        stamp=changed,
        location=_location(event),
        url=event_url(event),
        description=event.description or None,
        categories=[label(event.kind)],
        status=ICAL_STATUS.get(EventStatus(event.status), STATUS.CONFIRMED),
    )
    if days > 1 and isinstance(start, dt.datetime):
        component.add("rrule", {"freq": "daily", "count": days})
    return component


# Asia/Ho_Chi_Minh has kept +07:00 without daylight saving since 13/06/1975, so one VTIMEZONE
# with a single STANDARD block from 1976 is exact for every event the app can hold (its years
# are 2000-2100). icalendar derives it from the tz database (Timezone.from_tzinfo), which cost
# 62 % of a feed's CPU when it ran on every request: it is built once per process instead.
TIMEZONE_FROM, TIMEZONE_TO = dt.date(1976, 1, 1), dt.date(2101, 1, 1)


@functools.cache
def local_timezone() -> icalendar.Timezone:
    """The VTIMEZONE of the app's clock, built on first use and shared by every calendar."""
    return icalendar.Timezone.from_tzinfo(LOCAL_TZ, first_date=TIMEZONE_FROM, last_date=TIMEZONE_TO)


FEED_FIELDS = (
    "id", "name", "kind", "start_date", "end_date", "opens_at", "closes_at", "description",
    "status", "ical_uid", "sequence", "updated_at", "created_at",
)  # fmt: skip
FEED_COLUMNS = (*FEED_FIELDS, "venue_name", "venue_address")  # a feed row's values, in order
FeedRow = tuple[Any, ...]


async def feed_rows(filters: Filters) -> list[FeedRow]:
    """The feed's events: the calendar page's query (one place for who sees what), only the
    columns a VEVENT writes with the venue's name and address joined, as the database gives
    them (FEED_COLUMNS). No model object, and no value converted by the ORM: for 300 events
    that cost more than writing their text."""
    values = tuple(getattr(filters, name) for name in FILTER_NAMES)
    return await sql.raw_rows(*_feed_statement(sql.connection().capabilities.dialect, values))


@functools.lru_cache(maxsize=128)
def _feed_statement(dialect: str, values: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """The feed query's SQL for these filter values, built once per database kind."""
    filters = Filters(**dict(zip(FILTER_NAMES, values, strict=True)))
    return sql.statement_of(
        filtered_events(filters, internal=False).values(
            *FEED_FIELDS, venue_name="venue__name", venue_address="venue__address"
        )
    )


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _clock(value: Any) -> dt.time | None:
    if value is None or isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(value)


def _event_of(row: FeedRow) -> SimpleNamespace:
    """A feed row as the event vevent_text reads (the same values the ORM would give)."""
    # fmt: off
    (id_, name, kind, start, end, opens, closes, description, status, uid, sequence, updated,
     created, venue_name, venue_address) = row  # FEED_COLUMNS
    # fmt: on
    return SimpleNamespace(
        id=id_,
        name=name,
        kind=EventKind(kind),
        start_date=_day(start),
        end_date=_day(end),
        opens_at=_clock(opens),
        closes_at=_clock(closes),
        description=description,
        status=EventStatus(status),
        ical_uid=uid,
        sequence=sequence,
        updated_at=sql.moment(updated),
        created_at=sql.moment(created),
        venue=SimpleNamespace(name=venue_name, address=venue_address),
    )


# Each event's VEVENT text, kept by this process under everything it is written from: the
# row (so any change of the event or of its venue's name makes another key), the language
# (the category's label) and the site's address (the event's link). A feed rebuilt after one
# event changed writes that one again and reuses the others. Entries are never wrong, only
# unused; the whole dict is dropped when it is full.
VEVENT_CACHE_SIZE = 8192
_vevents: dict[tuple[Any, ...], str] = {}


def clear_vevents() -> None:
    _vevents.clear()


_OPENS_AT, _CLOSES_AT = FEED_COLUMNS.index("opens_at"), FEED_COLUMNS.index("closes_at")


def feed_calendar(rows: list[FeedRow], *, name: str, uid: str, event_url: EventUrl) -> bytes:
    """The feed's VCALENDAR from feed_rows: the same bytes as build_calendar gives for those
    events as models. `event_url` must depend on the event's id and the site's address only."""
    context = (current_language.get(), absolute_url("/"))
    if len(_vevents) > VEVENT_CACHE_SIZE:
        _vevents.clear()
    texts = []
    for row in rows:
        key = (row, context)
        text = _vevents.get(key)
        if text is None:
            text = _vevents[key] = vevent_text(_event_of(row), event_url)  # type: ignore[arg-type]
        texts.append(text)
    with_timezone = any(row[_OPENS_AT] and row[_CLOSES_AT] for row in rows)
    head, tail = _wrapper(prodid(), name, uid, with_timezone)
    return head + "".join(texts).encode() + tail


def vevent_text(event: Event, event_url: EventUrl) -> str:
    """The same VEVENT as event_component, written directly (events.ical_text): the feed's
    hot path."""
    days = (event.end_date - event.start_date).days + 1
    start, end = _times(event)
    return ical_text.vevent(
        uid=event.ical_uid,
        start=start,
        end=end,
        summary=event.name,
        sequence=event.sequence,
        changed=_changed_at(event),
        location=_location(event),
        url=event_url(event),
        description=event.description or "",
        category=label(event.kind),
        status=str(ICAL_STATUS.get(EventStatus(event.status), STATUS.CONFIRMED)),
        daily_count=days if days > 1 and isinstance(start, dt.datetime) else None,
    )


@functools.lru_cache(maxsize=256)
def _wrapper(prodid_text: str, name: str, uid: str, with_timezone: bool) -> tuple[bytes, bytes]:
    """The VCALENDAR's lines before and after its events (with the VTIMEZONE when asked)."""
    calendar = icalendar.Calendar.new(prodid=prodid_text, name=name, uid=uid)
    calendar.add("x-wr-timezone", str(LOCAL_TZ))
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    if with_timezone:
        calendar.add_component(local_timezone())
    text = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert text.endswith(end)
    return text[: -len(end)], end


def build_calendar(events: Iterable[Event], *, name: str, uid: str, event_url: EventUrl) -> bytes:
    """A VCALENDAR with the (process-wide) VTIMEZONE of the local clock when an event has
    opening hours; all-day events need none."""
    events = list(events)
    with_timezone = any(e.opens_at and e.closes_at for e in events)
    head, tail = _wrapper(prodid(), name, uid, with_timezone)
    body = "".join(vevent_text(event, event_url) for event in events)
    return head + body.encode() + tail
