"""Scheduled reminders (issue 18, item 4), made by the worker once a minute.

Each reminder has a key per person (Notice.dedupe_key, unique per person), so making them is
idempotent: every round, every worker may try, and each person gets each reminder once.
Times of day are on the Asia/Ho_Chi_Minh clock; `now` is passed in, so tests set the clock.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from booths.models import ApplicationStatus, AssignmentKind, BoothApplication, BoothAssignment
from events.models import Event, EventStatus
from exhibitors.models import ExhibitorStatus, Product
from ocopfair.i18n import LOCAL_TZ, N_
from ocopfair.notice_models import Notice
from ocopfair.notices import Message, add_kind, notify_each, users_of_exhibitors

log = logging.getLogger("ocopfair.notices")

HOLD_EXPIRING = "hold_expiring"
HOLD_EXPIRED = "hold_expired"
DEADLINE = "application_deadline"
CERTIFICATE = "certificate_expiring"
FAIR_TOMORROW = "fair_tomorrow"
add_kind(HOLD_EXPIRING, N_("My booth hold is about to expire"), order=30)
add_kind(HOLD_EXPIRED, N_("My booth hold expired"), order=31)
add_kind(DEADLINE, N_("Application deadline in 3 days"), order=32)
add_kind(CERTIFICATE, N_("OCOP certificate expiring within 60 days"), order=33)
add_kind(FAIR_TOMORROW, N_("The fair starts tomorrow"), order=34)

HOLD_WARNING = dt.timedelta(minutes=10)
MORNING = dt.time(8, 0)  # daily reminders go out from 08:00 local time
EVENING = dt.time(17, 0)  # "the fair starts tomorrow" from 17:00 local time
CERTIFICATE_DAYS = 60
DEADLINE_DAYS = 3


async def send_new(kind: str, messages: list[Message]) -> int:
    """Leave out the (person, key) pairs made before, then write the rest in one transaction;
    a concurrent worker that wrote them first makes this round give way (the next skips them)."""
    keys = {m.dedupe_key for m in messages}
    made = set(
        await Notice.filter(kind=kind, dedupe_key__in=list(keys)).values_list(
            "user_id", "dedupe_key"
        )
    )
    fresh = []
    for m in messages:
        users = [u for u in m.user_ids if (u, m.dedupe_key) not in made]
        if users:
            fresh.append(Message(users, m.message, m.params, m.route, m.route_params, m.dedupe_key))
    if not fresh:
        return 0
    try:
        async with in_transaction():
            return await notify_each(kind, fresh)
    except IntegrityError:
        return 0


async def holds(now: dt.datetime) -> int:
    """Holds ending within ten minutes, and holds that ended in the last day unconfirmed."""
    rows = await BoothAssignment.filter(
        kind=AssignmentKind.HOLD,
        expires_at__gte=now - dt.timedelta(days=1),
        expires_at__lte=now + HOLD_WARNING,
    ).values("id", "exhibitor_id", "expires_at", "active_booth", "booth__code", "booth__event_id")
    accounts = await users_of_exhibitors([r["exhibitor_id"] for r in rows])
    expiring, expired = [], []
    for r in rows:
        users = accounts.get(r["exhibitor_id"], [])
        link: dict[str, Any] = {
            "route": "booths_tab",
            "route_params": {"event_id": r["booth__event_id"]},
        }
        if r["expires_at"] > now and r["active_booth"] is not None:
            minutes = max(1, int((r["expires_at"] - now).total_seconds() // 60))
            text = N_("Your hold on booth %(booth)s ends in %(minutes)s minutes: confirm it.")
            params = {"booth": r["booth__code"], "minutes": minutes}
            expiring.append(Message(users, text, params, dedupe_key=f"hold:{r['id']}", **link))
        elif r["expires_at"] <= now:
            text = N_("Your hold on booth %(booth)s expired; the booth is free again.")
            params = {"booth": r["booth__code"]}
            key = f"hold_end:{r['id']}"
            expired.append(Message(users, text, params, dedupe_key=key, **link))
    return await send_new(HOLD_EXPIRING, expiring) + await send_new(HOLD_EXPIRED, expired)


async def deadlines(now: dt.datetime) -> int:
    """From 08:00 on the day three days before an open event's application deadline: producers
    with a certified product (valid on the deadline) that have not applied."""
    local = now.astimezone(LOCAL_TZ)
    if local.time() < MORNING:
        return 0
    deadline = local.date() + dt.timedelta(days=DEADLINE_DAYS)
    messages = []
    for event in await Event.filter(application_deadline=deadline, status=EventStatus.OPEN):
        applied = (
            await BoothApplication.filter(event_id=event.id)
            .exclude(status=ApplicationStatus.CANCELLED)
            .values_list("exhibitor_id", flat=True)
        )
        eligible = (
            await Product.filter(
                exhibitor__status=ExhibitorStatus.ACTIVE, certificate_expiry__gte=deadline
            )
            .exclude(exhibitor_id__in=list(applied))
            .order_by("exhibitor_id")
            .distinct()
            .values_list("exhibitor_id", flat=True)
        )
        accounts = await users_of_exhibitors(cast(list[int], eligible))
        users = [u for ids in accounts.values() for u in ids]
        text = N_("Applications to %(event)s close on %(date)s: apply now.")
        params = {"event": event.name, "date": deadline.strftime("%d/%m/%Y")}
        link: dict[str, Any] = {"route": "booths_apply", "route_params": {"event_id": event.id}}
        messages.append(Message(users, text, params, dedupe_key=f"deadline:{event.id}", **link))
    return await send_new(DEADLINE, messages)


async def certificates(now: dt.datetime) -> int:
    """From 08:00: each product whose OCOP certificate expires within 60 days, once per expiry."""
    local = now.astimezone(LOCAL_TZ)
    if local.time() < MORNING:
        return 0
    today = local.date()
    rows = await Product.filter(
        certificate_expiry__gte=today,
        certificate_expiry__lte=today + dt.timedelta(days=CERTIFICATE_DAYS),
        exhibitor__status=ExhibitorStatus.ACTIVE,
    ).values("id", "name", "exhibitor_id", "certificate_expiry")
    accounts = await users_of_exhibitors([r["exhibitor_id"] for r in rows])
    text = N_("The OCOP certificate of %(product)s expires on %(date)s.")
    messages = [
        Message(
            accounts.get(r["exhibitor_id"], []),
            text,
            {"product": r["name"], "date": r["certificate_expiry"].strftime("%d/%m/%Y")},
            route="exhibitor_detail",
            route_params={"exhibitor_id": r["exhibitor_id"]},
            dedupe_key=f"certificate:{r['id']}:{r['certificate_expiry'].isoformat()}",
        )
        for r in rows
    ]
    return await send_new(CERTIFICATE, messages)


async def fair_tomorrow(now: dt.datetime) -> int:
    """From 17:00 the day before: each producer with a booth hears venue, booth and set-up time."""
    local = now.astimezone(LOCAL_TZ)
    if local.time() < EVENING:
        return 0
    tomorrow = local.date() + dt.timedelta(days=1)
    rows = await BoothAssignment.filter(
        active_booth__isnull=False,
        kind=AssignmentKind.ASSIGNED,
        booth__event__start_date=tomorrow,
    ).values(
        "exhibitor_id",
        "booth__code",
        "booth__event_id",
        "booth__event__name",
        "booth__event__opens_at",
        "booth__event__venue__name",
    )
    accounts = await users_of_exhibitors([r["exhibitor_id"] for r in rows])
    text = N_(
        "%(event)s starts tomorrow at %(venue)s. Your booth: %(booth)s. Set up before %(time)s."
    )
    messages = [
        Message(
            accounts.get(r["exhibitor_id"], []),
            text,
            {
                "event": r["booth__event__name"],
                "venue": r["booth__event__venue__name"],
                "booth": r["booth__code"],
                "time": str(r["booth__event__opens_at"] or "08:00")[:5],
            },
            route="booths_tab",
            route_params={"event_id": r["booth__event_id"]},
            dedupe_key=f"fair:{r['booth__event_id']}:{r['exhibitor_id']}",
        )
        for r in rows
    ]
    return await send_new(FAIR_TOMORROW, messages)


REMINDERS: list[Callable[[dt.datetime], Awaitable[int]]] = [
    holds,
    deadlines,
    certificates,
    fair_tomorrow,
]
