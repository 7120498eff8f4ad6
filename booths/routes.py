"""Pages of the booths domain, gathered from the modules that serve them, and what the domain
adds to other domains' pages (the event's tabs, the public event page's producers).

Each module is thin: parse, check who may act (booths/access.py), call the logic, render.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from booths import (
    allocation_pages,
    application_pages,
    apply_section,
    booth_pages,
    exhibits,
    fee_pages,
    guide_pages,
    placard_pages,
    plan_pages,
)
from ocopfair.auth import EVENT_READERS, STAFF
from ocopfair.i18n import N_
from ocopfair.navigation import add_event_tab, add_section

routes: list[BaseRoute] = [
    *placard_pages.routes,
    *plan_pages.routes,
    *booth_pages.routes,
    *application_pages.routes,
    *allocation_pages.routes,
    *fee_pages.routes,
    *guide_pages.routes,
]

add_event_tab("booths", N_("Booths"), "booths_tab", order=20, access=EVENT_READERS)
add_event_tab(
    "applications", N_("Applications"), "booths_applications", order=25, access=EVENT_READERS
)
add_event_tab("exhibitors", N_("Exhibitors"), "event_placards", order=30, access=STAFF)
add_section(
    "event_public",
    "take_part",
    "booths/_apply_section.html",
    apply_section.apply_section,
    order=10,
)
add_section(
    "event_public",
    "participants",
    "booths/_participants.html",
    exhibits.participants_section,
    order=50,
)
add_section(
    "exhibitor_detail",
    "guide_opens",
    "booths/_guide_opens.html",
    guide_pages.opens_section,
    order=60,
)
