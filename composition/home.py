"""What each role sees first. A fixed number of queries, whatever the size of the data."""

from __future__ import annotations

from typing import Any

from tortoise.functions import Count

from booths.models import ApplicationStatus, BoothApplication, BoothAssignment
from events.models import Event, EventStatus, Programme
from ocopfair.i18n import local_today
from ocopfair.models import Role, User
from visitors.access import gates_to_work
from visitors.live import entries_by_event
from visitors.models import Gate

PENDING_DECISION = [ApplicationStatus.SUBMITTED, ApplicationStatus.ENDORSED]


async def organizer_home(user: User) -> dict[str, Any]:
    today = local_today()
    upcoming = (
        await Event.filter(end_date__gte=today)
        .exclude(status=EventStatus.CANCELLED)
        .select_related("venue")
        .limit(12)
    )
    pending_rows = (
        await BoothApplication.filter(
            event_id__in=[e.id for e in upcoming], status__in=PENDING_DECISION
        )
        .annotate(n=Count("id"))
        .group_by("event_id")
        .values("event_id", "n")
    )
    pending = {row["event_id"]: row["n"] for row in pending_rows}
    actions = [e for e in upcoming if pending.get(e.id) or e.status == EventStatus.DRAFT]
    return {"upcoming": upcoming, "pending": pending, "actions": actions, "today": today}


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
    return {"applications": applications, "assignments": assignments}


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
