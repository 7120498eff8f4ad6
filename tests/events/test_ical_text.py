"""The directly written VEVENTs (events.ical_text) are byte for byte what icalendar writes."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import icalendar
import pytest

from events.calendar import LOCAL_TZ, build_calendar, event_component, local_timezone, prodid
from events.models import EventKind, EventStatus

URL = "http://127.0.0.1:8000/events/{}/public"
NAMES = [
    "Hội chợ OCOP",
    'Hội chợ OCOP, 2031; "lớn"\nxuân \\ và \\N và \r\n và \r',
    "ệ" * 80,
    "a" * 73 + "\\;" + "b" * 100,
    "Gian hàng 🍵 trà Shan tuyết " * 6,
    "x" * 74 + ",",
]


def _event(i: int, name: str, hours: bool, days: int) -> SimpleNamespace:
    venue = SimpleNamespace(name=f"Địa điểm; số {i}, {name[:30]}", address="" if i % 2 else name)
    return SimpleNamespace(
        id=i,
        name=name,
        kind=list(EventKind)[i % 4],
        venue=venue,
        start_date=dt.date(2031, 3, 3),
        end_date=dt.date(2031, 3, 2 + days),
        opens_at=dt.time(8, 30) if hours else None,
        closes_at=dt.time(21) if hours else None,
        description=name if i % 3 else "",
        status=list(EventStatus)[i % len(EventStatus)],
        ical_uid=f"{i}-uid@ocopfair",
        sequence=i,
        updated_at=dt.datetime(2030, 5, 6, 7, 8, 9, 123456, tzinfo=dt.UTC) if i % 2 else None,
        created_at=dt.datetime(2030, 1, 1, 23, tzinfo=dt.timezone(dt.timedelta(hours=7))),
    )


def _by_icalendar(events: list, name: str) -> bytes:
    """How events.calendar wrote a calendar before: every property through icalendar."""
    calendar = icalendar.Calendar.new(prodid=prodid(), name=name, uid="feed")
    calendar.add("x-wr-timezone", str(LOCAL_TZ))
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    if any(e.opens_at for e in events):
        calendar.add_component(local_timezone())
    for event in events:
        calendar.add_component(event_component(event, lambda e: URL.format(e.id)))
    return calendar.to_ical()


@pytest.mark.parametrize("hours", [True, False])
def test_every_kind_of_event_is_written_exactly_as_icalendar_writes_it(hours):
    events = [_event(i, name, hours, days) for i, name in enumerate(NAMES) for days in (1, 7)]
    ours = build_calendar(
        events, name="Hội chợ, OCOP", uid="feed", event_url=lambda e: URL.format(e.id)
    )
    assert ours == _by_icalendar(events, "Hội chợ, OCOP")
    assert ours.count(b"BEGIN:VEVENT") == len(events)
    assert all(len(line) <= 75 for line in ours.split(b"\r\n"))


def test_an_empty_feed_is_a_calendar_without_events():
    assert build_calendar([], name="OCOP", uid="feed", event_url=str) == _by_icalendar([], "OCOP")
