"""The calendar feeds' validators (ETag, Last-Modified, 304), the feed cache shared by nobody
(each worker its own) yet never late, and the feed's refusal of filter values it does not know."""

from __future__ import annotations

import datetime as dt

import httpx2 as httpx
import pytest

from events.feed_cache import current_version
from events.lifecycle import change_status
from events.models import Event, EventStatus
from events.venues import update_venue
from tests.events.test_ical import by_uid, parse
from tests.factories import make_event
from tests.live_server import start_server, stop_server
from tests.queries import count_queries


async def test_an_unchanged_feed_answers_304_to_its_etag_and_its_date(client, world):
    event = await make_event(
        venue=world["bigc"], start=dt.date(2031, 3, 3), opens_at=dt.time(8), closes_at=dt.time(21)
    )
    first = await client.get("/calendar.ics")
    assert first.status_code == 200
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('"') and event.ical_uid in first.text
    again = await client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert (
        await client.get("/calendar.ics", headers={"If-None-Match": f'"x", W/{etag}'})
    ).status_code == 304
    dated = await client.get("/calendar.ics", headers={"If-Modified-Since": modified})
    assert dated.status_code == 304
    older = await client.get(
        "/calendar.ics", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    )
    assert older.status_code == 200 and event.ical_uid in older.text
    other = await client.get("/calendar.ics", headers={"If-None-Match": '"not-this-one"'})
    assert other.status_code == 200 and other.headers["etag"] == etag


async def test_a_cached_feed_costs_one_query(client, world):
    await make_event(venue=world["bigc"], start=dt.date(2031, 3, 3))
    await client.get("/calendar.ics")
    with count_queries() as counter:
        response = await client.get("/calendar.ics")
    assert response.status_code == 200
    assert counter.count == 1, counter.queries


@pytest.mark.parametrize(
    "headers",
    [
        {"If-None-Match": "no-quotes"},
        {"If-None-Match": '"unterminated'},
        {"If-None-Match": ""},
        {"If-Modified-Since": "yesterday"},
        {"If-Modified-Since": "Mon, 99 Foo 2031 25:61:00 GMT"},
        {"If-Modified-Since": ""},
    ],
)
async def test_malformed_conditional_headers_are_ignored(client, world, headers):
    event = await make_event(venue=world["bigc"], start=dt.date(2031, 3, 3))
    for path in ("/calendar.ics", f"/events/{event.id}/calendar.ics"):
        response = await client.get(path, headers=headers)
        assert response.status_code == 200, (path, headers)
        assert event.ical_uid in response.text


async def test_one_events_file_has_validators_and_a_change_gives_a_new_file(client, world):
    event = await make_event(venue=world["bigc"], start=dt.date(2031, 3, 3))
    path = f"/events/{event.id}/calendar.ics"
    first = await client.get(path)
    etag = first.headers["etag"]
    assert "last-modified" in first.headers
    assert (await client.get(path, headers={"If-None-Match": etag})).status_code == 304
    await change_status(event, EventStatus.CANCELLED, world["organizer"], today=dt.date.today())
    changed = await client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "STATUS:CANCELLED" in changed.text


@pytest.mark.parametrize(
    "query", ["kind=fair-of-nowhere", "level=galactic", "locality=abc", "year=1850", "month=13"]
)
async def test_an_unknown_filter_value_is_refused_with_a_sentence(client, world, query):
    await make_event(venue=world["bigc"], start=dt.date(2031, 3, 3))
    response = await client.get(f"/calendar.ics?{query}")
    assert response.status_code == 400
    assert "BEGIN:VCALENDAR" not in response.text
    assert "Địa chỉ lịch có giá trị bộ lọc" in response.text  # Vietnamese, by default


