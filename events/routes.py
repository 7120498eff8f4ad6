"""Pages of the events domain: every path, its name and who may open it, in one table.

The pages themselves live in modules named for what they serve: calendar_pages (the calendar
and .ics files), event_pages, series_pages and venue_pages. They stay thin: read input, check
who may act on the loaded object (events/access.py), call the logic in editing.py / series.py /
lifecycle.py, then render or redirect.
"""

from __future__ import annotations

from events import (
    calendar_pages,
    event_pages,
    programme_pages,
    series_pages,
    venue_import_pages,
    venue_pages,
)
from ocopfair.auth import (
    ANYONE,
    EVENT_MANAGERS,
    EVENT_READERS,
    READERS,
    STAFF,
    GuardedRoute,
    allow,
    page,
)
from ocopfair.i18n import N_
from ocopfair.models import Role
from ocopfair.navigation import add_event_tab, add_nav_item

POST = ["POST"]
# A partner reaches an event's organizer pages; the handler lets it through only on the events
# it owns (events/access.require_event_edit).
RUNNERS = allow(Role.ADMIN, Role.ORGANIZER, Role.PARTNER)
PAGE_READERS = allow(Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL, Role.PARTNER)

routes: list[GuardedRoute] = [
    page("/events", calendar_pages.calendar_page, access=ANYONE, name="events_calendar"),
    page("/events", event_pages.event_create, access=STAFF, methods=POST, name="event_create"),
    page("/events/new", event_pages.event_new, access=STAFF, name="event_new"),
    page("/events/{event_id:int}", event_pages.event_page, access=PAGE_READERS, name="event_page"),
    page("/events/{event_id:int}/edit", event_pages.event_edit, access=RUNNERS, name="event_edit"),
    page(
        "/events/{event_id:int}/edit",
        event_pages.event_update,
        access=RUNNERS,
        methods=POST,
        name="event_update",
    ),
    page(
        "/events/{event_id:int}/status",
        event_pages.event_status,
        access=RUNNERS,
        methods=POST,
        name="event_status",
    ),
    page(
        "/events/{event_id:int}/public",
        event_pages.public_page,
        access=ANYONE,
        name="event_public",
    ),
    page(
        "/events/{event_id:int}/calendar.ics",
        calendar_pages.event_ics,
        access=ANYONE,
        name="event_ics",
        polled=True,  # (a draft event's file is for staff: it needs the session)
    ),
    page(
        "/calendar.ics",
        calendar_pages.feed_ics,
        access=ANYONE,
        name="events_feed",
        polled=True,
        sessionless=True,  # public events only, the same file for everyone
    ),
    page("/series/new", series_pages.series_new, access=STAFF, name="series_new"),
    page("/series", series_pages.series_create, access=STAFF, methods=POST, name="series_create"),
    # A partner reaches the series of its confirmed programme (events/access.py checks it owns it).
    page(
        "/series/{series_id:int}",
        series_pages.series_page,
        access=EVENT_READERS,
        name="series_page",
    ),
    page(
        "/series/{series_id:int}/status",
        series_pages.series_status,
        access=EVENT_MANAGERS,
        methods=POST,
        name="series_status",
    ),
    page("/venues", venue_pages.venue_list, access=READERS, name="venues"),
    page("/venues", venue_pages.venue_create, access=STAFF, methods=POST, name="venue_create"),
    page("/venues/import", venue_import_pages.import_form, access=STAFF, name="venue_import"),
    page(
        "/venues/import",
        venue_import_pages.import_preview,
        access=STAFF,
        methods=POST,
        name="venue_import_preview",
    ),
    page(
        "/venues/import/confirm",
        venue_import_pages.import_confirm,
        access=STAFF,
        methods=POST,
        name="venue_import_confirm",
    ),
    page("/venues/{venue_id:int}/edit", venue_pages.venue_edit, access=STAFF, name="venue_edit"),
    page(
        "/venues/{venue_id:int}/edit",
        venue_pages.venue_update,
        access=STAFF,
        methods=POST,
        name="venue_update",
    ),
    *programme_pages.routes,
]

add_nav_item(N_("Events"), "events_calendar", ANYONE, order=20)
add_nav_item(N_("Venues"), "venues", READERS, order=25)
add_nav_item(N_("Programmes"), "programmes", programme_pages.PROGRAMME_READERS, order=27)
add_event_tab("overview", N_("Overview"), "event_page", order=10, access=READERS)
