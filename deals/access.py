"""Who may see and record which trade deals. Called by both routes.py and api.py."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from events.access import require_event_edit
from events.models import Event
from ocopfair.models import Role, User


def may_read_all(user: User) -> bool:
    return user.role in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL)


def require_deal_write(user: User, event: Event, exhibitor_id: int) -> None:
    """Organizers record deals for any exhibitor of their events; an exhibitor only its own."""
    if user.role == Role.EXHIBITOR:
        if user.exhibitor_id != exhibitor_id:  # type: ignore[attr-defined]
            raise HTTPException(403)
        return
    require_event_edit(user, event)
