"""What each role sees first. A fixed number of queries, whatever the size of the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count

from booths.models import ApplicationStatus, AssignmentKind, BoothApplication, BoothAssignment
from events.models import Event, EventStatus, Programme
from exhibitors.models import ChangeStatus, ProductChange
from ocopfair.i18n import local_today
from ocopfair.models import Role, User
from visitors.access import gates_to_work
from visitors.live import entries_by_event
from visitors.models import Gate

PENDING_DECISION = [ApplicationStatus.SUBMITTED, ApplicationStatus.ENDORSED]
# A hold "about to run out" on the organizer's home: within the next day.
HOLDS_SOON = dt.timedelta(hours=24)


async def organizer_home(user: User) -> dict[str, Any]:
    today = local_today()
    upcoming = (
        await Event.filter(end_date__gte=today)
        .exclude(status=EventStatus.CANCELLED)
        .select_related("venue")
        .limit(12)
    )
    waiting = BoothApplication.filter(
        event_id__in=[e.id for e in upcoming], status__in=PENDING_DECISION
    )
    if user.role == Role.ORGANIZER and user.locality_id is not None:
        # A local office decides only whether to endorse its own locality's producers.
        waiting = waiting.filter(
            exhibitor__locality_id=user.locality_id, status=ApplicationStatus.SUBMITTED
        )
    pending_rows = (
        await waiting.annotate(n=Count("id")).group_by("event_id").values("event_id", "n")
    )
    pending = {row["event_id"]: row["n"] for row in pending_rows}
    # Decisions first (applications, product changes, holds about to run out), drafts after.
    decisions = [e for e in upcoming if pending.get(e.id)]
    drafts = [e for e in upcoming if e.status == EventStatus.DRAFT and not pending.get(e.id)]
    product_changes = await ProductChange.filter(status=ChangeStatus.PENDING).count()
    soon = dt.datetime.now(dt.UTC) + HOLDS_SOON
    holds = (
        await BoothAssignment.filter(
            kind=AssignmentKind.HOLD, active_booth__isnull=False, expires_at__lte=soon
        )
        .select_related("booth__event", "exhibitor")
        .order_by("expires_at")
        .limit(10)
    )
    return {
        "upcoming": upcoming,
        "pending": pending,
        "decisions": decisions,
        "drafts": drafts,
        "product_changes": product_changes,
        "holds": holds,
        "today": today,
    }


async def exhibitor_home(user: User) -> dict[str, Any]:
    applications = (
        await BoothApplication.filter(exhibitor_id=user.exhibitor_id)
        .select_related("event")
        .order_by("-created_at")
        .limit(20)
    )
    assignments = (
        await BoothAssignment.filter(exhibitor_id=user.exhibitor_id, active_booth__isnull=False)
        .select_related("booth__event")
        .order_by("-created_at")
        .limit(20)
    )
    today = local_today()
    applied = {a.event_id for a in applications}
    # Open events, the nearest deadline first (no deadline: last), each linking to its page.
    open_events = [
        e
        for e in await Event.filter(status=EventStatus.OPEN, is_public=True, end_date__gte=today)
        .filter(Q(application_deadline__gte=today) | Q(application_deadline__isnull=True))
        .select_related("venue")
        .limit(30)
        if e.id not in applied
    ]
    open_events.sort(key=lambda e: (e.application_deadline or e.start_date, e.start_date, e.id))
    return {"applications": applications, "assignments": assignments, "open_events": open_events}


async def gate_staff_home(user: User) -> dict[str, Any]:
    today = local_today()
    gates = (
        await gates_to_work(user, today)
        .filter(event__start_date__lte=today, event__end_date__gte=today)
        .select_related("event")
        .order_by("event__start_date", "name")
        .limit(50)
    )
    later = (
        await Gate.filter(staff__id=user.id, event__start_date__gt=today)
        .select_related("event")
        .order_by("event__start_date", "name")
        .limit(10)
    )
    return {"gates_today": gates, "gates_later": later, "today": today}


async def official_home(user: User) -> dict[str, Any]:
    events = (
        await Event.filter(
            status__in=[EventStatus.FINISHED, EventStatus.REPORTED, EventStatus.RUNNING]
        )
        .select_related("venue")
        .order_by("-start_date")
        .limit(10)
    )
    visitors = await entries_by_event([e.id for e in events])
    return {"events": events, "visitors": visitors}


async def partner_home(user: User) -> dict[str, Any]:
    """A partner's programmes and the events it owns (two queries)."""
    programmes = (
        await Programme.filter(partner_id=user.partner_id or -1).select_related("venue").limit(20)
    )
    events = (
        await Event.filter(owner_partner_id=user.partner_id or -1)
        .select_related("venue")
        .order_by("-start_date")
        .limit(20)
    )
    return {"programmes": programmes, "events": events}


HOME_BUILDERS = {
    Role.ADMIN: ("home/organizer.html", organizer_home),
    Role.ORGANIZER: ("home/organizer.html", organizer_home),
    Role.EXHIBITOR: ("home/exhibitor.html", exhibitor_home),
    Role.GATE_STAFF: ("home/gate.html", gate_staff_home),
    Role.OFFICIAL: ("home/official.html", official_home),
    Role.PARTNER: ("home/partner.html", partner_home),
}


async def home_for(user: User) -> tuple[str, dict[str, Any]]:
    template, builder = HOME_BUILDERS[user.role]
    return template, await builder(user)


async def public_home() -> dict[str, Any]:
    events = (
        await Event.filter(is_public=True, end_date__gte=local_today())
        .exclude(status__in=[EventStatus.DRAFT, EventStatus.CANCELLED])
        .select_related("venue")
        .limit(12)
    )
    return {"events": events}
