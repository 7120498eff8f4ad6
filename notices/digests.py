"""Daily reminders about work waiting (issue 18): each evening of a fair, producers whose sales
of the day are not entered; each morning, organizers with decisions waiting. Idempotent by
their keys, like notices/reminders.py, and on the Hạ Long clock."""

from __future__ import annotations

import datetime as dt

from booths.models import ApplicationStatus, AssignmentKind, BoothApplication, BoothAssignment
from events.models import EventStatus
from exhibitors.models import ChangeStatus, ProductChange
from notices.reminders import send_new
from ocopfair.i18n import LOCAL_TZ, N_
from ocopfair.models import Role, User
from ocopfair.notices import Message, add_kind, users_of_exhibitors
from sales.models import SalesRecord

SALES_MISSING = "sales_missing"
ORGANIZER_DIGEST = "organizer_digest"
add_kind(SALES_MISSING, N_("Sales of the day not yet entered"), order=35)
add_kind(ORGANIZER_DIGEST, N_("Morning summary of decisions waiting (organizers)"), order=41)

EVENING = dt.time(19, 0)
DIGEST = dt.time(7, 0)


async def sales_missing(now: dt.datetime) -> int:
    """From 19:00 on each day of a running fair: producers with a booth and no sales that day."""
    local = now.astimezone(LOCAL_TZ)
    if local.time() < EVENING:
        return 0
    today = local.date()
    rows = await BoothAssignment.filter(
        active_booth__isnull=False,
        kind=AssignmentKind.ASSIGNED,
        booth__event__start_date__lte=today,
        booth__event__end_date__gte=today,
        booth__event__status=EventStatus.RUNNING,
    ).values("id", "exhibitor_id", "booth__event_id", "booth__event__name")
    entered = set(
        await SalesRecord.filter(day=today, assignment_id__in=[r["id"] for r in rows]).values_list(
            "assignment_id", flat=True
        )
    )
    missing: dict[tuple[int, int], str] = {}
    for r in rows:
        if r["id"] not in entered:
            missing[(r["booth__event_id"], r["exhibitor_id"])] = r["booth__event__name"]
    accounts = await users_of_exhibitors([exhibitor for _event, exhibitor in missing])
    text = N_("%(event)s: your sales of %(date)s are not entered yet.")
    messages = [
        Message(
            accounts.get(exhibitor, []),
            text,
            {"event": name, "date": today.strftime("%d/%m/%Y")},
            route="sales_today",
            dedupe_key=f"sales:{event_id}:{exhibitor}:{today.isoformat()}",
        )
        for (event_id, exhibitor), name in missing.items()
    ]
    return await send_new(SALES_MISSING, messages)


async def organizer_digest(now: dt.datetime) -> int:
    """From 07:00: each organizer hears how many applications and product changes wait for a
    decision (a local office: its locality's applications). Nothing waiting, no notice."""
    local = now.astimezone(LOCAL_TZ)
    if local.time() < DIGEST:
        return 0
    waiting = await BoothApplication.filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ENDORSED]
    ).values("status", "exhibitor__locality_id")
    changes = await ProductChange.filter(status=ChangeStatus.PENDING).count()
    text = N_(
        "Waiting for a decision: %(applications)s applications and %(changes)s product changes."
    )
    messages = []
    staff = await User.filter(role=Role.ORGANIZER, is_active=True).values("id", "locality_id")
    for person in staff:
        office = person["locality_id"]
        if office is None:  # the province: every application waiting, and product changes
            applications, pending = len(waiting), changes
        else:  # a local office endorses its locality's new applications
            applications = sum(
                1
                for w in waiting
                if w["status"] == ApplicationStatus.SUBMITTED
                and w["exhibitor__locality_id"] == office
            )
            pending = 0
        if applications or pending:
            messages.append(
                Message(
                    [person["id"]],
                    text,
                    {"applications": applications, "changes": pending},
                    route="home",
                    dedupe_key=f"digest:{local.date().isoformat()}",
                )
            )
    return await send_new(ORGANIZER_DIGEST, messages)
