"""Personal calendar feeds (issue 18, item 5): a private, rotatable link per person.

An exhibitor's feed holds the events where its producer has a booth, with the booth codes and
the set-up time; an organizer's the events it manages (a local office: its locality's; the
province: all). Only the token's SHA-256 is stored; rotating revokes the old link at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import defaultdict

import icalendar

from booths.models import AssignmentKind, BoothAssignment
from events.calendar import event_component, prodid
from events.models import Event, EventStatus
from notices.text import absolute
from ocopfair.audit import record
from ocopfair.i18n import LOCAL_TZ
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User
from ocopfair.notice_models import FeedToken
from ocopfair.urls import url

FEED_ROLES = (Role.EXHIBITOR, Role.ORGANIZER, Role.ADMIN)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def rotate(user: User) -> str:
    """Revoke the person's current link and make a new one (shown once, then only its hash)."""
    token = secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.UTC)
    await FeedToken.filter(user_id=user.id, revoked_at__isnull=True).update(revoked_at=now)
    await FeedToken.create(user_id=user.id, token_hash=_hash(token))
    await record(user, "notices.feed_rotated", "User", user.id)
    return token


async def revoke(user: User) -> int:
    now = dt.datetime.now(dt.UTC)
    count = await FeedToken.filter(user_id=user.id, revoked_at__isnull=True).update(revoked_at=now)
    await record(user, "notices.feed_revoked", "User", user.id)
    return count


async def has_feed(user: User) -> bool:
    return await FeedToken.exists(user_id=user.id, revoked_at__isnull=True)


async def owner_of(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    found = await FeedToken.get_or_none(token_hash=_hash(token), revoked_at__isnull=True)
    if found is None:
        return None
    return await User.get_or_none(id=found.user_id, is_active=True)


async def _exhibitor_events(user: User) -> tuple[list[Event], dict[int, list[str]]]:
    booths: dict[int, list[str]] = defaultdict(list)
    for row in await BoothAssignment.filter(
        exhibitor_id=user.exhibitor_id, active_booth__isnull=False, kind=AssignmentKind.ASSIGNED
    ).values("booth__event_id", "booth__code"):
        booths[row["booth__event_id"]].append(row["booth__code"])
    events = await Event.filter(id__in=list(booths)).select_related("venue")
    return list(events), booths


async def _managed_events(user: User) -> list[Event]:
    query = Event.exclude(status=EventStatus.DRAFT).select_related("venue")
    if user.role == Role.ORGANIZER and user.locality_id is not None:
        query = query.filter(locality_id=user.locality_id)
    return list(await query)


async def calendar_for(user: User) -> bytes:
    """The person's own feed: never another producer's booths."""
    booths: dict[int, list[str]] = {}
    if user.role == Role.EXHIBITOR and user.exhibitor_id is not None:
        events, booths = await _exhibitor_events(user)
    elif user.role in FEED_ROLES:
        events = await _managed_events(user)
    else:
        events = []
    calendar = icalendar.Calendar.new(
        prodid=prodid(), name=_("My OCOP fairs"), uid=f"ocopfair-personal-{user.id}"
    )
    calendar.add("x-wr-timezone", str(LOCAL_TZ))
    for event in events:
        component = event_component(event, lambda e: absolute(url("event_public", event_id=e.id)))
        if event.id in booths:
            setup = str(event.opens_at or "08:00")[:5]
            note = _("Your booth: %(booths)s. Set up before %(time)s on the first day.") % {
                "booths": ", ".join(sorted(booths[event.id])),
                "time": setup,
            }
            component.pop("DESCRIPTION", None)
            component.add("description", "\n\n".join(p for p in (note, event.description) if p))
            component.pop("SUMMARY", None)
            component.add("summary", f"{event.name} · {', '.join(sorted(booths[event.id]))}")
        calendar.add_component(component)
    if events:
        calendar.add_missing_timezones(
            first_date=min(e.start_date for e in events) - dt.timedelta(days=1),
            last_date=max(e.end_date for e in events) + dt.timedelta(days=2),
        )
    return calendar.to_ical()
