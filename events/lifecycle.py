"""The rules of an event's life: which status may follow which, and what each status allows.

Other domains ask these functions (may an exhibitor still apply? may sales still change?)
instead of reading statuses themselves, so each rule lives in one place.
"""

from __future__ import annotations

import datetime as dt

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from events import notices
from events.models import Event, EventStatus
from ocopfair.audit import record
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import format_date
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User
from ocopfair.templating import label

# Which status may follow which. Cancelling is possible until the event has finished.
TRANSITIONS: dict[EventStatus, set[EventStatus]] = {
    EventStatus.DRAFT: {EventStatus.OPEN, EventStatus.CANCELLED},
    EventStatus.OPEN: {EventStatus.CLOSED, EventStatus.DRAFT, EventStatus.CANCELLED},
    EventStatus.CLOSED: {EventStatus.OPEN, EventStatus.RUNNING, EventStatus.CANCELLED},
    EventStatus.RUNNING: {EventStatus.FINISHED, EventStatus.CANCELLED},
    EventStatus.FINISHED: {EventStatus.REPORTED},
    EventStatus.REPORTED: set(),
    EventStatus.CANCELLED: set(),
}

ACTIVE_STATUSES = {
    EventStatus.DRAFT,
    EventStatus.OPEN,
    EventStatus.CLOSED,
    EventStatus.RUNNING,
    EventStatus.FINISHED,
    EventStatus.REPORTED,
}


def accepts_applications(event: Event, today: dt.date) -> bool:
    """Exhibitors may apply or book while the event is open and its deadline has not passed."""
    if event.status != EventStatus.OPEN:
        return False
    return event.application_deadline is None or today <= event.application_deadline


def is_read_only(event: Event, user: User | None) -> bool:
    """A reported event's figures are final: only an administrator may still change them."""
    return event.status == EventStatus.REPORTED and (user is None or user.role != Role.ADMIN)


def transition_error(event: Event, new_status: EventStatus, today: dt.date) -> str | None:
    """Why this change of status is not allowed now, or None when it is."""
    old = EventStatus(event.status)
    if new_status not in TRANSITIONS[old]:
        return _("An event cannot go from “%(old)s” to “%(new)s”.") % {
            "old": label(old),
            "new": label(new_status),
        }
    deadline_passed = event.application_deadline is not None and today > event.application_deadline
    if new_status == EventStatus.OPEN and deadline_passed:
        return _("The application deadline (%(date)s) has passed: move it first.") % {
            "date": format_date(event.application_deadline)
        }
    if new_status == EventStatus.RUNNING and today < event.start_date:
        return _("The event cannot run before its start date (%(date)s).") % {
            "date": format_date(event.start_date)
        }
    if new_status == EventStatus.FINISHED and today < event.start_date:
        return _("The event cannot finish before its start date (%(date)s).") % {
            "date": format_date(event.start_date)
        }
    return None


def allowed_next(event: Event, user: User | None, today: dt.date) -> list[EventStatus]:
    """The statuses this user may move this event to today (for the buttons on its page)."""
    if is_read_only(event, user):
        return []
    return [
        s
        for s in EventStatus
        if s in TRANSITIONS[EventStatus(event.status)] and transition_error(event, s, today) is None
    ]


async def change_status(
    event: Event,
    new_status: EventStatus | str,
    user: User | None,
    *,
    today: dt.date,
    reason: str = "",
) -> Event:
    """The one way an event's status changes: guarded, atomic, audit-logged.

    The update is conditional on the status we checked, so two people pressing different
    buttons at once cannot both win; the loser gets a Conflict.
    """
    try:
        new_status = EventStatus(new_status)
    except ValueError:
        raise Invalid({"status": _("Choose a status from the list.")}) from None
    if is_read_only(event, user):
        raise Invalid(
            {"status": _("This event has been reported: only an administrator may change it.")}
        )
    error = transition_error(event, new_status, today)
    if error:
        raise Invalid({"status": error})
    old_status = EventStatus(event.status)
    async with in_transaction():
        changed = await Event.filter(id=event.id, status=old_status).update(
            status=new_status, sequence=F("sequence") + 1, updated_at=dt.datetime.now(dt.UTC)
        )
        if not changed:
            raise Conflict(
                {"status": _("Someone else changed this event's status. Reload and try again.")}
            )
        await record(
            user,
            "event.status",
            "Event",
            event.id,
            before={"status": old_status},
            after={"status": new_status},
            reason=reason,
        )
        if new_status == EventStatus.REPORTED:
            await notices.report_final(event)
    await event.refresh_from_db()
    return event
