"""The rules of an event's life: which status may follow which, and what each status allows.

Other domains ask these functions (may an exhibitor still apply? may sales still change?)
instead of reading statuses themselves, so each rule lives in one place.
"""

from __future__ import annotations

import datetime as dt

from events.models import Event, EventStatus
from ocopfair.models import Role, User

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
    EventStatus.DRAFT, EventStatus.OPEN, EventStatus.CLOSED, EventStatus.RUNNING,
    EventStatus.FINISHED, EventStatus.REPORTED,
}


def accepts_applications(event: Event, today: dt.date) -> bool:
    """Exhibitors may apply or book while the event is open and its deadline has not passed."""
    if event.status != EventStatus.OPEN:
        return False
    return event.application_deadline is None or today <= event.application_deadline


def is_read_only(event: Event, user: User | None) -> bool:
    """A reported event's figures are final: only an administrator may still change them."""
    return event.status == EventStatus.REPORTED and (user is None or user.role != Role.ADMIN)
