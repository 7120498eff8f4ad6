"""When a booth's figures may be entered: open, open for corrections only, closed or frozen.

Entry closes `entry_days_after_end` days after the event; later only an organizer (or the
partner owning the event) may correct, with a reason; a reported event's figures are frozen
(events.lifecycle), a cancelled event has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from events.access import owns_event
from events.lifecycle import is_read_only
from events.models import Event, EventStatus
from ocopfair.i18n import format_date
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User
from sales.models import SalesSettings


class Window(StrEnum):
    OPEN = "open"  # anyone allowed enters figures
    CORRECTION = "correction"  # entry closed: an organizer may correct, giving a reason
    CLOSED = "closed"  # entry closed for this user
    FROZEN = "frozen"  # the event is reported (or cancelled): figures are final


@dataclass(frozen=True)
class EntryWindow:
    state: Window
    closes_on: dt.date
    message: str = ""

    @property
    def writable(self) -> bool:
        return self.state in (Window.OPEN, Window.CORRECTION)

    @property
    def needs_reason(self) -> bool:
        return self.state == Window.CORRECTION


def closes_on(event: Event, settings: SalesSettings) -> dt.date:
    return event.end_date + dt.timedelta(days=settings.entry_days_after_end)


def may_correct(user: User | None, event: Event) -> bool:
    """Who corrects figures after entry closed: organizers and administrators, and the partner
    owning the event (it runs that event with organizer rights, issue 20)."""
    if user is None:
        return False
    return user.role in (Role.ADMIN, Role.ORGANIZER) or owns_event(user, event)


def entry_window(
    event: Event, settings: SalesSettings, user: User | None, today: dt.date
) -> EntryWindow:
    """Whether this user may enter figures of this event today, and on what terms."""
    last = closes_on(event, settings)
    if event.status == EventStatus.CANCELLED:
        return EntryWindow(Window.FROZEN, last, _("This event was cancelled: it has no sales."))
    if is_read_only(event, user):
        return EntryWindow(
            Window.FROZEN,
            last,
            _("This event has been reported: its figures are final and can no longer change."),
        )
    if today <= last:
        return EntryWindow(Window.OPEN, last)
    if may_correct(user, event):
        return EntryWindow(
            Window.CORRECTION,
            last,
            _("Entry closed on %(date)s: a correction needs a reason, kept in the history.")
            % {"date": format_date(last)},
        )
    return EntryWindow(
        Window.CLOSED,
        last,
        _("Entry closed on %(date)s. Ask the organizer if a figure must be corrected.")
        % {"date": format_date(last)},
    )