async def test_a_venue_renamed_changes_the_version_and_the_feed(client, world):
    event = await make_event(venue=world["bigc"], start=dt.date(2031, 3, 3))
    before = await current_version()
    first = await client.get("/calendar.ics")
    assert "Big C" in first.text
    await update_venue(
        world["organizer"],
        world["bigc"],
        {"name": "Siêu thị Hạ Long mới", "kind": "supermarket"},
        partial=True,
    )
    assert await current_version() != before
    second = await client.get("/calendar.ics", headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 200
    [component] = parse(second.text)
    assert component.location.value.startswith("Siêu thị Hạ Long mới")
    assert (await Event.get(id=event.id)).sequence == 1


def _feed(server, etag: str | None = None) -> httpx.Response:
    headers = {"If-None-Match": etag} if etag else {}
    return httpx.get(server.url + "/calendar.ics", headers=headers, timeout=10)


async def test_two_app_instances_never_serve_a_cancelled_or_changed_event_late(live_server, world):
    """Two servers (two processes, two caches) on one database: a change made anywhere shows
    on the next request to either, even to a client holding the old ETag."""
    from events.editing import update_event

    event = await make_event(
        venue=world["bigc"],
        name="Hội chợ xuân",
        start=dt.date(2031, 3, 3),
        opens_at=dt.time(8),
        closes_at=dt.time(21),
    )
    other = start_server(live_server.env["DATABASE_URL"])
    try:
        # (Each server links events with its own address, so each has its own ETag.)
        servers = (live_server, other)
        warm = [_feed(s) for s in servers]  # both caches hold the feed now
        assert all("Hội chợ xuân" in r.text for r in warm)
        etags = [r.headers["etag"] for r in warm]
        assert [_feed(s, e).status_code for s, e in zip(servers, etags, strict=True)] == [304, 304]
        await change_status(event, EventStatus.CANCELLED, world["organizer"], today=dt.date.today())
        for server, etag in zip(servers, etags, strict=True):
            response = _feed(server, etag)
            assert response.status_code == 200
            assert by_uid(parse(response.text))[event.ical_uid].status.value == "CANCELLED"
        etags = [_feed(s).headers["etag"] for s in servers]
        assert [_feed(s, e).status_code for s, e in zip(servers, etags, strict=True)] == [304, 304]
        event = await Event.get(id=event.id)
        await update_event(
            world["organizer"], event, {"name": "Hội chợ hè"}, today=dt.date.today(), partial=True
        )
        for server, etag in zip(servers, etags, strict=True):
            response = _feed(server, etag)
            assert response.status_code == 200
            assert by_uid(parse(response.text))[event.ical_uid].summary.value == "Hội chợ hè"
        await make_event(venue=world["square"], name="Phiên chợ mới", start=dt.date(2031, 5, 1))
        assert all("Phiên chợ mới" in _feed(s).text for s in servers)
    finally:
        stop_server(other)


async def test_a_cached_event_file_keeps_its_visibility_rule(client, other_client, world):
    """The organizer's request caches a draft's file; the public still gets 404, and a cached
    public event's file costs one query."""
    from tests.login import login

    draft = await make_event(venue=world["bigc"], start=dt.date(2031, 3, 3), status="draft")
    shown = await make_event(venue=world["bigc"], start=dt.date(2031, 4, 3))
    await login(client, "organizer")
    assert (await client.get(f"/events/{draft.id}/calendar.ics")).status_code == 200
    assert (await other_client.get(f"/events/{draft.id}/calendar.ics")).status_code == 404
    await other_client.get(f"/events/{shown.id}/calendar.ics")
    with count_queries() as counter:
        response = await other_client.get(f"/events/{shown.id}/calendar.ics")
    assert response.status_code == 200 and shown.ical_uid in response.text
    assert counter.count == 1, counter.queries
    assert (await other_client.get("/events/999999/calendar.ics")).status_code == 404


async def test_the_public_feed_ignores_the_session_of_a_signed_in_reader(client, world):
    """The feed is the same for everyone: a signed-in browser's cookie is not even verified
    (no session or user query, no cookie written), and the cached feed is one query."""
    from tests.login import login

    await make_event(venue=world["bigc"], start=dt.date(2031, 3, 3))
    await login(client, "organizer")
    await client.get("/calendar.ics")
    with count_queries() as counter:
        response = await client.get("/calendar.ics")
    assert response.status_code == 200 and "BEGIN:VEVENT" in response.text
    assert counter.count == 1, counter.queries
    assert "set-cookie" not in response.headers
    assert (await client.get("/events/new")).status_code == 200  # still signed in elsewhere
    # Its error is the sentence alone: a page would offer this signed-in person to log in.
    refused = await client.get("/calendar.ics?kind=nowhere")
    assert refused.status_code == 400 and refused.headers["content-type"].startswith("text/plain")
    assert "Địa chỉ lịch có giá trị bộ lọc" in refused.text and "<form" not in refused.text


def test_the_polled_calendar_files_are_matched_before_the_other_pages(app):
    paths = [getattr(route, "path", "") for route in app.routes]
    assert paths[0] == "/api/v1"
    assert set(paths[1:3]) == {"/calendar.ics", "/events/{event_id:int}/calendar.ics"}


async def test_the_feed_from_raw_rows_is_byte_for_byte_the_feed_from_models(client, world):
    """The feed reads its rows without the ORM's conversions (events.calendar.feed_rows): the
    text must be exactly what build_calendar writes from the same events as models."""
    from events.calendar import build_calendar
    from events.listing import Filters, filtered_events
    from ocopfair.urls import absolute_url

    for i in range(8):
        hours = {"opens_at": dt.time(7, 30), "closes_at": dt.time(21)} if i % 2 else {}
        await make_event(
            venue=world["bigc"] if i % 3 else world["square"],
            name=f'Hội chợ {i}; "OCOP", xuân\nmới' + "ệ" * 30 * (i % 2),
            start=dt.date(2031, 1 + i, 2),
            days=1 + i % 4,
            status=EventStatus.CANCELLED if i == 3 else EventStatus.OPEN,
            description="" if i % 3 else f"Gian hàng \\ {i}",
            **hours,
        )
    body = (await client.get("/calendar.ics")).content
    events = await filtered_events(Filters(), internal=False)
    expected = build_calendar(
        events,
        name="Hội chợ OCOP tỉnh",
        uid="ocopfair-public-feed",
        event_url=lambda e: absolute_url("event_public", event_id=e.id),
    )
    head = body.index(b"BEGIN:VEVENT")
    assert body[head:] == expected[expected.index(b"BEGIN:VEVENT") :]
    assert body.count(b"BEGIN:VEVENT") == 8


async def test_a_feed_rebuilt_after_one_change_writes_only_that_event_again(
    client, world, monkeypatch
):
    from events import calendar
    from events.editing import update_event

    events = [
        await make_event(venue=world["bigc"], name=f"Phiên {i}", start=dt.date(2031, 3, 1 + 5 * i))
        for i in range(5)
    ]
    await client.get("/calendar.ics")
    written: list[str] = []
    real = calendar.vevent_text
    monkeypatch.setattr(
        calendar, "vevent_text", lambda event, url: written.append(event.name) or real(event, url)
    )
    await update_event(
        world["organizer"],
        events[2],
        {"name": "Phiên đổi tên"},
        today=dt.date.today(),
        partial=True,
    )
    vietnamese = await client.get("/calendar.ics")
    assert "SUMMARY:Phiên đổi tên" in vietnamese.text and "SUMMARY:Phiên 2\r" not in vietnamese.text
    assert written == ["Phiên đổi tên"]
    client.cookies.set("lang", "en")
    english = await client.get("/calendar.ics")
    assert "CATEGORIES:Provincial OCOP fair" in english.text
    assert "CATEGORIES:Provincial OCOP fair" not in vietnamese.text
    assert len(written) == 6  # another language: every event's category written again
