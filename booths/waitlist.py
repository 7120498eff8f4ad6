"""The waiting list: a freed booth goes to the first eligible waitlisted applicant.

Called inside the transaction that frees the booth, so the booth is never seen free in
between. "Eligible" here: the producer is still active, still below the event's booth limit,
and the booth's zone suits its products' group under the event's rules. Skipped applicants
keep their place; the audit entry says who moved up and why.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from booths import notices
from booths.models import (
    AllocationRules,
    ApplicationStatus,
    AssignmentKind,
    Booth,
    BoothApplication,
    BoothAssignment,
)
from events.models import Event
from exhibitors.models import ExhibitorStatus
from ocopfair.audit import record
from ocopfair.i18n import gettext as _
from ocopfair.models import User

RULE_PROMOTED = "promoted_from_waitlist"


def main_group(groups: list[str]) -> str:
    """The product group an application is placed by: the one most of its products are in."""
    if not groups:
        return ""
    counts = Counter(groups)
    return sorted(counts, key=lambda g: (-counts[g], g))[0]


async def promote_next(
    booth: Booth,
    user: User | None,
    *,
    freed_by: BoothAssignment | None = None,
) -> BoothAssignment | None:
    """Give the freed booth to the first eligible waitlisted applicant, if any."""
    event = booth.event  # loaded by the caller
    rules = await AllocationRules.get_or_none(event_id=event.id)
    suits = (rules.zone_groups or {}).get(booth.zone) if rules else None
    candidates = (
        await BoothApplication.filter(
            event_id=event.id,
            status=ApplicationStatus.WAITLISTED,
        )
        .order_by("waitlist_position", "created_at", "id")
        .prefetch_related("products", "exhibitor")
    )
    in_use = Counter(
        r["exhibitor_id"]
        for r in await BoothAssignment.filter(
            active_booth__isnull=False,
            exhibitor_id__in=[c.exhibitor_id for c in candidates],
            booth__event_id=event.id,
        ).values("exhibitor_id")
    )
    skipped: list[dict[str, Any]] = []
    for application in candidates:
        why_not = _why_not(application, in_use[application.exhibitor_id], event, suits)
        if why_not:
            skipped.append({"application": application.id, "why": why_not})
            continue
        return await _promote(booth, application, user, freed_by, skipped)
    return None


def _why_not(
    application: BoothApplication, booths_in_use: int, event: Event, suits: list[str] | None
) -> str | None:
    """Why this waitlisted applicant cannot take the booth (None: it can)."""
    if application.exhibitor.status != ExhibitorStatus.ACTIVE:
        return "suspended"
    if booths_in_use >= event.max_booths_per_exhibitor:
        return "limit"
    if suits and main_group([p.group for p in application.products]) not in suits:
        return "zone"
    return None


async def _promote(
    booth: Booth,
    application: BoothApplication,
    user: User | None,
    freed_by: BoothAssignment | None,
    skipped: list[dict[str, Any]],
) -> BoothAssignment | None:
    """Assign the booth (unless someone took it this instant) and close the list's gap."""
    try:
        async with in_transaction():
            assignment = await BoothAssignment.create(
                booth_id=booth.id,
                active_booth=booth.id,
                exhibitor_id=application.exhibitor_id,
                application_id=application.id,
                kind=AssignmentKind.ASSIGNED,
                fee=booth.fee,
            )
    except IntegrityError:
        return None  # someone took the booth in the same instant: nobody moves up
    position = application.waitlist_position
    await BoothApplication.filter(id=application.id).update(
        status=ApplicationStatus.ALLOCATED,
        waitlist_position=None,
        decision_rule=RULE_PROMOTED,
        updated_at=dt.datetime.now(dt.UTC),
    )
    if position is not None:
        await close_gap(booth.event_id, position)
    await notices.waitlist_promoted(application, booth.code)
    await record(
        user,
        "booth.waitlist_promoted",
        "BoothApplication",
        application.id,
        before={"status": "waitlisted", "waitlist_position": position},
        after={"status": "allocated", "booth": booth.code, "assignment": assignment.id},
        reason=_reason(booth, application, position, freed_by, skipped),
    )
    return assignment


async def close_gap(event_id: int, position: int) -> None:
    """A place on the waiting list was left (promoted or withdrawn): everyone behind it moves up
    one, so the positions producers see stay 1, 2, 3 ... without holes."""
    await BoothApplication.filter(
        event_id=event_id,
        status=ApplicationStatus.WAITLISTED,
        waitlist_position__gt=position,
    ).update(waitlist_position=F("waitlist_position") - 1)


def _reason(
    booth: Booth,
    application: BoothApplication,
    position: int | None,
    freed_by: BoothAssignment | None,
    skipped: list[dict],
) -> str:
    # Written in the language of the request that freed the booth, like any audit reason.
    why = {
        "suspended": _("producer suspended"),
        "limit": _("booth limit reached"),
        "zone": _("zone does not suit its products"),
    }
    text = _(
        "Booth %(code)s was freed; %(name)s was next on the waiting list (position "
        "%(position)s: more OCOP stars first, then the earlier application)."
    ) % {"code": booth.code, "name": application.exhibitor.name, "position": position}
    if skipped:
        text += " " + _("Skipped: %(list)s.") % {
            "list": "; ".join(
                _("application %(id)s (%(why)s)") % {"id": s["application"], "why": why[s["why"]]}
                for s in skipped
            )
        }
    return text
