"""What events/ tells people (issue 18), inside the transaction of the change."""

from __future__ import annotations

from events.models import Event
from ocopfair.i18n import N_
from ocopfair.models import Role
from ocopfair.notices import add_kind, notify, users_with_role

REPORT_FINAL = "report_final"
add_kind(REPORT_FINAL, N_("An event's report is final (officials)"), order=40)


async def report_final(event: Event) -> None:
    """Officials read the figures once an event is reported (its report no longer changes)."""
    await notify(
        await users_with_role(Role.OFFICIAL),
        REPORT_FINAL,
        N_("The report of %(event)s is final."),
        {"event": event.name},
        route="event_report",
        route_params={"event_id": event.id},
    )
