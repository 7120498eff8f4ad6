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
from events.listing import Filters, filtered_events
from events.models import Event, EventStatus
from ocopfair import province
from ocopfair.i18n import LOCAL_TZ
from ocopfair.templating import label
from ocopfair.text import without_marks


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


async def feed_rows(filters: Filters) -> list[Any]:
    """The feed's events as plain rows with what a VEVENT shows (venue name and address): the
    same query as the calendar page's, without building a model object per event and venue,
    which cost the 300-event feed more than its text."""
    rows = await filtered_events(filters, internal=False).values(
        *FEED_FIELDS, venue_name="venue__name", venue_address="venue__address"
    )
    return [
        SimpleNamespace(
            **{k: v for k, v in row.items() if not k.startswith("venue_")},
            venue=SimpleNamespace(name=row["venue_name"], address=row["venue_address"]),
        )
        for row in rows
    ]


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
