"""Who may see or change which booth's sales figures. Called by both routes.py and api.py."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from booths.models import BoothAssignment
from events.access import require_event_edit
from events.models import Event
from ocopfair.auth import MAX_ID
from ocopfair.models import Role, User


def may_read_all(user: User) -> bool:
    return user.role in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL)


def require_read(user: User, assignment: BoothAssignment) -> None:
    """Staff and officials read every booth; an exhibitor only its own (403 otherwise)."""
    if may_read_all(user):
        return
    if user.role == Role.EXHIBITOR and user.exhibitor_id == assignment.exhibitor_id:  # type: ignore[attr-defined]
        return
    raise HTTPException(403)


def require_write(user: User, assignment: BoothAssignment, event: Event) -> None:
    """An exhibitor enters its own booths' figures; an organizer those of events it runs."""
    if user.role == Role.EXHIBITOR:
        if user.exhibitor_id != assignment.exhibitor_id:  # type: ignore[attr-defined]
            raise HTTPException(403)
        return
    require_event_edit(user, event)


async def load_assignment(assignment_id: int) -> BoothAssignment:
    if not 0 < assignment_id <= MAX_ID:  # beyond an IntField: the database would fail (a 500)
        raise HTTPException(404)
    assignment = await BoothAssignment.get_or_none(id=assignment_id).select_related(
        "booth__event", "exhibitor"
    )
    if assignment is None:
        raise HTTPException(404)
    return assignment
