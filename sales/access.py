"""Who may see or change which booth's sales figures, and the loading of what they concern.
Called by both routes.py and api.py.

Staff and officials read every booth; an exhibitor only its own. An exhibitor enters its own
booths' figures; an organizer those of the events it may edit (events.access).
"""

from __future__ import annotations

from starlette.exceptions import HTTPException

from booths.models import BoothAssignment
from events.access import owns_event, require_event_edit
from events.models import Event
from ocopfair.auth import MAX_ID
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User


async def load_event(event_id: int) -> Event:
    event = await Event.get_or_none(id=event_id).select_related("venue")
    if event is None:
        raise HTTPException(404)
    return event


async def load_assignment(assignment_id: int) -> BoothAssignment:
    if not 0 < assignment_id <= MAX_ID:  # beyond an IntField: the database would fail (a 500)
        raise HTTPException(404)
    assignment = await BoothAssignment.get_or_none(id=assignment_id).select_related(
        "booth__event", "exhibitor"
    )
    if assignment is None:
        raise HTTPException(404)
    return assignment


def require_of_event(assignment: BoothAssignment, event: Event) -> None:
    """A booth of another event is not found on this event's pages (404)."""
    if assignment.booth.event_id != event.id:
        raise HTTPException(404)


def may_read_all(user: User) -> bool:
    return user.role in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL)


def may_read_event(user: User, event: Event) -> bool:
    """An event's sales grid: readers of every event, and the partner that owns this one."""
    return may_read_all(user) or owns_event(user, event)


def require_read_event(user: User, event: Event) -> None:
    if not may_read_event(user, event):
        raise HTTPException(403)


def require_read_event_rows(user: User, event: Event) -> None:
    """An event's figures through the API: an exhibitor reads its own booths' rows of any
    event (own_exhibitor filters them), everyone else as on the grid (require_read_event)."""
    if user.role != Role.EXHIBITOR:
        require_read_event(user, event)


def may_enter_for_event(user: User, event: Event) -> bool:
    """Who enters figures on the grid: organizers and admins, and the event's owning partner
    (each row is then checked by require_write)."""
    return user.role in (Role.ADMIN, Role.ORGANIZER) or owns_event(user, event)


def own_exhibitor(user: User) -> int | None:
    """The exhibitor whose booths alone this user sees, or None when it sees every booth."""
    return user.exhibitor_id if user.role == Role.EXHIBITOR else None


def require_read(user: User, assignment: BoothAssignment) -> None:
    """Staff and officials read every booth; an exhibitor only its own; the partner owning the
    event its booths (403 otherwise). The assignment comes with its booth's event."""
    if may_read_all(user) or owns_event(user, assignment.booth.event):
        return
    if user.role == Role.EXHIBITOR and user.exhibitor_id == assignment.exhibitor_id:
        return
    raise HTTPException(403)


def require_write(user: User, assignment: BoothAssignment, event: Event) -> None:
    """An exhibitor enters its own booths' figures; an organizer those of events it runs."""
    if user.role == Role.EXHIBITOR:
        if user.exhibitor_id != assignment.exhibitor_id:
            raise HTTPException(403)
        return
    require_event_edit(user, event)


def require_settings_edit(user: User, event: Event) -> None:
    """An event's sales settings are changed by whoever may edit the event."""
    require_event_edit(user, event)


async def own_booths(user: User, event_id: int | None = None) -> list[BoothAssignment]:
    """The booths the exhibitor behind `user` holds (at one event, when given), newest first."""
    query = BoothAssignment.filter(exhibitor_id=user.exhibitor_id, active_booth__isnull=False)
    if event_id is not None:
        query = query.filter(booth__event_id=event_id)
    return await query.select_related("booth__event", "exhibitor").order_by(
        "-booth__event__start_date", "booth__code"
    )


async def load_own_booths_at(user: User, event: Event) -> list[BoothAssignment]:
    """The exhibitor's booths at the event: 403 when it has none there."""
    mine = await own_booths(user, event.id)
    if not mine:
        raise HTTPException(403, _("You have no booth at this event."))
    return mine
