"""What booths/ tells people (issue 18): each function is called inside the transaction of the
change it tells about, so the notice and the change commit or roll back together."""

from __future__ import annotations

from typing import Any

from booths.models import BoothApplication, BoothAssignment, ReviewStep
from ocopfair.i18n import N_
from ocopfair.notices import (
    Message,
    add_kind,
    notify,
    notify_each,
    organizers,
    users_of_exhibitors,
)

APPLICATION_RECEIVED = "application_received"
APPLICATION_DECIDED = "application_decided"
ALLOCATION_RESULT = "allocation_result"
WAITLIST_PROMOTED = "waitlist_promoted"
BOOTH_CHANGED = "booth_changed"

add_kind(APPLICATION_RECEIVED, N_("New applications (organizers)"), order=10)
add_kind(APPLICATION_DECIDED, N_("Decisions on my applications"), order=11)
add_kind(ALLOCATION_RESULT, N_("Allocation results"), order=12)
add_kind(WAITLIST_PROMOTED, N_("Promotion from the waiting list"), order=13)
add_kind(BOOTH_CHANGED, N_("Booth moved, swapped or cancelled"), order=14)

_DECIDED = {
    ReviewStep.ENDORSE: N_("Your application to %(event)s was endorsed by the local OCOP office."),
    ReviewStep.REJECT_LOCALLY: N_(
        "Your application to %(event)s was rejected by the local OCOP office: %(reason)s"
    ),
    ReviewStep.APPROVE: N_("Your application to %(event)s was approved by the province."),
    ReviewStep.REJECT: N_("Your application to %(event)s was rejected by the province: %(reason)s"),
}


def _to_application(application_id: int) -> dict[str, Any]:
    return {"route": "application_page", "route_params": {"application_id": application_id}}


async def application_received(application: BoothApplication, event_name: str) -> None:
    """Organizers of the province and of the producer's locality hear of a new application."""
    exhibitor = await application.exhibitor
    await notify(
        await organizers(exhibitor.locality_id),
        APPLICATION_RECEIVED,
        N_("New application from %(producer)s to %(event)s."),
        {"producer": exhibitor.name, "event": event_name},
        **_to_application(application.id),
    )


async def application_decided(
    application: BoothApplication, step: ReviewStep, event_name: str, reason: str
) -> None:
    accounts = await users_of_exhibitors([application.exhibitor_id])
    await notify(
        accounts.get(application.exhibitor_id, []),
        APPLICATION_DECIDED,
        _DECIDED[step],
        {"event": event_name, "reason": reason},
        **_to_application(application.id),
    )


async def allocation_result(
    event_name: str,
    applications: list[BoothApplication],
    booth_codes: dict[int, list[str]],
) -> None:
    """Each applicant hears its booths, or its place on the waiting list, with the rule that
    decided it."""
    from booths.reasons import RULES  # reasons imports waitlist, which imports this module

    accounts = await users_of_exhibitors([a.exhibitor_id for a in applications])
    messages = []
    for app in applications:
        rule = RULES.get(app.decision_rule, "")
        params: dict[str, Any] = {"event": event_name, "rule_msg": rule}
        if booth_codes.get(app.id):
            message = N_("%(event)s: you got booth %(booths)s. %(rule_msg)s")
            params["booths"] = ", ".join(booth_codes[app.id])
        else:
            message = N_("%(event)s: you are number %(position)s on the waiting list. %(rule_msg)s")
            params["position"] = app.waitlist_position
        messages.append(
            Message(accounts.get(app.exhibitor_id, []), message, params, **_to_application(app.id))
        )
    await notify_each(ALLOCATION_RESULT, messages)


async def waitlist_promoted(application: BoothApplication, booth_code: str) -> None:
    accounts = await users_of_exhibitors([application.exhibitor_id])
    await notify(
        accounts.get(application.exhibitor_id, []),
        WAITLIST_PROMOTED,
        N_("A booth was freed: you moved up from the waiting list and got booth %(booth)s."),
        {"booth": booth_code},
        **_to_application(application.id),
    )


async def booth_changed(assignment: BoothAssignment, message: str, **params: Any) -> None:
    """The producer of `assignment` hears that its booth was moved, swapped or cancelled."""
    accounts = await users_of_exhibitors([assignment.exhibitor_id])
    link = _to_application(assignment.application_id) if assignment.application_id else {}
    await notify(
        accounts.get(assignment.exhibitor_id, []),
        BOOTH_CHANGED,
        message,
        params,
        **link,
    )


MOVED = N_("Your booth %(old)s was moved to booth %(new)s. %(reason)s")
SWAPPED = N_("Your booth %(old)s was swapped: you now have booth %(new)s. %(reason)s")
CANCELLED = N_("Your booth %(old)s was cancelled. %(reason)s")
